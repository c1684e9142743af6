"""The base of every gateway form (public forms, login, account administration): CSRF as in servicekit, and the
WTForms messages ("Dieses Feld ist erforderlich.") in the reader's language.

servicekit's ``BaseForm`` picks the locale itself but then hands the lookup to Flask-WTF, which translates only
through Flask-Babel. The gateway has no Flask-Babel (its texts are a table, ``public_site.i18n``), so Flask-WTF
found no catalogue and every message stayed English, also on German pages. Here WTForms reads its own
catalogues directly, with the language the gateway's pages are rendered in (``lang()``)."""

from __future__ import annotations

from markupsafe import escape
from wtforms.meta import DefaultMeta

from gateway.public_site.i18n import lang, translate
from servicekit.web.ui import BaseForm as KitForm

LOCALES = {"de": ("de_DE", "de"), "en": ("en",)}


class BaseForm(KitForm):
    class Meta:
        def get_translations(self, form):
            self.locales = LOCALES.get(lang(), LOCALES["de"])
            return DefaultMeta.get_translations(self, form)


class Lazy:
    """A German message of the gateway's own, shown in the reader's language when it is rendered (forms are
    declared at import time, the language is known only in a request)."""

    def __init__(self, german: str) -> None:
        self.german = german

    def __str__(self) -> str:
        return translate(self.german)

    def __html__(self) -> str:
        return str(escape(str(self)))


CONSENT_MISSING = Lazy("Bitte bestätigen Sie Ihre Einwilligung.")
