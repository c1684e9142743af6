"""Funding plans (Finanzierungspläne) and the validation engine that explains every failure in German.

A plan lists costs by position, category and year, and the sources that cover them by funder and year
(optionally tied to one cost position). ``validate`` checks every rule and returns all failures; the order of
lines never changes the result."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from finance.domain.funders import CATEGORY_NAMES, Funder
from finance.domain.money import ZERO, euro, percent, rate

RULE_ORDER = ("amount", "unknown_funder", "balance", "rate", "joint_rate", "eligible", "overhead", "own_share",
              "cofinancing", "combination", "subsidiarity", "double_funding", "taper")
RULE_NAMES = {
    "amount": "Beträge", "unknown_funder": "Fördermittelgeber", "balance": "Ausgeglichenheit",
    "rate": "Förderquote", "joint_rate": "Gemeinsame Förderquote", "eligible": "Förderfähigkeit",
    "overhead": "Verwaltungspauschale", "own_share": "Eigenanteil", "cofinancing": "Kofinanzierung",
    "combination": "Kombinierbarkeit", "subsidiarity": "Nachrangigkeit", "double_funding": "Doppelförderung",
    "taper": "Anschubfinanzierung",
}


@dataclass(frozen=True)
class CostLine:
    position: str
    category: str
    year: int
    amount: Decimal
    label: str = ""


@dataclass(frozen=True)
class SourceLine:
    funder_id: str
    year: int
    amount: Decimal
    position: str | None = None


@dataclass(frozen=True)
class Plan:
    costs: tuple[CostLine, ...]
    sources: tuple[SourceLine, ...]
    own_means_available: Decimal = ZERO

    @property
    def total_costs(self) -> Decimal:
        return sum((c.amount for c in self.costs), ZERO)

    @property
    def total_sources(self) -> Decimal:
        return sum((s.amount for s in self.sources), ZERO)

    def years(self) -> list[int]:
        return sorted({c.year for c in self.costs} | {s.year for s in self.sources})

    def by_funder(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for s in self.sources:
            out[s.funder_id] += s.amount
        return dict(out)

    def shares(self, year: int | None = None) -> dict[str, Decimal]:
        """Weights for splitting an expense: each funder's sources in ``year`` (all years if none that year)."""
        lines = [s for s in self.sources if s.year == year] if year is not None else []
        if not any(s.amount > 0 for s in lines):
            lines = list(self.sources)
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for s in lines:
            out[s.funder_id] += s.amount
        return {k: v for k, v in out.items() if v > 0}

    def shares_for(self, year: int, position: str) -> dict[str, Decimal]:
        """Weights for an expense on ``position`` in ``year``: sources tied to that position first; what they
        leave of the position's planned cost is shared by the untied sources of that year."""
        tied_lines = [s for s in self.sources if s.position == position and s.year == year] or \
            [s for s in self.sources if s.position == position]
        if not tied_lines:
            untied = [s for s in self.sources if s.position is None and s.year == year and s.amount > 0]
            if not untied or len(untied) == len([s for s in self.sources if s.year == year]):
                return self.shares(year)
            weights: dict[str, Decimal] = defaultdict(lambda: ZERO)
            for s in untied:  # money tied to other positions does not pay for this one
                weights[s.funder_id] += s.amount
            return dict(weights)
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for s in tied_lines:
            out[s.funder_id] += s.amount
        planned = sum((c.amount for c in self.costs if c.position == position and c.year == year), ZERO)
        rest = planned - sum(out.values(), ZERO)
        untied = [s for s in self.sources if s.position is None and s.year == year]
        untied_total = sum((s.amount for s in untied), ZERO)
        if rest > 0 and untied_total > 0:
            for s in untied:
                out[s.funder_id] += rest * s.amount / untied_total
        return {k: v for k, v in out.items() if v > 0}

    def position_order(self) -> dict[str, int]:
        order: dict[str, int] = {}
        for c in self.costs:
            order.setdefault(c.position, len(order))
        return order


@dataclass(frozen=True, order=True)
class Failure:
    rule: str
    message: str
    funder_id: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        return {"rule": self.rule, "rule_name": RULE_NAMES[self.rule], "message": self.message,
                "funder_id": self.funder_id}


@dataclass(frozen=True)
class Summary:
    total_costs: Decimal
    total_sources: Decimal
    external_funds: Decimal
    municipal_share: Decimal


def summarise(plan: Plan, funders: Mapping[str, Funder]) -> Summary:
    external = own = ZERO
    for funder_id, amount in plan.by_funder().items():
        funder = funders.get(funder_id)
        if funder is None:
            continue
        if funder.is_own:
            own += amount
        else:
            external += amount
    return Summary(plan.total_costs, plan.total_sources, external, own)


def validate(plan: Plan, funders: Mapping[str, Funder]) -> list[Failure]:
    failures: list[Failure] = []
    add = failures.append
    for c in plan.costs:
        if c.amount <= 0:
            add(Failure("amount", f"Position {c.position} ({c.year}): Ausgaben müssen größer als 0 € sein."))
    for s in plan.sources:
        if s.amount <= 0:
            add(Failure("amount", f"Finanzierung durch {s.funder_id} ({s.year}) muss größer als 0 € sein.",
                        s.funder_id))
    unknown = sorted({s.funder_id for s in plan.sources if s.funder_id not in funders})
    for funder_id in unknown:
        add(Failure("unknown_funder", f"Den Fördermittelgeber „{funder_id}“ gibt es nicht.", funder_id))
    known = {k: v for k, v in plan.by_funder().items() if k in funders}
    total = plan.total_costs
    _balance(plan, add)
    _rates(plan, funders, known, total, add)
    _own_and_cofinancing(funders, known, total, add)
    _combination(funders, known, add)
    _subsidiarity(plan, funders, known, add)
    _double_funding(plan, funders, add)
    _taper(plan, funders, add)
    return sorted(failures, key=lambda f: (RULE_ORDER.index(f.rule), f.funder_id or "", f.message))


def _balance(plan: Plan, add) -> None:
    costs, sources = plan.total_costs, plan.total_sources
    if costs != sources:
        add(Failure("balance", f"Der Plan ist nicht ausgeglichen: Ausgaben {euro(costs)}, Finanzierung "
                               f"{euro(sources)} (Differenz {euro(sources - costs)})."))
        return
    for year in plan.years():
        c = sum((x.amount for x in plan.costs if x.year == year), ZERO)
        s = sum((x.amount for x in plan.sources if x.year == year), ZERO)
        if c != s:
            add(Failure("balance", f"Im Jahr {year} stehen Ausgaben von {euro(c)} einer Finanzierung von "
                                   f"{euro(s)} gegenüber (Differenz {euro(s - c)})."))


def _eligible_base(plan: Plan, funder: Funder) -> Decimal:
    return sum((c.amount for c in plan.costs if c.category in funder.rules.eligible_categories), ZERO)


def _rates(plan: Plan, funders, known, total, add) -> None:
    groups: dict[str, list[Funder]] = defaultdict(list)
    positions = {c.position: c for c in plan.costs}
    for funder_id, amount in sorted(known.items()):
        funder = funders[funder_id]
        rules = funder.rules
        base = _eligible_base(plan, funder)
        if rules.max_rate is not None and amount > base * rules.max_rate:
            add(Failure("rate", f"{funder.label} finanziert {percent(rate(amount, base))} der förderfähigen "
                                f"Ausgaben ({euro(amount)} von {euro(base)}); erlaubt sind höchstens "
                                f"{percent(rules.max_rate)}.", funder_id))
        elif amount > base:
            add(Failure("eligible", f"{funder.label} trägt {euro(amount)}, förderfähig sind bei diesem Geber nur "
                                    f"{euro(base)}.", funder_id))
        for s in plan.sources:
            if s.funder_id != funder_id or s.position is None:
                continue
            cost = positions.get(s.position)
            if cost is None:
                add(Failure("eligible", f"{funder.label}: Die Position „{s.position}“ steht nicht im Plan.",
                            funder_id))
            elif cost.category not in rules.eligible_categories:
                add(Failure("eligible", f"{funder.label} fördert keine {CATEGORY_NAMES[cost.category]} "
                                        f"(Position {cost.position}).", funder_id))
        if rules.overhead_rate is not None:
            overhead = sum((c.amount for c in plan.costs if c.category == "overhead"), ZERO)
            direct = total - overhead
            if overhead > direct * rules.overhead_rate:
                add(Failure("overhead", f"{funder.label} erlaubt eine Verwaltungspauschale von höchstens "
                                        f"{percent(rules.overhead_rate)} der direkten Ausgaben; geplant sind "
                                        f"{percent(rate(overhead, direct))}.", funder_id))
        if rules.joint_group and rules.joint_max_rate is not None:
            groups[rules.joint_group].append(funder)
    for members in groups.values():
        if len(members) < 2:
            continue
        joint = sum((known[m.id] for m in members), ZERO)
        limit = min(m.rules.joint_max_rate for m in members)
        if joint > total * limit:
            names = " und ".join(m.label for m in sorted(members, key=lambda m: m.id))
            add(Failure("joint_rate", f"{names} finanzieren zusammen {percent(rate(joint, total))} der Ausgaben; "
                                      f"erlaubt sind zusammen höchstens {percent(limit)}.", members[0].id))


def _own_and_cofinancing(funders, known, total, add) -> None:
    own = sum((a for f, a in known.items() if funders[f].is_own), ZERO)
    national = sum((a for f, a in known.items() if funders[f].is_national_public), ZERO)
    for funder_id in sorted(known):
        funder = funders[funder_id]
        rules = funder.rules
        if rules.min_own_share is not None and own < total * rules.min_own_share:
            add(Failure("own_share", f"{funder.label} verlangt einen Eigenanteil von mindestens "
                                     f"{percent(rules.min_own_share)}; geplant sind {percent(rate(own, total))} "
                                     f"({euro(own)}).", funder_id))
        if rules.cofinancing_min_public is not None and national < total * rules.cofinancing_min_public:
            add(Failure("cofinancing", f"{funder.label} verlangt mindestens {percent(rules.cofinancing_min_public)} "
                                       f"nationale öffentliche Kofinanzierung; geplant sind "
                                       f"{percent(rate(national, total))} ({euro(national)}).", funder_id))


def _combination(funders, known, add) -> None:
    seen = set()
    for funder_id in sorted(known):
        for other in funders[funder_id].rules.excluded_funders:
            pair = tuple(sorted((funder_id, other)))
            if other in known and pair not in seen:
                seen.add(pair)
                add(Failure("combination", f"{funders[funder_id].label} darf nicht mit {funders[other].label} "
                                           f"kombiniert werden.", funder_id))


def _subsidiarity(plan: Plan, funders, known, add) -> None:
    """Public money only for what own and private means cannot cover (Nachrangigkeit)."""
    public = sum((a for f, a in known.items() if funders[f].public and not funders[f].is_own), ZERO)
    own_private = sum((a for f, a in known.items() if funders[f].is_own or not funders[f].public), ZERO)
    available = min(plan.own_means_available, plan.total_costs)
    if public > 0 and own_private < available:
        add(Failure("subsidiarity", f"Nachrangigkeit: Es stehen {euro(available)} Eigen- und Drittmittel zur "
                                    f"Verfügung, eingeplant sind nur {euro(own_private)}. Öffentliche Mittel "
                                    f"({euro(public)}) dürfen nur den danach verbleibenden Bedarf decken."))


def _double_funding(plan: Plan, funders, add) -> None:
    by_position: dict[str, list[SourceLine]] = defaultdict(list)
    for s in plan.sources:
        if s.position is not None:
            by_position[s.position].append(s)
    costs: dict[str, Decimal] = defaultdict(lambda: ZERO)
    labels: dict[str, str] = {}
    for c in plan.costs:
        costs[c.position] += c.amount
        labels.setdefault(c.position, c.label)
    for position in sorted(by_position):
        lines = by_position[position]
        funded = sum((s.amount for s in lines), ZERO)
        if position in costs and funded > costs[position]:
            names = ", ".join(sorted({funders[s.funder_id].label if s.funder_id in funders else s.funder_id
                                      for s in lines}))
            label = f" „{labels[position]}“" if labels.get(position) else ""
            add(Failure("double_funding", f"Doppelförderung: Position {position}{label} kostet "
                                          f"{euro(costs[position])}, ist aber mit {euro(funded)} finanziert "
                                          f"({names})."))


def _taper(plan: Plan, funders, add) -> None:
    years = sorted({c.year for c in plan.costs})
    for funder_id in sorted({s.funder_id for s in plan.sources}):
        funder = funders.get(funder_id)
        if funder is None or not funder.rules.taper:
            continue
        taper = funder.rules.taper
        for index, year in enumerate(years):
            limit = taper[min(index, len(taper) - 1)]
            cost = sum((c.amount for c in plan.costs if c.year == year), ZERO)
            share = sum((s.amount for s in plan.sources if s.funder_id == funder_id and s.year == year), ZERO)
            if share > cost * limit:
                add(Failure("taper", f"Anschubfinanzierung: {funder.label} trägt im {index + 1}. Jahr ({year}) "
                                     f"höchstens {percent(limit)} der Ausgaben; geplant sind "
                                     f"{percent(rate(share, cost))}.", funder_id))
