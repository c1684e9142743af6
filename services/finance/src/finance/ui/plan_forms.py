"""The funding-plan editor as a grid: one row per cost line (position, German category, year, amount, label) and
one row per source (funder by name, year, amount, optional position). Amounts are typed the German way.

Rows that are left empty (no amount and no label, or no amount and no funder) are ignored, so the form can carry
spare rows for people without JavaScript; ``add_spare_rows`` adds more. Every error belongs to its cell."""

from __future__ import annotations

from decimal import Decimal

from flask import has_request_context
from flask_babel import lazy_pgettext
from wtforms import FieldList, Form, FormField, IntegerField, SelectField, StringField
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from finance.ui.forms import CATEGORY_CHOICES
from servicekit.web.formfields import AmountField, PickerField
from servicekit.web.i18n import _, _l, select_locale
from servicekit.web.ui import BaseForm

SPARE_ROWS = 2  # empty rows under the filled ones
MORE_ROWS = 3  # rows added by "Weitere Zeilen"


class _RowMeta(DefaultMeta):
    """A row is a plain sub-form (no CSRF of its own) with WTForms' messages in the reader's language."""

    locales = ("de_DE", "de")

    def get_translations(self, form):
        self.locales = ("en",) if has_request_context() and select_locale() == "en" else ("de_DE", "de")
        return super().get_translations(form)


def _typed(field) -> bool:
    """Something is in the cell: typed (form data) or prefilled (a stored version)."""
    if field.raw_data:
        return bool(str(field.raw_data[0]).strip())
    return field.data not in (None, "")


class CostRow(Form):
    Meta = _RowMeta
    position = StringField(_l("Pos."), validators=[Optional(), Length(max=40)])
    category = SelectField(_l("Kategorie"), choices=[("", _l("– bitte wählen –")), *CATEGORY_CHOICES])
    year = IntegerField(_l("Jahr"), validators=[Optional(), NumberRange(2000, 2100)])
    amount = AmountField(_l("Betrag (€)"))
    label = StringField(_l("Bezeichnung"), validators=[Optional(), Length(max=300)])

    def is_blank(self) -> bool:
        return not _typed(self.amount) and not _typed(self.label)


class SourceRow(Form):
    Meta = _RowMeta
    funder_id = SelectField(lazy_pgettext("Einzahl", "Fördermittelgeber"), choices=[], validate_choice=False)
    year = IntegerField(_l("Jahr"), validators=[Optional(), NumberRange(2000, 2100)])
    amount = AmountField(_l("Betrag (€)"))
    position = SelectField(_l("Für Position"), choices=[], validate_choice=False)

    def is_blank(self) -> bool:
        return not _typed(self.amount) and not (self.funder_id.data or "").strip()


class PlanGridForm(BaseForm):
    costs = FieldList(FormField(CostRow), label=_l("Ausgaben"), min_entries=1)
    sources = FieldList(FormField(SourceRow), label=_l("Finanzierung"), min_entries=1)
    own_means_available = AmountField(_l("Verfügbare Eigen- und Drittmittel (€)"), default=Decimal(0))
    note = StringField(_l("Anlass der neuen Version"), validators=[Optional(), Length(max=2000)])

    def setup(self, funders: list[dict]) -> PlanGridForm:
        """Choices of the funder and position cells (positions: those of the cost rows as typed)."""
        funder_choices = [("", _("– bitte wählen –"))] + [(f["id"], f["name"]) for f in funders]
        known_funders = {f["id"] for f in funders}
        positions = self.positions()
        self.funder_choices, self.position_choices = funder_choices, [("", _("alle Positionen"))] + positions
        for row in self.sources:
            row.funder_id.choices = list(funder_choices)
            chosen = row.funder_id.data
            if chosen and chosen not in known_funders:
                row.funder_id.choices.append((chosen, _("unbekannter Fördermittelgeber")))
            row.position.choices = [("", _("alle Positionen"))] + positions
            if row.position.data and row.position.data not in dict(positions):
                row.position.choices.append((row.position.data, _("Pos. %(position)s (nicht mehr im Plan)",
                                                                  position=row.position.data)))
        return self

    def positions(self) -> list[tuple[str, str]]:
        """(position, "Pos. 1 – Quartiersmanagement") of the cost rows, first appearance first."""
        seen: dict[str, str] = {}
        for number, row in self._numbered_costs():
            label = (row.label.data or "").strip()
            if number not in seen or (label and seen[number] == _("Pos. %(position)s", position=number)):
                seen[number] = (_("Pos. %(position)s – %(label)s", position=number, label=label) if label
                                else _("Pos. %(position)s", position=number))
        return list(seen.items())

    def _numbered_costs(self):
        """(position, row) of the filled cost rows; a row without a position gets the next free number."""
        rows = [row.form for row in self.costs if not row.form.is_blank()]
        taken = [(row.position.data or "").strip() for row in rows]
        numbers = [int(p) for p in taken if p.isdigit()]
        following = max(numbers, default=0) + 1
        out = []
        for row, position in zip(rows, taken, strict=True):
            if not position:
                position, following = str(following), following + 1
            out.append((position, row))
        return out

    def add_spare_rows(self, costs: int = SPARE_ROWS, sources: int = SPARE_ROWS) -> None:
        for _i in range(costs):
            self.costs.append_entry()
        for _i in range(sources):
            self.sources.append_entry()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for row in self.costs:
            form = row.form
            if form.is_blank():
                continue
            ok &= _require(form.category, _("Bitte eine Kategorie wählen."))
            ok &= _require(form.year, _("Bitte das Jahr angeben."))
            ok &= _require(form.amount, _("Bitte einen Betrag angeben."))
        for row in self.sources:
            form = row.form
            if form.is_blank():
                continue
            ok &= _require(form.funder_id, _("Bitte einen Fördermittelgeber wählen."))
            ok &= _require(form.year, _("Bitte das Jahr angeben."))
            ok &= _require(form.amount, _("Bitte einen Betrag angeben."))
        if not [r for r in self.costs if not r.form.is_blank()]:
            first = self.costs[0].form
            first.amount.errors = [*first.amount.errors, _("Der Plan braucht mindestens eine Ausgabe.")]
            ok = False
        return bool(ok)

    def lines(self) -> tuple[list[dict], list[dict]]:
        """The filled rows as the handlers take them (``save_plan`` / ``build_plan``); rows with errors are left
        out, so the sums beside the grid can be shown while the plan is still being typed."""
        costs = [{"position": number, "category": row.category.data, "year": row.year.data,
                  "amount": row.amount.data, "label": (row.label.data or "").strip()}
                 for number, row in self._numbered_costs() if _complete(row, ("category", "year", "amount"))]
        sources = [{"funder_id": row.form.funder_id.data, "year": row.form.year.data, "amount": row.form.amount.data,
                    "position": row.form.position.data or None}
                   for row in self.sources if not row.form.is_blank()
                   and _complete(row.form, ("funder_id", "year", "amount"))]
        return costs, sources

    def cell_errors(self) -> list[tuple[str, str, str]]:
        """(cell id, "Ausgaben, Zeile 2, Betrag", message) of every cell in error, in reading order."""
        out = []
        for table, title in ((self.costs, _("Ausgaben")), (self.sources, _("Finanzierung"))):
            for number, row in enumerate(table, start=1):
                for cell in row.form:
                    for message in cell.errors:
                        out.append((cell.id, _("%(table)s, Zeile %(row)s, %(cell)s", table=title, row=number,
                                                cell=cell.label.text), message))
        for name in ("own_means_available", "note"):
            for message in self[name].errors:
                out.append((self[name].id, self[name].label.text, message))
        return out

    def fill(self, plan: dict) -> None:
        """Prefill from a stored version (``queries.plan_detail``): the same grid edits the next version."""
        self.costs.entries, self.sources.entries = [], []
        self.costs.last_index = self.sources.last_index = -1
        for c in plan["costs"]:
            self.costs.append_entry({"position": c["position"], "category": c["category"], "year": c["year"],
                                     "amount": Decimal(c["amount"]), "label": c["label"]})
        for s in plan["sources"]:
            self.sources.append_entry({"funder_id": s["funder_id"], "year": s["year"],
                                       "amount": Decimal(s["amount"]), "position": s["position"] or ""})
        self.own_means_available.data = Decimal(plan["own_means_available"])


class NewPlanGridForm(PlanGridForm):
    project_id = PickerField(_l("Projekt"), validators=[DataRequired()])
    title = StringField(_l("Titel des Plans"), validators=[Optional(), Length(max=300)])


def _require(field, message: str) -> bool:
    if field.errors:
        return False
    if field.data in (None, ""):
        field.errors = [*field.errors, message]
        return False
    return True


def _complete(row, names) -> bool:
    return all(row[n].data not in (None, "") and not row[n].errors for n in names)
