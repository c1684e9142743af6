"""Read side of the offers to citizens: public events with registrations, volunteering opportunities, sign-ups,
sponsorships and hours."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from participation.adapters.orm import (
    event,
    hours,
    opportunity,
    organisation,
    person,
    registration,
    signup,
    sponsorship,
)
from participation.domain.actors import display_name
from participation.domain.events import Booking, seats_left
from participation.queries.common import now, one
from participation.service_layer.common import not_found
from servicekit.db.search import matches

EVENT_STATUS = ("entwurf", "veroeffentlicht", "abgesagt")
EVENT_TIMES = ("kommend", "vergangen")


def _bookings(conn, event_id):
    rows = conn.execute(select(registration.c.id, registration.c.seats, registration.c.status)
                        .where(registration.c.event_id == event_id)).all()
    return [Booking(*r) for r in rows]


def with_seats(conn, rows) -> list[dict]:
    """The free seats of each event of a page (a page holds few rows; the rule is in the domain)."""
    return [{**r, "seats_left": seats_left(r["capacity"], _bookings(conn, r["id"]))} for r in rows]


def events_stmt(q=None, status=None, when=None):
    """The office's list of events: search, status (draft, published, cancelled), upcoming or past."""
    stmt = select(event).where(matches(q, event.c.title, event.c.summary, event.c.place))
    if status == "entwurf":
        stmt = stmt.where(event.c.published.is_(False), event.c.cancelled_at.is_(None))
    elif status == "veroeffentlicht":
        stmt = stmt.where(event.c.published.is_(True), event.c.cancelled_at.is_(None))
    elif status == "abgesagt":
        stmt = stmt.where(event.c.cancelled_at.is_not(None))
    if when == "kommend":
        return stmt.where(event.c.starts_at >= now()).order_by(event.c.starts_at, event.c.id)
    if when == "vergangen":
        stmt = stmt.where(event.c.starts_at < now())
    return stmt.order_by(event.c.starts_at.desc(), event.c.id)


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
    e = one(conn, event, event_id, "Die Veranstaltung")
    if public and (not e["published"] or e["cancelled_at"] is not None):
        raise not_found("Die Veranstaltung", event_id)
    e["seats_left"] = seats_left(e["capacity"], _bookings(conn, event_id))
    return e


def registrations(conn, event_id: str) -> list[dict]:
    one(conn, event, event_id, "Die Veranstaltung")
    rows = conn.execute(select(registration).where(registration.c.event_id == event_id)
                        .order_by(registration.c.number)).mappings()
    return [dict(r) for r in rows]


def registration_count(conn, event_id: str) -> int:
    return conn.execute(select(func.count()).select_from(registration).where(
        registration.c.event_id == event_id, registration.c.status != "cancelled")).scalar_one()


def opportunities_stmt(q=None, kind=None, public=False, field=None, district=None):
    stmt = select(opportunity, organisation.c.name.label("organisation_name")) \
        .outerjoin(organisation, organisation.c.id == opportunity.c.organisation_id) \
        .where(matches(q, opportunity.c.title, opportunity.c.description, organisation.c.name))
    if public:
        stmt = stmt.where(opportunity.c.published.is_(True))
    if kind:
        stmt = stmt.where(opportunity.c.kind == kind)
    if field:
        stmt = stmt.where(opportunity.c.field_of_action == field)
    if district:
        stmt = stmt.where(opportunity.c.district == district)
    return stmt.order_by(opportunity.c.title, opportunity.c.id)


def opportunities(conn, *, q=None, public=False, field=None, district=None) -> list[dict]:
    stmt = opportunities_stmt(q, public=public, field=field, district=district)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def sponsorships_stmt(q=None):
    return select(sponsorship, person.c.name.label("person_name"), person.c.anonymised,
                  opportunity.c.title.label("opportunity_title")) \
        .join(person, person.c.id == sponsorship.c.person_id) \
        .outerjoin(opportunity, opportunity.c.id == sponsorship.c.opportunity_id) \
        .where(matches(q, sponsorship.c.object, person.c.name)).order_by(sponsorship.c.object, sponsorship.c.id)


def named(rows) -> list[dict]:
    """Rows with a person's name: an erased person shows the marker, never the old name."""
    return [{**r, "person_name": display_name(r["person_name"], r["anonymised"])} for r in rows]


def sponsorships(conn) -> list[dict]:
    return named(dict(r) for r in conn.execute(sponsorships_stmt()).mappings())


def hours_of(conn, person_id: str) -> list[dict]:
    rows = conn.execute(select(hours, opportunity.c.title.label("opportunity_title"))
                        .outerjoin(opportunity, opportunity.c.id == hours.c.opportunity_id)
                        .where(hours.c.person_id == person_id).order_by(hours.c.day))
    return [dict(r) for r in rows.mappings()]


SIGNUP_STATUS = ("confirmed", "pending")


def signups_stmt(q=None, status=None):
    stmt = select(signup.c.id, signup.c.name, signup.c.email, signup.c.status, signup.c.created_at,
                  opportunity.c.title.label("opportunity_title")) \
        .join(opportunity, opportunity.c.id == signup.c.opportunity_id) \
        .where(matches(q, signup.c.name, signup.c.email, opportunity.c.title))
    if status:
        stmt = stmt.where(signup.c.status == status)
    return stmt.order_by(signup.c.created_at.desc(), signup.c.id)


def signups(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(signups_stmt()).mappings()]


def count(conn, stmt) -> int:
    return conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
