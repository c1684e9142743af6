"""Proof of use (Verwendungsnachweis) per funder: numbers planned vs actual and the receipt list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finance.domain.funders import COST_CATEGORIES
from finance.domain.money import CENT, ZERO
from finance.domain.plans import Plan
from servicekit.web.i18n import Msg

DEVIATION_LIMIT = Decimal("0.20")
KINDS = {"interim": Msg("Zwischennachweis"), "final": Msg("Verwendungsnachweis")}


@dataclass(frozen=True)
class NumberLine:
    category: str
    year: int
    planned: Decimal
    actual: Decimal

    @property
    def deviation(self) -> Decimal | None:
        if not self.planned:
            return None
        return (self.actual - self.planned) / self.planned

    @property
    def flagged(self) -> bool:
        """More than 20 % off the plan (or spent where nothing was planned)."""
        if not self.planned:
            return self.actual != 0
        return abs(self.deviation) > DEVIATION_LIMIT


@dataclass(frozen=True)
class Receipt:
    entry_id: str
    position: str
    receipt_number: str
    booking_date: date
    payee: str
    purpose: str
    category: str
    amount: Decimal  # the whole expense
    share: Decimal  # this funder's share
    reverses: str | None = None


def planned_for_funder(plan: Plan, funder_id: str) -> dict[tuple[str, int], Decimal]:
    """Costs by (category, year) times the funder's share of that year's financing."""
    out: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    weights_by_year = {year: plan.shares(year) for year in plan.years()}
    tied = {s.position for s in plan.sources if s.position is not None}
    for c in plan.costs:
        weights = plan.shares_for(c.year, c.position) if c.position in tied else weights_by_year.get(c.year) or {}
        total = sum(weights.values(), ZERO)
        if total:
            out[(c.category, c.year)] += c.amount * weights.get(funder_id, ZERO) / total
    return {k: v.quantize(CENT) for k, v in out.items()}


def numbers(plan: Plan, funder_id: str, actual: Iterable[tuple[str, int, Decimal]],
            year: int | None = None) -> list[NumberLine]:
    """``actual`` yields (category, year, funder share) per booked journal share."""
    planned = planned_for_funder(plan, funder_id)
    spent: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for category, booking_year, share in actual:
        spent[(category, booking_year)] += share
    order = {c: i for i, c in enumerate(COST_CATEGORIES)}
    keys = sorted(set(planned) | set(spent), key=lambda k: (k[1], order.get(k[0], len(order)), k[0]))
    return [NumberLine(cat, yr, planned.get((cat, yr), ZERO), spent.get((cat, yr), ZERO))
            for cat, yr in keys if year is None or yr == year]


def receipt_list(plan: Plan, receipts: Iterable[Receipt]) -> list[Receipt]:
    """The Belegliste in the order of the plan's positions, then by date and receipt number."""
    order = plan.position_order()
    last = len(order)
    return sorted(receipts, key=lambda r: (order.get(r.position, last), r.position, r.booking_date,
                                           r.receipt_number, r.entry_id))
