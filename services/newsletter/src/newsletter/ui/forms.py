"""Department forms (CSRF via servicekit BaseForm, German messages)."""

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from newsletter.domain.model import EMAIL_RE
from servicekit.web.ui import BaseForm

VALID_EMAIL = Regexp(EMAIL_RE, message="Keine gültige E-Mail-Adresse.")
LANGS = [("de", "Deutsch"), ("en", "Englisch")]


class SubscriberForm(BaseForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(), VALID_EMAIL,
                                                     Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    language = SelectField("Sprache", choices=LANGS)
    topics = SelectMultipleField("Themen", choices=[], validate_choice=True)
    consent_form = StringField("Form der Einwilligung", validators=[DataRequired(), Length(min=2, max=60)],
                               description="z. B. Papierformular Stadtteilfest")
    consent_text_version = StringField("Version des Einwilligungstexts", default="2026-01",
                                       validators=[DataRequired(), Length(max=60)])
    consent_evidence = StringField("Wo liegt der Nachweis?", validators=[DataRequired(), Length(min=3, max=500)],
                                   description="z. B. Ordner ÖA-2026, Blatt 14")
    submit = SubmitField("Anmelden und Bestätigungsmail senden")


class ImportForm(BaseForm):
    file = FileField("CSV-Datei", validators=[FileRequired(message="Bitte wählen Sie eine Datei.")])
    submit = SubmitField("Importieren")


class ConfirmActionForm(BaseForm):
    confirm = BooleanField("Ja, ich bin sicher", validators=[DataRequired(message="Bitte bestätigen Sie.")])
    submit = SubmitField("Ausführen")


class NewsForm(BaseForm):
    title = StringField("Überschrift", validators=[DataRequired(), Length(min=3, max=200)])
    summary = TextAreaField("Kurzfassung", validators=[Optional(), Length(max=2000)])
    body = TextAreaField("Text", validators=[Optional(), Length(max=20000)])
    funder_notice = TextAreaField("Förderhinweis", validators=[Optional(), Length(max=2000)])
    link = URLField("Link", validators=[Optional(), URL(message="Keine gültige Adresse (URL).")])
    submit = SubmitField("Speichern")


class DecisionForm(BaseForm):
    approve = SubmitField("Freigeben")
    reject = SubmitField("Ablehnen")


class IssueForm(BaseForm):
    title = StringField("Titel der Ausgabe", validators=[DataRequired(), Length(min=3, max=200)])
    intro = TextAreaField("Einleitung", validators=[Optional(), Length(max=5000)])
    topics = SelectMultipleField("Nur für Themen (leer = alle)", choices=[])
    news_ids = SelectMultipleField("Meldungen (freigegeben)", choices=[])
    submit = SubmitField("Speichern")


class TestSendForm(BaseForm):
    to = EmailField("Testempfänger", validators=[DataRequired(), VALID_EMAIL])
    submit = SubmitField("Testmail senden")


class ScheduleForm(BaseForm):
    at = DateTimeLocalField("Versandzeitpunkt (leer = sofort)", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    submit = SubmitField("Versand planen")


class BounceForm(BaseForm):
    raw = TextAreaField("Rückläufer-Mail (Rohtext)", validators=[DataRequired(), Length(max=1_000_000)])
    submit = SubmitField("Auswerten")
