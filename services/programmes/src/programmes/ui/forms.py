"""Department forms (Flask-WTF, CSRF, German messages; labels and messages lazy, so English on request)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
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
    ValidationError,
)

from programmes.domain.assessment import CRITERIA
from programmes.domain.lifecycle import STAGE_LABELS
from programmes.domain.reference import IDEA_SOURCES, PROGRAMME_STATUSES, REPORT_KINDS, REPORT_STATUSES
from programmes.texts import lazy, lazy_choices
from servicekit.web.formfields import AmountField, CheckboxesField, PickerField
from servicekit.web.i18n import _, _l
from servicekit.web.ui import BaseForm


def _checks(label):
    """Several entries chosen by their names, one checkbox each (choices filled from the database)."""
    return CheckboxesField(label, choices=[], validate_choice=True, validators=[Optional()])


def _value(label, required=True):
    """A number as a German clerk types it ("1.234,5"), exact (Decimal), for indicators and measurements."""
    validators = [InputRequired(message=_l("Bitte einen Wert angeben."))] if required else [Optional()]
    return AmountField(label, validators=validators, places=2, negative=True)


class ReferenceForm(BaseForm):
    kind = SelectField(_l("Art"), choices=[("field_of_action", _l("Handlungsfeld")), ("district", _l("Stadtteil")),
                                           ("target_group", _l("Zielgruppe"))])
    name = StringField(_l("Bezeichnung"), validators=[DataRequired(), Length(min=2, max=120)])


class ReferenceEditForm(BaseForm):
    version = HiddenField()
    name = StringField(_l("Bezeichnung"), validators=[DataRequired(), Length(min=2, max=120)])
    active = BooleanField(_l("Aktiv (in Auswahllisten und auf der öffentlichen Seite angeboten)"))


class ProgrammeForm(BaseForm):
    version = HiddenField()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=200)])
    short_name = StringField(_l("Kurzname"), validators=[Optional(), Length(max=60)])
    status = SelectField(_l("Status"), choices=lazy_choices(PROGRAMME_STATUSES))
    period_start = DateField(_l("Förderzeitraum von"), validators=[Optional()])
    period_end = DateField(_l("Förderzeitraum bis"), validators=[Optional()])
    fields_of_action = _checks(_l("Handlungsfelder"))
    funder_ids = _checks(_l("Fördermittelgeber"))
    contact = StringField(_l("Kontakt"), validators=[Optional(), Length(max=300)])
    summary = TextAreaField(_l("Kurzbeschreibung in einfacher Sprache"), validators=[Optional(), Length(max=2000)])
    description = TextAreaField(_l("Öffentliche Beschreibung"), validators=[Optional(), Length(max=20000)])

    def validate_period_end(self, field):
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError(_("Das Ende darf nicht vor dem Beginn liegen."))


class PublishForm(BaseForm):
    published = BooleanField(_l("Auf der öffentlichen Seite zeigen"))


class CallForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    funder_id = PickerField(_l("Fördermittelgeber"), choices=[], validate_choice=False)
    deadline = DateField(_l("Frist"), validators=[InputRequired(message=_l("Bitte ein Datum angeben."))])
    fields_of_action = _checks(_l("Handlungsfelder"))
    budget_min = AmountField(_l("Budget von (€)"), validators=[Optional()])
    budget_max = AmountField(_l("Budget bis (€)"), validators=[Optional()])
    link = URLField(_l("Link"), validators=[Optional(), URL(message=_l("Bitte eine gültige Adresse angeben."))])

    def validate_budget_max(self, field):
        if field.data is not None and self.budget_min.data is not None and self.budget_min.data > field.data:
            raise ValidationError(_("Das Mindestbudget darf nicht über dem Höchstbudget liegen."))


class CallEditForm(CallForm):
    version = HiddenField()


class DeleteForm(BaseForm):
    """The confirmation step of a deletion: CSRF token and the version the person saw."""

    version = HiddenField()


class IdeaForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=20000)])
    source = SelectField(_l("Quelle"), choices=lazy_choices(IDEA_SOURCES))
    source_detail = StringField(_l("Quelle im Detail"), validators=[Optional(), Length(max=300)])
    best_practice = BooleanField(_l("Best-Practice-Modell"))
    fields_of_action = _checks(_l("Handlungsfelder"))


class IdeaEditForm(IdeaForm):
    version = HiddenField()


class ProjectForm(BaseForm):
    version = HiddenField()
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    programme_id = PickerField(_l("Programm"), choices=[], validate_choice=True)
    summary = TextAreaField(_l("Kurzbeschreibung in einfacher Sprache"), validators=[Optional(), Length(max=2000)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=20000)])
    fields_of_action = _checks(_l("Handlungsfelder"))
    districts = _checks(_l("Stadtteile"))
    target_groups = _checks(_l("Zielgruppen"))
    partner_ids = _checks(_l("Kooperationspartner"))
    responsible = StringField(_l("Verantwortlich"), validators=[Optional(), Length(max=200)])
    start_date = DateField(_l("Beginn"), validators=[Optional()])
    end_date = DateField(_l("Ende"), validators=[Optional()])

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_("Das Ende darf nicht vor dem Beginn liegen."))


class TransitionForm(BaseForm):
    to = SelectField(_l("Neue Phase"), choices=lazy_choices(STAGE_LABELS))
    reason = TextAreaField(_l("Begründung"), validators=[DataRequired(), Length(min=3, max=2000)])
    decision_reference = StringField(_l("Dokumentierte Entscheidung (nur für „Bewilligt“)"),
                                     validators=[Optional(), Length(max=300)])


POINTS = [(n, str(n)) for n in range(4)]


def points(label):
    """0–3 points for one criterion, as four radio buttons (the workshop page adds them up while scoring)."""
    return RadioField(label, choices=POINTS, coerce=int,
                      validators=[InputRequired(message=_l("Bitte Punkte angeben."))])


def assessment_form_class():
    attrs = {"assessors": StringField(_l("Bewertende Personen (durch Komma getrennt)"),
                                      validators=[DataRequired(), Length(max=500)])}
    for key, label in CRITERIA.items():
        attrs[f"{key}_score"] = points(_l("%(criterion)s: Punkte (0–3)", criterion=lazy(label)))
        attrs[f"{key}_reason"] = TextAreaField(_l("%(criterion)s: Begründung", criterion=lazy(label)),
                                               validators=[DataRequired(), Length(max=2000)])
    return type("AssessmentForm", (BaseForm,), attrs)


AssessmentForm = assessment_form_class()


class ThresholdForm(BaseForm):
    threshold = IntegerField(_l("Bestehensschwelle (von 21 Punkten)"), validators=[
        InputRequired(message=_l("Bitte eine Zahl angeben.")), NumberRange(min=0, max=21)])


class IndicatorForm(BaseForm):
    name = StringField(_l("Indikator"), validators=[DataRequired(), Length(min=2, max=200)])
    unit = StringField(_l("Einheit"), validators=[Optional(), Length(max=40)])
    baseline = _value(_l("Ausgangswert"))
    target = _value(_l("Zielwert"))


class IndicatorEditForm(IndicatorForm):
    version = HiddenField()


class MeasurementForm(BaseForm):
    indicator_id = PickerField(_l("Indikator"), choices=[], validate_choice=True)
    measured_on = DateField(_l("Datum"), validators=[InputRequired(message=_l("Bitte ein Datum angeben."))])
    value = _value(_l("Wert"))
    note = StringField(_l("Notiz"), validators=[Optional(), Length(max=300)])


class ReportForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    kind = SelectField(_l("Art"), choices=lazy_choices(REPORT_KINDS))
    funder_id = PickerField(_l("Fördermittelgeber"), choices=[], validate_choice=False)
    due_date = DateField(_l("Fällig am"), validators=[InputRequired(message=_l("Bitte ein Datum angeben."))])


class ReportStatusForm(BaseForm):
    version = HiddenField()
    status = SelectField(_l("Status"), choices=lazy_choices(REPORT_STATUSES))
    text = TextAreaField(_l("Berichtstext"), validators=[Optional(), Length(max=50000)])


def evaluation_form_class():
    """Goal attainment, lessons learned and the seven criteria re-assessed (all seven, each 0–3 with reason)."""
    attrs = {
        "version": HiddenField(),
        "goal_attainment": TextAreaField(_l("Zielerreichung"),
                                         validators=[DataRequired(), Length(min=3, max=20000)]),
        "attainment_percent": IntegerField(_l("Zielerreichung in %"), validators=[Optional(),
                                                                             NumberRange(min=0, max=1000)]),
        "lessons_learned": TextAreaField(_l("Lessons learned"), validators=[Optional(), Length(max=20000)]),
    }
    for key, label in CRITERIA.items():
        attrs[f"{key}_score"] = points(_l("Neu bewertet – %(criterion)s: Punkte (0–3)", criterion=lazy(label)))
        attrs[f"{key}_reason"] = TextAreaField(_l("Neu bewertet – %(criterion)s: Begründung", criterion=lazy(label)),
                                               validators=[DataRequired(message=_l("Bitte begründen Sie die "
                                                                                   "Punktzahl.")),
                                                           Length(max=2000)])

    def criteria(self) -> dict:
        return {k: {"score": self[f"{k}_score"].data, "reason": self[f"{k}_reason"].data.strip()} for k in CRITERIA}

    return type("EvaluationForm", (BaseForm,), {**attrs, "criteria": criteria})


EvaluationForm = evaluation_form_class()


class SustainmentForm(BaseForm):
    version = HiddenField()
    continued_by = StringField(_l("Wer führt weiter?"), validators=[DataRequired(), Length(min=2, max=200)])
    funding = StringField(_l("Mit welchem Geld?"), validators=[DataRequired(), Length(min=2, max=300)])
    amount = AmountField(_l("Betrag pro Jahr (€)"), validators=[Optional()])
    from_date = DateField(_l("Ab wann?"), validators=[InputRequired(message=_l("Bitte ein Datum angeben."))])
    notes = TextAreaField(_l("Notizen"), validators=[Optional(), Length(max=5000)])
