"""Drawdown requests (Mittelabruf) with the need rule and the server-enforced four-eyes principle."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from finance.adapters.orm import drawdown, journal_entry, journal_share
from finance.domain.drawdowns import (
    DrawdownError,
    FourEyesViolation,
    check_available,
    check_cost_basis,
    check_four_eyes,
    check_need,
    check_transition,
)
from finance.domain.errors import Conflict, NotFound
from finance.domain.money import day
from finance.service_layer.actors import named
from finance.service_layer.common import funder_row, load_funders, new_id, now, wire
from finance.service_layer.grants import grant_with_version
from servicekit.web.i18n import Msg


def drawdown_row(conn, drawdown_id: str) -> dict:
    row = conn.execute(select(drawdown).where(drawdown.c.id == drawdown_id)).mappings().first()
    if row is None:
        raise NotFound(Msg("Den Mittelabruf „%(id)s“ gibt es nicht.", id=drawdown_id))
    return dict(row)


def drawdown_with_names(conn, drawdown_id: str) -> dict:
    """The request with the names a reader needs (funder, project) beside the ids."""
    from finance.adapters.orm import funder, project

    row = drawdown_row(conn, drawdown_id)
    row["funder_name"] = conn.execute(select(funder.c.name).where(funder.c.id == row["funder_id"])).scalar()
    row["project_title"] = conn.execute(select(project.c.title).where(project.c.id == row["project_id"])).scalar()
    return row


def _incurred_and_requested(s, g: dict, start: date, end: date) -> tuple[Decimal, Decimal]:
    incurred = s.execute(
        select(func.coalesce(func.sum(journal_share.c.amount), 0))
        .join(journal_entry, journal_entry.c.id == journal_share.c.entry_id)
        .where(journal_entry.c.project_id == g["project_id"], journal_share.c.funder_id == g["funder_id"],
               journal_entry.c.booking_date >= start, journal_entry.c.booking_date <= end)).scalar_one()
    requested = s.execute(select(func.coalesce(func.sum(drawdown.c.amount), 0)).where(
        drawdown.c.grant_id == g["id"], drawdown.c.period_start <= end, drawdown.c.period_end >= start)).scalar_one()
    return Decimal(incurred), Decimal(requested)


def create_drawdown(uow, *, actor: str, grant_id: str, period_start: date, period_end: date, due_date: date,
                    amount: Decimal, purpose: str = "", today: date | None = None, id: str | None = None,
                    demo: bool = False, actor_name: str | None = None) -> dict:
    today = today or now().date()
    with uow:
        s = uow.session
        g = grant_with_version(s, grant_id)
        funder_row(s, g["funder_id"])
        if id and s.execute(select(drawdown.c.id).where(drawdown.c.id == id)).first():
            raise Conflict(Msg("Einen Mittelabruf mit der Kennung „%(id)s“ gibt es schon.", id=id))
        if period_end < period_start:
            raise Conflict(Msg("Das Ende des Abrufzeitraums liegt vor seinem Beginn."))
        if period_start < g["period_start"] or period_end > g["period_end"]:
            raise Conflict(Msg("Der Abrufzeitraum %(start)s bis %(end)s liegt nicht im Bewilligungszeitraum "
                               "%(grant_start)s bis %(grant_end)s.", start=day(period_start), end=day(period_end),
                               grant_start=day(g["period_start"]), grant_end=day(g["period_end"])))
        rules = load_funders(s)[g["funder_id"]].rules
        check_need(amount, due_date, today, rules.need_rule_weeks)
        requested = s.execute(select(func.coalesce(func.sum(drawdown.c.amount), 0)).where(
            drawdown.c.grant_id == grant_id)).scalar_one()
        check_available(amount, Decimal(g["amount"]), Decimal(requested))
        if rules.basis == "cost":
            check_cost_basis(amount, *_incurred_and_requested(s, g, period_start, period_end))
        row = {"id": id or new_id(), "project_id": g["project_id"], "funder_id": g["funder_id"], "grant_id": grant_id,
               "period_start": period_start, "period_end": period_end, "due_date": due_date, "amount": amount,
               "purpose": purpose, "status": "draft", "created_at": now(), "approved_by": None, "approved_by_name": "",
               "approved_at": None, "submitted_at": None, "received_at": None, "demo": demo,
               **named(drawdown, "created_by", actor, actor_name)}
        s.execute(drawdown.insert().values(**row))
        uow.audit(actor=actor, entity="drawdown", entity_id=row["id"], action="created",
                  changes={k: row[k] for k in ("grant_id", "amount", "due_date", "period_start", "period_end")})
        uow.commit()
    return row


def _recheck_need(s, row: dict, today: date, step: str) -> None:
    """The need rule again at approval and at submission: the funder's rules or the calendar may have moved on
    since the request was drafted."""
    rules = load_funders(s)[row["funder_id"]].rules
    try:
        check_need(Decimal(row["amount"]), row["due_date"], today, rules.need_rule_weeks)
    except DrawdownError as exc:
        reason = exc.args[0]
        if step == "approved":
            raise DrawdownError(Msg("Freigabe nicht möglich, das Bedarfsprinzip wurde erneut geprüft: %(reason)s",
                                    reason=reason)) from exc
        raise DrawdownError(Msg("Einreichung nicht möglich, das Bedarfsprinzip wurde erneut geprüft: %(reason)s",
                                reason=reason)) from exc


def approve_drawdown(uow, drawdown_id: str, *, actor: str, today: date | None = None,
                     actor_name: str | None = None) -> dict:
    with uow:
        s = uow.session
        row = drawdown_row(s, drawdown_id)
        check_transition(row["status"], "approved")
        try:
            check_four_eyes(row["created_by"], actor)
        except FourEyesViolation:
            uow.audit(actor=actor, entity="drawdown", entity_id=drawdown_id, action="approval_refused",
                      changes={"reason": "Vier-Augen-Prinzip", "created_by": row["created_by"],
                               "created_by_name": row["created_by_name"]})
            uow.commit()
            raise
        _recheck_need(s, row, today or now().date(), "approved")
        at = now()
        approver = named(drawdown, "approved_by", actor, actor_name)
        changed = s.execute(drawdown.update().where(drawdown.c.id == drawdown_id, drawdown.c.status == "draft")
                            .values(status="approved", approved_at=at, **approver)).rowcount
        if changed != 1:  # someone else approved it in the meantime
            raise Conflict(Msg("Der Mittelabruf wurde inzwischen bereits bearbeitet. Bitte laden Sie die Seite neu."))
        row.update(status="approved", approved_at=at, **approver)
        uow.audit(actor=actor, entity="drawdown", entity_id=drawdown_id, action="approved",
                  changes={"created_by": row["created_by"], "created_by_name": row["created_by_name"],
                           "amount": row["amount"]})
        uow.publish("finance.drawdown.approved.v1", drawdown_id, wire({
            "drawdown_id": drawdown_id, "project_id": row["project_id"], "funder_id": row["funder_id"],
            "amount": row["amount"], "approved_by": actor}))
        uow.commit()
    return row


def advance_drawdown(uow, drawdown_id: str, *, actor: str, target: str, today: date | None = None) -> dict:
    """approved → submitted (sent to the funder; the need rule is checked again) → received (money arrived)."""
    column = {"submitted": "submitted_at", "received": "received_at"}[target]
    with uow:
        row = drawdown_row(uow.session, drawdown_id)
        check_transition(row["status"], target)
        if target == "submitted":
            _recheck_need(uow.session, row, today or now().date(), "submitted")
        at = now()
        changed = uow.session.execute(drawdown.update().where(
            drawdown.c.id == drawdown_id, drawdown.c.status == row["status"]).values(status=target, **{column: at}))
        if changed.rowcount != 1:
            raise Conflict(Msg("Der Mittelabruf wurde inzwischen bereits bearbeitet. Bitte laden Sie die Seite neu."))
        row.update(status=target, **{column: at})
        uow.audit(actor=actor, entity="drawdown", entity_id=drawdown_id, action=target, changes={"status": target})
        uow.commit()
    return row
