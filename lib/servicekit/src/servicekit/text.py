"""One rule for free text, at the way in and at the way out (#19).

In: every string a person or a client sends (marshmallow fields through ``servicekit.web.schemas.Schema``,
WTForms fields through ``servicekit.web.ui.BaseForm``) passes :func:`clean`:

- what a paste brings in every day is normalised: ``\\r\\n`` and a lone ``\\r`` become ``\\n``; Word's soft line
  break ``\\x0b`` (vertical tab) and the page break ``\\x0c`` (form feed) become ``\\n``;
- every other C0 control character (``\\x00``–``\\x08``, ``\\x0e``–``\\x1f``), DEL (``\\x7f``), a lone surrogate
  half and the non-characters U+FFFE/U+FFFF are refused (:class:`TextRefused`, a German field message);
- tab and newline stay.

Out: what is already stored (written before the rule, by a migration, a CLI, another service's event) passes
:func:`for_output` at each edge that cannot hold such characters (RSS/XML, iCal, PDF, mail): the paste characters
become a newline, the rest are dropped. So no stored text can make a feed, a calendar or a mail fail.
"""

from __future__ import annotations

import re

#: paste characters and what they become
_NORMALISE = re.compile(r"\r\n?|[\x0b\x0c]")
#: what no text field keeps: C0 controls except tab, LF (and CR, normalised first), DEL, lone surrogates and the
#: two non-characters XML 1.0 does not allow
_REFUSED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: what an output edge drops after normalising
_DROP = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

#: a string field without its own ``Length(max=…)`` is bounded by this (characters)
DEFAULT_MAX_LENGTH = 20_000
#: a one-line WTForms field (``StringField``) without its own ``Length`` is bounded by this
DEFAULT_MAX_LINE = 2_000

REFUSED_EN = "Contains an invisible control character that cannot be stored (character {0}). Please remove it."
REFUSED_DE = ("Enthält ein unsichtbares Steuerzeichen, das nicht gespeichert werden kann (Zeichen {0}). "
              "Bitte entfernen Sie es.")
TOO_LONG_EN = "At most {0} characters."
TOO_LONG_DE = "Höchstens {0} Zeichen."


class TextRefused(ValueError):
    """A text with a character no field keeps; ``position`` counts from 1, as a person counts."""

    def __init__(self, position: int) -> None:
        super().__init__(REFUSED_EN.format(position))
        self.position = position

    def message(self, lang: str = "de") -> str:
        return (REFUSED_EN if lang == "en" else REFUSED_DE).format(self.position)


def normalise(value: str) -> str:
    """``\\r\\n``, ``\\r``, ``\\x0b`` and ``\\x0c`` → ``\\n``."""
    return _NORMALISE.sub("\n", value)


def clean(value: str) -> str:
    """The stored form of a free text: paste characters normalised; raises :class:`TextRefused` for the rest."""
    value = normalise(value)
    bad = _REFUSED.search(value)
    if bad:
        raise TextRefused(bad.start() + 1)
    return value


def for_output(value):
    """Any stored text made safe for an edge that cannot carry control characters (XML, iCal, PDF, mail headers
    and bodies); anything that is not a ``str`` is handed back unchanged."""
    if not isinstance(value, str):
        return value
    return _DROP.sub("", normalise(value))
