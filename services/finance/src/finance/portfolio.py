"""The portfolio: money acquired (Drittmittel) against the city's co-financing burden per budget year, by field
of action, district and kind of funder. What it counts is written down in ``portfolio()`` and docs/screens.md."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, select

from finance.adapters.orm import funder, funding_plan, grant, grant_version, plan_source, plan_version, project
from finance.domain.funders import OWN_TYPES
from finance.domain.money import ZERO, from_cents, split_cents, to_cents

#: project stages (programmes' lifecycle) in which the city is committed to its co-financing share
COMMITTED_STAGES = ("approved", "running", "closing", "evaluated", "sustained", "ended")


def _committed(stage: str | None, granted: bool) -> bool:
    """Approved or later. "ended" counts only with a grant (ended without one: nothing was ever spent on it);
    a project the read model does not know yet counts once it has a grant (a Bewilligung proves approval)."""
    if stage is None:
        return granted
    if stage == "ended":
        return granted
    return stage in COMMITTED_STAGES


def _days_by_year(start: date, end: date) -> dict[int, int]:
    out = {}
    for year in range(start.year, end.year + 1):
        first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        out[year] = (last - first).days + 1
    return out


def _split_by_year(amount: Decimal, weights: dict[int, Decimal]) -> dict[int, Decimal]:
    cents = to_cents(amount)
    if cents == 0 or not weights:
        return {}
    keyed = {f"{y:04d}": w for y, w in weights.items()}  # split_cents breaks ties by key: the earlier year first
    return {int(k): from_cents(v) for k, v in split_cents(cents, keyed).items() if v}


def portfolio(conn) -> dict:
    """Money acquired vs the city's co-financing burden per budget year, by field of action and by district
    (programmes' read model; a project in two fields counts in both, without a field or district as "ohne").

    The rule (what a municipal finance department books):

    * **external** = money acquired: the granted amount of every grant (its current version, so an
      Änderungsbescheid replaces the amount and period) from a funder that is not the city itself (not
      ``OWN_TYPES``). A grant is spread over budget years like that funder's sources in the project's valid
      plan; without such sources, pro rata by the days of the grant period in each year. Plans alone, not yet
      granted, count nothing.
    * **municipal** = co-financing burden: the Kommune and Eigenmittel sources of the project's funding plan
      (one plan per project, current version) per year, only if that version is **valid** and the project is
      **approved or later** (``COMMITTED_STAGES``; "ended" only with a grant; idea, assessed, concept,
      application, rejected and withdrawn count nothing; a project not yet in the read model counts once it
      has a grant).

    ``by_funder_type`` splits the same amounts by the kind of funder (EU, Bund, Land, Stiftung, …; the municipal
    share by Kommune and Eigenmittel); ``totals`` are the sums over all years: ``totals.external`` is the
    "Drittmittel" figure, the sum of the current granted amounts from funders that are not the city."""
    projects = {r.id: r for r in conn.execute(select(project.c.id, project.c.stage, project.c.fields_of_action,
                                                     project.c.districts))}
    plan_heads = (select(funding_plan.c.id, funding_plan.c.project_id, funding_plan.c.created_at)
                  .join(plan_version, and_(plan_version.c.plan_id == funding_plan.c.id,
                                           plan_version.c.version == funding_plan.c.current_version))
                  .where(plan_version.c.valid.is_(True)))
    valid_plan: dict[str, str] = {}
    for r in conn.execute(plan_heads.order_by(funding_plan.c.created_at, funding_plan.c.id)):
        valid_plan.setdefault(r.project_id, r.id)  # one plan per project (save_plan refuses a second one)
    plan_ids = set(valid_plan.values())
    # per plan: {funder_id: {year: amount}} of the current (valid) version
    sources: dict[str, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(
        lambda: ZERO)))
    if plan_ids:
        rows = conn.execute(select(plan_source.c.plan_id, plan_source.c.funder_id, plan_source.c.year,
                                   plan_source.c.amount)
                            .join(funding_plan, and_(funding_plan.c.id == plan_source.c.plan_id,
                                                     funding_plan.c.current_version == plan_source.c.version))
                            .where(plan_source.c.plan_id.in_(plan_ids)))
        for r in rows:
            sources[r.plan_id][r.funder_id][r.year] += Decimal(r.amount)
    types = dict(conn.execute(select(funder.c.id, funder.c.type)).all())
    granted_projects: set[str] = set()
    amounts: list[tuple[str, int, str, Decimal, str]] = []  # (project, year, kind, amount, funder type)
    for g in conn.execute(select(grant.c.project_id, grant.c.funder_id, grant_version.c.amount,
                                 grant_version.c.period_start, grant_version.c.period_end)
                          .join(grant_version, and_(grant_version.c.grant_id == grant.c.id,
                                                    grant_version.c.version == grant.c.current_version))):
        granted_projects.add(g.project_id)
        if types.get(g.funder_id) in OWN_TYPES:
            continue
        plan_id = valid_plan.get(g.project_id)
        weights = {y: a for y, a in sources[plan_id][g.funder_id].items() if a > 0} if plan_id else {}
        if not weights:
            weights = {y: Decimal(d) for y, d in _days_by_year(g.period_start, g.period_end).items()}
        for year, amount in _split_by_year(Decimal(g.amount), weights).items():
            amounts.append((g.project_id, year, "external", amount, types.get(g.funder_id, "")))
    for project_id, plan_id in valid_plan.items():
        p = projects.get(project_id)
        if not _committed(p.stage if p else None, project_id in granted_projects):
            continue
        for funder_id, by_year in sources[plan_id].items():
            if types.get(funder_id) in OWN_TYPES:
                for year, amount in by_year.items():
                    amounts.append((project_id, year, "municipal", amount, types.get(funder_id, "")))
    years: dict[int, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    by_field: dict[tuple, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    by_district: dict[tuple, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    by_type: dict[tuple, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    for project_id, year, kind, amount, funder_type in amounts:
        years[year][kind] += amount
        by_type[(year, funder_type)][kind] += amount
        p = projects.get(project_id)
        for code in (p.fields_of_action if p and p.fields_of_action else ["ohne"]):
            by_field[(year, code)][kind] += amount
        for code in (p.districts if p and p.districts else ["ohne"]):
            by_district[(year, code)][kind] += amount

    def flat(groups, key):
        return [{"year": y, key: c, **v} for (y, c), v in sorted(groups.items())]

    return {"years": [{"year": y, **v} for y, v in sorted(years.items())],
            "by_field": flat(by_field, "field"), "by_district": flat(by_district, "district"),
            "by_funder_type": flat(by_type, "funder_type"),
            "totals": {"external": sum((v["external"] for v in years.values()), ZERO),
                       "municipal": sum((v["municipal"] for v in years.values()), ZERO)}}
