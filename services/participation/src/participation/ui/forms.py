"""Department UI forms (CSRF via BaseForm; German labels and messages, English on request)."""

from decimal import Decimal, InvalidOperation

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
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from participation.ui.labels import (
    BODY_TYPES,
    CHOICES,
    CONSENT_METHODS,
    LANGUAGES,
    OPPORTUNITY_KINDS,
    ORGANISATION_KINDS,
    ROLES,
)
from servicekit.web.i18n import _l
from servicekit.web.ui import BaseForm

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
SLUG = r"^[a-z0-9äöüß-]+$"
SLUGS = r"^\s*[a-z0-9äöüß-]+(\s*,\s*[a-z0-9äöüß-]+)*\s*$"


class EuroField(DecimalField):
    """An amount in euros as a ``Decimal`` (never a float): German "1.500,50" or "1500,50" and "1500.50" are read;
    more than two decimal places are refused, not rounded."""

    def process_formdata(self, valuelist):
        wtforms_message = self.gettext  # WTForms' own catalogue (German, English), not the service's
        if valuelist and valuelist[0].strip():
            text = valuelist[0].strip().replace(" ", "").replace("€", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            try:
                self.data = Decimal(text)
            except (InvalidOperation, ValueError):
                self.data = None
                raise ValueError(wtforms_message("Not a valid decimal value.")) from None
            if not self.data.is_finite():
                self.data = None
                raise ValueError(wtforms_message("Not a valid decimal value."))
        else:
            self.data = None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:.2f}"


def two_decimals(form, field):
    if field.data is not None and field.data.as_tuple().exponent < -2:
        raise ValidationError(_l("Höchstens zwei Nachkommastellen (Cent)."))


def slug_list(text: str | None) -> list[str]:
    """ "jugend, integration" → ["jugend", "integration"] (codes of the fields of action)."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


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
    amount = EuroField(_l("Beschlossener Betrag (€)"), places=2,
                       validators=[Optional(), NumberRange(min=0), two_decimals])


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
    programme_id = StringField(_l("Programm (Kennung im Programmdienst)"), validators=[
        Optional(), Length(max=64), Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Nur Buchstaben, Ziffern, - _ und ."))])
    fields_of_action = StringField(_l("Handlungsfelder"), validators=[
        Optional(), Length(max=300), Regexp(SLUGS, message=_l("Kürzel in Kleinbuchstaben, durch Komma getrennt."))])
    quorum_percent = IntegerField(_l("Beschlussfähig ab mehr als … % der stimmberechtigten Mitglieder"), default=50,
                                  validators=[InputRequired(), NumberRange(min=1, max=99)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])


class EndMembershipForm(BaseForm):
    valid_until = DateField(_l("Letzter Tag der Mitgliedschaft"), validators=[DataRequired()])


class ConsentForm(BaseForm):
    purpose = StringField(_l("Zweck"), validators=[DataRequired(), Length(min=2, max=80)])
    text_version = StringField(_l("Fassung des Einwilligungstexts"), validators=[DataRequired(), Length(max=40)])
    method = SelectField(_l("Wie erteilt"), choices=list(CONSENT_METHODS.items()), validators=[DataRequired()])
    given_on = DateField(_l("Erteilt am"), validators=[Optional()])


class OpportunityForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(min=2, max=200)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])
    kind = SelectField(_l("Art"), choices=list(OPPORTUNITY_KINDS.items()), validators=[DataRequired()])
    organisation_id = SelectField(_l("Organisation"), validators=[Optional()])
    district = StringField(_l("Stadtteil (Kürzel)"), validators=[Optional(), Length(max=40), Regexp(
        SLUG, message=_l("Ein Kürzel in Kleinbuchstaben, z. B. neugablonz."))])
    field_of_action = StringField(_l("Handlungsfeld (Kürzel)"), validators=[Optional(), Length(max=40), Regexp(
        SLUG, message=_l("Ein Kürzel in Kleinbuchstaben, z. B. jugend."))])
    published = BooleanField(_l("Auf der Website zeigen"), default=True)


class SponsorshipForm(BaseForm):
    person_id = SelectField(_l("Patin/Pate"), validators=[DataRequired()])
    opportunity_id = SelectField(_l("Engagement"), validators=[Optional()])
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
