"""Department UI forms (CSRF via BaseForm, German messages)."""

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

from participation.domain.governance import CHOICES, ROLES
from servicekit.web.ui import BaseForm

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class PersonForm(BaseForm):
    name = StringField("Name", validators=[DataRequired(), Length(min=2, max=200)])
    email = EmailField("E-Mail", validators=[Optional(), Regexp(EMAIL, message="Keine gültige E-Mail-Adresse.")])
    phone = StringField("Telefon", validators=[Optional(), Length(max=60)])


class CsrfOnlyForm(BaseForm):
    """Forms whose inputs are dynamic lists (attendance) or plain buttons (decide, publish)."""


class VoteForm(BaseForm):
    membership_id = SelectField("Mitglied", validators=[DataRequired()])
    choice = SelectField("Stimme", choices=list(CHOICES.items()), validators=[DataRequired()])


class DecideForm(BaseForm):
    deferred = BooleanField("Vertagen statt abstimmen")


class EventForm(BaseForm):
    title = StringField("Titel", validators=[DataRequired(), Length(min=2, max=200)])
    summary = StringField("Kurzbeschreibung", validators=[Optional(), Length(max=500)])
    starts_at = DateTimeLocalField("Beginn", format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    place = StringField("Ort", validators=[Optional(), Length(max=200)])
    capacity = IntegerField("Plätze", validators=[DataRequired(), NumberRange(min=1, max=100000)])
    publish = BooleanField("Sofort veröffentlichen")


class MinutesForm(BaseForm):
    text = TextAreaField("Protokolltext", validators=[DataRequired()])


class ApproveMinutesForm(BaseForm):
    approved_in = SelectField("Genehmigt in der Sitzung", validators=[DataRequired()])


class AgendaItemForm(BaseForm):
    title = StringField("Titel des Tagesordnungspunkts", validators=[DataRequired(), Length(min=2, max=300)])
    project_id = SelectField("Verknüpftes Projekt", validators=[Optional()])
    applicant_organisation_id = SelectField("Antragstellende Organisation", validators=[Optional()])
    amount = DecimalField("Beantragter Betrag (€)", places=2, validators=[Optional(), NumberRange(min=0.01)])


class MeetingForm(BaseForm):
    title = StringField("Titel", validators=[DataRequired(), Length(min=2, max=200)])
    starts_at = DateTimeLocalField("Beginn", format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    place = StringField("Ort", validators=[Optional(), Length(max=200)])


class MembershipForm(BaseForm):
    person_id = SelectField("Person", validators=[DataRequired()])
    organisation_id = SelectField("Vertretene Organisation", validators=[Optional()])
    role = SelectField("Rolle", choices=list(ROLES.items()), validators=[DataRequired()])
    valid_from = DateField("Mitglied seit", validators=[Optional()])


class HoursForm(BaseForm):
    person_id = SelectField("Person", validators=[DataRequired()])
    opportunity_id = SelectField("Engagement", validators=[Optional()])
    day = DateField("Datum", validators=[DataRequired()])
    hours = DecimalField("Stunden", places=2, validators=[DataRequired(), NumberRange(min=0.25, max=24)])
    note = StringField("Notiz", validators=[Optional(), Length(max=300)])
