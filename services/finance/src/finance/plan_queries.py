"""Read side of the plan screens: the plan list (search, filters, one SQL page), the choices of the plan grid and
the names that replace ids on screen."""

from __future__ import annotations

from sqlalchemy import and_, exists, or_, select

from finance.adapters.orm import funder, funding_plan, plan_cost, plan_source, plan_version, project
from servicekit.db.search import matches

#: the status filter of the plan list: code → the current version's check result
PLAN_STATES = {"gueltig": True, "verstoesse": False}


def plan_list(*, q: str = "", funder_id: str | None = None, year: int | None = None, state: str | None = None,
              project_id: str | None = None):
    """Plans with their current version, searched in plan and project title; filtered by a funder among the
    sources, a year with costs, and the check result."""
    current = and_(plan_version.c.plan_id == funding_plan.c.id,
                   plan_version.c.version == funding_plan.c.current_version)
    stmt = (select(funding_plan, plan_version.c.valid, plan_version.c.total_costs, plan_version.c.external_funds,
                   plan_version.c.municipal_share, plan_version.c.created_at.label("version_at"),
                   plan_version.c.created_by.label("version_by"),
                   plan_version.c.created_by_name.label("version_by_name"), project.c.title.label("project_title"))
            .join(plan_version, current)
            .outerjoin(project, project.c.id == funding_plan.c.project_id)
            .where(matches(q, funding_plan.c.title, project.c.title)))
    if project_id:
        stmt = stmt.where(funding_plan.c.project_id == project_id)
    if funder_id:
        stmt = stmt.where(exists().where(plan_source.c.plan_id == funding_plan.c.id,
                                         plan_source.c.version == funding_plan.c.current_version,
                                         plan_source.c.funder_id == funder_id))
    if year:
        stmt = stmt.where(or_(
            exists().where(plan_cost.c.plan_id == funding_plan.c.id,
                           plan_cost.c.version == funding_plan.c.current_version, plan_cost.c.year == year),
            exists().where(plan_source.c.plan_id == funding_plan.c.id,
                           plan_source.c.version == funding_plan.c.current_version, plan_source.c.year == year)))
    if state in PLAN_STATES:
        stmt = stmt.where(plan_version.c.valid.is_(PLAN_STATES[state]))
    return stmt.order_by(project.c.title, funding_plan.c.title, funding_plan.c.id)


def plan_years(conn) -> list[int]:
    return sorted(set(conn.execute(select(plan_cost.c.year).distinct()).scalars()))


def funder_choices(conn) -> list[dict]:
    """Every funder by name (the plan grid and the filters choose funders by name)."""
    return [dict(r) for r in conn.execute(select(funder.c.id, funder.c.name, funder.c.short_name)
                                          .order_by(funder.c.name, funder.c.id)).mappings()]


def projects_without_plan(conn) -> list[dict]:
    """The projects (programmes' read model) that have no funding plan yet: one plan per project."""
    has_plan = exists().where(funding_plan.c.project_id == project.c.id)
    return [dict(r) for r in conn.execute(select(project.c.id, project.c.title, project.c.stage)
                                          .where(~has_plan).order_by(project.c.title, project.c.id)).mappings()]


def project_title(conn, project_id: str) -> str | None:
    return conn.execute(select(project.c.title).where(project.c.id == project_id)).scalar()
