"""Persons, organisations, consent records and the DSGVO rights (export, erase)."""

from __future__ import annotations

import json

from sqlalchemy import Text, cast, or_, select, update

from participation.adapters.orm import (
    agenda_item,
    consent,
    decision,
    hours,
    meeting,
    membership,
    organisation,
    person,
    registration,
    signup,
    sponsorship,
)
from participation.domain.actors import (
    ANONYMISED,
    DEFAULT_LANGUAGE,
    anonymised_fields,
    redact_json,
    redact_text,
    search_terms,
)
from participation.domain.errors import Conflict
from participation.service_layer.common import acted, fetch, new_id, not_found, now, reference
from servicekit.web.i18n import Msg


def _org_event(data: dict) -> dict:
    return {"organisation_id": data["id"], "name": data["name"], "kind": data["kind"]}


def create_organisation(uow, *, actor: str, id: str | None = None, demo: bool = False, **fields) -> dict:
    with uow:
        data = {"id": id or new_id(), "email": None, "phone": None, "address": None, **fields, "demo": demo}
        uow.session.execute(organisation.insert().values(**data))
        uow.audit(actor=actor, entity="organisation", entity_id=data["id"], action="created", changes=fields)
        uow.publish("participation.organisation.created.v1", data["id"], _org_event(data))
        uow.commit()
    return data


def update_organisation(uow, org_id: str, *, actor: str, **fields) -> dict:
    with uow:
        before = fetch(uow, organisation, org_id, "Die Organisation", lock=True)
        changes = {k: v for k, v in fields.items() if before[k] != v}
        if not changes:  # an empty or unchanged PATCH changes nothing (and was an UPDATE without SET, a 500)
            return before
        uow.session.execute(update(organisation).where(organisation.c.id == org_id).values(**changes))
        data = fetch(uow, organisation, org_id, "Die Organisation")
        uow.audit(actor=actor, entity="organisation", entity_id=org_id, action="updated", changes=changes)
        uow.publish("participation.organisation.updated.v1", org_id, _org_event(data))
        uow.commit()
    return data


def create_person(uow, *, actor: str, id: str | None = None, demo: bool = False, **fields) -> dict:
    with uow:
        reference(uow, organisation, fields.get("organisation_id"), "Die Organisation", "organisation_id")
        data = {"id": id or new_id(), "email": None, "phone": None, "address": None, "organisation_id": None,
                "language": DEFAULT_LANGUAGE, **fields, "anonymised": False, "created_at": now(), "demo": demo}
        uow.session.execute(person.insert().values(**data))
        uow.audit(actor=actor, entity="person", entity_id=data["id"], action="created",
                  changes={"name": data["name"], "language": data["language"]})
        uow.commit()
    return data


def record_consent(uow, person_id: str, *, actor: str, purpose: str, text_version: str, method: str,
                   given_at=None) -> dict:
    with uow:
        p = fetch(uow, person, person_id, "Die Person")
        if p["anonymised"]:
            raise Conflict(Msg("Die Person wurde anonymisiert; eine Einwilligung kann nicht mehr erfasst werden."))
        data = {"id": new_id(), "person_id": person_id, "purpose": purpose, "text_version": text_version,
                "method": method, "given_at": given_at or now(), "withdrawn_at": None,
                **acted("recorded_by", actor)}
        uow.session.execute(consent.insert().values(**data))
        uow.audit(actor=actor, entity="consent", entity_id=data["id"], action="recorded",
                  changes={"person_id": person_id, "purpose": purpose, "text_version": text_version})
        uow.commit()
    return data


def withdraw_consent(uow, consent_id: str, *, actor: str) -> dict:
    with uow:
        row = fetch(uow, consent, consent_id, "Die Einwilligung", lock=True)
        if row["withdrawn_at"] is not None:
            raise Conflict(Msg("Die Einwilligung wurde bereits widerrufen."))
        uow.session.execute(update(consent).where(consent.c.id == consent_id).values(withdrawn_at=now()))
        uow.audit(actor=actor, entity="consent", entity_id=consent_id, action="withdrawn")
        uow.commit()
    return {**row, "withdrawn_at": now()}


def export_person(conn, person_id: str) -> dict:
    """Art. 15/20 DSGVO: everything stored about a person, as plain data."""
    def rows(table, *where):
        # tokens of cancellation/confirmation links are credentials, not personal data: never exported
        found = conn.execute(select(table).where(*where)).mappings()
        return [{k: v for k, v in r.items() if k != "token"} for r in found]

    found = rows(person, person.c.id == person_id)
    if not found:
        raise not_found("Die Person", person_id)
    p = found[0]
    by_mail = p["email"]
    return {
        "person": p,
        "consents": rows(consent, consent.c.person_id == person_id),
        "memberships": rows(membership, membership.c.person_id == person_id),
        "sponsorships": rows(sponsorship, sponsorship.c.person_id == person_id),
        "hours": rows(hours, hours.c.person_id == person_id),
        "signups": rows(signup, (signup.c.person_id == person_id) | (signup.c.email == by_mail)) if by_mail
        else rows(signup, signup.c.person_id == person_id),
        "registrations": rows(registration, registration.c.email == by_mail) if by_mail else [],
    }


def _mentioning(column, terms: list[str], *, as_json: bool = False):
    """Coarse SQL prefilter: rows whose text contains one of ``terms`` (JSON stores non-ASCII escaped)."""
    text = cast(column, Text) if as_json else column
    forms = set(terms) | ({json.dumps(t)[1:-1] for t in terms} if as_json else set())
    return or_(*[text.contains(f, autoescape=True) for f in sorted(forms)])


def _redact_free_texts(uow, p: dict) -> list[str]:
    """Minutes, agenda items and decision titles that name the person: the name becomes "anonymisiert", the
    record itself (and its approval) stays. Returns the ids of the meetings whose minutes changed."""
    terms = search_terms(p)
    changed_minutes = []
    for row in uow.session.execute(select(meeting.c.id, meeting.c.minutes_text)
                                   .where(_mentioning(meeting.c.minutes_text, terms))).all():
        redacted = redact_text(row.minutes_text, p)
        if redacted != row.minutes_text:
            uow.session.execute(update(meeting).where(meeting.c.id == row.id).values(minutes_text=redacted))
            changed_minutes.append(row.id)
    for row in uow.session.execute(select(agenda_item.c.id, agenda_item.c.title, agenda_item.c.description).where(
            or_(_mentioning(agenda_item.c.title, terms), _mentioning(agenda_item.c.description, terms)))).all():
        uow.session.execute(update(agenda_item).where(agenda_item.c.id == row.id).values(
            title=redact_text(row.title, p), description=redact_text(row.description, p)))
    for row in uow.session.execute(select(decision.c.id, decision.c.title)
                                   .where(_mentioning(decision.c.title, terms))).all():
        uow.session.execute(update(decision).where(decision.c.id == row.id).values(title=redact_text(row.title, p)))
    return sorted(changed_minutes)


def _redact_audit_log(uow, p: dict) -> int:
    """Audit entries keep who did what when, but the person's name and contact data in their changes become
    "anonymisiert"."""
    log = uow.metadata.tables["audit_log"]
    count = 0
    rows = uow.session.execute(select(log.c.id, log.c.changes).where(
        log.c.changes.is_not(None), _mentioning(log.c.changes, search_terms(p), as_json=True))).all()
    for row in rows:
        redacted = redact_json(row.changes, p)
        if redacted != row.changes:
            uow.session.execute(update(log).where(log.c.id == row.id).values(changes=redacted))
            count += 1
    return count


def erase_person(uow, person_id: str, *, actor: str) -> dict:
    """Art. 17 DSGVO by anonymisation: memberships, votes, decisions and minutes stay valid but show
    "anonymisiert"; contact data, consents' link to a name and event/volunteer registrations lose the person.
    Copies of the name and contact data are redacted too: in minutes texts (the full name and "Herr/Frau
    <Nachname>"), agenda items, decision titles and the changes recorded in the audit log (who, when and which
    action stay)."""
    with uow:
        p = fetch(uow, person, person_id, "Die Person", lock=True)
        if p["anonymised"]:
            raise Conflict(Msg("Die Person ist bereits anonymisiert."))
        if p["email"]:
            uow.session.execute(update(registration).where(registration.c.email == p["email"])
                                .values(name=ANONYMISED, email=None))
            uow.session.execute(update(signup).where(signup.c.email == p["email"])
                                .values(name=ANONYMISED, email=None, phone=None, message=""))
        uow.session.execute(update(signup).where(signup.c.person_id == person_id)
                            .values(name=ANONYMISED, email=None, phone=None, message=""))
        uow.session.execute(update(consent).where(consent.c.person_id == person_id, consent.c.withdrawn_at.is_(None))
                            .values(withdrawn_at=now()))
        uow.session.execute(update(person).where(person.c.id == person_id).values(**anonymised_fields()))
        minutes = _redact_free_texts(uow, p)
        entries = _redact_audit_log(uow, p)
        uow.audit(actor=actor, entity="person", entity_id=person_id, action="anonymised",
                  changes={"minutes_redacted": minutes, "audit_entries_redacted": entries})
        if p["email"]:
            uow.redact_published_events(p["email"])  # e.g. earlier mail requests to that address
        # The other services erase what they hold for this person (newsletter subscription, mails).
        # The address itself does not travel: the services find it by its keyed lookup key (servicekit.erasure).
        uow.publish("participation.person.erased.v1", person_id,
                    {"person_id": person_id, "email_key": uow.erasure_lookup_key(p["email"]) if p["email"] else None,
                     "erased_at": now().isoformat()})
        uow.commit()
    return {"id": person_id, "name": ANONYMISED, "anonymised": True}
