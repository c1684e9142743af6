"""Votes and decisions (Beschlüsse): quorum, recusal (Befangenheit), gap-free numbering, the decision event."""

from __future__ import annotations

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from participation.adapters.orm import (
    agenda_item,
    attendance,
    body,
    decision,
    decision_counter,
    meeting,
    membership,
    organisation,
    person,
    recusal,
    vote,
)
from participation.domain.errors import Conflict, NoQuorum, Recused, RuleViolation
from participation.domain.governance import (
    Member,
    check_amount,
    count_votes,
    decision_number,
    is_recused,
    outcome_of,
    quorum,
    recusal_reason_for,
    valid_votes,
)
from participation.service_layer.common import acted, fetch, local_day, new_id, now
from servicekit.web.i18n import Msg


def members_of(session, body_id: str, day) -> list[Member]:
    """The body's members on ``day``, with the organisation each represents and the one the person belongs to."""
    rows = session.execute(select(membership, person.c.organisation_id.label("person_organisation_id"))
                           .join(person, person.c.id == membership.c.person_id).where(
        membership.c.body_id == body_id,
        or_(membership.c.valid_from.is_(None), membership.c.valid_from <= day),
        or_(membership.c.valid_until.is_(None), membership.c.valid_until >= day))).mappings()
    return [Member(r["id"], r["organisation_id"], r["role"], r["voting"], r["person_organisation_id"])
            for r in rows]


def present_ids(session, meeting_id: str) -> set[str]:
    return set(session.execute(select(attendance.c.membership_id).where(
        and_(attendance.c.meeting_id == meeting_id, attendance.c.present.is_(True)))).scalars())


def quorum_of(session, meeting_row: dict) -> dict:
    b = session.execute(select(body.c.quorum_percent).where(body.c.id == meeting_row["body_id"])).scalar_one()
    members = members_of(session, meeting_row["body_id"], local_day(meeting_row["starts_at"]))
    return quorum(members, present_ids(session, meeting_row["id"]), b)


def _context(uow, item_id: str):
    item = fetch(uow, agenda_item, item_id, "Der Tagesordnungspunkt")
    m = fetch(uow, meeting, item["meeting_id"], "Die Sitzung", lock=True)
    return item, m


def _record_recusal(uow, item: dict, member: Member, actor: str) -> None:
    exists = uow.session.execute(select(recusal.c.item_id).where(
        recusal.c.item_id == item["id"], recusal.c.membership_id == member.membership_id)).first()
    if exists:
        return
    org = uow.session.execute(select(organisation.c.name).where(
        organisation.c.id == item["applicant_organisation_id"])).scalar() or ""
    reason = recusal_reason_for(member, item["applicant_organisation_id"], org)
    uow.session.execute(recusal.insert().values(item_id=item["id"], membership_id=member.membership_id,
                                                reason=reason, recorded_at=now()))
    uow.audit(actor=actor, entity="agenda_item", entity_id=item["id"], action="recusal",
              changes={"membership_id": member.membership_id, "reason": reason})


def cast_vote(uow, item_id: str, *, actor: str, membership_id: str, choice: str) -> dict:
    with uow:
        item, m = _context(uow, item_id)
        if uow.session.execute(select(decision.c.id).where(decision.c.item_id == item_id)).first():
            raise Conflict(Msg("Über diesen Tagesordnungspunkt wurde bereits beschlossen."))
        members = {x.membership_id: x for x in members_of(uow.session, m["body_id"], local_day(m["starts_at"]))}
        member = members.get(membership_id)
        if member is None:
            raise RuleViolation(Msg("Diese Mitgliedschaft gehört am Sitzungstag nicht zum Gremium."))
        if not member.has_vote:
            raise RuleViolation(Msg("Dieses Mitglied hat kein Stimmrecht."))
        if membership_id not in present_ids(uow.session, m["id"]):
            raise Conflict(Msg("Nur anwesende Mitglieder können abstimmen. Bitte zuerst die Anwesenheit erfassen."))
        if is_recused(member, item["applicant_organisation_id"]):
            _record_recusal(uow, item, member, actor)
            uow.commit()
            raise Recused(Msg("Das Mitglied ist befangen: seine Organisation ist Antragstellerin dieses "
                          "Tagesordnungspunkts. Die Befangenheit wurde vermerkt, die Stimme nicht gezählt."))
        table = vote
        values = {"item_id": item_id, "membership_id": membership_id, "choice": choice, "cast_at": now()}
        insert = pg_insert if uow.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        uow.session.execute(insert(table).values(**values).on_conflict_do_update(
            index_elements=["item_id", "membership_id"], set_={"choice": choice, "cast_at": values["cast_at"]}))
        uow.audit(actor=actor, entity="agenda_item", entity_id=item_id, action="vote",
                  changes={"membership_id": membership_id, "choice": choice})
        uow.commit()
    return {"item_id": item_id, "membership_id": membership_id, "choice": choice}


def _next_number(uow, prefix: str, year: int) -> str:
    """Gap-free: the counter row is locked by the upsert until this transaction commits or rolls back."""
    key = f"{prefix}-{year}"
    insert = pg_insert if uow.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    seq = uow.session.execute(insert(decision_counter).values(prefix_year=key, last=1).on_conflict_do_update(
        index_elements=["prefix_year"], set_={"last": decision_counter.c.last + 1})
        .returning(decision_counter.c.last)).scalar_one()
    return decision_number(prefix, year, int(seq))


def decide(uow, item_id: str, *, actor: str, outcome: str | None = None, amount=None, title: str | None = None,
           id: str | None = None, demo: bool = False) -> dict:
    """Establish the result of an agenda item (Feststellung des Abstimmungsergebnisses) and number the decision.

    As in a German Gremium, the result is established from the members in the room at that moment: only the
    votes of members who are present now, have a vote on the meeting day and are not recused count. Attendance may
    change during a meeting (a member leaves early); a vote cast before the member was marked absent stays on
    record but is not counted, and the decision's audit entry names it ("ignored_votes"). Without quorum there is
    no decision (409); without a counted vote only a deferral is possible (422)."""
    with uow:
        item, m = _context(uow, item_id)
        if uow.session.execute(select(decision.c.id).where(decision.c.item_id == item_id)).first():
            raise Conflict(Msg("Über diesen Tagesordnungspunkt wurde bereits beschlossen."))
        q = quorum_of(uow.session, m)
        if not q["quorate"]:
            raise NoQuorum(Msg("Die Sitzung ist nicht beschlussfähig: %(present)s von %(voting)s stimmberechtigten "
                               "Mitgliedern anwesend, nötig sind %(needed)s.", present=q["present"],
                               voting=q["voting_members"], needed=q["needed"]))
        b = fetch(uow, body, m["body_id"], "Das Gremium")
        present = present_ids(uow.session, m["id"])
        members = members_of(uow.session, m["body_id"], local_day(m["starts_at"]))
        for member in members:
            if member.membership_id in present and member.has_vote and \
                    is_recused(member, item["applicant_organisation_id"]):
                _record_recusal(uow, item, member, actor)
        stored = [(r.membership_id, r.choice) for r in uow.session.execute(
            select(vote.c.membership_id, vote.c.choice).where(vote.c.item_id == item_id))]
        choices, ignored = valid_votes(stored, members, present, item["applicant_organisation_id"])
        tally = count_votes(choices)
        if outcome != "deferred":
            if not stored:
                raise RuleViolation(Msg("Es wurden noch keine Stimmen abgegeben."))
            if not choices:
                raise RuleViolation(Msg("Keine der abgegebenen Stimmen zählt: die Mitglieder sind nicht mehr "
                                        "anwesend, nicht stimmberechtigt oder befangen."))
            outcome = outcome_of(tally)
        try:
            amount = check_amount(amount if amount is not None else item["amount"])
        except ValueError as exc:
            raise RuleViolation(Msg("Der Betrag muss größer als 0 sein.")) from exc
        if outcome != "approved":
            amount = None
        day = local_day(m["starts_at"])  # the meeting's day in Kaufbeuren
        year = day.year
        data = {"id": id or new_id(), "number": _next_number(uow, b["prefix"], year), "body_id": b["id"],
                "meeting_id": m["id"], "item_id": item_id, "title": title or item["title"], "outcome": outcome,
                "amount": amount, "project_id": item["project_id"], "votes_yes": tally["yes"],
                "votes_no": tally["no"], "votes_abstain": tally["abstain"], "decided_on": day,
                "published": True, "refusal_reason": None, "demo": demo, **acted("recorded_by", actor),
                "recorded_at": now()}
        uow.session.execute(decision.insert().values(**data))
        uow.audit(actor=actor, entity="decision", entity_id=data["id"], action="made",
                  changes={"number": data["number"], "outcome": outcome, "tally": tally,
                           "amount": str(amount) if amount is not None else None, "ignored_votes": ignored})
        uow.publish("participation.decision.made.v1", data["id"], {
            "decision_id": data["id"], "number": data["number"], "body_id": b["id"], "body_type": b["type"],
            "project_id": item["project_id"], "outcome": outcome,
            "amount": str(amount) if amount is not None else None, "title": data["title"], "year": year,
            "votes_yes": tally["yes"], "votes_no": tally["no"], "votes_abstain": tally["abstain"]})
        uow.commit()
    return data


def on_decision_refused(uow, env) -> None:
    """finance.action_fund.decision_refused: show the refusal on the decision."""
    d = env.data
    reason = f"Vom Aktionsfonds abgelehnt: {d['reason']} (verbleibend {d['remaining']} €)"
    uow.session.execute(update(decision).where(decision.c.id == d["decision_id"]).values(
        refusal_reason=reason[:500]))


def on_decision_booked(uow, env) -> None:
    d = env.data
    uow.session.execute(update(decision).where(decision.c.id == d["decision_id"]).values(
        booked_remaining=d["remaining"]))
