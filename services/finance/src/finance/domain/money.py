"""Money as Decimal euros and integer cents; the cent-exact split of an expense over funders."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0")


def money(value) -> Decimal:
    """Any amount (str, int, Decimal) as Decimal with two places. Floats are refused on purpose."""
    if isinstance(value, float):
        raise TypeError("Geldbeträge niemals als Gleitkommazahl")
    try:
        return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"Kein gültiger Betrag: {value!r}") from exc


def to_cents(value) -> int:
    return int(money(value) * 100)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def split_cents(total_cents: int, weights: Mapping[str, Decimal | int]) -> dict[str, int]:
    """Split ``total_cents`` over the keys in proportion to ``weights`` (largest remainder method).

    Every key gets the floor of its exact share; the cents left over go one each to the keys with the
    largest remainders, ties broken by key (funder id) ascending. The parts always sum to the total,
    also for negative totals (reversals mirror the original split exactly)."""
    positive = {k: Decimal(w) for k, w in weights.items() if Decimal(w) > 0}
    if not positive:
        raise ValueError("Keine Anteile zum Aufteilen vorhanden.")
    if total_cents < 0:
        return {k: -v for k, v in split_cents(-total_cents, positive).items()}
    weight_sum = sum(positive.values())
    parts: dict[str, int] = {}
    remainders: list[tuple[Decimal, str]] = []
    for key in sorted(positive):
        exact = Decimal(total_cents) * positive[key] / weight_sum
        floor = int(exact)  # exact >= 0, so int() floors
        parts[key] = floor
        remainders.append((exact - floor, key))
    left = total_cents - sum(parts.values())
    for _, key in sorted(remainders, key=lambda r: (-r[0], r[1]))[:left]:
        parts[key] += 1
    return parts


class Figure(str):
    """The German text of an amount, a rate or a date in a message ("1.234,50 €", "90 %", "12.02.2026") that
    remembers the value, so an English screen can write it the English way. Everywhere else it is that text."""

    kind: str  # euro | percent | date
    value: Decimal | date | None

    def __new__(cls, text: str, kind: str = "", value: Decimal | date | None = None):
        obj = super().__new__(cls, text)
        obj.kind, obj.value = kind, value
        return obj


def day(value: date) -> Figure:
    """German date text: 2026-02-12 → '12.02.2026'."""
    return Figure(f"{value:%d.%m.%Y}", "date", value)


def rate(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole as a fraction (0..1); 0 when whole is 0."""
    return ZERO if not whole else Decimal(part) / Decimal(whole)


def percent(fraction: Decimal) -> Figure:
    """0.9 → '90 %', 0.125 → '12,5 %' (German)."""
    value = (Decimal(fraction) * 100).quantize(Decimal("0.1")).normalize()
    text = f"{value:f}".replace(".", ",")
    return Figure(f"{text} %", "percent", Decimal(fraction))


def euro(value) -> Figure:
    """German money text: 1234.5 → '1.234,50 €'."""
    amount = money(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return Figure(f"{sign}{'.'.join(groups)},{cents} €", "euro", amount)
