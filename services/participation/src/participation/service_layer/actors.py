"""Persons, organisations, consent records and the DSGVO rights (export, erase)."""

from __future__ import annotations

from sqlalchemy import select, update

from participation.adapters.orm import (
    consent,
    hours,
    membership,
    organisation,
    person,
    registration,
    signup,
    sponsorship,
)
from participation.domain.actors import ANONYMISED, DEFAULT_LANGUAGE, anonymised_fields
from participation.domain.errors import Conflict
from participation.service_layer.common import fetch, new_id, not_found, now
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
        fetch(uow, organisation, org_id, "Die Organisation", lock=True)
        uow.session.execute(update(organisation).where(organisation.c.id == org_id).values(**fields))
        data = fetch(uow, organisation, org_id, "Die Organisation")
        uow.audit(actor=actor, entity="organisation", entity_id=org_id, action="updated", changes=fields)
        uow.publish("participation.organisation.updated.v1", org_id, _org_event(data))
        uow.commit()
    return data


def create_person(uow, *, actor: str, id: str | None = None, demo: bool = False, **fields) -> dict:
    with uow:
        if fields.get("organisation_id"):
            fetch(uow, organisation, fields["organisation_id"], "Die Organisation")
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
                "method": method, "given_at": given_at or now(), "withdrawn_at": None}
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


def erase_person(uow, person_id: str, *, actor: str) -> dict:
    """Art. 17 DSGVO by anonymisation: memberships, votes, decisions and minutes stay valid but show
    "anonymisiert"; contact data, consents' link to a name and event/volunteer registrations lose the person."""
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
        uow.audit(actor=actor, entity="person", entity_id=person_id, action="anonymised")
        if p["email"]:
            uow.redact_published_events(p["email"])  # e.g. earlier mail requests to that address
        # The other services erase what they hold for this person (newsletter subscription, mails).
        uow.publish("participation.person.erased.v1", person_id,
                    {"person_id": person_id, "email": p["email"], "erased_at": now().isoformat()})
        uow.commit()
    return {"id": person_id, "name": ANONYMISED, "anonymised": True}
