"""Funding plans (Finanzierungspläne) and the validation engine that explains every failure in German (as ``Msg``,
so the department UI can show the explanation in English).

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
from finance.i18n import to_json
from servicekit.web.i18n import Msg

RULE_ORDER = ("amount", "unknown_funder", "balance", "rate", "joint_rate", "eligible", "overhead", "own_share",
              "cofinancing", "combination", "subsidiarity", "double_funding", "taper")
RULE_NAMES = {
    "amount": Msg("Beträge"), "unknown_funder": Msg("Fördermittelgeber"), "balance": Msg("Ausgeglichenheit"),
    "rate": Msg("Förderquote"), "joint_rate": Msg("Gemeinsame Förderquote"), "eligible": Msg("Förderfähigkeit"),
    "overhead": Msg("Verwaltungspauschale"), "own_share": Msg("Eigenanteil"), "cofinancing": Msg("Kofinanzierung"),
    "combination": Msg("Kombinierbarkeit"), "subsidiarity": Msg("Nachrangigkeit"),
    "double_funding": Msg("Doppelförderung"), "taper": Msg("Anschubfinanzierung"),
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
        """The German explanation, plus its template and values (``to_json``) so that a stored failure can still
        be shown in English; the API and the events carry only rule, rule_name, message and funder_id."""
        return {"rule": self.rule, "rule_name": RULE_NAMES[self.rule], "message": self.message,
                "funder_id": self.funder_id, **(to_json(self.message) or {})}


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
            add(Failure("amount", Msg("Position %(position)s (%(year)s): Ausgaben müssen größer als 0 € sein.",
                                      position=c.position, year=c.year)))
    for s in plan.sources:
        if s.amount <= 0:
            add(Failure("amount", Msg("Finanzierung durch %(funder)s (%(year)s) muss größer als 0 € sein.",
                                      funder=s.funder_id, year=s.year), s.funder_id))
    unknown = sorted({s.funder_id for s in plan.sources if s.funder_id not in funders})
    for funder_id in unknown:
        add(Failure("unknown_funder", Msg("Den Fördermittelgeber „%(id)s“ gibt es nicht.", id=funder_id),
                    funder_id))
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
        add(Failure("balance", Msg("Der Plan ist nicht ausgeglichen: Ausgaben %(costs)s, Finanzierung %(sources)s "
                                   "(Differenz %(difference)s).", costs=euro(costs), sources=euro(sources),
                                   difference=euro(sources - costs))))
        return
    for year in plan.years():
        c = sum((x.amount for x in plan.costs if x.year == year), ZERO)
        s = sum((x.amount for x in plan.sources if x.year == year), ZERO)
        if c != s:
            add(Failure("balance", Msg("Im Jahr %(year)s stehen Ausgaben von %(costs)s einer Finanzierung von "
                                       "%(sources)s gegenüber (Differenz %(difference)s).", year=year,
                                       costs=euro(c), sources=euro(s), difference=euro(s - c))))


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
            add(Failure("rate", Msg("%(funder)s finanziert %(rate)s der förderfähigen Ausgaben (%(amount)s von "
                                    "%(base)s); erlaubt sind höchstens %(max)s.", funder=funder.label,
                                    rate=percent(rate(amount, base)), amount=euro(amount), base=euro(base),
                                    max=percent(rules.max_rate)), funder_id))
        elif amount > base:
            add(Failure("eligible", Msg("%(funder)s trägt %(amount)s, förderfähig sind bei diesem Geber nur "
                                        "%(base)s.", funder=funder.label, amount=euro(amount), base=euro(base)),
                        funder_id))
        for s in plan.sources:
            if s.funder_id != funder_id or s.position is None:
                continue
            cost = positions.get(s.position)
            if cost is None:
                add(Failure("eligible", Msg("%(funder)s: Die Position „%(position)s“ steht nicht im Plan.",
                                            funder=funder.label, position=s.position), funder_id))
            elif cost.category not in rules.eligible_categories:
                add(Failure("eligible", Msg("%(funder)s fördert keine %(category)s (Position %(position)s).",
                                            funder=funder.label, category=CATEGORY_NAMES[cost.category],
                                            position=cost.position), funder_id))
        if rules.overhead_rate is not None:
            overhead = sum((c.amount for c in plan.costs if c.category == "overhead"), ZERO)
            direct = total - overhead
            if overhead > direct * rules.overhead_rate:
                add(Failure("overhead", Msg("%(funder)s erlaubt eine Verwaltungspauschale von höchstens %(max)s "
                                            "der direkten Ausgaben; geplant sind %(rate)s.", funder=funder.label,
                                            max=percent(rules.overhead_rate), rate=percent(rate(overhead, direct))),
                            funder_id))
        if rules.joint_group and rules.joint_max_rate is not None:
            groups[rules.joint_group].append(funder)
    for members in groups.values():
        if len(members) < 2:
            continue
        joint = sum((known[m.id] for m in members), ZERO)
        limit = min(m.rules.joint_max_rate for m in members)
        if joint > total * limit:
            first, *others = [m.label for m in sorted(members, key=lambda m: m.id)]
            names = first
            for label in others:
                names = Msg("%(first)s und %(next)s", first=names, next=label)
            add(Failure("joint_rate", Msg("%(funders)s finanzieren zusammen %(rate)s der Ausgaben; erlaubt sind "
                                          "zusammen höchstens %(max)s.", funders=names,
                                          rate=percent(rate(joint, total)), max=percent(limit)), members[0].id))


def _own_and_cofinancing(funders, known, total, add) -> None:
    own = sum((a for f, a in known.items() if funders[f].is_own), ZERO)
    national = sum((a for f, a in known.items() if funders[f].is_national_public), ZERO)
    for funder_id in sorted(known):
        funder = funders[funder_id]
        rules = funder.rules
        if rules.min_own_share is not None and own < total * rules.min_own_share:
            add(Failure("own_share", Msg("%(funder)s verlangt einen Eigenanteil von mindestens %(min)s; geplant "
                                         "sind %(rate)s (%(amount)s).", funder=funder.label,
                                         min=percent(rules.min_own_share), rate=percent(rate(own, total)),
                                         amount=euro(own)), funder_id))
        if rules.cofinancing_min_public is not None and national < total * rules.cofinancing_min_public:
            add(Failure("cofinancing", Msg("%(funder)s verlangt mindestens %(min)s nationale öffentliche "
                                           "Kofinanzierung; geplant sind %(rate)s (%(amount)s).",
                                           funder=funder.label, min=percent(rules.cofinancing_min_public),
                                           rate=percent(rate(national, total)), amount=euro(national)), funder_id))


def _combination(funders, known, add) -> None:
    seen = set()
    for funder_id in sorted(known):
        for other in funders[funder_id].rules.excluded_funders:
            pair = tuple(sorted((funder_id, other)))
            if other in known and pair not in seen:
                seen.add(pair)
                add(Failure("combination", Msg("%(funder)s darf nicht mit %(other)s kombiniert werden.",
                                               funder=funders[funder_id].label, other=funders[other].label),
                            funder_id))


def _subsidiarity(plan: Plan, funders, known, add) -> None:
    """Public money only for what own and private means cannot cover (Nachrangigkeit)."""
    public = sum((a for f, a in known.items() if funders[f].public and not funders[f].is_own), ZERO)
    own_private = sum((a for f, a in known.items() if funders[f].is_own or not funders[f].public), ZERO)
    available = min(plan.own_means_available, plan.total_costs)
    if public > 0 and own_private < available:
        add(Failure("subsidiarity", Msg("Nachrangigkeit: Es stehen %(available)s Eigen- und Drittmittel zur "
                                        "Verfügung, eingeplant sind nur %(planned)s. Öffentliche Mittel "
                                        "(%(public)s) dürfen nur den danach verbleibenden Bedarf decken.",
                                        available=euro(available), planned=euro(own_private), public=euro(public))))


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
            values = {"position": position, "label": labels.get(position), "cost": euro(costs[position]),
                      "funded": euro(funded), "funders": names}
            if values["label"]:
                add(Failure("double_funding", Msg("Doppelförderung: Position %(position)s „%(label)s“ kostet "
                                                  "%(cost)s, ist aber mit %(funded)s finanziert (%(funders)s).",
                                                  **values)))
            else:
                del values["label"]
                add(Failure("double_funding", Msg("Doppelförderung: Position %(position)s kostet %(cost)s, ist aber "
                                                  "mit %(funded)s finanziert (%(funders)s).", **values)))


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
                add(Failure("taper", Msg("Anschubfinanzierung: %(funder)s trägt im %(n)s. Jahr (%(year)s) höchstens "
                                         "%(max)s der Ausgaben; geplant sind %(rate)s.", funder=funder.label,
                                         n=index + 1, year=year, max=percent(limit), rate=percent(rate(share, cost))),
                            funder_id))
