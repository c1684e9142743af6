"""Showing German texts in the reader's language: servicekit's ``tr`` plus helpers for labels and reasons.

Domain and service messages are ``Msg`` (German ``str`` for the API, logs and events). Some carry labels that
are ``Msg`` themselves (a stage in a lifecycle reason); servicekit's ``tr`` translates those values too, so
"Von „Idee“ geht es nicht nach „Laufend“." reads "From “Idea” …" in English.
"""

from __future__ import annotations

from decimal import Decimal

from flask import has_request_context
from flask_babel.speaklater import LazyString

from servicekit.formats import number
from servicekit.web.i18n import select_locale, tr

__all__ = ["labels", "lazy", "lazy_choices", "reason", "tr", "value_text"]


def value_text(value) -> str:
    """An indicator value in the one number format of the platform (``servicekit.formats.number``, the reader's
    language), with its decimals only when it has some: "190" · "1.234,5" · "12,25"."""
    if value is None or value == "":
        return "–"
    exact = Decimal(str(value))
    places = 0 if exact == exact.to_integral_value() else (1 if exact * 10 == (exact * 10).to_integral_value() else 2)
    return number(exact, places, reader_language())


def reader_language() -> str:
    return "en" if has_request_context() and select_locale() == "en" else "de"


def reason(exc: BaseException) -> str:
    """The translated message of a domain exception (``str(exc)`` would lose the ``Msg`` it was raised with)."""
    message = exc.args[0] if exc.args else str(exc)
    return tr(message) if isinstance(message, str) else str(exc)


def labels(mapping: dict) -> dict:
    """{code: label} with every label translated (at request time)."""
    return {key: tr(value) for key, value in mapping.items()}


def lazy(text) -> LazyString:
    """A label translated when it is shown (for form choices and labels built at import time)."""
    return LazyString(tr, text)


def lazy_choices(mapping: dict) -> list[tuple[str, LazyString]]:
    return [(key, lazy(value)) for key, value in mapping.items()]
