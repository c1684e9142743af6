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
from finance.domain.money import ZERO
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


def portfolio(conn) -> dict:
    """External funds vs municipal co-financing per budget year, by field of action and by district (from the
    current plan versions and programmes' read model). A project in two fields counts in both."""
    stmt = (select(funding_plan.c.project_id, plan_source.c.year, plan_source.c.amount, funder.c.type)
            .join(plan_source, and_(plan_source.c.plan_id == funding_plan.c.id,
                                    plan_source.c.version == funding_plan.c.current_version))
            .join(funder, funder.c.id == plan_source.c.funder_id))
    projects = {r.id: r for r in conn.execute(select(project.c.id, project.c.fields_of_action, project.c.districts))}
    years: dict[int, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    by_field: dict[tuple, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    by_district: dict[tuple, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    for r in conn.execute(stmt):
        kind = "municipal" if r.type in OWN_TYPES else "external"
        amount = Decimal(r.amount)
        years[r.year][kind] += amount
        p = projects.get(r.project_id)
        for code in (p.fields_of_action if p and p.fields_of_action else ["ohne"]):
            by_field[(r.year, code)][kind] += amount
        for code in (p.districts if p and p.districts else ["ohne"]):
            by_district[(r.year, code)][kind] += amount

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
