"""Read side of the network: persons, organisations, bodies with their members, and the read models of the
programmes service (programmes, projects) that the pickers offer by name."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from participation.adapters.orm import (
    body,
    meeting,
    membership,
    organisation,
    person,
    programme_view,
    project_view,
)
from participation.domain.actors import display_name
from participation.queries.common import now, one, today
from servicekit.db.search import matches

PERSON_STATUS = ("aktiv", "anonymisiert")


def persons_stmt(q=None, status=None, organisation_id=None):
    """Persons by name (search over name and e-mail), with the organisation each belongs to."""
    stmt = select(person, organisation.c.name.label("organisation_name")) \
        .outerjoin(organisation, organisation.c.id == person.c.organisation_id) \
        .where(matches(q, person.c.name, person.c.email))
    if status == "aktiv":
        stmt = stmt.where(person.c.anonymised.is_(False))
    elif status == "anonymisiert":
        stmt = stmt.where(person.c.anonymised.is_(True))
    if organisation_id:
        stmt = stmt.where(person.c.organisation_id == organisation_id)
    return stmt.order_by(person.c.anonymised, person.c.name, person.c.id)


def persons(conn, q=None) -> list[dict]:
    return [dict(r) for r in conn.execute(persons_stmt(q)).mappings()]


def person_detail(conn, person_id: str) -> dict:
    p = one(conn, person, person_id, "Die Person")
    p["organisation_name"] = conn.execute(select(organisation.c.name).where(
        organisation.c.id == p["organisation_id"])).scalar() if p["organisation_id"] else None
    return p


def person_memberships(conn, person_id: str) -> list[dict]:
    rows = conn.execute(select(membership, body.c.name.label("body_name"),
                               organisation.c.name.label("organisation_name"))
                        .join(body, body.c.id == membership.c.body_id)
                        .outerjoin(organisation, organisation.c.id == membership.c.organisation_id)
                        .where(membership.c.person_id == person_id).order_by(body.c.name, membership.c.valid_from))
    return [dict(r) for r in rows.mappings()]


def organisations_stmt(q=None, kind=None):
    stmt = select(organisation).where(matches(q, organisation.c.name, organisation.c.email))
    if kind:
        stmt = stmt.where(organisation.c.kind == kind)
    return stmt.order_by(organisation.c.name, organisation.c.id)


def organisations(conn, q=None) -> list[dict]:
    return [dict(r) for r in conn.execute(organisations_stmt(q)).mappings()]


def organisation_detail(conn, org_id: str) -> dict:
    o = one(conn, organisation, org_id, "Die Organisation")
    o["persons"] = [display_name(r.name, r.anonymised) for r in conn.execute(
        select(person.c.name, person.c.anonymised).where(person.c.organisation_id == org_id)
        .order_by(person.c.name))]
    o["bodies"] = [dict(r) for r in conn.execute(
        select(body.c.id, body.c.name).distinct().join(membership, membership.c.body_id == body.c.id)
        .where(membership.c.organisation_id == org_id).order_by(body.c.name)).mappings()]
    return o


def _current(day):
    return and_(or_(membership.c.valid_from.is_(None), membership.c.valid_from <= day),
                or_(membership.c.valid_until.is_(None), membership.c.valid_until >= day))


def bodies_stmt(q=None, type_=None, programme_id=None):
    """Bodies with their programme's name, the number of current members and the next meeting."""
    members_now = select(func.count()).select_from(membership) \
        .where(membership.c.body_id == body.c.id, _current(today())).scalar_subquery()
    next_meeting = select(func.min(meeting.c.starts_at)).where(
        meeting.c.body_id == body.c.id, meeting.c.starts_at >= now()).scalar_subquery()
    stmt = select(body, programme_view.c.name.label("programme_name"), members_now.label("member_count"),
                  next_meeting.label("next_meeting")) \
        .outerjoin(programme_view, programme_view.c.programme_id == body.c.programme_id) \
        .where(matches(q, body.c.name, body.c.description, programme_view.c.name))
    if type_:
        stmt = stmt.where(body.c.type == type_)
    if programme_id:
        stmt = stmt.where(body.c.programme_id == programme_id)
    return stmt.order_by(body.c.name, body.c.id)


def bodies(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(bodies_stmt()).mappings()]


def members(conn, body_id: str) -> list[dict]:
    rows = conn.execute(
        select(membership, person.c.name.label("person_name"), person.c.anonymised,
               organisation.c.name.label("organisation_name"))
        .join(person, person.c.id == membership.c.person_id)
        .outerjoin(organisation, organisation.c.id == membership.c.organisation_id)
        .where(membership.c.body_id == body_id).order_by(membership.c.role, person.c.name)).mappings()
    return [{**dict(r), "person_name": display_name(r["person_name"], r["anonymised"])} for r in rows]


def body_detail(conn, body_id: str) -> dict:
    b = one(conn, body, body_id, "Das Gremium")
    b["programme_name"] = programme_name(conn, b["programme_id"])
    b["members"] = members(conn, body_id)
    b["meetings"] = [dict(r) for r in conn.execute(select(meeting).where(meeting.c.body_id == body_id)
                                                   .order_by(meeting.c.starts_at.desc())).mappings()]
    return b


def programmes(conn) -> list[dict]:
    """The funding programmes the programmes service announced, by name."""
    return [dict(r) for r in conn.execute(select(programme_view).order_by(programme_view.c.name)).mappings()]


def programme_name(conn, programme_id: str | None) -> str | None:
    if not programme_id:
        return None
    return conn.execute(select(programme_view.c.name).where(programme_view.c.programme_id == programme_id)).scalar()


def projects(conn) -> list[dict]:
    return [dict(r) for r in conn.execute(select(project_view).order_by(project_view.c.title)).mappings()]


def names_for_export(conn, data: dict) -> dict:
    """The names behind the ids of a DSGVO export (bodies, organisations, opportunities, events)."""
    from participation.adapters.orm import event, opportunity

    def lookup(table, column, ids):
        ids = {i for i in ids if i}
        if not ids:
            return {}
        return dict(conn.execute(select(table.c.id, column).where(table.c.id.in_(ids))).all())

    org_ids = [data["person"].get("organisation_id")] + [m.get("organisation_id") for m in data["memberships"]]
    opportunity_ids = [r.get("opportunity_id") for key in ("hours", "signups", "sponsorships") for r in data[key]]
    return {"bodies": lookup(body, body.c.name, [m["body_id"] for m in data["memberships"]]),
            "organisations": lookup(organisation, organisation.c.name, org_ids),
            "opportunities": lookup(opportunity, opportunity.c.title, opportunity_ids),
            "events": lookup(event, event.c.title, [r["event_id"] for r in data["registrations"]])}
