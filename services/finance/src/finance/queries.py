"""Read side: lists, details, the portfolio and the audit trail."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select

from finance.adapters.orm import (
    action_fund,
    action_fund_booking,
    action_fund_refusal,
    drawdown,
    funder,
    funder_rules,
    funding_plan,
    grant,
    grant_version,
    journal_entry,
    journal_share,
    plan_cost,
    plan_source,
    plan_version,
    project,
)
from finance.domain.funders import OWN_TYPES
from finance.domain.money import ZERO, from_cents, split_cents, to_cents
from finance.service_layer.common import funder_row, load_plan, plan_row
from finance.service_layer.grants import grant_with_version
from servicekit.db.audit import audit_trail
from servicekit.db.search import matches
from servicekit.web.i18n import Msg


def funders(conn) -> list[dict]:
    stmt = select(funder, funder_rules.c.rules).join(
        funder_rules, and_(funder_rules.c.funder_id == funder.c.id, funder_rules.c.version == funder.c.rules_version)
    ).order_by(funder.c.name)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def funder_detail(conn, funder_id: str) -> dict:
    row = funder_row(conn, funder_id)
    versions = conn.execute(select(funder_rules).where(funder_rules.c.funder_id == funder_id)
                            .order_by(funder_rules.c.version.desc())).mappings().all()
    return {**row, "rules": versions[0]["rules"], "rule_versions": [dict(v) for v in versions]}


def plans(conn, project_id: str | None = None) -> list[dict]:
    stmt = (select(funding_plan, plan_version.c.valid, plan_version.c.total_costs, plan_version.c.external_funds,
                   plan_version.c.municipal_share, project.c.title.label("project_title"))
            .join(plan_version, and_(plan_version.c.plan_id == funding_plan.c.id,
                                     plan_version.c.version == funding_plan.c.current_version))
            .outerjoin(project, project.c.id == funding_plan.c.project_id)
            .order_by(funding_plan.c.created_at.desc(), funding_plan.c.id))
    if project_id:
        stmt = stmt.where(funding_plan.c.project_id == project_id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def plan_detail(conn, plan_id: str, version: int | None = None) -> dict:
    meta, plan = load_plan(conn, plan_id, version)
    versions = conn.execute(select(plan_version.c.version, plan_version.c.valid, plan_version.c.total_costs,
                                   plan_version.c.created_by, plan_version.c.created_at, plan_version.c.note)
                            .where(plan_version.c.plan_id == plan_id).order_by(plan_version.c.version.desc())
                            ).mappings().all()
    costs = conn.execute(select(plan_cost).where(plan_cost.c.plan_id == plan_id,
                                                 plan_cost.c.version == meta["version"]).order_by(plan_cost.c.seq))
    sources = conn.execute(select(plan_source).where(plan_source.c.plan_id == plan_id,
                                                     plan_source.c.version == meta["version"])
                           .order_by(plan_source.c.seq))
    return {**meta, "id": plan_id, "costs": [dict(c) for c in costs.mappings()],
            "sources": [dict(s) for s in sources.mappings()], "versions": [dict(v) for v in versions],
            "plan": plan}


def grants(conn, project_id: str | None = None) -> list[dict]:
    stmt = (select(grant, grant_version.c.amount, grant_version.c.period_start, grant_version.c.period_end,
                   grant_version.c.reference, grant_version.c.version, funder.c.name.label("funder_name"))
            .join(grant_version, and_(grant_version.c.grant_id == grant.c.id,
                                      grant_version.c.version == grant.c.current_version))
            .join(funder, funder.c.id == grant.c.funder_id).order_by(grant_version.c.period_end, grant.c.id))
    if project_id:
        stmt = stmt.where(grant.c.project_id == project_id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def grant_detail(conn, grant_id: str) -> dict:
    current = grant_with_version(conn, grant_id)
    versions = conn.execute(select(grant_version).where(grant_version.c.grant_id == grant_id)
                            .order_by(grant_version.c.version.desc())).mappings().all()
    return {**current, "versions": [dict(v) for v in versions]}


def journal(conn, *, project_id=None, category=None, funder_id=None, date_from: date | None = None,
            date_to: date | None = None, q: str | None = None, offset: int = 0, limit: int = 50) -> tuple[int, list]:
    stmt = select(journal_entry)
    if project_id:
        stmt = stmt.where(journal_entry.c.project_id == project_id)
    if category:
        stmt = stmt.where(journal_entry.c.category == category)
    if date_from:
        stmt = stmt.where(journal_entry.c.booking_date >= date_from)
    if date_to:
        stmt = stmt.where(journal_entry.c.booking_date <= date_to)
    if q:
        stmt = stmt.where(matches(q, journal_entry.c.receipt_number, journal_entry.c.payee, journal_entry.c.purpose))
    if funder_id:
        stmt = stmt.where(journal_entry.c.id.in_(select(journal_share.c.entry_id)
                                                 .where(journal_share.c.funder_id == funder_id)))
    total = conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    if offset >= total:  # also keeps absurd page numbers away from the database's integer range
        return total, []
    rows = conn.execute(stmt.order_by(journal_entry.c.booked_at.desc(), journal_entry.c.id)
                        .offset(offset).limit(limit)).mappings().all()
    ids = [r["id"] for r in rows]
    shares: dict[str, dict] = defaultdict(dict)
    if ids:
        for s in conn.execute(select(journal_share).where(journal_share.c.entry_id.in_(ids))).mappings():
            shares[s["entry_id"]][s["funder_id"]] = s["amount"]
    reversed_ids = set(conn.execute(select(journal_entry.c.reverses).where(journal_entry.c.reverses.in_(ids)))
                       .scalars()) if ids else set()
    return total, [{**dict(r), "shares": shares[r["id"]], "reversed": r["id"] in reversed_ids} for r in rows]


def drawdowns(conn, status: str | None = None) -> list[dict]:
    stmt = (select(drawdown, funder.c.name.label("funder_name")).join(funder, funder.c.id == drawdown.c.funder_id)
            .order_by(drawdown.c.created_at.desc(), drawdown.c.id))
    if status:
        stmt = stmt.where(drawdown.c.status == status)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def action_funds(conn) -> list[dict]:
    booked = (select(action_fund_booking.c.fund_id, func.sum(action_fund_booking.c.amount).label("booked"))
              .group_by(action_fund_booking.c.fund_id).subquery())
    rows = conn.execute(select(action_fund, booked.c.booked).outerjoin(booked, booked.c.fund_id == action_fund.c.id)
                        .order_by(action_fund.c.year.desc(), action_fund.c.id)).mappings().all()
    out = []
    for r in rows:
        used = Decimal(r["booked"] or 0)
        out.append({**dict(r), "booked": used, "remaining": Decimal(r["budget"]) - used})
    return out


def action_fund_detail(conn, fund_id: str) -> dict:
    funds = [f for f in action_funds(conn) if f["id"] == fund_id]
    if not funds:
        from finance.domain.errors import NotFound

        raise NotFound(Msg("Den Aktionsfonds „%(id)s“ gibt es nicht.", id=fund_id))
    bookings = conn.execute(select(action_fund_booking).where(action_fund_booking.c.fund_id == fund_id)
                            .order_by(action_fund_booking.c.booked_at)).mappings().all()
    refusals = conn.execute(select(action_fund_refusal).where(action_fund_refusal.c.fund_id == fund_id)
                            .order_by(action_fund_refusal.c.at)).mappings().all()
    return {**funds[0], "bookings": [dict(b) for b in bookings], "refusals": [dict(r) for r in refusals]}


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
      has a grant)."""
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
    amounts: list[tuple[str, int, str, Decimal]] = []  # (project, year, kind, amount)
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
            amounts.append((g.project_id, year, "external", amount))
    for project_id, plan_id in valid_plan.items():
        p = projects.get(project_id)
        if not _committed(p.stage if p else None, project_id in granted_projects):
            continue
        for funder_id, by_year in sources[plan_id].items():
            if types.get(funder_id) in OWN_TYPES:
                for year, amount in by_year.items():
                    amounts.append((project_id, year, "municipal", amount))
    years: dict[int, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    by_field: dict[tuple, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    by_district: dict[tuple, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    for project_id, year, kind, amount in amounts:
        years[year][kind] += amount
        p = projects.get(project_id)
        for code in (p.fields_of_action if p and p.fields_of_action else ["ohne"]):
            by_field[(year, code)][kind] += amount
        for code in (p.districts if p and p.districts else ["ohne"]):
            by_district[(year, code)][kind] += amount

    def flat(groups, key):
        return [{"year": y, key: c, **v} for (y, c), v in sorted(groups.items())]

    return {"years": [{"year": y, **v} for y, v in sorted(years.items())],
            "by_field": flat(by_field, "field"), "by_district": flat(by_district, "district")}


def projects(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(select(project).order_by(project.c.title)).mappings()]


def audit(session, metadata, entity: str, entity_id: str) -> list[dict]:
    return audit_trail(session, metadata, entity, entity_id)


def plan_exists(conn, plan_id: str) -> dict:
    return plan_row(conn, plan_id)
