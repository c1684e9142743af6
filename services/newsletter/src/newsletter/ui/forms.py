"""Department forms (CSRF via servicekit BaseForm; German texts, English on request)."""

from datetime import UTC, datetime, timedelta

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from newsletter.domain.model import EMAIL_RE, valid_link
from servicekit.web.formfields import CheckboxesField, LocalDateTimeField
from servicekit.web.i18n import _l
from servicekit.web.ui import BaseForm

VALID_EMAIL = Regexp(EMAIL_RE, message=_l("Keine gültige E-Mail-Adresse."))
LANGS = [("de", _l("Deutsch")), ("en", _l("Englisch"))]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def site_or_web_link(form, field) -> None:
    """A web address (http/https) or a page of the own website ("/projekte/…", the link a drafted item brings)."""
    if not valid_link(field.data):
        raise ValidationError(_l("Bitte eine Webadresse wie „https://www.kaufbeuren.de/…“ oder eine Seite dieser "
                                 "Website wie „/projekte/…“ eingeben."))


class SubscriberForm(BaseForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[DataRequired(), VALID_EMAIL, Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    language = SelectField(_l("Sprache"), choices=LANGS)
    topics = CheckboxesField(_l("Themen"), choices=[], validate_choice=True)
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
    link = StringField(_l("Link"), filters=[_strip], validators=[Optional(), Length(max=500), site_or_web_link],
                       render_kw={"inputmode": "url", "autocomplete": "off"})
    submit = SubmitField(_l("Speichern"))
    # On a draft: save the text as it stands in the form, then approve it (a separate "Freigeben" beside an
    # edited form would publish the text as it was before the edit).
    approve = SubmitField(_l("Speichern und freigeben"))


class DecisionForm(BaseForm):
    approve = SubmitField(_l("Freigeben"))
    reject = SubmitField(_l("Ablehnen"))


class IssueForm(BaseForm):
    title = StringField(_l("Titel der Ausgabe"), validators=[DataRequired(), Length(min=3, max=200)])
    intro = TextAreaField(_l("Einleitung"), validators=[Optional(), Length(max=5000)])
    topics = CheckboxesField(_l("Nur an Abonnenten dieser Themen"), choices=[])
    news_ids = CheckboxesField(_l("Meldungen (freigegeben)"), choices=[])
    submit = SubmitField(_l("Speichern"))


class TestSendForm(BaseForm):
    to = EmailField(_l("Testempfänger"), validators=[DataRequired(), VALID_EMAIL])
    language = SelectField(_l("Sprache der Testmail"), choices=LANGS, default="de")
    submit = SubmitField(_l("Testmail senden"))


class ScheduleForm(BaseForm):
    at = LocalDateTimeField(_l("Versandzeitpunkt (leer = sofort)"), validators=[Optional()])
    submit = SubmitField(_l("Versand planen"))

    def validate_at(self, field) -> None:
        if field.data and field.data < datetime.now(UTC) - timedelta(minutes=1):
            raise ValidationError(_l("Dieser Zeitpunkt ist schon vorbei. Für den sofortigen Versand das Feld leer "
                                     "lassen."))


class BounceForm(BaseForm):
    raw = TextAreaField(_l("Rückläufer-Mail (Rohtext)"), validators=[DataRequired(), Length(max=1_000_000)])
    submit = SubmitField(_l("Auswerten"))
