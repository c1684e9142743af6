"""Public forms: all work without JavaScript, all CSRF-protected (the one-click unsubscribe of RFC 8058
is the documented exception: its token in the URL is the proof)."""

from wtforms import BooleanField, EmailField, HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from gateway.auth.forms import Email, MultiCheckboxField
from gateway.webform import CONSENT_MISSING, BaseForm

CONSENT_VERSION = "2026-01"


class NewsletterForm(BaseForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(), Email()], render_kw={"autocomplete": "email"})
    name = StringField("Name (freiwillig)", validators=[Optional(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    topics = MultiCheckboxField("Themen", choices=[], validate_choice=False)
    language = RadioField("Sprache des Newsletters", choices=[("de", "Deutsch"), ("en", "English")], default="de")
    consent = BooleanField("Ich möchte den Newsletter erhalten und habe die Datenschutzhinweise gelesen. "
                           "Ich kann mich jederzeit mit einem Klick abmelden.",
                           validators=[DataRequired(CONSENT_MISSING)])


class RegistrationForm(BaseForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "name"})
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(), Email()], render_kw={"autocomplete": "email"})
    seats = IntegerField("Anzahl Plätze", default=1, validators=[DataRequired(), NumberRange(min=1, max=10)])
    consent = BooleanField("Ich bin einverstanden, dass meine Angaben für diese Veranstaltung gespeichert werden.",
                           validators=[DataRequired(CONSENT_MISSING)])


class SignupForm(BaseForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "name"})
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(), Email()], render_kw={"autocomplete": "email"})
    phone = StringField("Telefon (freiwillig)", validators=[Optional(), Length(max=40)],
                        render_kw={"autocomplete": "tel"})
    message = TextAreaField("Nachricht (freiwillig)", validators=[Optional(), Length(max=2000)])
    consent = BooleanField("Ich bin einverstanden, dass meine Angaben an die Organisation weitergegeben werden.",
                           validators=[DataRequired(CONSENT_MISSING)])


class TokenForm(BaseForm):
    token = HiddenField(validators=[DataRequired()])
