"""Forms of the journal and the drawdowns: projects, plan positions and grants are picked by name, amounts typed
the German way, and a booking that exceeds the plan asks for a confirmation ("Trotzdem buchen")."""

from __future__ import annotations

from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from servicekit.web.formfields import AmountField, PickerField
from servicekit.web.i18n import _, _l
from servicekit.web.ui import BaseForm

SEPARATOR = "|"  # a position's value: "<project>|<position>" (never shown)


def _positive(form, field) -> None:
    if field.data is not None and field.data <= 0:
        raise ValidationError(_("Bitte einen Betrag größer als 0 € eingeben."))


class ExpenseForm(BaseForm):
    project_id = PickerField(_l("Projekt"), validators=[DataRequired()])
    position = SelectField(_l("Planposition"), validators=[DataRequired()], render_kw={"data-position-picker": ""})
    receipt_number = StringField(_l("Belegnummer"), validators=[DataRequired(), Length(max=60)])
    booking_date = DateField(_l("Belegdatum"), validators=[DataRequired()])
    payee = StringField(_l("Empfänger"), validators=[DataRequired(), Length(max=200)])
    purpose = StringField(_l("Zweck"), validators=[DataRequired(), Length(max=300)])
    amount = AmountField(_l("Betrag (€)"), validators=[InputRequired(), _positive])
    confirm = BooleanField(_l("Trotzdem buchen"))
    confirm_digest = HiddenField()

    def setup(self, projects: list[dict], positions: dict[str, list[dict]], category_names: dict) -> ExpenseForm:
        """Choices: projects with a plan; their positions grouped by project ("Pos. 2 – Betrieb · Sachausgaben")."""
        from servicekit.web.i18n import tr

        self.project_id.choices = [("", _("– bitte wählen –"))] + [(p["id"], p["title"]) for p in projects]
        groups: dict = {None: [("", _("– bitte wählen –"))]}  # None: outside every project group
        for p in projects:
            groups[p["title"]] = [
                (f"{p['id']}{SEPARATOR}{x['position']}",
                 (_("Pos. %(position)s – %(label)s", position=x["position"], label=x["label"]) if x["label"]
                  else _("Pos. %(position)s", position=x["position"])) + f" · {tr(category_names[x['category']])}")
                for x in positions.get(p["id"], [])]
        self.position.choices = groups
        self.categories = {f"{p}{SEPARATOR}{x['position']}": x["category"]
                           for p, xs in positions.items() for x in xs}
        return self

    def chosen(self) -> tuple[str, str] | None:
        """(project, position) of the position picked; None if it is not the chosen project's."""
        project, _sep, position = (self.position.data or "").partition(SEPARATOR)
        return (project, position) if position and project == self.project_id.data else None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.chosen() is None:
            self.position.errors = [*self.position.errors,
                                    _("Diese Planposition gehört nicht zum gewählten Projekt. Bitte wählen Sie eine "
                                      "Position aus dessen Finanzierungsplan.")]
            return False
        return ok

    def booking(self) -> dict:
        """The handler's fields (category from the plan position)."""
        project, position = self.chosen()
        return {"project_id": project, "position": position, "category": self.categories[self.position.data],
                "receipt_number": self.receipt_number.data.strip(), "booking_date": self.booking_date.data,
                "payee": self.payee.data.strip(), "purpose": self.purpose.data.strip(), "amount": self.amount.data}


class ReversalForm(BaseForm):
    reason = StringField(_l("Begründung des Stornos"), validators=[DataRequired(), Length(min=3, max=250)])
    amount = AmountField(_l("Korrigierter Betrag (€, optional)"), validators=[Optional(), _positive])


class DrawdownForm(BaseForm):
    grant_id = PickerField(_l("Bewilligung"), validators=[DataRequired()])
    period_start = DateField(_l("Zeitraum von"), validators=[DataRequired()])
    period_end = DateField(_l("Zeitraum bis"), validators=[DataRequired()])
    due_date = DateField(_l("Zahlung fällig am"), validators=[DataRequired()])
    amount = AmountField(_l("Betrag (€)"), validators=[InputRequired(), _positive])
    purpose = StringField(_l("Zweck"), validators=[Optional(), Length(max=300)])

    def setup(self, grants: list[dict]) -> DrawdownForm:
        """Grants by project, funder and file reference, e.g. "Stadtteilbüro Neugablonz – ESF Plus (Az. …)"."""
        from servicekit.web.ui import datum

        def label(g):
            period = f"{datum(g['period_start'])} – {datum(g['period_end'])}"
            if g["reference"]:
                return _("%(project)s – %(funder)s (Az. %(reference)s, %(period)s)", project=g["project"],
                         funder=g["funder"], reference=g["reference"], period=period)
            return _("%(project)s – %(funder)s (%(period)s)", project=g["project"], funder=g["funder"], period=period)

        self.grant_id.choices = [("", _("– bitte wählen –"))] + [(g["id"], label(g)) for g in grants]
        return self
