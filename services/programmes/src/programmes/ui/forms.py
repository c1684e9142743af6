"""Department forms (Flask-WTF, CSRF, German messages)."""

from __future__ import annotations

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
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from programmes.domain.assessment import CRITERIA
from programmes.domain.lifecycle import STAGE_LABELS
from programmes.domain.reference import IDEA_SOURCES, PROGRAMME_STATUSES, REPORT_KINDS, REPORT_STATUSES
from servicekit.web.ui import BaseForm


def _multi(label):
    return SelectMultipleField(label, choices=[], validate_choice=True, validators=[Optional()])


class ReferenceForm(BaseForm):
    kind = SelectField("Art", choices=[("field_of_action", "Handlungsfeld"), ("district", "Stadtteil"),
                                       ("target_group", "Zielgruppe")])
    code = StringField("Kürzel", validators=[DataRequired(), Regexp(r"^[a-z][a-z0-9_-]{1,39}$",
                                             message="Nur Kleinbuchstaben, Ziffern, - und _ (2–40 Zeichen).")])
    name = StringField("Bezeichnung", validators=[DataRequired(), Length(min=2, max=120)])


class ProgrammeForm(BaseForm):
    version = HiddenField()
    name = StringField("Name", validators=[DataRequired(), Length(min=2, max=200)])
    short_name = StringField("Kurzname", validators=[Optional(), Length(max=60)])
    status = SelectField("Status", choices=list(PROGRAMME_STATUSES.items()))
    period_start = DateField("Förderzeitraum von", validators=[Optional()])
    period_end = DateField("Förderzeitraum bis", validators=[Optional()])
    fields_of_action = _multi("Handlungsfelder")
    funder_ids = _multi("Fördermittelgeber")
    contact = StringField("Kontakt", validators=[Optional(), Length(max=300)])
    summary = TextAreaField("Kurzbeschreibung in einfacher Sprache", validators=[Optional(), Length(max=2000)])
    description = TextAreaField("Öffentliche Beschreibung", validators=[Optional(), Length(max=20000)])

    def validate_period_end(self, field):
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError("Das Ende darf nicht vor dem Beginn liegen.")


class PublishForm(BaseForm):
    published = BooleanField("Auf der öffentlichen Seite zeigen")


class CallForm(BaseForm):
    title = StringField("Titel", validators=[DataRequired(), Length(min=2, max=200)])
    funder_id = SelectField("Fördermittelgeber", choices=[], validate_choice=False)
    deadline = DateField("Frist", validators=[InputRequired(message="Bitte ein Datum angeben.")])
    fields_of_action = _multi("Handlungsfelder")
    budget_min = DecimalField("Budget von (€)", places=2, validators=[Optional(), NumberRange(min=0)])
    budget_max = DecimalField("Budget bis (€)", places=2, validators=[Optional(), NumberRange(min=0)])
    link = URLField("Link", validators=[Optional(), URL(message="Bitte eine gültige Adresse angeben.")])


class IdeaForm(BaseForm):
    title = StringField("Titel", validators=[DataRequired(), Length(min=2, max=200)])
    description = TextAreaField("Beschreibung", validators=[Optional(), Length(max=20000)])
    source = SelectField("Quelle", choices=list(IDEA_SOURCES.items()))
    source_detail = StringField("Quelle im Detail", validators=[Optional(), Length(max=300)])
    best_practice = BooleanField("Best-Practice-Modell")
    fields_of_action = _multi("Handlungsfelder")


class ProjectForm(BaseForm):
    version = HiddenField()
    title = StringField("Titel", validators=[DataRequired(), Length(min=2, max=200)])
    programme_id = SelectField("Programm", choices=[], validate_choice=True)
    summary = TextAreaField("Kurzbeschreibung in einfacher Sprache", validators=[Optional(), Length(max=2000)])
    description = TextAreaField("Beschreibung", validators=[Optional(), Length(max=20000)])
    fields_of_action = _multi("Handlungsfelder")
    districts = _multi("Stadtteile")
    target_groups = _multi("Zielgruppen")
    partner_ids = _multi("Kooperationspartner")
    responsible = StringField("Verantwortlich", validators=[Optional(), Length(max=200)])
    start_date = DateField("Beginn", validators=[Optional()])
    end_date = DateField("Ende", validators=[Optional()])

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("Das Ende darf nicht vor dem Beginn liegen.")


class TransitionForm(BaseForm):
    to = SelectField("Neue Phase", choices=[(k, v) for k, v in STAGE_LABELS.items()])
    reason = TextAreaField("Begründung", validators=[DataRequired(), Length(min=3, max=2000)])
    decision_reference = StringField("Dokumentierte Entscheidung (nur für „Bewilligt“)",
                                     validators=[Optional(), Length(max=300)])


def assessment_form_class():
    attrs = {"assessors": StringField("Bewertende Personen (durch Komma getrennt)",
                                      validators=[DataRequired(), Length(max=500)])}
    for key, label in CRITERIA.items():
        attrs[f"{key}_score"] = IntegerField(f"{label}: Punkte (0–3)", validators=[
            InputRequired(message="Bitte Punkte angeben."), NumberRange(min=0, max=3)])
        attrs[f"{key}_reason"] = TextAreaField(f"{label}: Begründung", validators=[DataRequired(), Length(max=2000)])
    return type("AssessmentForm", (BaseForm,), attrs)


AssessmentForm = assessment_form_class()


class ThresholdForm(BaseForm):
    threshold = IntegerField("Bestehensschwelle (von 21 Punkten)", validators=[
        InputRequired(message="Bitte eine Zahl angeben."), NumberRange(min=0, max=21)])


class IndicatorForm(BaseForm):
    name = StringField("Indikator", validators=[DataRequired(), Length(min=2, max=200)])
    unit = StringField("Einheit", validators=[Optional(), Length(max=40)])
    baseline = DecimalField("Ausgangswert", places=2, validators=[InputRequired(message="Bitte einen Wert angeben.")])
    target = DecimalField("Zielwert", places=2, validators=[InputRequired(message="Bitte einen Wert angeben.")])


class MeasurementForm(BaseForm):
    indicator_id = SelectField("Indikator", choices=[], validate_choice=True)
    measured_on = DateField("Datum", validators=[InputRequired(message="Bitte ein Datum angeben.")])
    value = DecimalField("Wert", places=2, validators=[InputRequired(message="Bitte einen Wert angeben.")])
    note = StringField("Notiz", validators=[Optional(), Length(max=300)])


class ReportForm(BaseForm):
    title = StringField("Titel", validators=[DataRequired(), Length(min=2, max=200)])
    kind = SelectField("Art", choices=list(REPORT_KINDS.items()))
    funder_id = SelectField("Fördermittelgeber", choices=[], validate_choice=False)
    due_date = DateField("Fällig am", validators=[InputRequired(message="Bitte ein Datum angeben.")])


class ReportStatusForm(BaseForm):
    status = SelectField("Status", choices=list(REPORT_STATUSES.items()))
    text = TextAreaField("Berichtstext", validators=[Optional(), Length(max=50000)])


def evaluation_form_class():
    """Goal attainment, lessons learned and the seven criteria re-assessed (optional, each 0–3 with reason)."""
    attrs = {
        "goal_attainment": TextAreaField("Zielerreichung", validators=[DataRequired(), Length(min=3, max=20000)]),
        "attainment_percent": IntegerField("Zielerreichung in %", validators=[Optional(),
                                                                             NumberRange(min=0, max=1000)]),
        "lessons_learned": TextAreaField("Lessons learned", validators=[Optional(), Length(max=20000)]),
    }
    for key, label in CRITERIA.items():
        attrs[f"{key}_score"] = IntegerField(f"Neu bewertet – {label}: Punkte (0–3)",
                                             validators=[Optional(), NumberRange(min=0, max=3)])
        attrs[f"{key}_reason"] = StringField(f"Neu bewertet – {label}: Begründung",
                                             validators=[Optional(), Length(max=2000)])

    def validate(self, extra_validators=None):
        ok = BaseForm.validate(self, extra_validators)
        for key in CRITERIA:
            if self[f"{key}_score"].data is not None and not (self[f"{key}_reason"].data or "").strip():
                self[f"{key}_reason"].errors = [*self[f"{key}_reason"].errors, "Bitte begründen Sie die Punktzahl."]
                ok = False
        return ok

    def criteria(self) -> dict:
        return {k: {"score": self[f"{k}_score"].data, "reason": self[f"{k}_reason"].data.strip()}
                for k in CRITERIA if self[f"{k}_score"].data is not None}

    return type("EvaluationForm", (BaseForm,), {**attrs, "validate": validate, "criteria": criteria})


EvaluationForm = evaluation_form_class()


class SustainmentForm(BaseForm):
    continued_by = StringField("Wer führt weiter?", validators=[DataRequired(), Length(min=2, max=200)])
    funding = StringField("Mit welchem Geld?", validators=[DataRequired(), Length(min=2, max=300)])
    amount = DecimalField("Betrag pro Jahr (€)", places=2, validators=[Optional(), NumberRange(min=0)])
    from_date = DateField("Ab wann?", validators=[InputRequired(message="Bitte ein Datum angeben.")])
    notes = TextAreaField("Notizen", validators=[Optional(), Length(max=5000)])
