"""Loading helpers shared by the handlers and queries (SQLAlchemy Core on a session or connection)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from finance.adapters.orm import funder, funder_rules, funding_plan, plan_cost, plan_source, plan_version
from finance.domain.errors import NotFound
from finance.domain.funders import Funder, FunderRules
from finance.domain.plans import CostLine, Plan, SourceLine
from servicekit.web.i18n import Msg


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


def load_funders(conn) -> dict[str, Funder]:
    rows = conn.execute(
        select(funder, funder_rules.c.rules).join(
            funder_rules,
            (funder_rules.c.funder_id == funder.c.id) & (funder_rules.c.version == funder.c.rules_version))
    ).mappings()
    return {r["id"]: Funder(id=r["id"], name=r["name"], type=r["type"], public=r["public"],
                            rules=FunderRules.from_dict(r["rules"]), short_name=r["short_name"],
                            publicity_notice=r["publicity_notice"]) for r in rows}


def funder_row(conn, funder_id: str) -> dict:
    row = conn.execute(select(funder).where(funder.c.id == funder_id)).mappings().first()
    if row is None:
        raise NotFound(Msg("Den Fördermittelgeber „%(id)s“ gibt es nicht.", id=funder_id))
    return dict(row)


def plan_row(conn, plan_id: str) -> dict:
    row = conn.execute(select(funding_plan).where(funding_plan.c.id == plan_id)).mappings().first()
    if row is None:
        raise NotFound(Msg("Den Finanzierungsplan „%(id)s“ gibt es nicht.", id=plan_id))
    return dict(row)


def current_plan_of_project(conn, project_id: str) -> dict | None:
    """The project's funding plan (there is at most one: ``save_plan`` refuses a second, a unique index backs it)."""
    row = conn.execute(select(funding_plan).where(funding_plan.c.project_id == project_id)
                       .order_by(funding_plan.c.created_at.desc(), funding_plan.c.id)).mappings().first()
    return dict(row) if row else None


def load_plan(conn, plan_id: str, version: int | None = None) -> tuple[dict, Plan]:
    head = plan_row(conn, plan_id)
    version = version or head["current_version"]
    ver = conn.execute(select(plan_version).where(plan_version.c.plan_id == plan_id,
                                                  plan_version.c.version == version)).mappings().first()
    if ver is None:
        raise NotFound(Msg("Version %(version)s des Finanzierungsplans gibt es nicht.", version=version))
    costs = conn.execute(select(plan_cost).where(plan_cost.c.plan_id == plan_id, plan_cost.c.version == version)
                         .order_by(plan_cost.c.seq)).mappings().all()
    sources = conn.execute(select(plan_source).where(plan_source.c.plan_id == plan_id,
                                                     plan_source.c.version == version)
                           .order_by(plan_source.c.seq)).mappings().all()
    plan = Plan(
        costs=tuple(CostLine(c["position"], c["category"], c["year"], Decimal(c["amount"]), c["label"]) for c in costs),
        sources=tuple(SourceLine(s["funder_id"], s["year"], Decimal(s["amount"]), s["position"]) for s in sources),
        own_means_available=Decimal(ver["own_means_available"]),
    )
    return {**head, **dict(ver)}, plan


def wire(data: dict) -> dict:
    """Event data as it travels: dates ISO 8601, money as decimal strings."""
    from datetime import date

    out = {}
    for key, value in data.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, Decimal):
            out[key] = f"{value:.2f}"
        else:
            out[key] = value
    return out
