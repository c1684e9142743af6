"""CSV that a spreadsheet opens as data, never as formulas (#19, OWASP "CSV injection").

Every CSV the platform writes goes through :func:`writer`. A text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written with a leading apostrophe (``'=HYPERLINK(…)``), so Excel and
LibreOffice show the text instead of running it. Control characters other than tab and newline are dropped
(:func:`servicekit.text.for_output`).

Figures the platform formats itself from a ``Decimal`` or an ``int`` (amounts such as ``-12,50`` of a reversal,
percentages such as ``-3,5 %``) stay numbers: the code marks them as :class:`Number`, and a ``Number`` is kept
unprefixed only when it really is a plain number (digits, one decimal comma or point, an optional sign and
percent sign). A person's text is never a ``Number``, even when it looks like one: a payee typed as ``-12,50`` is
written as ``'-12,50``.

Reading back (the newsletter import) :func:`unquote` removes the apostrophe again, so an export re-imports as it
was.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

from servicekit.text import for_output

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:\u00a0?%| %)?$")


class Number(str):
    """A figure formatted by the platform (from a ``Decimal``/``int``), written as it is."""

    __slots__ = ()


def cell(value) -> str:
    """One cell as it is written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, Number) and _PLAIN_NUMBER.match(value):
        return str(value)
    raw = str(value)
    text = for_output(raw)  # a CR becomes a newline, NUL and the like are dropped: check before and after
    if raw.startswith(DANGEROUS_START) or text.startswith(DANGEROUS_START):
        return "'" + text
    return text


def unquote(value: str) -> str:
    """A cell read back: the apostrophe :func:`cell` put before a dangerous start is removed."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(DANGEROUS_START):
        return value[1:]
    return value


class SafeWriter:
    """``csv.writer`` whose rows are made safe cell by cell."""

    def __init__(self, out, **kwargs) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row) -> None:
        self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, *, delimiter: str = ";", lineterminator: str = "\r\n", **kwargs) -> SafeWriter:
    """The platform's CSV: semicolons (German spreadsheets), CRLF lines, every cell through :func:`cell`."""
    return SafeWriter(out, delimiter=delimiter, lineterminator=lineterminator, **kwargs)
