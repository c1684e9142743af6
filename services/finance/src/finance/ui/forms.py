"""Department UI forms (CSRF-protected via BaseForm; German labels, English when the reader chose it)."""

import re

from flask_babel import LazyString, lazy_pgettext
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from finance.domain.funders import CATEGORY_NAMES, FUNDER_TYPE_NAMES, REPORT_FORMATS
from servicekit.web.formfields import AmountField, CheckboxesField, PickerField
from servicekit.web.i18n import _l, tr
from servicekit.web.ui import BaseForm


def choices(names: dict) -> list[tuple[str, LazyString]]:
    """(code, label) pairs whose German label (a ``Msg``) is translated when the form is rendered."""
    return [(code, LazyString(tr, label)) for code, label in names.items()]


CATEGORY_CHOICES = choices(CATEGORY_NAMES)


def german_number(text: str) -> str:
    """'1.234,56 €' → '1234.56'; '27.500' (thousands dots) → '27500'; '12.5' stays."""
    text = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        return text.replace(".", "")
    return text


class EuroField(DecimalField):
    """Accepts German input ("1.234,56", "80,50 €") as well as "1234.56"."""

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [german_number(valuelist[0])]
        super().process_formdata(valuelist)


PERCENT_MESSAGE = _l("Bitte einen Prozentwert zwischen 0 und 100 angeben, z. B. „20“ oder „12,5“.")


class PercentField(AmountField):
    """A rate typed as a German percentage ("20", "12,5"): letters, a minus sign or more than 100 all get one
    German message that says what to type (not the amount field's "Betrag")."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(PERCENT_MESSAGE)) from None


def percent_field(label, required: bool = False) -> PercentField:
    """A rate typed as a German percentage ("90", "12,5") → Decimal percent (0–100)."""
    return PercentField(label, places=2, validators=[DataRequired() if required else Optional(),
                                                     NumberRange(0, 100, message=PERCENT_MESSAGE)])


class FunderForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=200)])
    short_name = StringField(_l("Kurzname"), validators=[Optional(), Length(max=60)])
    type = SelectField(_l("Art"), choices=choices(FUNDER_TYPE_NAMES))
    public = BooleanField(_l("Öffentliche Mittel"))
    max_rate = percent_field(_l("Höchstförderquote in %"))
    min_own_share = percent_field(_l("Mindesteigenanteil in %"))
    need_rule_weeks = IntegerField(_l("Bedarfsprinzip: fällig binnen Wochen"),
                                   validators=[Optional(), NumberRange(1, 52)])
    publicity_notice = TextAreaField(_l("Förderhinweis (Publizität)"), validators=[Optional(), Length(max=2000)])


class FunderEditForm(BaseForm):
    """Master data of a funder; ``version`` is the token of the state the form was built from (stale → refused)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=200)])
    short_name = StringField(_l("Kurzname"), validators=[Optional(), Length(max=60)])
    type = SelectField(_l("Art"), choices=choices(FUNDER_TYPE_NAMES))
    public = BooleanField(_l("Öffentliche Mittel"))
    publicity_notice = TextAreaField(_l("Förderhinweis (Publizität)"), validators=[Optional(), Length(max=2000)])
    version = HiddenField(validators=[DataRequired()])


# The plan grid is in plan_forms.py, the journal and drawdown forms in booking_forms.py.


class ConfirmForm(BaseForm):
    """A button-only form (approve, submit, received) that still carries the CSRF token."""


class GrantForm(BaseForm):
    """A grant: project and funder chosen by name (``choices`` set by the view)."""

    project_id = PickerField(_l("Projekt"), validators=[DataRequired(message=_l("Bitte ein Projekt wählen."))])
    funder_id = PickerField(lazy_pgettext("Einzahl", "Fördermittelgeber"),
                            validators=[DataRequired(message=_l("Bitte einen Fördermittelgeber wählen."))])
    amount = AmountField(_l("Bewilligter Betrag (€)"), validators=[DataRequired(), NumberRange(min=0.01)])
    period_start = DateField(_l("Bewilligungszeitraum von"), validators=[DataRequired()])
    period_end = DateField(_l("Bewilligungszeitraum bis"), validators=[DataRequired()])
    reference = StringField(_l("Aktenzeichen"), validators=[Optional(), Length(max=120)])
    conditions = TextAreaField(_l("Auflagen und Nebenbestimmungen"), validators=[Optional(), Length(max=5000)])


class AmendmentForm(BaseForm):
    reason = StringField(_l("Anlass des Änderungsbescheids"), validators=[DataRequired(), Length(min=3, max=2000)])
    amount = AmountField(_l("Neuer Betrag (€)"), validators=[Optional(), NumberRange(min=0.01)])
    period_end = DateField(_l("Neues Ende des Zeitraums"), validators=[Optional()])
    conditions = TextAreaField(_l("Geänderte Auflagen"), validators=[Optional(), Length(max=5000)])


class ActionFundForm(BaseForm):
    """A body's action fund for a year; the body is chosen by its name (participation's bodies, ``choices`` set by
    the view)."""

    body_id = PickerField(_l("Gremium"), validators=[DataRequired(message=_l("Bitte ein Gremium wählen."))])
    year = IntegerField(_l("Jahr"), validators=[DataRequired(), NumberRange(2000, 2100)])
    budget = AmountField(_l("Budget (€)"), validators=[DataRequired(), NumberRange(min=0.01)])
    name = StringField(_l("Bezeichnung"), validators=[Optional(), Length(max=200)])


class ProofSubmitForm(BaseForm):
    project_id = HiddenField(validators=[DataRequired()])
    funder_id = HiddenField(validators=[DataRequired()])
    kind = HiddenField(validators=[DataRequired()])
    year = HiddenField()


#: "30.04." / "30.4" (German) or "04-30" (as stored)
DUE_DAY = r"^\s*(?:(0?[1-9]|[12][0-9]|3[01])\.(0?[1-9]|1[0-2])\.?|(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))\s*$"


class RulesForm(BaseForm):
    max_rate = percent_field(_l("Höchstförderquote in %"))
    min_own_share = percent_field(_l("Mindesteigenanteil in %"))
    cofinancing_min_public = percent_field(_l("Nationale öffentliche Kofinanzierung mindestens in %"))
    joint_group = StringField(_l("Gemeinsame Höchstquote: Name der Gruppe"), validators=[Optional(), Length(max=40)],
                              render_kw={"list": "joint-groups", "autocomplete": "off"})
    joint_max_rate = percent_field(_l("Gemeinsame Höchstquote in %"))
    overhead_rate = percent_field(_l("Verwaltungspauschale höchstens in %"))
    position_overrun_tolerance = percent_field(_l("Erlaubte Überschreitung je Kostenposition in %"))
    eligible_categories = CheckboxesField(_l("Förderfähige Kategorien"), choices=CATEGORY_CHOICES,
                                          validators=[DataRequired(message=_l("Bitte mindestens eine Kategorie "
                                                                              "wählen."))])
    excluded_funders = CheckboxesField(_l("Nicht kombinierbar mit"), validators=[Optional()])
    need_rule_weeks = IntegerField(_l("Bedarfsprinzip: fällig binnen Wochen"),
                                   validators=[Optional(), NumberRange(1, 52)])
    basis = SelectField(_l("Abrechnung"), choices=[("expense", _l("Ausgabenbasis")), ("cost", _l("Kostenbasis"))])
    report_format = SelectField(_l("Berichtsformat der Belegliste"), choices=choices(REPORT_FORMATS))
    interim_due = StringField(_l("Zwischennachweis fällig am (Tag und Monat im Folgejahr)"),
                              validators=[DataRequired(), Regexp(DUE_DAY, message=_l(
                                  "Bitte Tag und Monat wie „30.04.“ angeben."))])
    final_due_months = IntegerField(_l("Schlussnachweis binnen Monaten nach Ende"),
                                    validators=[DataRequired(), NumberRange(0, 36)])
    taper = StringField(_l("Anschubfinanzierung: Höchstanteile je Jahr in % (z. B. 80; 60)"),
                        validators=[Optional(), Length(max=100)])

