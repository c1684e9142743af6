"""Action funds (Aktionsfonds) and the micro-project decisions booked against them."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from finance.adapters.orm import action_fund, action_fund_booking, action_fund_refusal
from finance.domain.action_fund import refusal_reason
from finance.domain.errors import Conflict, NotFound
from finance.service_layer.actors import named
from finance.service_layer.common import new_id, now, wire
from servicekit.web.i18n import Msg


def fund_row(conn, fund_id: str) -> dict:
    row = conn.execute(select(action_fund).where(action_fund.c.id == fund_id)).mappings().first()
    if row is None:
        raise NotFound(Msg("Den Aktionsfonds „%(id)s“ gibt es nicht.", id=fund_id))
    return dict(row)


def booked_total(conn, fund_id: str) -> Decimal:
    return Decimal(conn.execute(select(func.coalesce(func.sum(action_fund_booking.c.amount), 0))
                                .where(action_fund_booking.c.fund_id == fund_id)).scalar_one())


def create_fund(uow, *, actor: str, body_id: str, year: int, budget: Decimal, name: str = "",
                id: str | None = None, demo: bool = False, actor_name: str | None = None) -> dict:
    with uow:
        s = uow.session
        if id and s.execute(select(action_fund.c.id).where(action_fund.c.id == id)).first():
            raise Conflict(Msg("Einen Aktionsfonds mit der Kennung „%(id)s“ gibt es schon.", id=id))
        if s.execute(select(action_fund.c.id).where(action_fund.c.body_id == body_id,
                                                    action_fund.c.year == year)).first():
            raise Conflict(Msg("Für dieses Gremium gibt es schon einen Aktionsfonds %(year)s.", year=year))
        row = {"id": id or new_id(), "body_id": body_id, "year": year, "name": name or f"Aktionsfonds {year}",
               "budget": budget, "demo": demo, "created_at": now(),
               **named(action_fund, "created_by", actor, actor_name)}
        s.execute(action_fund.insert().values(**row))
        uow.audit(actor=actor, entity="action_fund", entity_id=row["id"], action="created",
                  changes={"body_id": body_id, "year": year, "budget": budget})
        uow.commit()
    return row


def on_decision_made(uow, event) -> None:
    """participation.decision.made: an approved decision with an amount is booked against the body's action fund
    of that year if it fits; otherwise it is refused and the German reason goes back as an event."""
    data = event.data
    amount = data.get("amount")
    if amount is None or data.get("outcome") != "approved":
        return
    amount = Decimal(str(amount))
    s = uow.session
    fund = s.execute(select(action_fund).where(action_fund.c.body_id == data["body_id"],
                                               action_fund.c.year == data["year"])).mappings().first()
    if fund is None:
        return  # this body has no action fund that year: nothing for finance to book
    decision_id = data["decision_id"]
    if s.execute(select(action_fund_booking.c.decision_id).where(
            action_fund_booking.c.decision_id == decision_id)).first():
        return
    booked = booked_total(s, fund["id"])
    budget = Decimal(fund["budget"])
    reason = refusal_reason(amount, budget, booked, fund["year"])
    if reason:
        if not s.execute(select(action_fund_refusal.c.decision_id).where(
                action_fund_refusal.c.decision_id == decision_id)).first():
            s.execute(action_fund_refusal.insert().values(decision_id=decision_id, fund_id=fund["id"],
                                                          title=data.get("title", ""), amount=amount, reason=reason,
                                                          at=now()))
        uow.audit(actor="system", entity="action_fund", entity_id=fund["id"], action="decision_refused",
                  changes={"decision_id": decision_id, "amount": amount, "reason": reason})
        uow.publish("finance.action_fund.decision_refused.v1", decision_id, wire({
            "decision_id": decision_id, "fund_id": fund["id"], "amount": amount, "remaining": budget - booked,
            "reason": reason}))
        return
    s.execute(action_fund_booking.insert().values(decision_id=decision_id, fund_id=fund["id"],
                                                  number=data.get("number", ""), title=data.get("title", ""),
                                                  amount=amount, booked_at=now()))
    uow.audit(actor="system", entity="action_fund", entity_id=fund["id"], action="decision_booked",
              changes={"decision_id": decision_id, "amount": amount})
    uow.publish("finance.action_fund.decision_booked.v1", decision_id, wire({
        "decision_id": decision_id, "fund_id": fund["id"], "amount": amount, "remaining": budget - booked - amount}))
