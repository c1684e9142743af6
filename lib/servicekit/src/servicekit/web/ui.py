"""The department UIs' shared frame: German base layout and CSS, CSRF (Flask-WTF), Babel locale,
German date and money filters, and a form base class with German validation messages."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, has_request_context, request
from flask_wtf import CSRFProtect, FlaskForm
from wtforms import FieldList, FormField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import Length

from servicekit import formats, text
from servicekit.web.i18n import install_i18n, select_locale
from servicekit.web.nav import mark_current

csrf = CSRFProtect()


def _text_fields(fields):
    """Every free-text field of a form, also inside ``FieldList`` and ``FormField`` (passwords are left as typed:
    they are only ever hashed; files and amounts are no text)."""
    for field in fields:
        if isinstance(field, FieldList):
            yield from _text_fields(field.entries)
        elif isinstance(field, FormField):
            yield from _text_fields(field.form)
        elif isinstance(field, StringField) and not isinstance(field, PasswordField):
            yield field


def _default_max(field) -> int | None:
    """The kit's bound for a field without its own ``Length(max=…)``: a text area 20,000, a line 2,000;
    hidden fields carry what the page itself wrote (a plan grid as JSON) and are not bounded here."""
    if isinstance(field, HiddenField):
        return None
    if any(isinstance(v, Length) and v.max not in (None, -1) for v in field.validators or ()):
        return None
    return text.DEFAULT_MAX_LENGTH if isinstance(field, TextAreaField) else text.DEFAULT_MAX_LINE


class BaseForm(FlaskForm):
    """All department forms: CSRF-protected, WTForms messages in German (English on request), and the kit's
    input rule for free text (``servicekit.text``): CRLF, CR, ``\\x0b`` and ``\\x0c`` become a newline; any other
    control character is a field error in the reader's language (the field shows the text without it); a field
    without its own ``Length`` is bounded."""

    class Meta:
        locales = ("de_DE", "de")

        def get_translations(self, form):
            self.locales = ("en",) if request and select_locale() == "en" else ("de_DE", "de")
            return super().get_translations(form)

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)
        self._kit_text_errors = {}
        for field in _text_fields(self):
            if not (field.raw_data and isinstance(field.data, str)):
                continue  # only what was submitted; a value from the database is shown as it is
            try:
                field.data = text.clean(field.data)
            except text.TextRefused as exc:
                self._kit_text_errors[id(field)] = exc
                field.data = text.for_output(field.data)  # shown back without the invisible character
            limit = _default_max(field)
            if limit is not None and id(field) not in self._kit_text_errors and len(field.data) > limit:
                self._kit_text_errors[id(field)] = limit

    def _kit_lang(self) -> str:
        locales = tuple(getattr(self.meta, "locales", None) or ())
        return "en" if locales[:1] == ("en",) else "de"

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators=extra_validators)
        problems = getattr(self, "_kit_text_errors", {})
        if not problems:
            return valid
        lang = self._kit_lang()
        for field in _text_fields(self):
            problem = problems.get(id(field))
            if problem is None:
                continue
            if isinstance(problem, text.TextRefused):
                message = problem.message(lang)
            else:
                message = (text.TOO_LONG_EN if lang == "en" else text.TOO_LONG_DE).format(
                    formats.number(problem, 0, lang))
            field.errors = [*field.errors, message]
        self._errors = None  # the errors property is cached per validation
        return False


def _english() -> bool:
    return has_request_context() and select_locale() == "en"


def _lang(sprache: str | None = None) -> str:
    return sprache or ("en" if _english() else "de")


def datum(value, sprache: str | None = None) -> str:
    """A date or instant as the reader writes it, instants in Europe/Berlin: 24.12.2026, 14:00 Uhr ·
    24 Dec 2026, 14:00. ``sprache`` fixes the language whatever the reader chose (``value|datum("de")``)."""
    return formats.when(value, _lang(sprache))


def euro(value, sprache: str | None = None) -> str:
    return formats.money(value, _lang(sprache))


def prozent(value, sprache: str | None = None) -> str:
    return formats.percent(value, _lang(sprache))


def zahl(value, places: int = 1, sprache: str | None = None) -> str:
    """One number format everywhere: 81,4 · 81.4."""
    return formats.number(value, places, _lang(sprache))


def betrag_eingabe(value) -> str:
    """An amount as a form field shows it for editing: 12.000,00 · 12,000.00 (what ``parse_amount`` reads)."""
    return "" if value is None or value == "" else formats.number(value, 2, _lang())


SYSTEM_ACTORS = {
    "system": ("automatisch (System)", "automatic (system)"),
    "radar": ("automatisch (Fristen-Radar)", "automatic (deadline radar)"),
    "demo": ("Demodaten", "demo data"),
    "demo-seed": ("Demodaten", "demo data"),
    "seed": ("Demodaten", "demo data"),
    "öffentlich": ("öffentlich (Bürgerin oder Bürger)", "public (a citizen)"),
    "versand": ("automatisch (Versand)", "automatic (sending)"),
    "bounce-postfach": ("automatisch (Rückläufer-Postfach)", "automatic (bounce mailbox)"),
    "ereignis": ("automatisch (Ereignis einer anderen Abteilung)", "automatic (event from another department)"),
    "dsgvo": ("automatisch (DSGVO-Löschung)", "automatic (GDPR erasure)"),
    "bootstrap": ("Einrichtung", "setup"),
    "programmes": ("automatisch (Programmbüro)", "automatic (programme office)"),
    "finance": ("automatisch (Kämmerei)", "automatic (finance)"),
    "participation": ("automatisch (Netzwerkarbeit)", "automatic (network office)"),
    "newsletter": ("automatisch (Newsletter)", "automatic (newsletter)"),
    "gateway": ("automatisch (Anmeldung)", "automatic (sign-in)"),
}


def wer(name, actor=None, at=None, sprache: str | None = None) -> str:
    """Who did it, by name, never by account id: ``Frieda Freigabe`` or, with ``at``, ``Frieda Freigabe,
    07.12.2026, 12:42 Uhr``. ``name`` is the name stored with the record; without one, a system actor gets its
    label and anyone else "unbekanntes Konto" (rows written before names were stored)."""
    english = _lang(sprache) == "en"
    text = (name or "").strip()
    if not text:
        label = SYSTEM_ACTORS.get(str(actor or "").split(":")[0])
        text = label[1 if english else 0] if label else ("unknown account" if english else "unbekanntes Konto")
    return f"{text}, {datum(at, sprache)}" if at else text


def _package_dir(spec) -> Path | None:
    """``services/<name>/src/<name>``: where the service keeps its templates and its ``translations``."""
    candidate = Path(spec.root) / "src" / spec.name
    return candidate if candidate.is_dir() else None


def install_ui(app: Flask, spec) -> None:
    csrf.init_app(app)
    install_i18n(app, _package_dir(spec))
    # The JSON API authenticates with bearer tokens, not cookies: CSRF applies to the UI forms only.
    for blueprint in list(app.blueprints.values()):
        csrf.exempt(blueprint)
    kit = Blueprint("servicekit_ui", __name__, template_folder="templates", static_folder="static",
                    static_url_path=f"/intern/{spec.name}/_kit")
    app.register_blueprint(kit)
    app.jinja_env.filters.update(datum=datum, euro=euro, prozent=prozent, zahl=zahl, betrag_eingabe=betrag_eingabe,
                                wer=wer, aktuelle_seite=mark_current)
    app.jinja_env.globals.update(service_name=spec.name, service_title=spec.title)

    @app.context_processor
    def _principal():
        from servicekit.auth.principal import current_principal

        return {"principal": current_principal(), "lang": select_locale()}
    if spec.ui_blueprint is not None:
        app.register_blueprint(spec.ui_blueprint(), url_prefix=f"/intern/{spec.name}")
