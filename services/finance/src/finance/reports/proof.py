"""Assembling a proof of use (Verwendungsnachweis) for one project and funder from plan and journal."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from finance.adapters.orm import journal_entry, journal_share, project
from finance.domain.errors import NotFound
from finance.domain.funders import CATEGORY_NAMES
from finance.domain.money import ZERO
from finance.domain.proof import KINDS, Receipt, numbers, receipt_list
from finance.reference import UNKNOWN_PROJECT
from finance.service_layer.common import current_plan_of_project, load_funders, load_plan
from servicekit.web.i18n import Msg


def proof_of_use(conn, project_id: str, funder_id: str, kind: str = "final", year: int | None = None) -> dict:
    head = current_plan_of_project(conn, project_id)
    if head is None:
        raise NotFound(Msg("Für dieses Projekt gibt es keinen Finanzierungsplan."))
    meta, plan = load_plan(conn, head["id"])
    funders = load_funders(conn)
    funder = funders.get(funder_id)
    if funder is None:
        raise NotFound(Msg("Den Fördermittelgeber „%(id)s“ gibt es nicht.", id=funder_id))
    if funder_id not in plan.by_funder():
        raise NotFound(Msg("%(funder)s finanziert dieses Projekt laut Plan nicht.", funder=funder.label))
    stmt = (select(journal_entry.c.id, journal_entry.c.position, journal_entry.c.receipt_number,
                   journal_entry.c.booking_date, journal_entry.c.payee, journal_entry.c.purpose,
                   journal_entry.c.category, journal_entry.c.amount, journal_share.c.amount.label("share"),
                   journal_entry.c.reverses)  # the order of Receipt's fields
            .join(journal_share, journal_share.c.entry_id == journal_entry.c.id)
            .where(journal_entry.c.project_id == project_id, journal_share.c.funder_id == funder_id))
    if kind == "interim" and year is not None:
        stmt = stmt.where(journal_entry.c.booking_date >= date(year, 1, 1),
                          journal_entry.c.booking_date <= date(year, 12, 31))
    receipts = [Receipt(*row) for row in conn.execute(stmt).all()]  # Numeric columns arrive as Decimal
    lines = numbers(plan, funder_id, ((r.category, r.booking_date.year, r.share) for r in receipts),
                    year if kind == "interim" else None)
    title_row = conn.execute(select(project.c.title).where(project.c.id == project_id)).first()
    labels = {c.position: c.label for c in plan.costs}
    return {
        "project_id": project_id, "project_title": title_row.title if title_row else UNKNOWN_PROJECT,
        "funder_id": funder_id, "funder_name": funder.name, "funder_label": funder.label,
        "publicity_notice": funder.publicity_notice, "report_format": funder.rules.report_format,
        "kind": kind, "kind_name": KINDS[kind], "year": year,
        "plan_id": head["id"], "plan_version": meta["version"],
        "numbers": [{"category": n.category, "category_name": CATEGORY_NAMES.get(n.category, n.category),
                     "year": n.year, "planned": n.planned, "actual": n.actual, "deviation": n.deviation,
                     "flagged": n.flagged} for n in lines],
        "receipts": [{"entry_id": r.entry_id, "position": r.position, "position_label": labels.get(r.position, ""),
                      "receipt_number": r.receipt_number, "booking_date": r.booking_date, "payee": r.payee,
                      "purpose": r.purpose, "category": r.category, "amount": r.amount, "share": r.share,
                      "reverses": r.reverses} for r in receipt_list(plan, receipts)],
        "planned_total": sum((n.planned for n in lines), ZERO),
        "actual_total": sum((n.actual for n in lines), ZERO),
    }
