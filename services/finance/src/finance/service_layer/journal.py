"""The GoBD expense journal: append-only bookings, split cent-exact over the funders of the plan.

Receipt numbers are unique per project: a booking is refused (409) while another booking of the same project with
the same receipt number stands. A storno carries its own number ("ST-<receipt>") and frees the original's number,
so the corrected booking of that receipt (``reverse_expense(..., correction=...)``, or a later booking) may use the
same receipt number again: GoBD corrections keep the link between receipt and bookings. Per project, not per funder
report: one expense appears in every funder's report, so a number unique in the project is unique in each report."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from finance.adapters.orm import grant, grant_version, journal_entry, journal_share
from finance.domain.budget import Notice, funder_notices, position_notice
from finance.domain.errors import NotFound
from finance.domain.journal import (
    Booking,
    BudgetRefused,
    DuplicateReceipt,
    JournalError,
    NoPlanForSplit,
    check_new_expense,
    check_receipt_date,
    check_reversal,
    split,
)
from finance.domain.money import day
from finance.service_layer.actors import named
from finance.service_layer.common import current_plan_of_project, load_funders, load_plan, new_id, now, wire
from servicekit.formats import BERLIN
from servicekit.web.i18n import Msg


def today_in_kaufbeuren() -> date:
    """The calendar day in Kaufbeuren (a receipt of "today" is fine at 00:30, although UTC is still yesterday)."""
    return datetime.now(BERLIN).date()


def _publish(uow, row: dict) -> None:
    uow.publish("finance.expense.booked.v1", row["id"], wire({
        "booking_id": row["id"], "project_id": row["project_id"], "amount": row["amount"],
        "category": row["category"], "booking_date": row["booking_date"], "reverses": row["reverses"]}))


def _insert(uow, row: dict, shares: dict[str, Decimal]) -> None:
    uow.session.execute(journal_entry.insert().values(**row))
    uow.session.execute(journal_share.insert(), [{"entry_id": row["id"], "funder_id": f, "amount": a}
                                                 for f, a in sorted(shares.items())])


def _plan_of(conn, project_id: str):
    head = current_plan_of_project(conn, project_id)
    if head is None:
        raise NoPlanForSplit(Msg("Für dieses Projekt gibt es keinen Finanzierungsplan; ohne Plan lässt sich die "
                                 "Ausgabe nicht auf die Fördermittelgeber aufteilen."))
    meta, plan = load_plan(conn, head["id"])
    return head, meta, plan


def _notices(conn, project_id: str, plan, *, position: str, booking_date: date, amount: Decimal,
             shares: dict[str, Decimal]) -> list[Notice]:
    funders = load_funders(conn)
    year = booking_date.year
    on_position = conn.execute(select(func.coalesce(func.sum(journal_entry.c.amount), 0)).where(
        journal_entry.c.project_id == project_id, journal_entry.c.position == position,
        journal_entry.c.booking_date >= date(year, 1, 1), journal_entry.c.booking_date <= date(year, 12, 31))
    ).scalar_one()
    booked = dict(conn.execute(select(journal_share.c.funder_id, func.sum(journal_share.c.amount))
                               .join(journal_entry, journal_entry.c.id == journal_share.c.entry_id)
                               .where(journal_entry.c.project_id == project_id)
                               .group_by(journal_share.c.funder_id)).all())
    granted = dict(conn.execute(select(grant.c.funder_id, func.sum(grant_version.c.amount))
                                .join(grant_version, (grant_version.c.grant_id == grant.c.id)
                                      & (grant_version.c.version == grant.c.current_version))
                                .where(grant.c.project_id == project_id).group_by(grant.c.funder_id)).all())
    found = [position_notice(plan, funders, position=position, year=year, amount=amount,
                             booked=Decimal(on_position), payers=shares)]
    found += funder_notices(funders, shares=shares, booked={k: Decimal(v) for k, v in booked.items()},
                            granted={k: Decimal(v) for k, v in granted.items()}, planned=plan.by_funder())
    return [n for n in found if n is not None]


def assess_expense(conn, *, project_id: str, booking_date: date, position: str, amount: Decimal,
                   category: str | None = None, receipt_number: str | None = None, today: date | None = None) -> dict:
    """What booking this expense would meet, without booking it (the live check before saving): the refusals of
    the journal's rules and the funders' rules, and the warnings (position overrun, a funder's share used up).
    ``{"refusals": [{"field", "problems"}], "warnings": [{"kind", "problems"}], "shares": {...}}``."""
    refusals: list[dict] = []
    warnings: list[dict] = []
    try:
        check_receipt_date(booking_date, today or today_in_kaufbeuren())
    except JournalError as exc:
        refusals.append({"field": exc.field, "problems": exc.problems})
    if receipt_number:
        try:
            _check_receipt_free(conn, project_id, receipt_number)
        except JournalError as exc:
            refusals.append({"field": exc.field, "problems": exc.problems})
    try:
        _, _, plan = _plan_of(conn, project_id)
        planned = {c.position: c.category for c in plan.costs}
        check_new_expense(category or planned.get(position, ""), position, amount, planned)
        shares = split(amount, plan.shares_for(booking_date.year, position))
    except JournalError as exc:
        refusals.append({"field": exc.field, "problems": exc.problems})
        return {"refusals": refusals, "warnings": warnings, "shares": {}}
    for notice in _notices(conn, project_id, plan, position=position, booking_date=booking_date, amount=amount,
                           shares=shares):
        target = refusals if notice.refused else warnings
        target.append({"field": "amount", "kind": notice.kind, "problems": list(notice.problems),
                       "funder_id": notice.funder_id})
    return {"refusals": refusals, "warnings": warnings, "shares": shares}


def _book(uow, *, actor: str, project_id: str, receipt_number: str, booking_date: date, payee: str,
          purpose: str, category: str, position: str, amount: Decimal, id: str | None, demo: bool,
          actor_name: str | None = None, today: date | None = None) -> dict:
    check_receipt_date(booking_date, today or today_in_kaufbeuren())
    head, meta, plan = _plan_of(uow.session, project_id)
    check_new_expense(category, position, amount, {c.position: c.category for c in plan.costs})
    _check_receipt_free(uow.session, project_id, receipt_number)
    shares = split(amount, plan.shares_for(booking_date.year, position))
    notices = _notices(uow.session, project_id, plan, position=position, booking_date=booking_date, amount=amount,
                       shares=shares)
    refused = [p for n in notices if n.refused for p in n.problems]
    if refused:
        raise BudgetRefused(*refused)
    row = {"id": id or new_id(), "project_id": project_id, "plan_id": head["id"], "plan_version": meta["version"],
           "receipt_number": receipt_number, "booking_date": booking_date, "payee": payee, "purpose": purpose,
           "category": category, "position": position, "amount": amount, "reverses": None,
           "booked_at": now(), "demo": demo, **named(journal_entry, "booked_by", actor, actor_name)}
    _insert(uow, row, shares)
    uow.audit(actor=actor, entity="journal_entry", entity_id=row["id"], action="booked",
              changes={**{k: row[k] for k in ("project_id", "receipt_number", "amount", "category", "position")},
                       "shares": shares})
    _publish(uow, row)
    return {**row, "shares": shares, "warnings": [p for n in notices for p in n.problems]}


def _check_receipt_free(s, project_id: str, receipt_number: str) -> None:
    storno = journal_entry.alias("storno")
    standing = s.execute(select(journal_entry.c.booking_date).where(
        journal_entry.c.project_id == project_id, journal_entry.c.receipt_number == receipt_number,
        journal_entry.c.reverses.is_(None),
        ~select(storno.c.id).where(storno.c.reverses == journal_entry.c.id).exists()).limit(1)).first()
    if standing is not None:
        raise DuplicateReceipt(Msg("Die Belegnummer „%(receipt)s“ ist in diesem Projekt schon gebucht (Buchung vom "
                                   "%(date)s). Eine Belegnummer gilt je Projekt nur einmal; zum Korrigieren "
                                   "stornieren Sie die Buchung, danach darf die Korrektur dieselbe Nummer tragen.",
                                   receipt=receipt_number, date=day(standing.booking_date)))


def book_expense(uow, *, actor: str, demo: bool = False, id: str | None = None, actor_name: str | None = None,
                 today: date | None = None, **fields) -> dict:
    """Book an expense (append-only). Refused when the receipt is dated in the future, the position is not in
    the plan, the receipt number stands already, or a co-financing funder's ``position_overrun_tolerance`` is
    exceeded; the warnings that did not refuse it come back under ``warnings``."""
    with uow:
        row = _book(uow, actor=actor, id=id, demo=demo, actor_name=actor_name, today=today, **fields)
        uow.commit()
    return row


def entry(conn, entry_id: str) -> dict:
    row = conn.execute(select(journal_entry).where(journal_entry.c.id == entry_id)).mappings().first()
    if row is None:
        raise NotFound(Msg("Die Buchung „%(id)s“ gibt es nicht.", id=entry_id))
    shares = conn.execute(select(journal_share).where(journal_share.c.entry_id == entry_id)).mappings().all()
    return {**dict(row), "shares": {s["funder_id"]: s["amount"] for s in shares}}


def reverse_expense(uow, entry_id: str, *, actor: str, reason: str, correction: dict | None = None,
                    actor_name: str | None = None) -> dict:
    """Storno: a new booking with the negated amount and shares, linked to the original. With ``correction``
    the corrected expense is booked in the same transaction."""
    with uow:
        s = uow.session
        original = entry(s, entry_id)
        reversed_already = s.execute(select(journal_entry.c.id).where(journal_entry.c.reverses == entry_id)).first()
        check_reversal(Booking(**{k: original[k] for k in Booking.__dataclass_fields__}), bool(reversed_already))
        if not reason.strip():
            raise JournalError(Msg("Ein Storno braucht eine Begründung."))
        row = {**{k: original[k] for k in ("project_id", "plan_id", "plan_version", "payee", "category",
                                            "position", "demo")},
               "id": new_id(), "receipt_number": f"ST-{original['receipt_number']}"[:60],
               "booking_date": now().date(), "purpose": f"Storno: {reason}"[:300], "amount": -original["amount"],
               "reverses": entry_id, "booked_at": now(), **named(journal_entry, "booked_by", actor, actor_name)}
        shares = {f: -a for f, a in original["shares"].items()}
        try:
            result = _append_reversal(uow, original, row, shares, reason, actor, correction, actor_name)
        except IntegrityError as exc:  # a concurrent storno of the same booking won (unique ``reverses``)
            raise JournalError(Msg("Die Buchung %(receipt)s ist bereits storniert.",
                                   receipt=original["receipt_number"])) from exc
    return result


def _append_reversal(uow, original: dict, row: dict, shares: dict, reason: str, actor: str,
                     correction: dict | None, actor_name: str | None) -> dict:
    entry_id = original["id"]
    _insert(uow, row, shares)
    uow.audit(actor=actor, entity="journal_entry", entity_id=entry_id, action="reversed",
              changes={"reversal_id": row["id"], "reason": reason})
    uow.audit(actor=actor, entity="journal_entry", entity_id=row["id"], action="booked",
              changes={"reverses": entry_id, "amount": row["amount"], "shares": shares})
    _publish(uow, row)
    result = {"reversal": {**row, "shares": shares}, "correction": None}
    if correction:
        result["correction"] = _book(uow, actor=actor, project_id=original["project_id"], id=None,
                                     demo=original["demo"], actor_name=actor_name, **correction)
    uow.commit()
    return result
