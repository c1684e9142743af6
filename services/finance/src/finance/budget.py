"""Read side of plan against actual (Soll-Ist-Vergleich) for one project: the plan's current version against
grants, the journal (net of stornos) and the drawdowns. The numbers are computed by ``domain.budget.compare``."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, func, select

from finance.adapters.orm import (
    drawdown,
    funder,
    funding_plan,
    grant,
    grant_version,
    journal_entry,
    journal_share,
    plan_version,
    project,
)
from finance.domain.budget import Booking, Drawdown, Grant, compare
from finance.domain.errors import NotFound
from finance.service_layer.common import current_plan_of_project, load_funders, load_plan
from servicekit.db.search import matches
from servicekit.web.i18n import Msg


def plan_vs_actual(conn, project_id: str) -> dict:
    """``{"project_id", "project_title", "plan_id", "plan_title", "plan_version", "comparison", "funder_names"}``;
    404 when the project has no funding plan."""
    head = current_plan_of_project(conn, project_id)
    if head is None:
        raise NotFound(Msg("Für dieses Projekt gibt es keinen Finanzierungsplan."))
    meta, plan = load_plan(conn, head["id"])
    funders = load_funders(conn)
    bookings = [Booking(r.position, r.category, r.booking_date.year, Decimal(r.amount)) for r in conn.execute(
        select(journal_entry.c.position, journal_entry.c.category, journal_entry.c.booking_date,
               journal_entry.c.amount).where(journal_entry.c.project_id == project_id))]
    shares = [(r.funder_id, Decimal(r.amount)) for r in conn.execute(
        select(journal_share.c.funder_id, journal_share.c.amount)
        .join(journal_entry, journal_entry.c.id == journal_share.c.entry_id)
        .where(journal_entry.c.project_id == project_id))]
    grants = [Grant(r.funder_id, Decimal(r.amount), r.period_start, r.period_end) for r in conn.execute(
        select(grant.c.funder_id, grant_version.c.amount, grant_version.c.period_start, grant_version.c.period_end)
        .join(grant_version, and_(grant_version.c.grant_id == grant.c.id,
                                  grant_version.c.version == grant.c.current_version))
        .where(grant.c.project_id == project_id))]
    drawdowns = [Drawdown(r.funder_id, Decimal(r.amount), r.period_start.year, r.status) for r in conn.execute(
        select(drawdown.c.funder_id, drawdown.c.amount, drawdown.c.period_start, drawdown.c.status)
        .where(drawdown.c.project_id == project_id))]
    title = conn.execute(select(project.c.title).where(project.c.id == project_id)).scalar()
    return {"project_id": project_id, "project_title": title or head["title"], "plan_id": head["id"],
            "plan_title": head["title"], "plan_version": meta["version"], "plan_valid": meta["valid"],
            "comparison": compare(plan, funders, bookings, shares, grants, drawdowns),
            "funder_names": {k: f.name for k, f in funders.items()},
            "funder_labels": {k: f.label for k, f in funders.items()}}


def budget_projects(*, q: str = ""):
    """The projects with a funding plan (what a plan-against-actual can be shown for), with their plan's totals
    and what is booked; searched by project and plan title."""
    booked = (select(journal_entry.c.project_id, func.sum(journal_entry.c.amount).label("booked"))
              .group_by(journal_entry.c.project_id).subquery())
    return (select(funding_plan.c.project_id, funding_plan.c.id.label("plan_id"), funding_plan.c.title,
                   project.c.title.label("project_title"), plan_version.c.total_costs, plan_version.c.valid,
                   func.coalesce(booked.c.booked, 0).label("booked"))
            .join(plan_version, and_(plan_version.c.plan_id == funding_plan.c.id,
                                     plan_version.c.version == funding_plan.c.current_version))
            .outerjoin(project, project.c.id == funding_plan.c.project_id)
            .outerjoin(booked, booked.c.project_id == funding_plan.c.project_id)
            .where(matches(q, project.c.title, funding_plan.c.title))
            .order_by(func.coalesce(project.c.title, funding_plan.c.title), funding_plan.c.id))


def funder_name_of(conn, funder_id: str) -> str:
    return conn.execute(select(funder.c.name).where(funder.c.id == funder_id)).scalar() or ""


def rows(data: dict) -> dict:
    """The comparison as plain rows (the API's body; the page's tables and charts)."""
    from finance.domain.funders import CATEGORY_NAMES

    c = data["comparison"]
    funders = [{"funder_id": f.funder_id, "funder_name": data["funder_names"].get(f.funder_id, ""),
                "funder_label": data["funder_labels"].get(f.funder_id, ""), "own": f.own, "planned": f.planned,
                "granted": f.granted, "booked": f.booked, "drawn": f.drawn, "open": f.open,
                "open_share": f.open_share} for f in c.funders]
    years = [{"year": y, "planned": v.planned, "granted": v.granted, "booked": v.booked, "drawn": v.drawn}
             for y, v in c.years.items()]
    positions = [{"position": p.position, "label": p.label, "category": p.category,
                  "category_name": CATEGORY_NAMES.get(p.category, p.category), "year": p.year, "planned": p.planned,
                  "booked": p.booked, "rest": p.rest, "used": p.used, "over": p.over} for p in c.positions]
    external_open = sum((f["open"] for f in funders if not f["own"]), Decimal(0))
    return {**{k: data[k] for k in ("project_id", "project_title", "plan_id", "plan_title", "plan_version",
                                    "plan_valid")},
            "totals": {"planned": c.total.planned, "granted": c.total.granted, "booked": c.total.booked,
                       "drawn": c.total.drawn, "external_open": external_open},
            "funders": funders, "years": years, "positions": positions}
