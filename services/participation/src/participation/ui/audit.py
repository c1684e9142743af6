"""The audit log of the network office: every change, newest first, searched by who did it, filtered by the
kind of record, paged in SQL; each entry names its record (with a link) instead of showing its id."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from participation.adapters.orm import (
    agenda_item,
    body,
    consent,
    decision,
    event,
    hours,
    meeting,
    membership,
    opportunity,
    organisation,
    person,
    registration,
    signup,
    sponsorship,
)
from participation.domain.actors import display_name
from participation.ui.audit_labels import ACTIONS, ENTITIES, FIELDS, as_pairs, keyed
from participation.ui.common import EDITOR, conn, render
from participation.ui.history import values_for
from participation.ui.labels import person_name
from servicekit.auth import require_roles
from servicekit.db.search import matches
from servicekit.web.app import runtime_of
from servicekit.web.auditview import audit_rows
from servicekit.web.i18n import _
from servicekit.web.listing import Listing


def _fetch(c, stmt, ids) -> dict:
    ids = list(ids)
    return {r[0]: r[1:] for r in c.execute(stmt(ids)).all()} if ids else {}


def records(c, entries) -> dict:
    """(entity, entity_id) → (what a person reads, link) for the entries of one page."""
    by = {}
    for e in entries:
        by.setdefault(e["entity"], set()).add(e["entity_id"])
    out = {}

    def put(entity, found, text, link):
        for id_, row in found.items():
            out[(entity, id_)] = (text(*row), link(id_, *row))

    g = by.get
    put("organisation", _fetch(c, lambda i: select(organisation.c.id, organisation.c.name)
                               .where(organisation.c.id.in_(i)), g("organisation", ())),
        lambda n: n, lambda i, n: url_for("ui.organisation_edit", org_id=i))
    put("person", _fetch(c, lambda i: select(person.c.id, person.c.name, person.c.anonymised)
                         .where(person.c.id.in_(i)), g("person", ())),
        lambda n, a: person_name(display_name(n, a)), lambda i, n, a: url_for("ui.person", person_id=i))
    put("consent", _fetch(c, lambda i: select(consent.c.id, person.c.name, person.c.anonymised, person.c.id)
                          .join(person, person.c.id == consent.c.person_id).where(consent.c.id.in_(i)),
                          g("consent", ())),
        lambda n, a, p: person_name(display_name(n, a)), lambda i, n, a, p: url_for("ui.person", person_id=p))
    put("body", _fetch(c, lambda i: select(body.c.id, body.c.name).where(body.c.id.in_(i)), g("body", ())),
        lambda n: n, lambda i, n: url_for("ui.body", body_id=i))
    put("membership", _fetch(c, lambda i: select(membership.c.id, person.c.name, person.c.anonymised, body.c.name,
                                                 body.c.id).join(person, person.c.id == membership.c.person_id)
                             .join(body, body.c.id == membership.c.body_id).where(membership.c.id.in_(i)),
                             g("membership", ())),
        lambda n, a, b, bid: _("%(person)s in %(body)s", person=person_name(display_name(n, a)), body=b),
        lambda i, n, a, b, bid: url_for("ui.body", body_id=bid))
    meetings = set(g("meeting", ())) | set(g("minutes", ()))
    found = _fetch(c, lambda i: select(meeting.c.id, body.c.name, meeting.c.title)
                   .join(body, body.c.id == meeting.c.body_id).where(meeting.c.id.in_(i)), meetings)
    for entity in ("meeting", "minutes"):
        put(entity, {k: v for k, v in found.items() if k in g(entity, ())}, lambda b, t: f"{b}: {t}",
            lambda i, b, t: url_for("ui.meeting", meeting_id=i))
    put("agenda_item", _fetch(c, lambda i: select(agenda_item.c.id, agenda_item.c.position, agenda_item.c.title,
                                                  agenda_item.c.meeting_id).where(agenda_item.c.id.in_(i)),
                              g("agenda_item", ())),
        lambda p, t, m: _("TOP %(position)s: %(title)s", position=p, title=t),
        lambda i, p, t, m: url_for("ui.meeting", meeting_id=m))
    put("decision", _fetch(c, lambda i: select(decision.c.id, decision.c.number, decision.c.title,
                                               decision.c.meeting_id).where(decision.c.id.in_(i)),
                           g("decision", ())),
        lambda n, t, m: f"{n}: {t}", lambda i, n, t, m: url_for("ui.meeting", meeting_id=m))
    put("event", _fetch(c, lambda i: select(event.c.id, event.c.title).where(event.c.id.in_(i)), g("event", ())),
        lambda t: t, lambda i, t: url_for("ui.event_detail", event_id=i))
    put("registration", _fetch(c, lambda i: select(registration.c.id, registration.c.number, event.c.title,
                                                   event.c.id).join(event, event.c.id == registration.c.event_id)
                               .where(registration.c.id.in_(i)), g("registration", ())),
        lambda n, t, e: _("Nr. %(number)s, %(event)s", number=n, event=t),
        lambda i, n, t, e: url_for("ui.event_detail", event_id=e))
    put("opportunity", _fetch(c, lambda i: select(opportunity.c.id, opportunity.c.title)
                              .where(opportunity.c.id.in_(i)), g("opportunity", ())),
        lambda t: t, lambda i, t: url_for("ui.volunteering"))
    put("signup", _fetch(c, lambda i: select(signup.c.id, signup.c.name, opportunity.c.title)
                         .join(opportunity, opportunity.c.id == signup.c.opportunity_id).where(signup.c.id.in_(i)),
                         g("signup", ())),
        lambda n, t: f"{person_name(n)}, {t}", lambda i, n, t: url_for("ui.signups"))
    put("sponsorship", _fetch(c, lambda i: select(sponsorship.c.id, sponsorship.c.object)
                              .where(sponsorship.c.id.in_(i)), g("sponsorship", ())),
        lambda o: o, lambda i, o: url_for("ui.sponsorships"))
    put("hours", _fetch(c, lambda i: select(hours.c.id, person.c.name, person.c.anonymised, person.c.id)
                        .join(person, person.c.id == hours.c.person_id).where(hours.c.id.in_(i)), g("hours", ())),
        lambda n, a, p: person_name(display_name(n, a)), lambda i, n, a, p: url_for("ui.person", person_id=p))
    return out


def register(bp) -> None:
    @bp.get("/audit")
    @require_roles(EDITOR)
    def audit():
        log = runtime_of().metadata.tables["audit_log"]
        listing = Listing.from_request(page_size=25, filters=("bereich",))
        stmt = select(log).where(matches(listing.q, log.c.actor_name, log.c.actor))
        if listing.filters.get("bereich") in ENTITIES:
            stmt = stmt.where(log.c.entity == listing.filters["bereich"])
        with conn() as c:
            page = listing.fetch(c, stmt.order_by(log.c.id.desc()))
            entries = keyed(page.rows)
            rows = audit_rows(entries, as_pairs(ACTIONS), FIELDS, values=values_for(c, entries))
            found = records(c, page.rows)
        shown = [(r, ENTITIES.get(e["entity"], e["entity"]), *found.get((e["entity"], e["entity_id"]),
                                                                      (_("nicht mehr vorhanden"), None)))
                 for r, e in zip(rows, page.rows, strict=True)]
        return render("audit", rows=shown, page=page, listing=listing, entities=ENTITIES)
