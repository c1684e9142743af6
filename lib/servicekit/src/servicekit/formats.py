"""How people read and type times, numbers and money: Europe/Berlin and German first, English second.

Pure functions without Flask, shared by the department screens, PDFs, CSVs and mails:
- times are stored in UTC (a naive value from SQLite is UTC) and always shown in Europe/Berlin, German
  "07.12.2026, 12:42 Uhr", English "7 Dec 2026, 12:42" (the same zone, 24 h);
- a time a person types into a form (``datetime-local``) is Berlin wall time and is stored as UTC;
- numbers and money have one format per language: German "81,4" and "12.000,00 €", English "81.4", "€12,000.00";
- amounts are typed the German way ("12.000,00", "12000", "12000,5"); bad input raises :class:`AmountError`
  with a German sentence, its ``english`` attribute holds the same in English.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as _babel_datetime

BERLIN = ZoneInfo("Europe/Berlin")
_CENT = Decimal("0.01")


def local(value: datetime) -> datetime:
    """A stored instant in Berlin time. Naive values are UTC (that is how every service stores them)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BERLIN)


def from_local_input(value: datetime | None) -> datetime | None:
    """A wall-clock time typed by a person in Kaufbeuren (naive) → an aware UTC instant for storage.
    In the autumn hour that happens twice, the first (summer time) is taken."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=BERLIN)
    return value.astimezone(UTC)


def to_local_input(value: datetime | None) -> datetime | None:
    """A stored instant → the naive Berlin wall-clock time a ``datetime-local`` field shows."""
    return None if value is None else local(value).replace(tzinfo=None)


def when(value, lang: str = "de") -> str:
    """A date or an instant as the reader writes it. Instants are shown in Berlin time with their minutes:
    ``07.12.2026, 12:42 Uhr`` · ``7 Dec 2026, 12:42``. A plain date: ``07.12.2026`` · ``7 Dec 2026``."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        at = local(value)
        if lang == "en":
            return _babel_datetime(at, "d MMM y, HH:mm", locale="en", tzinfo=BERLIN)
        return f"{at.day:02d}.{at.month:02d}.{at.year}, {at.hour:02d}:{at.minute:02d} Uhr"
    if isinstance(value, date):
        if lang == "en":
            return _babel_datetime(datetime(value.year, value.month, value.day), "d MMM y", locale="en")
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return str(value)


def number(value, places: int = 1, lang: str = "de", grouping: bool = True) -> str:
    """A decimal number rounded half up to ``places``: German ``1.234,5``, English ``1,234.5``."""
    if value is None or value == "":
        return "–"
    exact = Decimal(str(value))
    quantum = Decimal(1).scaleb(-places)
    text = f"{abs(exact.quantize(quantum, rounding=ROUND_HALF_UP)):{',' if grouping else ''}.{places}f}"
    sign = "-" if exact.quantize(quantum, rounding=ROUND_HALF_UP) < 0 else ""
    if lang != "en":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return sign + text


def money(value, lang: str = "de") -> str:
    """``12.000,00 €`` · ``€12,000.00``."""
    if value is None or value == "":
        return "–"
    text = number(value, 2, lang)
    if lang == "en":
        return f"-€{text[1:]}" if text.startswith("-") else f"€{text}"
    return f"{text} €"


def percent(value, lang: str = "de", places: int = 1) -> str:
    """``81,4 %`` · ``81.4%``."""
    if value is None or value == "":
        return "–"
    text = number(value, places, lang)
    return f"{text}%" if lang == "en" else f"{text} %"


class AmountError(ValueError):
    """An amount a person typed that is no amount. ``str()`` is the German sentence, ``english`` the English."""

    def __init__(self, german: str, english: str) -> None:
        super().__init__(german)
        self.english = english


_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")


def parse_amount(text: str | None, *, places: int = 2, negative: bool = False, lang: str = "de") -> Decimal | None:
    """An amount as a German clerk types it → ``Decimal`` (never a float); empty → ``None``.

    Accepted: ``12.000,00``, ``12000``, ``12000,5``, ``12.000``, ``1.234.567,89``, with or without ``€`` and
    spaces; ``12000.50`` (a value pasted from a system that writes a decimal point) is read as 12.000,50 because
    its dot is not followed by exactly three digits. Refused, with a German message: letters, two commas,
    wrongly grouped thousands (``1.23,00``), more than ``places`` decimal places, and a minus sign unless
    ``negative``. With ``lang="en"`` the English marks are read (``12,000.50``).
    """
    if text is None:
        return None
    raw = str(text).replace("€", "").replace("EUR", "").replace("\u00a0", "").replace("\u202f", "").strip()
    raw = raw.replace(" ", "")
    if lang == "en":
        raw = raw.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if raw == "":
        return None
    sign = ""
    if raw[0] in "-−+":
        sign, raw = ("-" if raw[0] != "+" else ""), raw[1:]
        if sign and not negative:
            raise AmountError("Bitte einen Betrag ohne Minuszeichen eingeben.",
                              "Please enter an amount without a minus sign.")
    whole, sep, frac = raw.partition(",")
    if sep:
        if "," in frac or "." in frac or not (_PLAIN.match(whole) or _GROUPED.match(whole)):
            raise _not_an_amount()
        whole = whole.replace(".", "")
    elif "." in raw:
        if _GROUPED.match(raw):
            whole, frac = raw.replace(".", ""), ""
        else:
            whole, _, frac = raw.partition(".")
            if "." in frac:
                raise _not_an_amount()
    if not _PLAIN.match(whole) or (frac and not _PLAIN.match(frac)) or (sep and not frac):
        raise _not_an_amount()
    if len(frac) > places:
        raise AmountError(f"Höchstens {places} Nachkommastellen, z. B. „12.000,50“." if places != 2 else
                          "Höchstens zwei Nachkommastellen (Cent), z. B. „12.000,50“.",
                          f"At most {places} decimal places, e.g. “12,000.50”.")
    try:
        value = Decimal(f"{sign}{whole}.{frac or '0'}")
    except InvalidOperation:  # pragma: no cover - the patterns above admit digits only
        raise _not_an_amount() from None
    if value.adjusted() > 12:
        raise AmountError("Dieser Betrag ist zu groß.", "This amount is too large.")
    return value.quantize(Decimal(1).scaleb(-places)) if places else value


def _not_an_amount() -> AmountError:
    return AmountError("Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben.",
                       "Please enter an amount such as “12,000.00” or “12000”.")
