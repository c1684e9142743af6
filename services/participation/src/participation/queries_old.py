"""Read side: lists, details, cockpit and public views (no side effects)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from participation.adapters.orm import (
    agenda_item,
    attendance,
    body,
    decision,
    event,
    hours,
    meeting,
    membership,
    opportunity,
    organisation,
    person,
    project_view,
    recusal,
    registration,
    signup,
    sponsorship,
    vote,
)
from participation.domain.actors import display_name
from participation.domain.events import Booking, seats_left
from participation.domain.governance import valid_votes
from participation.service_layer.common import not_found
from participation.service_layer.decisions import members_of, present_ids, quorum_of
from servicekit.db.search import matches


def _one(conn, table, id_, what):
    row = conn.execute(select(table).where(list(table.primary_key.columns)[0] == id_)).mappings().first()
    if row is None:
        raise not_found(what, id_)
    return dict(row)


def persons(conn, q=None) -> list[dict]:
    rows = conn.execute(select(person).where(matches(q, person.c.name, person.c.email)).order_by(person.c.name))
    return [dict(r) for r in rows.mappings()]


def organisations(conn, q=None) -> list[dict]:
    rows = conn.execute(select(organisation).where(matches(q, organisation.c.name)).order_by(organisation.c.name))
    return [dict(r) for r in rows.mappings()]


def bodies(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(select(body).order_by(body.c.name)).mappings()]


def members(conn, body_id: str) -> list[dict]:
    rows = conn.execute(
        select(membership, person.c.name.label("person_name"), person.c.anonymised,
               organisation.c.name.label("organisation_name"))
        .join(person, person.c.id == membership.c.person_id)
        .outerjoin(organisation, organisation.c.id == membership.c.organisation_id)
        .where(membership.c.body_id == body_id).order_by(membership.c.role, person.c.name)).mappings()
    return [{**dict(r), "person_name": display_name(r["person_name"], r["anonymised"])} for r in rows]


def body_detail(conn, body_id: str) -> dict:
    b = _one(conn, body, body_id, "Das Gremium")
    b["members"] = members(conn, body_id)
    b["meetings"] = [dict(r) for r in conn.execute(select(meeting).where(meeting.c.body_id == body_id)
                                                   .order_by(meeting.c.starts_at.desc())).mappings()]
    return b


def meetings(conn, body_id=None) -> list[dict]:
    stmt = select(meeting, body.c.name.label("body_name")).join(body, body.c.id == meeting.c.body_id)
    if body_id:
        stmt = stmt.where(meeting.c.body_id == body_id)
    return [dict(r) for r in conn.execute(stmt.order_by(meeting.c.starts_at.desc())).mappings()]


def meeting_detail(conn, meeting_id: str) -> dict:
    """The meeting cockpit: agenda with votes, recusals and decisions, attendance and live quorum."""
    m = _one(conn, meeting, meeting_id, "Die Sitzung")
    m["body"] = _one(conn, body, m["body_id"], "Das Gremium")
    present = {r.membership_id: r.present for r in conn.execute(
        select(attendance).where(attendance.c.meeting_id == meeting_id))}
    m["attendance"] = [{**mem, "present": present.get(mem["id"], False)} for mem in members(conn, m["body_id"])]
    names = {a["id"]: a["person_name"] for a in m["attendance"]}
    m["quorum"] = quorum_of(conn, m)
    entitled = members_of(conn, m["body_id"], m["starts_at"].date())
    in_the_room = present_ids(conn, meeting_id)
    items = []
    for it in conn.execute(select(agenda_item).where(agenda_item.c.meeting_id == meeting_id)
                           .order_by(agenda_item.c.position)).mappings():
        it = dict(it)
        stored = [(v.membership_id, v.choice) for v in conn.execute(select(vote).where(vote.c.item_id == it["id"]))]
        # "counted": the vote counts if the result were established now (present, entitled, not recused)
        _, ignored = valid_votes(stored, entitled, in_the_room, it["applicant_organisation_id"])
        it["votes"] = [{"membership_id": mid, "name": names.get(mid, ""), "choice": choice,
                        "counted": mid not in ignored} for mid, choice in stored]
        recused = conn.execute(select(recusal).where(recusal.c.item_id == it["id"]))
        it["recusals"] = [{"membership_id": r.membership_id, "name": names.get(r.membership_id, ""),
                           "reason": r.reason} for r in recused]
        d = conn.execute(select(decision).where(decision.c.item_id == it["id"])).mappings().first()
        it["decision"] = dict(d) if d else None
        p = conn.execute(select(project_view).where(project_view.c.project_id == it["project_id"])).mappings().first() \
            if it["project_id"] else None
        it["project"] = dict(p) if p else None
        items.append(it)
    m["items"] = items
    return m


def decisions(conn, q=None, body_id=None, published_only=False) -> list[dict]:
    stmt = select(decision, body.c.name.label("body_name")).join(body, body.c.id == decision.c.body_id) \
        .where(matches(q, decision.c.title, decision.c.number))
    if body_id:
        stmt = stmt.where(decision.c.body_id == body_id)
    if published_only:
        stmt = stmt.where(decision.c.published.is_(True), decision.c.outcome == "approved",
                          decision.c.amount.is_not(None), decision.c.refusal_reason.is_(None))
    return [dict(r) for r in conn.execute(stmt.order_by(decision.c.decided_on.desc(), decision.c.number.desc()))
            .mappings()]


def decision_detail(conn, decision_id: str) -> dict:
    d = _one(conn, decision, decision_id, "Der Beschluss")
    d["body_name"] = conn.execute(select(body.c.name).where(body.c.id == d["body_id"])).scalar()
    return d


def _bookings(conn, event_id):
    rows = conn.execute(select(registration.c.id, registration.c.seats, registration.c.status)
                        .where(registration.c.event_id == event_id)).all()
    return [Booking(*r) for r in rows]


def events(conn, *, q=None, public=False, start=None, field=None, district=None) -> list[dict]:
    stmt = select(event).where(matches(q, event.c.title, event.c.summary, event.c.description))
    if public:
        stmt = stmt.where(event.c.published.is_(True), event.c.cancelled_at.is_(None),
                          event.c.starts_at >= (start or datetime.now(UTC)))
    out = []
    for r in conn.execute(stmt.order_by(event.c.starts_at)).mappings():
        r = dict(r)
        if field and field not in (r["fields_of_action"] or []):
            continue
        if district and district not in (r["districts"] or []):
            continue
        r["seats_left"] = seats_left(r["capacity"], _bookings(conn, r["id"]))
        out.append(r)
    return out


def event_detail(conn, event_id: str, *, public=False) -> dict:
    e = _one(conn, event, event_id, "Die Veranstaltung")
    if public and (not e["published"] or e["cancelled_at"] is not None):
        raise not_found("Die Veranstaltung", event_id)
    e["seats_left"] = seats_left(e["capacity"], _bookings(conn, event_id))
    return e


def registrations(conn, event_id: str) -> list[dict]:
    _one(conn, event, event_id, "Die Veranstaltung")
    rows = conn.execute(select(registration).where(registration.c.event_id == event_id)
                        .order_by(registration.c.number)).mappings()
    return [dict(r) for r in rows]


def opportunities(conn, *, q=None, public=False, field=None, district=None) -> list[dict]:
    stmt = select(opportunity, organisation.c.name.label("organisation_name")) \
        .outerjoin(organisation, organisation.c.id == opportunity.c.organisation_id) \
        .where(matches(q, opportunity.c.title, opportunity.c.description))
    if public:
        stmt = stmt.where(opportunity.c.published.is_(True))
    if field:
        stmt = stmt.where(opportunity.c.field_of_action == field)
    if district:
        stmt = stmt.where(opportunity.c.district == district)
    return [dict(r) for r in conn.execute(stmt.order_by(opportunity.c.title)).mappings()]


def sponsorships(conn) -> list[dict]:
    rows = conn.execute(select(sponsorship, person.c.name.label("person_name"), person.c.anonymised)
                        .join(person, person.c.id == sponsorship.c.person_id).order_by(sponsorship.c.object))
    return [{**dict(r), "person_name": display_name(r["person_name"], r["anonymised"])} for r in rows.mappings()]


def hours_of(conn, person_id: str) -> list[dict]:
    rows = conn.execute(select(hours, opportunity.c.title.label("opportunity_title"))
                        .outerjoin(opportunity, opportunity.c.id == hours.c.opportunity_id)
                        .where(hours.c.person_id == person_id).order_by(hours.c.day))
    return [dict(r) for r in rows.mappings()]


def person_detail(conn, person_id: str) -> dict:
    return _one(conn, person, person_id, "Die Person")


def projects(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(select(project_view).order_by(project_view.c.title)).mappings()]


def signups(conn) -> list[dict]:
    rows = conn.execute(select(signup.c.id, signup.c.name, signup.c.email, signup.c.status, signup.c.created_at,
                               opportunity.c.title.label("opportunity_title"))
                        .join(opportunity, opportunity.c.id == signup.c.opportunity_id)
                        .order_by(signup.c.created_at.desc()))
    return [dict(r) for r in rows.mappings()]
