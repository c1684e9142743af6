"""Read side of the journal, drawdown and proof screens: the lists (search, filters, one SQL page), the pickers'
choices (projects, plan positions, grants by name) and the names that replace ids on screen."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import and_, func, select

from finance.adapters.orm import (
    drawdown,
    funder,
    funding_plan,
    grant,
    grant_version,
    journal_entry,
    journal_share,
    plan_cost,
    plan_source,
    project,
    proof_submission,
)
from servicekit.db.search import matches


def _position_label():
    """The label of the booking's plan position in the plan version it was split by."""
    return (select(plan_cost.c.label).where(plan_cost.c.plan_id == journal_entry.c.plan_id,
                                            plan_cost.c.version == journal_entry.c.plan_version,
                                            plan_cost.c.position == journal_entry.c.position)
            .order_by(plan_cost.c.seq).limit(1).scalar_subquery())


def journal_list(*, q: str = "", project_id: str | None = None, funder_id: str | None = None,
                 category: str | None = None, year: int | None = None, date_from: date | None = None,
                 date_to: date | None = None):
    """Bookings newest first with project title and position label; searched in receipt number, payee and
    purpose, filtered by project, funder (a share of it), category, budget year and receipt dates."""
    stmt = (select(journal_entry, project.c.title.label("project_title"), _position_label().label("position_label"))
            .outerjoin(project, project.c.id == journal_entry.c.project_id)
            .where(matches(q, journal_entry.c.receipt_number, journal_entry.c.payee, journal_entry.c.purpose)))
    if project_id:
        stmt = stmt.where(journal_entry.c.project_id == project_id)
    if category:
        stmt = stmt.where(journal_entry.c.category == category)
    if year:
        stmt = stmt.where(journal_entry.c.booking_date >= date(year, 1, 1),
                          journal_entry.c.booking_date <= date(year, 12, 31))
    if date_from:
        stmt = stmt.where(journal_entry.c.booking_date >= date_from)
    if date_to:
        stmt = stmt.where(journal_entry.c.booking_date <= date_to)
    if funder_id:
        stmt = stmt.where(journal_entry.c.id.in_(select(journal_share.c.entry_id)
                                                 .where(journal_share.c.funder_id == funder_id)))
    return stmt.order_by(journal_entry.c.booked_at.desc(), journal_entry.c.id)


def with_shares(conn, rows: list[dict]) -> list[dict]:
    """The page's bookings with their split (funder → amount, by funder name) and whether they are reversed."""
    ids = [r["id"] for r in rows]
    shares: dict[str, dict] = defaultdict(dict)
    reversed_ids: set[str] = set()
    if ids:
        for s in conn.execute(select(journal_share.c.entry_id, journal_share.c.funder_id, journal_share.c.amount)
                              .where(journal_share.c.entry_id.in_(ids))):
            shares[s.entry_id][s.funder_id] = s.amount
        reversed_ids = set(conn.execute(select(journal_entry.c.reverses)
                                        .where(journal_entry.c.reverses.in_(ids))).scalars())
    return [{**r, "shares": shares[r["id"]], "reversed": r["id"] in reversed_ids} for r in rows]


def journal_years(conn) -> list[int]:
    first, last = conn.execute(select(func.min(journal_entry.c.booking_date),
                                      func.max(journal_entry.c.booking_date))).first() or (None, None)
    return list(range(last.year, first.year - 1, -1)) if first and last else []


def funder_labels(conn) -> dict[str, str]:
    return {r.id: r.short_name or r.name for r in conn.execute(select(funder.c.id, funder.c.name, funder.c.short_name))}


def planned_projects(conn) -> list[dict]:
    """Projects with a funding plan (only those can be booked on), by name: {id, title}."""
    rows = conn.execute(select(funding_plan.c.project_id, funding_plan.c.title, project.c.title.label("project"))
                        .outerjoin(project, project.c.id == funding_plan.c.project_id))
    return sorted(({"id": r.project_id, "title": r.project or r.title} for r in rows),
                  key=lambda p: (p["title"].lower(), p["id"]))


def plan_positions(conn) -> dict[str, list[dict]]:
    """Per project: the positions of its plan's current version, in plan order, with label and category."""
    rows = conn.execute(select(funding_plan.c.project_id, plan_cost.c.position, plan_cost.c.label,
                               plan_cost.c.category, plan_cost.c.seq)
                        .join(plan_cost, and_(plan_cost.c.plan_id == funding_plan.c.id,
                                              plan_cost.c.version == funding_plan.c.current_version))
                        .order_by(funding_plan.c.project_id, plan_cost.c.seq))
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in rows:
        known = out[r.project_id].get(r.position)
        if known is None:
            out[r.project_id][r.position] = {"position": r.position, "label": r.label, "category": r.category}
        elif not known["label"] and r.label:
            known["label"] = r.label
    return {k: list(v.values()) for k, v in out.items()}


def grant_choices(conn) -> list[dict]:
    """Grants by project, funder and file reference: {id, project, funder, reference, period_start, period_end}."""
    rows = conn.execute(select(grant.c.id, grant.c.project_id, funder.c.name.label("funder"),
                               funder.c.short_name, project.c.title.label("project"), grant_version.c.reference,
                               grant_version.c.period_start, grant_version.c.period_end, funding_plan.c.title)
                        .join(grant_version, and_(grant_version.c.grant_id == grant.c.id,
                                                  grant_version.c.version == grant.c.current_version))
                        .join(funder, funder.c.id == grant.c.funder_id)
                        .outerjoin(project, project.c.id == grant.c.project_id)
                        .outerjoin(funding_plan, funding_plan.c.project_id == grant.c.project_id))
    out = [{"id": r.id, "project": r.project or r.title or "", "funder": r.short_name or r.funder,
            "reference": r.reference, "period_start": r.period_start, "period_end": r.period_end} for r in rows]
    return sorted(out, key=lambda g: (g["project"].lower(), g["funder"].lower(), g["id"]))


DRAWDOWN_STATUSES = ("draft", "approved", "submitted", "received")


def drawdown_list(*, q: str = "", project_id: str | None = None, funder_id: str | None = None,
                  year: int | None = None, status: str | None = None):
    """Drawdown requests newest first with funder and project names; searched in purpose, project, funder and
    file reference; filtered by project, funder, a year the period touches, and status."""
    stmt = (select(drawdown, funder.c.name.label("funder_name"), funder.c.short_name.label("funder_short_name"),
                   project.c.title.label("project_title"), funding_plan.c.title.label("plan_title"),
                   grant_version.c.reference)
            .join(funder, funder.c.id == drawdown.c.funder_id)
            .outerjoin(project, project.c.id == drawdown.c.project_id)
            .outerjoin(funding_plan, funding_plan.c.project_id == drawdown.c.project_id)
            .outerjoin(grant, grant.c.id == drawdown.c.grant_id)
            .outerjoin(grant_version, and_(grant_version.c.grant_id == grant.c.id,
                                           grant_version.c.version == grant.c.current_version))
            .where(matches(q, drawdown.c.purpose, project.c.title, funding_plan.c.title, funder.c.name,
                           funder.c.short_name, grant_version.c.reference)))
    if project_id:
        stmt = stmt.where(drawdown.c.project_id == project_id)
    if funder_id:
        stmt = stmt.where(drawdown.c.funder_id == funder_id)
    if year:
        stmt = stmt.where(drawdown.c.period_start <= date(year, 12, 31), drawdown.c.period_end >= date(year, 1, 1))
    if status in DRAWDOWN_STATUSES:
        stmt = stmt.where(drawdown.c.status == status)
    return stmt.order_by(drawdown.c.created_at.desc(), drawdown.c.id)


def drawdown_years(conn) -> list[int]:
    first, last = conn.execute(select(func.min(drawdown.c.period_start), func.max(drawdown.c.period_end))).first() \
        or (None, None)
    return list(range(last.year, first.year - 1, -1)) if first and last else []


def proof_submissions(*, q: str = "", project_id: str | None = None, funder_id: str | None = None,
                      year: int | None = None, kind: str | None = None):
    """Proofs of use recorded as submitted, newest first, with project and funder names."""
    stmt = (select(proof_submission, funder.c.name.label("funder_name"), project.c.title.label("project_title"),
                   funding_plan.c.title.label("plan_title"))
            .join(funder, funder.c.id == proof_submission.c.funder_id)
            .outerjoin(project, project.c.id == proof_submission.c.project_id)
            .outerjoin(funding_plan, funding_plan.c.project_id == proof_submission.c.project_id)
            .where(matches(q, project.c.title, funding_plan.c.title, funder.c.name)))
    if project_id:
        stmt = stmt.where(proof_submission.c.project_id == project_id)
    if funder_id:
        stmt = stmt.where(proof_submission.c.funder_id == funder_id)
    if year:
        stmt = stmt.where(proof_submission.c.year == year)
    if kind in ("interim", "final"):
        stmt = stmt.where(proof_submission.c.kind == kind)
    return stmt.order_by(proof_submission.c.submitted_at.desc(), proof_submission.c.id)


def plan_funders(conn) -> dict[str, list[str]]:
    """Per project: the funders among its plan's current sources (what a proof of use can be made for)."""
    rows = conn.execute(select(funding_plan.c.project_id, plan_source.c.funder_id).distinct()
                        .join(plan_source, and_(plan_source.c.plan_id == funding_plan.c.id,
                                                plan_source.c.version == funding_plan.c.current_version)))
    out: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        out[r.project_id].append(r.funder_id)
    return dict(out)


def plan_span(conn, project_id: str) -> tuple[int, int] | None:
    """First and last year of the project's current plan (a final proof's file is named by them)."""
    first, last = conn.execute(select(func.min(plan_cost.c.year), func.max(plan_cost.c.year))
                               .join(funding_plan, and_(funding_plan.c.id == plan_cost.c.plan_id,
                                                        funding_plan.c.current_version == plan_cost.c.version))
                               .where(funding_plan.c.project_id == project_id)).first() or (None, None)
    return (first, last) if first else None
