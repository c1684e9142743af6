"""Department forms (CSRF via servicekit BaseForm; German texts, English on request)."""

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
from servicekit.web.i18n import _l
from servicekit.web.ui import BaseForm

VALID_EMAIL = Regexp(EMAIL_RE, message=_l("Keine gültige E-Mail-Adresse."))
LANGS = [("de", _l("Deutsch")), ("en", _l("Englisch"))]


class SubscriberForm(BaseForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), VALID_EMAIL, Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    language = SelectField(_l("Sprache"), choices=LANGS)
    topics = SelectMultipleField(_l("Themen"), choices=[], validate_choice=True)
    consent_form = StringField(_l("Form der Einwilligung"), validators=[DataRequired(), Length(min=2, max=60)],
                               description=_l("z. B. Papierformular Stadtteilfest"))
    consent_text_version = StringField(_l("Version des Einwilligungstexts"), default="2026-01",
                                       validators=[DataRequired(), Length(max=60)])
    consent_evidence = StringField(_l("Wo liegt der Nachweis?"),
                                   validators=[DataRequired(), Length(min=3, max=500)],
                                   description=_l("z. B. Ordner ÖA-2026, Blatt 14"))
    submit = SubmitField(_l("Anmelden und Bestätigungsmail senden"))


class ImportForm(BaseForm):
    file = FileField(_l("CSV-Datei"), validators=[FileRequired(message=_l("Bitte wählen Sie eine Datei."))])
    submit = SubmitField(_l("Importieren"))


class ConfirmActionForm(BaseForm):
    confirm = BooleanField(_l("Ja, ich bin sicher"),
                           validators=[DataRequired(message=_l("Bitte bestätigen Sie."))])
    submit = SubmitField(_l("Ausführen"))


class NewsForm(BaseForm):
    title = StringField(_l("Überschrift"), validators=[DataRequired(), Length(min=3, max=200)])
    summary = TextAreaField(_l("Kurzfassung"), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(_l("Text"), validators=[Optional(), Length(max=20000)])
    funder_notice = TextAreaField(_l("Förderhinweis"), validators=[Optional(), Length(max=2000)])
    link = URLField(_l("Link"), validators=[Optional(), URL(message=_l("Keine gültige Adresse (URL)."))])
    submit = SubmitField(_l("Speichern"))


class DecisionForm(BaseForm):
    approve = SubmitField(_l("Freigeben"))
    reject = SubmitField(_l("Ablehnen"))


class IssueForm(BaseForm):
    title = StringField(_l("Titel der Ausgabe"), validators=[DataRequired(), Length(min=3, max=200)])
    intro = TextAreaField(_l("Einleitung"), validators=[Optional(), Length(max=5000)])
    topics = SelectMultipleField(_l("Nur für Themen (leer = alle)"), choices=[])
    news_ids = SelectMultipleField(_l("Meldungen (freigegeben)"), choices=[])
    submit = SubmitField(_l("Speichern"))


class TestSendForm(BaseForm):
    to = EmailField(_l("Testempfänger"), validators=[DataRequired(), VALID_EMAIL])
    language = SelectField(_l("Sprache der Testmail"), choices=LANGS, default="de")
    submit = SubmitField(_l("Testmail senden"))


class ScheduleForm(BaseForm):
    at = DateTimeLocalField(_l("Versandzeitpunkt (leer = sofort)"), format="%Y-%m-%dT%H:%M",
                            validators=[Optional()])
    submit = SubmitField(_l("Versand planen"))


class BounceForm(BaseForm):
    raw = TextAreaField(_l("Rückläufer-Mail (Rohtext)"), validators=[DataRequired(), Length(max=1_000_000)])
    submit = SubmitField(_l("Auswerten"))
