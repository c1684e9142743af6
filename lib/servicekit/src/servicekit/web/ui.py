"""The department UIs' shared frame: German base layout and CSS, CSRF (Flask-WTF), Babel locale,
German date and money filters, and a form base class with German validation messages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from babel.dates import format_date, format_datetime
from flask import Blueprint, Flask, has_request_context, request
from flask_wtf import CSRFProtect, FlaskForm

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


def datum(value, sprache: str | None = None) -> str:
    """A date (and time) as the reader writes it: 24.12.2026, 14:00 Uhr · 24 Dec 2026, 14:00. ``sprache`` fixes
    the language whatever the reader chose (``value|datum("de")`` for a record that stays German)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    english = sprache == "en" if sprache else _english()
    if isinstance(value, datetime):
        if english:
            pattern = "d MMM y, HH:mm" if (value.hour or value.minute) else "d MMM y"
            return format_datetime(value, pattern, locale="en")
        return value.strftime("%d.%m.%Y, %H:%M Uhr") if (value.hour or value.minute) else value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return format_date(value, "d MMM y", locale="en") if english else value.strftime("%d.%m.%Y")
    return str(value)


def euro(value) -> str:
    if value is None or value == "":
        return "–"
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    if _english():
        return f"{sign}€{abs(amount):,.2f}"
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{'.'.join(groups)},{cents} €"


def prozent(value) -> str:
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal("0.1"))
    return f"{rounded}%" if _english() else f"{rounded} %".replace(".", ",")


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
    app.jinja_env.filters.update(datum=datum, euro=euro, prozent=prozent)
    app.jinja_env.globals.update(service_name=spec.name, service_title=spec.title)

    @app.context_processor
    def _principal():
        from servicekit.auth.principal import current_principal

        return {"principal": current_principal(), "lang": select_locale()}
    if spec.ui_blueprint is not None:
        app.register_blueprint(spec.ui_blueprint(), url_prefix=f"/intern/{spec.name}")
