"""Department UI forms (CSRF via BaseForm; German labels and messages, English on request).

No form asks for an identifier: records are picked by name (``PickerField``, choices set by the view from the
database), codes are chosen by their names (selects, ``CheckboxesField``), amounts are typed the German way
(``AmountField``) and times as they read on the clock in Kaufbeuren (``LocalDateTimeField``, stored as UTC)."""

from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from participation.ui.labels import (
    BODY_TYPES,
    CHOICES,
    CONSENT_METHODS,
    CONSENT_PURPOSES,
    DISTRICTS,
    FIELDS_OF_ACTION,
    LANGUAGES,
    OPPORTUNITY_KINDS,
    ORGANISATION_KINDS,
    ROLES,
    choices,
)
from servicekit.web.formfields import AmountField, CheckboxesField, LocalDateTimeField, PickerField
from servicekit.web.i18n import _, _l
from servicekit.web.ui import BaseForm

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class HoursField(AmountField):
    """Hours the German way ("3,5", "4"): a decimal with at most two places."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Bitte eine Stundenzahl wie „3,5“ eingeben.")) from None


class PersonForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=200)])
    email = EmailField(_l("E-Mail"), validators=[Optional(),
                                                 Regexp(EMAIL, message=_l("Keine gültige E-Mail-Adresse."))])
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=60)])
    organisation_id = PickerField(_l("Organisation"), validators=[Optional()])
    language = SelectField(_l("Sprache für Einladungen und E-Mails"), choices=list(LANGUAGES.items()), default="de",
                           validators=[DataRequired()])


class CsrfOnlyForm(BaseForm):
    """Forms whose inputs are dynamic lists (attendance) or plain buttons (decide, publish)."""


class VoteForm(BaseForm):
    membership_id = PickerField(_l("Mitglied"), validators=[DataRequired()])
    choice = SelectField(_l("Stimme"), choices=list(CHOICES.items()), validators=[DataRequired()])


class DecideForm(BaseForm):
    deferred = BooleanField(_l("Vertagen statt abstimmen"))
    amount = AmountField(_l("Beschlossener Betrag (€)"), validators=[Optional(), NumberRange(min=0)])


class EventForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    summary = StringField(_l("Kurzbeschreibung"), validators=[Optional(), Length(max=500)])
    starts_at = LocalDateTimeField(_l("Beginn"), validators=[DataRequired()])
    ends_at = LocalDateTimeField(_l("Ende"), validators=[Optional()])
    place = StringField(_l("Ort"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(_l("Plätze"), validators=[DataRequired(), NumberRange(min=1, max=100000)])
    fields_of_action = CheckboxesField(_l("Handlungsfelder"), choices=choices(FIELDS_OF_ACTION),
                                       validators=[Optional()])
    districts = CheckboxesField(_l("Stadtteile"), choices=choices(DISTRICTS), validators=[Optional()])
    publish = BooleanField(_l("Sofort veröffentlichen"))

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data < self.starts_at.data:
            raise ValidationError(_l("Das Ende liegt vor dem Beginn."))


class MinutesForm(BaseForm):
    text = TextAreaField(_l("Protokolltext"), validators=[DataRequired()])


class ApproveMinutesForm(BaseForm):
    approved_in = PickerField(_l("Genehmigt in der Sitzung"), validators=[DataRequired()])


class AgendaItemForm(BaseForm):
    title = StringField(_l("Titel des Tagesordnungspunkts"), validators=[DataRequired(), Length(min=2, max=300)])
    project_id = PickerField(_l("Verknüpftes Projekt"), validators=[Optional()])
    applicant_organisation_id = PickerField(_l("Antragstellende Organisation"), validators=[Optional()])
    amount = AmountField(_l("Beantragter Betrag (€)"), validators=[Optional(), NumberRange(min=0.01)])


class MeetingForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    starts_at = LocalDateTimeField(_l("Beginn"), validators=[DataRequired()])
    place = StringField(_l("Ort"), validators=[Optional(), Length(max=200)])


class MembershipForm(BaseForm):
    person_id = PickerField(_l("Person"), validators=[DataRequired()])
    organisation_id = PickerField(_l("Vertretene Organisation"), validators=[Optional()])
    role = SelectField(_l("Rolle"), choices=list(ROLES.items()), validators=[DataRequired()])
    valid_from = DateField(_l("Mitglied seit"), validators=[Optional()])


class HoursForm(BaseForm):
    person_id = PickerField(_l("Person"), validators=[DataRequired()])
    opportunity_id = PickerField(_l("Engagement"), validators=[Optional()])
    day = DateField(_l("Datum"), validators=[DataRequired()])
    hours = HoursField(_l("Stunden"), validators=[DataRequired(), NumberRange(min=0.25, max=24)])
    note = StringField(_l("Notiz"), validators=[Optional(), Length(max=300)])


class OrganisationForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=200)])
    kind = SelectField(_l("Art"), choices=list(ORGANISATION_KINDS.items()), validators=[DataRequired()])
    email = EmailField(_l("E-Mail"), validators=[Optional(), Length(max=200),
                                                 Regexp(EMAIL, message=_l("Keine gültige E-Mail-Adresse."))])
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=60)])
    address = StringField(_l("Anschrift"), validators=[Optional(), Length(max=300)])


class BodyForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=200)])
    type = SelectField(_l("Gremienart"), choices=list(BODY_TYPES.items()), validators=[DataRequired()])
    programme_id = PickerField(_l("Förderprogramm"), validators=[Optional()])
    fields_of_action = CheckboxesField(_l("Handlungsfelder"), choices=choices(FIELDS_OF_ACTION),
                                       validators=[Optional()])
    quorum_percent = IntegerField(_l("Beschlussfähig ab mehr als … % der stimmberechtigten Mitglieder"), default=50,
                                  validators=[InputRequired(), NumberRange(min=1, max=99)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])


class BodyEditForm(BodyForm):
    """A body changed after it was set up: the same fields as the create form without its type (the type, and so
    the prefix of the decision numbers, stays). The view sets the choices from the body's current values."""

    type = None


class EndMembershipForm(BaseForm):
    valid_until = DateField(_l("Letzter Tag der Mitgliedschaft"), validators=[DataRequired()])


class ConsentForm(BaseForm):
    purpose = SelectField(_l("Zweck"), choices=choices(CONSENT_PURPOSES), validators=[DataRequired()])
    text_version = StringField(_l("Fassung des Einwilligungstexts"), validators=[DataRequired(), Length(max=40)])
    method = SelectField(_l("Wie erteilt"), choices=list(CONSENT_METHODS.items()), validators=[DataRequired()])
    given_on = DateField(_l("Erteilt am"), validators=[Optional()])


class OpportunityForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])
    kind = SelectField(_l("Art"), choices=list(OPPORTUNITY_KINDS.items()), validators=[DataRequired()])
    organisation_id = PickerField(_l("Organisation"), validators=[Optional()])
    district = SelectField(_l("Stadtteil"), validators=[Optional()])
    field_of_action = SelectField(_l("Handlungsfeld"), validators=[Optional()])
    published = BooleanField(_l("Auf der Website zeigen"), default=True)


class SponsorshipForm(BaseForm):
    person_id = PickerField(_l("Patin/Pate"), validators=[DataRequired()])
    opportunity_id = PickerField(_l("Engagement"), validators=[Optional()])
    object = StringField(_l("Objekt (z. B. Spielplatz)"), validators=[DataRequired(), Length(min=2, max=200)])
    since = DateField(_l("seit"), validators=[DataRequired()])
    until = DateField(_l("bis"), validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Das Ende liegt vor dem Beginn."))


class CancelEventForm(BaseForm):
    reason = TextAreaField(_l("Begründung für die Angemeldeten"), validators=[Optional(), Length(max=500)])
    confirm = BooleanField(_l("Ja, die Veranstaltung absagen"), validators=[DataRequired(
        message=_l("Bitte bestätigen Sie die Absage mit dem Häkchen."))])
