"""Indicators: attainment in percent between baseline and target. Decimal arithmetic, standard library only."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def attainment_percent(baseline: Decimal, target: Decimal, latest: Decimal | None) -> int | None:
    """How far the latest measurement got from baseline towards target (may exceed 100 or drop below 0)."""
    if latest is None:
        return None
    span = Decimal(target) - Decimal(baseline)
    if span == 0:
        return 100 if Decimal(latest) == Decimal(target) else 0
    pct = (Decimal(latest) - Decimal(baseline)) / span * 100
    return int(pct.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def months_between(start, end) -> int:
    """Whole calendar months from ``start`` to ``end`` (dates); negative if ``end`` lies before."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months
