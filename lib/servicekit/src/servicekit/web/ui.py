"""The department UIs' shared frame: German base layout and CSS, CSRF (Flask-WTF), Babel locale,
German date and money filters, and a form base class with German validation messages."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, has_request_context, request
from flask_wtf import CSRFProtect, FlaskForm

from servicekit import formats
from servicekit.web.i18n import install_i18n, select_locale

csrf = CSRFProtect()


class BaseForm(FlaskForm):
    """All department forms: CSRF-protected, WTForms messages in German (English on request)."""

    class Meta:
        locales = ("de_DE", "de")

        def get_translations(self, form):
            self.locales = ("en",) if request and select_locale() == "en" else ("de_DE", "de")
            return super().get_translations(form)


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
                                wer=wer)
    app.jinja_env.globals.update(service_name=spec.name, service_title=spec.title)

    @app.context_processor
    def _principal():
        from servicekit.auth.principal import current_principal

        return {"principal": current_principal(), "lang": select_locale()}
    if spec.ui_blueprint is not None:
        app.register_blueprint(spec.ui_blueprint(), url_prefix=f"/intern/{spec.name}")
