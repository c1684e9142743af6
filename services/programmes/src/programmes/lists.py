"""The lists of the programme office as SQL statements: search, filters and order in the database, so a screen
or an API page fetches one count and one page (``servicekit.web.listing``), never a full list sliced in Python.

Fields of action and districts are JSON lists of codes; a filter on one code is a match on its quoted text
(``"jugend"``), which reads the same on SQLite and PostgreSQL and cannot match part of another code."""

from __future__ import annotations

from sqlalchemy import String, cast, false, func, or_, select

from programmes.adapters.orm import funder, funding_call, idea, programme, project, report
from servicekit.db.search import ESCAPE, like_pattern, matches


def has_code(column, code: str | None):
    """WHERE clause: the JSON list ``column`` contains ``code`` (no filter without a code)."""
    if not code:
        return None
    return func.lower(cast(column, String)).like(like_pattern(f'"{code}"'), escape=ESCAPE)


def _where(stmt, *clauses):
    for clause in clauses:
        if clause is not None:
            stmt = stmt.where(clause)
    return stmt


def programmes_stmt(*, q=None, status=None, field=None, published_only=False, district_code=None):
    """Programmes by name; ``district_code``: only programmes with a project in that district (published
    projects only when ``published_only``)."""
    in_district = None
    if district_code:
        used = _where(select(project.c.programme_id), has_code(project.c.districts, district_code),
                      project.c.published.is_(True) if published_only else None)
        in_district = programme.c.id.in_(used)
    return _where(select(programme).order_by(programme.c.name, programme.c.id),
                  matches(q, programme.c.name, programme.c.short_name, programme.c.summary, programme.c.description),
                  programme.c.status == status if status else None, has_code(programme.c.fields_of_action, field),
                  programme.c.published.is_(True) if published_only else None, in_district)


def projects_stmt(*, q=None, programme_id=None, stage=None, field=None, district_code=None, published_only=False):
    """Projects with their programme's name (``programme_name``), by title."""
    stmt = (select(project, programme.c.name.label("programme_name"), programme.c.short_name.label("programme_short"))
            .select_from(project.outerjoin(programme, programme.c.id == project.c.programme_id))
            .order_by(project.c.title, project.c.id))
    return _where(stmt, matches(q, project.c.title, project.c.summary, project.c.description, project.c.responsible),
                  project.c.programme_id == programme_id if programme_id else None,
                  project.c.stage == stage if stage else None, has_code(project.c.fields_of_action, field),
                  has_code(project.c.districts, district_code),
                  project.c.published.is_(True) if published_only else None)


def ideas_stmt(*, q=None, source=None, best_practice=None, field=None):
    stmt = select(idea).order_by(idea.c.created_at.desc(), idea.c.id)
    return _where(stmt, matches(q, idea.c.title, idea.c.description, idea.c.source_detail),
                  idea.c.source == source if source else None,
                  idea.c.best_practice.is_(best_practice) if best_practice is not None else None,
                  has_code(idea.c.fields_of_action, field))


def calls_stmt(*, q=None, field=None, funder_id=None, open_from=None):
    """Funding calls with the funder's name (``funder_name``), earliest deadline first; ``open_from``: only
    calls whose deadline is on or after that day."""
    stmt = (select(funding_call, funder.c.name.label("funder_name"))
            .select_from(funding_call.outerjoin(funder, funder.c.id == funding_call.c.funder_id))
            .order_by(funding_call.c.deadline, funding_call.c.title))
    return _where(stmt, matches(q, funding_call.c.title), has_code(funding_call.c.fields_of_action, field),
                  funding_call.c.funder_id == funder_id if funder_id else None,
                  funding_call.c.deadline >= open_from if open_from else None)


def reports_stmt(*, q=None, status=None, funder_id=None, programme_id=None, kind=None, project_id=None):
    """Berichtswesen: every report with its project's title and its funder's name, earliest due first."""
    stmt = (select(report, project.c.title.label("project_title"), funder.c.name.label("funder_name"))
            .select_from(report.join(project, project.c.id == report.c.project_id)
                         .outerjoin(funder, funder.c.id == report.c.funder_id))
            .order_by(report.c.due_date, report.c.title, report.c.id))
    return _where(stmt, matches(q, report.c.title, project.c.title),
                  report.c.status == status if status else None,
                  report.c.funder_id == funder_id if funder_id else None,
                  project.c.programme_id == programme_id if programme_id else None,
                  report.c.kind == kind if kind else None,
                  report.c.project_id == project_id if project_id else None)


def audit_stmt(table, *, q=None, entity=None, entity_id=None, ids=None):
    """The audit log, newest first; ``q`` searches who did it and what was done; ``ids``: the entity ids whose
    records match the search by their name (found by the caller)."""
    stmt = select(table).order_by(table.c.id.desc())
    search = None
    if q:
        search = or_(matches(q, table.c.actor_name, table.c.action),
                     table.c.entity_id.in_(list(ids)) if ids else false())
    return _where(stmt, search, table.c.entity == entity if entity else None,
                  table.c.entity_id == str(entity_id) if entity_id else None)


def rows(conn, stmt) -> list[dict]:
    return [dict(r) for r in conn.execute(stmt).mappings()]
