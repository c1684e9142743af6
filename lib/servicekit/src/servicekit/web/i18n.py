"""German first, English second, for the department UIs: gettext catalogues read by Flask-Babel.

The source texts are German (they are the msgids); each component keeps its English catalogue in
``<package>/translations/en/LC_MESSAGES/messages.po``. The catalogues are compiled in memory when first used,
so the repository holds no generated ``.mo`` files that could go stale. ``scripts/i18n.py`` extracts the texts and
checks that every one has an English translation (a test runs the check).

- templates: ``{{ _('Speichern') }}``, ``{{ _('%(n)s Projekte', n=count) }}``
- Python at request time: ``_("Gespeichert.")``; at import time (form labels): ``_l("Titel")``
- messages raised far from a request (domain rules): ``Msg("Fördersatz über %(max)s", max=…)``; it is a German
  ``str`` everywhere (logs, API, events) and ``tr(message)`` shows it in the reader's language.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel, Domain, get_locale, gettext, lazy_gettext

LANGUAGES = ("de", "en")
COOKIE = "aktiv_lang"
CATALOGUE = Path("translations")
KIT_TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"

_ = gettext
_l = lazy_gettext


class Msg(str):
    """A German message that remembers its template and values, so a screen can translate it later."""

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        obj = super().__new__(cls, template % params if params else template)
        obj.template, obj.params = template, params
        return obj


def tr(message) -> str:
    """``message`` in the current reader's language: a :class:`Msg` by its template, any other text as a msgid
    (unknown texts stay as they are). Outside a request it is the German text."""
    if message is None:
        return ""
    if not has_request_context() or "babel" not in current_app.extensions:  # an app without catalogues
        return str(message)
    if isinstance(message, Msg):
        if not message.params:
            return gettext(message.template)
        # A value that is itself a Msg (a status label inside a refusal) is translated too.
        params = {k: tr(v) if isinstance(v, Msg) else v for k, v in message.params.items()}
        return gettext(message.template, **params)
    return gettext(str(message))


def select_locale() -> str:
    chosen = request.args.get("lang") or request.cookies.get(COOKIE)
    return chosen if chosen in LANGUAGES else "de"


def _compile(po_file: Path, locale: str) -> Translations:
    with po_file.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf)


class PoDomain(Domain):
    """Reads ``.po`` catalogues from several directories (the component's own first, then the kit's)."""

    def __init__(self, directories: list[Path]) -> None:
        super().__init__(translation_directories=[str(d) for d in directories])
        self.directories = directories

    def get_translations(self):
        locale = str(get_locale() or "de")
        try:
            return self.cache[locale]
        except KeyError:
            merged = None
            for directory in reversed(self.directories):  # the component's own texts win over the kit's
                po_file = directory / locale / "LC_MESSAGES" / "messages.po"
                if po_file.exists():
                    compiled = _compile(po_file, locale)
                    merged = compiled if merged is None else merged.merge(compiled)
            self.cache[locale] = merged if merged is not None else NullTranslations()
            return self.cache[locale]


def install_i18n(app: Flask, package_dir: Path | None) -> None:
    """Babel with the component's catalogue (if it has one) and the kit's; the locale comes from ``?lang=`` or
    the ``aktiv_lang`` cookie that the gateway's language switch sets."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "de")
    babel = Babel(app, locale_selector=select_locale)
    dirs = [package_dir / CATALOGUE] if package_dir is not None else []
    babel.domain_instance = PoDomain([*dirs, KIT_TRANSLATIONS])
    app.jinja_env.filters["tr"] = tr
    app.jinja_env.globals["tr"] = tr

    @app.after_request
    def _remember_language(response):
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                                secure=request.is_secure)
        return response
