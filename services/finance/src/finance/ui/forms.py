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
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from finance.domain.funders import CATEGORY_NAMES, FUNDER_TYPE_NAMES, REPORT_FORMATS
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


class FunderForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=200)])
    short_name = StringField(_l("Kurzname"), validators=[Optional(), Length(max=60)])
    type = SelectField(_l("Art"), choices=choices(FUNDER_TYPE_NAMES))
    public = BooleanField(_l("Öffentliche Mittel"))
    max_rate = DecimalField(_l("Höchstförderquote in %"), validators=[Optional(), NumberRange(0, 100)])
    min_own_share = DecimalField(_l("Mindesteigenanteil in %"), validators=[Optional(), NumberRange(0, 100)])
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


class PlanForm(BaseForm):
    costs = TextAreaField(_l("Ausgaben (je Zeile: Position; Kategorie; Jahr; Betrag; Bezeichnung)"),
                          validators=[DataRequired()])
    sources = TextAreaField(_l("Finanzierung (je Zeile: Geber-Kennung; Jahr; Betrag; Position optional)"),
                            validators=[DataRequired()])
    own_means_available = EuroField(_l("Verfügbare Eigen- und Drittmittel (€)"), places=2, default=0,
                                       validators=[Optional(), NumberRange(min=0)])
    note = StringField(_l("Anlass der neuen Version"), validators=[Optional(), Length(max=2000)])


class ExpenseForm(BaseForm):
    project_id = SelectField(_l("Projekt"), validators=[DataRequired()])
    receipt_number = StringField(_l("Belegnummer"), validators=[DataRequired(), Length(max=60)])
    booking_date = DateField(_l("Belegdatum"), validators=[DataRequired()])
    payee = StringField(_l("Empfänger"), validators=[DataRequired(), Length(max=200)])
    purpose = StringField(_l("Zweck"), validators=[DataRequired(), Length(max=300)])
    category = SelectField(_l("Kategorie"), choices=CATEGORY_CHOICES)
    position = StringField(_l("Planposition"), validators=[DataRequired(), Length(max=40)])
    amount = EuroField(_l("Betrag (€)"), places=2, validators=[DataRequired(), NumberRange(min=0.01)])


class ReversalForm(BaseForm):
    reason = StringField(_l("Begründung des Stornos"), validators=[DataRequired(), Length(min=3, max=250)])
    amount = EuroField(_l("Korrigierter Betrag (€, optional)"), places=2,
                       validators=[Optional(), NumberRange(min=0.01)])


class DrawdownForm(BaseForm):
    grant_id = SelectField(_l("Bewilligung"), validators=[DataRequired()])
    period_start = DateField(_l("Zeitraum von"), validators=[DataRequired()])
    period_end = DateField(_l("Zeitraum bis"), validators=[DataRequired()])
    due_date = DateField(_l("Zahlung fällig am"), validators=[DataRequired()])
    amount = EuroField(_l("Betrag (€)"), places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    purpose = StringField(_l("Zweck"), validators=[Optional(), Length(max=300)])


class ConfirmForm(BaseForm):
    """A button-only form (approve, submit, received) that still carries the CSRF token."""


class NewPlanForm(PlanForm):
    project_id = StringField(_l("Projekt-Kennung"), validators=[DataRequired(), Length(max=64)])
    title = StringField(_l("Titel des Plans"), validators=[DataRequired(), Length(max=300)])


class GrantForm(BaseForm):
    project_id = StringField(_l("Projekt-Kennung"), validators=[DataRequired(), Length(max=64)])
    funder_id = SelectField(lazy_pgettext("Einzahl", "Fördermittelgeber"), validators=[DataRequired()])
    amount = EuroField(_l("Bewilligter Betrag (€)"), places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    period_start = DateField(_l("Bewilligungszeitraum von"), validators=[DataRequired()])
    period_end = DateField(_l("Bewilligungszeitraum bis"), validators=[DataRequired()])
    reference = StringField(_l("Aktenzeichen"), validators=[Optional(), Length(max=120)])
    conditions = TextAreaField(_l("Auflagen und Nebenbestimmungen"), validators=[Optional(), Length(max=5000)])


class AmendmentForm(BaseForm):
    reason = StringField(_l("Anlass des Änderungsbescheids"), validators=[DataRequired(), Length(min=3, max=2000)])
    amount = EuroField(_l("Neuer Betrag (€)"), places=2, validators=[Optional(), NumberRange(min=0.01)])
    period_end = DateField(_l("Neues Ende des Zeitraums"), validators=[Optional()])
    conditions = TextAreaField(_l("Geänderte Auflagen"), validators=[Optional(), Length(max=5000)])


class ActionFundForm(BaseForm):
    body_id = StringField(_l("Gremium (Kennung)"), validators=[DataRequired(), Length(max=64)])
    year = IntegerField(_l("Jahr"), validators=[DataRequired(), NumberRange(2000, 2100)])
    budget = EuroField(_l("Budget (€)"), places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    name = StringField(_l("Bezeichnung"), validators=[Optional(), Length(max=200)])


class ProofSubmitForm(BaseForm):
    project_id = HiddenField(validators=[DataRequired()])
    funder_id = HiddenField(validators=[DataRequired()])
    kind = HiddenField(validators=[DataRequired()])
    year = HiddenField()


class RulesForm(BaseForm):
    max_rate = DecimalField(_l("Höchstförderquote in %"), validators=[Optional(), NumberRange(0, 100)])
    min_own_share = DecimalField(_l("Mindesteigenanteil in %"), validators=[Optional(), NumberRange(0, 100)])
    cofinancing_min_public = DecimalField(_l("Nationale öffentliche Kofinanzierung mindestens in %"),
                                          validators=[Optional(), NumberRange(0, 100)])
    joint_group = StringField(_l("Gemeinsame Quote: Gruppe"), validators=[Optional(), Length(max=40)])
    joint_max_rate = DecimalField(_l("Gemeinsame Höchstquote in %"), validators=[Optional(), NumberRange(0, 100)])
    overhead_rate = DecimalField(_l("Verwaltungspauschale höchstens in %"),
                                 validators=[Optional(), NumberRange(0, 100)])
    eligible_categories = SelectMultipleField(_l("Förderfähige Kategorien"), choices=CATEGORY_CHOICES,
                                              validators=[DataRequired()])
    excluded_funders = StringField(_l("Nicht kombinierbar mit (Kennungen, durch Komma getrennt)"),
                                   validators=[Optional(), Length(max=500)])
    need_rule_weeks = IntegerField(_l("Bedarfsprinzip: fällig binnen Wochen"),
                                   validators=[Optional(), NumberRange(1, 52)])
    basis = SelectField(_l("Abrechnung"), choices=[("expense", _l("Ausgabenbasis")), ("cost", _l("Kostenbasis"))])
    report_format = SelectField(_l("Berichtsformat der Belegliste"), choices=choices(REPORT_FORMATS))
    interim_due = StringField(_l("Zwischennachweis fällig am (MM-TT im Folgejahr)"),
                              validators=[DataRequired(), Regexp(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")])
    final_due_months = IntegerField(_l("Schlussnachweis binnen Monaten nach Ende"),
                                    validators=[DataRequired(), NumberRange(0, 36)])
    taper = StringField(_l("Anschubfinanzierung: Höchstanteile je Jahr in % (z. B. 80, 60)"),
                        validators=[Optional(), Length(max=100)])
