"""Department UI forms (CSRF via BaseForm; German labels and messages, English on request)."""

from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from participation.ui.labels import CHOICES, LANGUAGES, ROLES
from servicekit.web.i18n import _l
from servicekit.web.ui import BaseForm

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class PersonForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=200)])
    email = EmailField(_l("E-Mail"), validators=[Optional(),
                                                 Regexp(EMAIL, message=_l("Keine gültige E-Mail-Adresse."))])
    phone = StringField(_l("Telefon"), validators=[Optional(), Length(max=60)])
    language = SelectField(_l("Sprache für Einladungen und E-Mails"), choices=list(LANGUAGES.items()), default="de",
                           validators=[DataRequired()])


class CsrfOnlyForm(BaseForm):
    """Forms whose inputs are dynamic lists (attendance) or plain buttons (decide, publish)."""


class VoteForm(BaseForm):
    membership_id = SelectField(_l("Mitglied"), validators=[DataRequired()])
    choice = SelectField(_l("Stimme"), choices=list(CHOICES.items()), validators=[DataRequired()])


class DecideForm(BaseForm):
    deferred = BooleanField(_l("Vertagen statt abstimmen"))


class EventForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    summary = StringField(_l("Kurzbeschreibung"), validators=[Optional(), Length(max=500)])
    starts_at = DateTimeLocalField(_l("Beginn"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    place = StringField(_l("Ort"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(_l("Plätze"), validators=[DataRequired(), NumberRange(min=1, max=100000)])
    publish = BooleanField(_l("Sofort veröffentlichen"))


class MinutesForm(BaseForm):
    text = TextAreaField(_l("Protokolltext"), validators=[DataRequired()])


class ApproveMinutesForm(BaseForm):
    approved_in = SelectField(_l("Genehmigt in der Sitzung"), validators=[DataRequired()])


class AgendaItemForm(BaseForm):
    title = StringField(_l("Titel des Tagesordnungspunkts"), validators=[DataRequired(), Length(min=2, max=300)])
    project_id = SelectField(_l("Verknüpftes Projekt"), validators=[Optional()])
    applicant_organisation_id = SelectField(_l("Antragstellende Organisation"), validators=[Optional()])
    amount = DecimalField(_l("Beantragter Betrag (€)"), places=2, validators=[Optional(), NumberRange(min=0.01)])


class MeetingForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    starts_at = DateTimeLocalField(_l("Beginn"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    place = StringField(_l("Ort"), validators=[Optional(), Length(max=200)])


class MembershipForm(BaseForm):
    person_id = SelectField(_l("Person"), validators=[DataRequired()])
    organisation_id = SelectField(_l("Vertretene Organisation"), validators=[Optional()])
    role = SelectField(_l("Rolle"), choices=list(ROLES.items()), validators=[DataRequired()])
    valid_from = DateField(_l("Mitglied seit"), validators=[Optional()])


class HoursForm(BaseForm):
    person_id = SelectField(_l("Person"), validators=[DataRequired()])
    opportunity_id = SelectField(_l("Engagement"), validators=[Optional()])
    day = DateField(_l("Datum"), validators=[DataRequired()])
    hours = DecimalField(_l("Stunden"), places=2, validators=[DataRequired(), NumberRange(min=0.25, max=24)])
    note = StringField(_l("Notiz"), validators=[Optional(), Length(max=300)])
