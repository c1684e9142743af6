"""Department UI forms (CSRF-protected via BaseForm, German messages)."""

import re

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
from servicekit.web.ui import BaseForm

CATEGORY_CHOICES = list(CATEGORY_NAMES.items())


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
    name = StringField("Name", validators=[DataRequired(), Length(min=2, max=200)])
    short_name = StringField("Kurzname", validators=[Optional(), Length(max=60)])
    type = SelectField("Art", choices=list(FUNDER_TYPE_NAMES.items()))
    public = BooleanField("Öffentliche Mittel")
    max_rate = DecimalField("Höchstförderquote in %", validators=[Optional(), NumberRange(0, 100)])
    min_own_share = DecimalField("Mindesteigenanteil in %", validators=[Optional(), NumberRange(0, 100)])
    need_rule_weeks = IntegerField("Bedarfsprinzip: fällig binnen Wochen", validators=[Optional(), NumberRange(1, 52)])
    publicity_notice = TextAreaField("Förderhinweis (Publizität)", validators=[Optional(), Length(max=2000)])


class PlanForm(BaseForm):
    costs = TextAreaField("Ausgaben (je Zeile: Position; Kategorie; Jahr; Betrag; Bezeichnung)",
                          validators=[DataRequired()])
    sources = TextAreaField("Finanzierung (je Zeile: Geber-Kennung; Jahr; Betrag; Position optional)",
                            validators=[DataRequired()])
    own_means_available = EuroField("Verfügbare Eigen- und Drittmittel (€)", places=2, default=0,
                                       validators=[Optional(), NumberRange(min=0)])
    note = StringField("Anlass der neuen Version", validators=[Optional(), Length(max=2000)])


class ExpenseForm(BaseForm):
    project_id = SelectField("Projekt", validators=[DataRequired()])
    receipt_number = StringField("Belegnummer", validators=[DataRequired(), Length(max=60)])
    booking_date = DateField("Belegdatum", validators=[DataRequired()])
    payee = StringField("Empfänger", validators=[DataRequired(), Length(max=200)])
    purpose = StringField("Zweck", validators=[DataRequired(), Length(max=300)])
    category = SelectField("Kategorie", choices=CATEGORY_CHOICES)
    position = StringField("Planposition", validators=[DataRequired(), Length(max=40)])
    amount = EuroField("Betrag (€)", places=2, validators=[DataRequired(), NumberRange(min=0.01)])


class ReversalForm(BaseForm):
    reason = StringField("Begründung des Stornos", validators=[DataRequired(), Length(min=3, max=250)])
    amount = EuroField("Korrigierter Betrag (€, optional)", places=2, validators=[Optional(), NumberRange(min=0.01)])


class DrawdownForm(BaseForm):
    grant_id = SelectField("Bewilligung", validators=[DataRequired()])
    period_start = DateField("Zeitraum von", validators=[DataRequired()])
    period_end = DateField("Zeitraum bis", validators=[DataRequired()])
    due_date = DateField("Zahlung fällig am", validators=[DataRequired()])
    amount = EuroField("Betrag (€)", places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    purpose = StringField("Zweck", validators=[Optional(), Length(max=300)])


class ConfirmForm(BaseForm):
    """A button-only form (approve, submit, received) that still carries the CSRF token."""


class NewPlanForm(PlanForm):
    project_id = StringField("Projekt-Kennung", validators=[DataRequired(), Length(max=64)])
    title = StringField("Titel des Plans", validators=[DataRequired(), Length(max=300)])


class GrantForm(BaseForm):
    project_id = StringField("Projekt-Kennung", validators=[DataRequired(), Length(max=64)])
    funder_id = SelectField("Fördermittelgeber", validators=[DataRequired()])
    amount = EuroField("Bewilligter Betrag (€)", places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    period_start = DateField("Bewilligungszeitraum von", validators=[DataRequired()])
    period_end = DateField("Bewilligungszeitraum bis", validators=[DataRequired()])
    reference = StringField("Aktenzeichen", validators=[Optional(), Length(max=120)])
    conditions = TextAreaField("Auflagen und Nebenbestimmungen", validators=[Optional(), Length(max=5000)])


class AmendmentForm(BaseForm):
    reason = StringField("Anlass des Änderungsbescheids", validators=[DataRequired(), Length(min=3, max=2000)])
    amount = EuroField("Neuer Betrag (€)", places=2, validators=[Optional(), NumberRange(min=0.01)])
    period_end = DateField("Neues Ende des Zeitraums", validators=[Optional()])
    conditions = TextAreaField("Geänderte Auflagen", validators=[Optional(), Length(max=5000)])


class ActionFundForm(BaseForm):
    body_id = StringField("Gremium (Kennung)", validators=[DataRequired(), Length(max=64)])
    year = IntegerField("Jahr", validators=[DataRequired(), NumberRange(2000, 2100)])
    budget = EuroField("Budget (€)", places=2, validators=[DataRequired(), NumberRange(min=0.01)])
    name = StringField("Bezeichnung", validators=[Optional(), Length(max=200)])


class ProofSubmitForm(BaseForm):
    project_id = HiddenField(validators=[DataRequired()])
    funder_id = HiddenField(validators=[DataRequired()])
    kind = HiddenField(validators=[DataRequired()])
    year = HiddenField()


class RulesForm(BaseForm):
    max_rate = DecimalField("Höchstförderquote in %", validators=[Optional(), NumberRange(0, 100)])
    min_own_share = DecimalField("Mindesteigenanteil in %", validators=[Optional(), NumberRange(0, 100)])
    cofinancing_min_public = DecimalField("Nationale öffentliche Kofinanzierung mindestens in %",
                                          validators=[Optional(), NumberRange(0, 100)])
    joint_group = StringField("Gemeinsame Quote: Gruppe", validators=[Optional(), Length(max=40)])
    joint_max_rate = DecimalField("Gemeinsame Höchstquote in %", validators=[Optional(), NumberRange(0, 100)])
    overhead_rate = DecimalField("Verwaltungspauschale höchstens in %", validators=[Optional(), NumberRange(0, 100)])
    eligible_categories = SelectMultipleField("Förderfähige Kategorien", choices=CATEGORY_CHOICES,
                                              validators=[DataRequired()])
    excluded_funders = StringField("Nicht kombinierbar mit (Kennungen, durch Komma getrennt)",
                                   validators=[Optional(), Length(max=500)])
    need_rule_weeks = IntegerField("Bedarfsprinzip: fällig binnen Wochen", validators=[Optional(), NumberRange(1, 52)])
    basis = SelectField("Abrechnung", choices=[("expense", "Ausgabenbasis"), ("cost", "Kostenbasis")])
    report_format = SelectField("Berichtsformat der Belegliste", choices=list(REPORT_FORMATS.items()))
    interim_due = StringField("Zwischennachweis fällig am (MM-TT im Folgejahr)",
                              validators=[DataRequired(), Regexp(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")])
    final_due_months = IntegerField("Schlussnachweis binnen Monaten nach Ende",
                                    validators=[DataRequired(), NumberRange(0, 36)])
    taper = StringField("Anschubfinanzierung: Höchstanteile je Jahr in % (z. B. 80, 60)",
                        validators=[Optional(), Length(max=100)])
