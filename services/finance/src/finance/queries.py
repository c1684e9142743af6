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
    body,
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
from finance.portfolio import COMMITTED_STAGES, portfolio  # noqa: F401 - the portfolio is read from here too
from finance.service_layer.common import funder_row, load_plan, plan_row
from finance.service_layer.grants import grant_with_version
from servicekit.db.audit import audit_trail
from servicekit.db.search import matches
from servicekit.web.i18n import Msg


def funder_filtered(*, q: str = "", funder_type: str | None = None, public: bool | None = None):
    """Funders with their current rules, searched in name and short name, filtered by type and kind of money."""
    stmt = select(funder, funder_rules.c.rules).join(
        funder_rules, and_(funder_rules.c.funder_id == funder.c.id, funder_rules.c.version == funder.c.rules_version)
    ).where(matches(q, funder.c.name, funder.c.short_name))
    if funder_type:
        stmt = stmt.where(funder.c.type == funder_type)
    if public is not None:
        stmt = stmt.where(funder.c.public.is_(public))
    return stmt.order_by(funder.c.name, funder.c.id)


def funders(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(funder_filtered()).mappings()]


def funder_names(conn) -> dict[str, str]:
    return {r.id: r.name for r in conn.execute(select(funder.c.id, funder.c.name))}


def joint_groups(conn) -> dict[str, list[tuple[str, str]]]:
    """The groups of a shared maximum rate (``joint_group`` of each funder's current rules) → [(id, name)]."""
    stmt = (select(funder.c.id, funder.c.name, funder_rules.c.rules)
            .join(funder_rules, and_(funder_rules.c.funder_id == funder.c.id,
                                     funder_rules.c.version == funder.c.rules_version))
            .order_by(funder.c.name, funder.c.id))
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in conn.execute(stmt):
        group = ((r.rules or {}).get("joint_group") or "").strip()
        if group:
            groups[group].append((r.id, r.name))
    return dict(groups)


def project_titles(conn) -> dict[str, str]:
    return {r.id: r.title for r in conn.execute(select(project.c.id, project.c.title))}


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
                                   plan_version.c.created_by, plan_version.c.created_by_name,
                                   plan_version.c.created_at, plan_version.c.note)
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


def _grant_select():
    """Grants with their current version and the names a screen shows (funder, project)."""
    return (select(grant, grant_version.c.amount, grant_version.c.period_start, grant_version.c.period_end,
                   grant_version.c.reference, grant_version.c.version, funder.c.name.label("funder_name"),
                   funder.c.short_name.label("funder_short_name"), funder.c.type.label("funder_type"),
                   project.c.title.label("project_title"))
            .join(grant_version, and_(grant_version.c.grant_id == grant.c.id,
                                      grant_version.c.version == grant.c.current_version))
            .join(funder, funder.c.id == grant.c.funder_id)
            .outerjoin(project, project.c.id == grant.c.project_id))


#: a grant's state on a day, as the list filters it: (label, condition on the current version)
GRANT_STATES = {
    "laufend": (Msg("laufend"), lambda day: and_(grant_version.c.period_start <= day,
                                                 grant_version.c.period_end >= day)),
    "kuenftig": (Msg("beginnt später"), lambda day: grant_version.c.period_start > day),
    "beendet": (Msg("beendet"), lambda day: grant_version.c.period_end < day),
}


def grant_filtered(*, q: str = "", project_id: str | None = None, funder_id: str | None = None,
                   funder_type: str | None = None, year: int | None = None, state: str | None = None,
                   today: date | None = None):
    """The grants a list shows: searched in reference, project and funder names; filtered in SQL."""
    stmt = _grant_select().where(matches(q, grant_version.c.reference, project.c.title, funder.c.name,
                                         funder.c.short_name))
    if project_id:
        stmt = stmt.where(grant.c.project_id == project_id)
    if funder_id:
        stmt = stmt.where(grant.c.funder_id == funder_id)
    if funder_type:
        stmt = stmt.where(funder.c.type == funder_type)
    if year:
        stmt = stmt.where(grant_version.c.period_start <= date(year, 12, 31),
                          grant_version.c.period_end >= date(year, 1, 1))
    if state in GRANT_STATES:
        stmt = stmt.where(GRANT_STATES[state][1](today or date.today()))
    return stmt.order_by(grant_version.c.period_end, grant.c.id)


def grants(conn, project_id: str | None = None, funder_id: str | None = None) -> list[dict]:
    return [dict(r) for r in conn.execute(grant_filtered(project_id=project_id, funder_id=funder_id)).mappings()]


def grant_years(conn) -> list[int]:
    """Budget years any grant period touches, for the list's year filter."""
    bounds = conn.execute(select(func.min(grant_version.c.period_start), func.max(grant_version.c.period_end))).first()
    if not bounds or bounds[0] is None:
        return []
    return list(range(bounds[0].year, bounds[1].year + 1))


def grant_detail(conn, grant_id: str) -> dict:
    current = grant_with_version(conn, grant_id)
    versions = conn.execute(select(grant_version).where(grant_version.c.grant_id == grant_id)
                            .order_by(grant_version.c.version.desc())).mappings().all()
    names = conn.execute(select(funder.c.name, funder.c.short_name, funder.c.type)
                         .where(funder.c.id == current["funder_id"])).first()
    title = conn.execute(select(project.c.title).where(project.c.id == current["project_id"])).scalar()
    return {**current, "versions": [dict(v) for v in versions], "funder_name": names.name if names else "",
            "funder_short_name": names.short_name if names else "", "funder_type": names.type if names else "",
            "project_title": title or ""}


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


def action_fund_filtered(*, q: str = "", year: int | None = None, fund_id: str | None = None):
    """Action funds with what is booked against them and the name of the body that holds them, searched in
    the fund's and the body's name, filtered by year."""
    booked = (select(action_fund_booking.c.fund_id, func.sum(action_fund_booking.c.amount).label("booked"))
              .group_by(action_fund_booking.c.fund_id).subquery())
    stmt = (select(action_fund, booked.c.booked, body.c.name.label("body_name"))
            .outerjoin(booked, booked.c.fund_id == action_fund.c.id)
            .outerjoin(body, body.c.id == action_fund.c.body_id)
            .where(matches(q, action_fund.c.name, body.c.name)))
    if year:
        stmt = stmt.where(action_fund.c.year == year)
    if fund_id:
        stmt = stmt.where(action_fund.c.id == fund_id)
    return stmt.order_by(action_fund.c.year.desc(), action_fund.c.name, action_fund.c.id)


def with_remaining(row) -> dict:
    used = Decimal(row["booked"] or 0)
    return {**dict(row), "booked": used, "remaining": Decimal(row["budget"]) - used}


def action_funds(conn) -> list[dict]:
    return [with_remaining(r) for r in conn.execute(action_fund_filtered()).mappings()]


def action_fund_years(conn) -> list[int]:
    return list(conn.execute(select(action_fund.c.year).distinct().order_by(action_fund.c.year.desc())).scalars())


def action_fund_bodies(conn) -> list[dict]:
    """Every body a fund can be set up for, by name ({body_id, name}, sorted by name): the bodies participation
    announced (read model ``body``), and a body that holds a fund but was never announced (a fund set up through
    the API before finance heard of bodies) by the fund it held last ("Gremium des „Aktionsfonds 2026“")."""
    out = [{"body_id": r.id, "name": r.name}
           for r in conn.execute(select(body.c.id, body.c.name).order_by(func.lower(body.c.name), body.c.id))]
    known = {b["body_id"] for b in out}
    for r in conn.execute(select(action_fund.c.body_id, action_fund.c.name)
                          .order_by(action_fund.c.year.desc(), action_fund.c.name)):
        if r.body_id not in known:
            known.add(r.body_id)
            out.append({"body_id": r.body_id, "name": None, "fund_name": r.name})
    return out


def body_known(conn, body_id: str) -> bool:
    """A body a fund may be set up for: announced by participation, or already holding a fund (see above)."""
    return bool(conn.execute(select(body.c.id).where(body.c.id == body_id)).first()
                or conn.execute(select(action_fund.c.id).where(action_fund.c.body_id == body_id)).first())


def action_fund_detail(conn, fund_id: str) -> dict:
    row = conn.execute(action_fund_filtered(fund_id=fund_id)).mappings().first()
    if row is None:
        from finance.domain.errors import NotFound

        raise NotFound(Msg("Den Aktionsfonds „%(id)s“ gibt es nicht.", id=fund_id))
    return with_bookings(conn, with_remaining(row))


def with_bookings(conn, fund: dict) -> dict:
    bookings = conn.execute(select(action_fund_booking).where(action_fund_booking.c.fund_id == fund["id"])
                            .order_by(action_fund_booking.c.booked_at)).mappings().all()
    refusals = conn.execute(select(action_fund_refusal).where(action_fund_refusal.c.fund_id == fund["id"])
                            .order_by(action_fund_refusal.c.at)).mappings().all()
    return {**fund, "bookings": [dict(b) for b in bookings], "refusals": [dict(r) for r in refusals]}


def projects(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(select(project).order_by(project.c.title)).mappings()]


def audit(session, metadata, entity: str, entity_id: str) -> list[dict]:
    return audit_trail(session, metadata, entity, entity_id)


def plan_exists(conn, plan_id: str) -> dict:
    return plan_row(conn, plan_id)
