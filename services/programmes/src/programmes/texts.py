"""Showing German texts in the reader's language: servicekit's ``tr`` plus helpers for labels and reasons.

Domain and service messages are ``Msg`` (German ``str`` for the API, logs and events). Some carry labels that
are ``Msg`` themselves (a stage in a lifecycle reason); servicekit's ``tr`` translates those values too, so
"Von „Idee“ geht es nicht nach „Laufend“." reads "From “Idea” …" in English.
"""

from __future__ import annotations

from flask_babel.speaklater import LazyString

from servicekit.web.i18n import tr

__all__ = ["labels", "lazy", "lazy_choices", "reason", "tr"]


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
