"""Volunteering (Ehrenamt): opportunities, double-confirmed public sign-ups, sponsorships, hours."""

from __future__ import annotations

from sqlalchemy import select, update

from participation.adapters.orm import hours, opportunity, organisation, person, signup, sponsorship
from participation.domain.errors import RuleViolation
from participation.service_layer.common import fetch, new_id, new_token, not_found, now, reference, request_mail
from servicekit.web.i18n import Msg


def create_opportunity(uow, *, actor: str, id: str | None = None, demo: bool = False, **fields) -> dict:
    with uow:
        reference(uow, organisation, fields.get("organisation_id"), "Die Organisation", "organisation_id")
        data = {"id": id or new_id(), "description": "", "organisation_id": None, "district": None,
                "field_of_action": None, "kind": "opportunity", "published": True, **fields, "demo": demo}
        uow.session.execute(opportunity.insert().values(**data))
        uow.audit(actor=actor, entity="opportunity", entity_id=data["id"], action="created",
                  changes={"title": data["title"], "kind": data["kind"]})
        uow.commit()
    return data


def sign_up(uow, opportunity_id: str, *, name: str, email: str, phone: str | None, message: str, language: str,
            public_url: str) -> dict:
    """Step one of the double confirmation: a pending sign-up and a mail with the confirmation link."""
    with uow:
        o = fetch(uow, opportunity, opportunity_id, "Das Engagement-Angebot")
        if not o["published"]:
            raise not_found("Das Engagement-Angebot", opportunity_id)
        data = {"id": new_id(), "opportunity_id": opportunity_id, "person_id": None, "name": name, "email": email,
                "phone": phone, "message": message or "", "language": language, "token": new_token(),
                "status": "pending", "created_at": now(), "confirmed_at": None}
        uow.session.execute(signup.insert().values(**data))
        uow.audit(actor="öffentlich", entity="signup", entity_id=data["id"], action="requested",
                  changes={"opportunity_id": opportunity_id})
        request_mail(uow, template="volunteer_confirmation", to=email, name=name, language=language, context={
            "opportunity": o["title"],
            "confirm_link": f"{public_url}/engagement/bestaetigen?token={data['token']}"})
        uow.commit()
    return {"status": "pending"}


def confirm_signup(uow, token: str) -> dict:
    """Step two: the link from the mail confirms; the volunteer becomes a person record, written to in the language
    of the form (a person who already exists keeps the language the office recorded)."""
    with uow:
        row = uow.session.execute(select(signup).where(signup.c.token == token)).mappings().first()
        if row is None:
            raise RuleViolation(Msg("Der Bestätigungslink ist ungültig."))
        if row["status"] == "confirmed":
            return {"status": "confirmed"}
        person_id = uow.session.execute(select(person.c.id).where(
            person.c.email == row["email"], person.c.anonymised.is_(False))).scalar()
        if person_id is None:
            person_id = new_id()
            uow.session.execute(person.insert().values(
                id=person_id, name=row["name"], email=row["email"], phone=row["phone"], language=row["language"],
                anonymised=False, created_at=now(), demo=False))
        uow.session.execute(update(signup).where(signup.c.id == row["id"]).values(
            status="confirmed", confirmed_at=now(), person_id=person_id))
        uow.audit(actor="öffentlich", entity="signup", entity_id=row["id"], action="confirmed",
                  changes={"person_id": person_id})
        uow.publish("participation.volunteer.registered.v1", row["id"], {
            "signup_id": row["id"], "opportunity_id": row["opportunity_id"]})
        uow.commit()
    return {"status": "confirmed"}


def add_sponsorship(uow, *, actor: str, person_id: str, object: str, since, until=None,
                    opportunity_id: str | None = None, id: str | None = None, demo: bool = False) -> dict:
    with uow:
        fetch(uow, person, person_id, "Die Person")
        reference(uow, opportunity, opportunity_id, "Das Engagement-Angebot", "opportunity_id")
        if until and until < since:
            raise RuleViolation(Msg("Das Ende der Patenschaft liegt vor ihrem Beginn."))
        data = {"id": id or new_id(), "person_id": person_id, "opportunity_id": opportunity_id, "object": object,
                "since": since, "until": until, "demo": demo}
        uow.session.execute(sponsorship.insert().values(**data))
        uow.audit(actor=actor, entity="sponsorship", entity_id=data["id"], action="created",
                  changes={"person_id": person_id, "object": object})
        uow.commit()
    return data


def log_hours(uow, *, actor: str, person_id: str, day, amount, opportunity_id: str | None = None,
              note: str = "", id: str | None = None) -> dict:
    with uow:
        p = fetch(uow, person, person_id, "Die Person")
        if p["anonymised"]:
            raise RuleViolation(Msg("Für anonymisierte Personen werden keine Stunden erfasst."))
        reference(uow, opportunity, opportunity_id, "Das Engagement-Angebot", "opportunity_id")
        if day > now().date():
            raise RuleViolation(Msg("Stunden können nicht für die Zukunft erfasst werden."))
        data = {"id": id or new_id(), "person_id": person_id, "opportunity_id": opportunity_id, "day": day,
                "hours": amount, "note": note}
        uow.session.execute(hours.insert().values(**data))
        uow.audit(actor=actor, entity="hours", entity_id=data["id"], action="logged",
                  changes={"person_id": person_id, "hours": str(amount), "day": day.isoformat()})
        uow.commit()
    return data
