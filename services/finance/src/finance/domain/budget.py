"""Plan against actual (Soll-Ist-Vergleich) and the checks a booking gets before it is saved.

Standard library only (apart from ``Msg``). "Booked" is the journal net of stornos; a position's plan is its cost
lines of one budget year, because that is what the Kämmerei manages (Haushaltsjahr).

The rule a funder sets for overruns: ``position_overrun_tolerance`` (a fraction, "0.20" = 20 %). The bookings on a
plan position in a year may exceed its planned amount up to that share with a warning; beyond it, or where nothing
was planned that year, a booking that this funder co-finances is refused. Without the rule an overrun only warns.
A funder's share is never refused: the expense did happen and is booked; what a funder does not pay falls to the
city's own means, so the clerk is warned that the share is used up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from finance.domain.funders import Funder
from finance.domain.money import ZERO, euro, from_cents, percent, rate, split_cents, to_cents
from finance.domain.plans import Plan
from servicekit.web.i18n import Msg

#: drawdowns that count as drawn (abgerufen): sent to the funder or paid
DRAWN_STATUSES = ("submitted", "received")


@dataclass(frozen=True)
class Notice:
    """One finding about an expense before it is booked: ``problems`` are the sentences to show."""

    kind: str  # position | funder
    problems: tuple
    refused: bool = False
    funder_id: str | None = None


def _position_text(position: str, label: str) -> str:
    return f"{position} „{label}“" if label else position


def position_notice(plan: Plan, funders: Mapping[str, Funder], *, position: str, year: int, amount: Decimal,
                    booked: Decimal, payers: Iterable[str]) -> Notice | None:
    """``booked``: what is already booked on ``position`` in ``year``; ``payers``: the funders this expense is
    split over. None when the expense fits the plan."""
    lines = [c for c in plan.costs if c.position == position]
    planned = sum((c.amount for c in lines if c.year == year), ZERO)
    after = booked + amount
    if after <= planned:
        return None
    label = next((c.label for c in lines if c.label), "")
    text = _position_text(position, label)
    if planned > 0:
        over = after - planned
        problem = Msg("Position %(position)s ist im Jahr %(year)s mit %(planned)s geplant, gebucht sind %(booked)s; "
                      "mit dieser Ausgabe wären es %(after)s, %(over)s (%(rate)s) über dem Ansatz.",
                      position=text, year=year, planned=euro(planned), booked=euro(booked), after=euro(after),
                      over=euro(over), rate=percent(rate(over, planned)))
        share = over / planned
    else:
        problem = Msg("Für Position %(position)s ist im Jahr %(year)s nichts geplant; gebucht sind %(booked)s, mit "
                      "dieser Ausgabe wären es %(after)s.", position=text, year=year, booked=euro(booked),
                      after=euro(after))
        share = None
    strict = sorted((funders[f].rules.position_overrun_tolerance, funders[f].label, f) for f in set(payers)
                     if f in funders and funders[f].rules.position_overrun_tolerance is not None)
    if not strict:
        return Notice("position", (problem,))
    tolerance, name, funder_id = strict[0]
    if share is None or share > tolerance:
        return Notice("position", (problem, Msg("%(funder)s lässt höchstens %(max)s Überschreitung einer Position "
                                                "zu; so kann die Ausgabe nicht gebucht werden.", funder=name,
                                                max=percent(tolerance))), refused=True, funder_id=funder_id)
    return Notice("position", (problem, Msg("%(funder)s lässt bis zu %(max)s Überschreitung einer Position zu, "
                                            "soweit an anderer Stelle eingespart wird.", funder=name,
                                            max=percent(tolerance))), funder_id=funder_id)


def funder_notices(funders: Mapping[str, Funder], *, shares: Mapping[str, Decimal], booked: Mapping[str, Decimal],
                   granted: Mapping[str, Decimal], planned: Mapping[str, Decimal]) -> list[Notice]:
    """A warning per external funder whose share of this expense exceeds what is still open of its grant (or,
    without a grant, of its planned share)."""
    out = []
    for funder_id in sorted(shares):
        funder = funders.get(funder_id)
        if funder is None or funder.is_own:
            continue
        basis = granted.get(funder_id) or planned.get(funder_id, ZERO)
        used = booked.get(funder_id, ZERO)
        open_ = basis - used
        share = shares[funder_id]
        if share <= open_:
            continue
        kind = Msg("bewilligt") if granted.get(funder_id) else Msg("geplant")
        out.append(Notice("funder", (Msg("%(funder)s: vom Anteil (%(basis)s %(kind)s) sind %(used)s gebucht, offen "
                                         "%(open)s; der Anteil dieser Ausgabe (%(share)s) übersteigt ihn um "
                                         "%(over)s. Den Mehrbetrag trägt die Stadt, wenn nichts nachbewilligt wird.",
                                         funder=funder.label, basis=euro(basis), kind=kind, used=euro(used),
                                         open=euro(max(open_, ZERO)), share=euro(share),
                                         over=euro(share - max(open_, ZERO))),), funder_id=funder_id))
    return out


# -- plan against actual --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Booking:
    position: str
    category: str
    year: int
    amount: Decimal


@dataclass(frozen=True)
class Grant:
    funder_id: str
    amount: Decimal
    period_start: date
    period_end: date


@dataclass(frozen=True)
class Drawdown:
    funder_id: str
    amount: Decimal
    year: int
    status: str


@dataclass
class Figures:
    planned: Decimal = ZERO
    granted: Decimal = ZERO
    booked: Decimal = ZERO
    drawn: Decimal = ZERO


@dataclass
class PositionLine:
    position: str
    label: str
    category: str
    year: int
    planned: Decimal = ZERO
    booked: Decimal = ZERO

    @property
    def rest(self) -> Decimal:
        return self.planned - self.booked

    @property
    def used(self) -> Decimal | None:
        return None if not self.planned else self.booked / self.planned

    @property
    def over(self) -> bool:
        return self.booked > self.planned


@dataclass
class FunderLine(Figures):
    funder_id: str = ""
    own: bool = False

    @property
    def basis(self) -> Decimal:
        """What the funder has committed: its grants, or without one its planned share."""
        return self.granted or self.planned

    @property
    def open(self) -> Decimal:
        return self.basis - self.booked

    @property
    def open_share(self) -> Decimal | None:
        return None if not self.basis else self.open / self.basis


@dataclass
class Comparison:
    positions: list[PositionLine] = field(default_factory=list)
    funders: list[FunderLine] = field(default_factory=list)
    years: dict[int, Figures] = field(default_factory=dict)
    total: Figures = field(default_factory=Figures)


def _days_by_year(start: date, end: date) -> dict[int, Decimal]:
    return {y: Decimal((min(end, date(y, 12, 31)) - max(start, date(y, 1, 1))).days + 1)
            for y in range(start.year, end.year + 1)}


def grant_by_year(plan: Plan, g: Grant) -> dict[int, Decimal]:
    """A grant over budget years like its funder's sources in the plan; without such sources pro rata by days."""
    weights = {s.year: ZERO for s in plan.sources if s.funder_id == g.funder_id}
    for s in plan.sources:
        if s.funder_id == g.funder_id:
            weights[s.year] += s.amount
    weights = {y: w for y, w in weights.items() if w > 0} or _days_by_year(g.period_start, g.period_end)
    cents = to_cents(g.amount)
    if not cents or not weights:
        return {}
    parts = split_cents(cents, {f"{y:04d}": w for y, w in weights.items()})
    return {int(k): from_cents(v) for k, v in parts.items() if v}


def compare(plan: Plan, funders: Mapping[str, Funder], bookings: Iterable[Booking],
            shares: Iterable[tuple[str, Decimal]], grants: Iterable[Grant],
            drawdowns: Iterable[Drawdown]) -> Comparison:
    """Planned, granted, booked and drawn per position (and year), per funder and per year."""
    bookings, grants, drawdowns = list(bookings), list(grants), list(drawdowns)
    out = Comparison()
    lines: dict[tuple[str, int], PositionLine] = {}
    labels: dict[str, tuple[str, str]] = {}
    for c in plan.costs:
        labels.setdefault(c.position, (c.label, c.category))
        line = lines.setdefault((c.position, c.year), PositionLine(c.position, c.label, c.category, c.year))
        line.planned += c.amount
    for b in bookings:
        label, category = labels.get(b.position, ("", b.category))
        line = lines.setdefault((b.position, b.year), PositionLine(b.position, label, category, b.year))
        line.booked += b.amount
    order = plan.position_order()
    out.positions = sorted(lines.values(), key=lambda x: (order.get(x.position, len(order)), x.position, x.year))

    by_funder: dict[str, FunderLine] = {}

    def funder_line(funder_id: str) -> FunderLine:
        if funder_id not in by_funder:
            known = funders.get(funder_id)
            by_funder[funder_id] = FunderLine(funder_id=funder_id, own=bool(known and known.is_own))
        return by_funder[funder_id]

    years: dict[int, Figures] = defaultdict(Figures)
    for s in plan.sources:
        funder_line(s.funder_id).planned += s.amount
    for c in plan.costs:
        years[c.year].planned += c.amount
    for funder_id, amount in shares:
        funder_line(funder_id).booked += amount
    for b in bookings:
        years[b.year].booked += b.amount
    for g in grants:
        funder_line(g.funder_id).granted += g.amount
        for year, amount in grant_by_year(plan, g).items():
            years[year].granted += amount
    for d in drawdowns:
        if d.status in DRAWN_STATUSES:
            funder_line(d.funder_id).drawn += d.amount
            years[d.year].drawn += d.amount
    first = plan.by_funder()
    out.funders = sorted(by_funder.values(), key=lambda f: (f.own, -f.basis, f.funder_id not in first, f.funder_id))
    out.years = dict(sorted(years.items()))
    out.total = Figures(planned=plan.total_costs, granted=sum((f.granted for f in out.funders), ZERO),
                        booked=sum((b.amount for b in bookings), ZERO),
                        drawn=sum((f.drawn for f in out.funders), ZERO))
    return out
