"""Public events: publication, registration with capacity and waiting list, cancellation with promotion."""

from __future__ import annotations

from sqlalchemy import func, select, update

from participation.adapters.orm import event, registration
from participation.domain.errors import Conflict, RuleViolation
from participation.domain.events import Booking, admit, promotions, waiting_position
from participation.service_layer.common import (
    acted,
    fetch,
    local_day,
    local_iso,
    new_id,
    new_token,
    not_found,
    now,
    request_mail,
)
from servicekit.formats import when
from servicekit.web.i18n import Msg


def create_event(uow, *, actor: str, id: str | None = None, demo: bool = False, publish: bool = False,
                 **fields) -> dict:
    with uow:
        if fields.get("ends_at") and fields["ends_at"] < fields["starts_at"]:
            raise RuleViolation(Msg("Das Ende liegt vor dem Beginn."))
        data = {"id": id or new_id(), "summary": "", "description": "", "place": "", "ends_at": None,
                "waiting_list": True, "fields_of_action": [], "districts": [], **fields,
                "published": False, "cancelled_at": None, "demo": demo}
        uow.session.execute(event.insert().values(**data))
        uow.audit(actor=actor, entity="event", entity_id=data["id"], action="created",
                  changes={"title": data["title"], "capacity": data["capacity"]})
        uow.commit()
    return publish_event(uow, data["id"], actor=actor) if publish else data


def publish_event(uow, event_id: str, *, actor: str) -> dict:
    with uow:
        e = fetch(uow, event, event_id, "Die Veranstaltung", lock=True)
        if e["cancelled_at"] is not None:
            raise Conflict(Msg("Die Veranstaltung ist abgesagt und kann nicht veröffentlicht werden."))
        if e["published"]:
            raise Conflict(Msg("Die Veranstaltung ist bereits veröffentlicht."))
        uow.session.execute(update(event).where(event.c.id == event_id).values(published=True))
        uow.audit(actor=actor, entity="event", entity_id=event_id, action="published")
        uow.publish("participation.event.published.v1", event_id, {
            "event_id": event_id, "title": e["title"], "starts_at": local_iso(e["starts_at"]), "place": e["place"],
            "summary": e["summary"], "fields_of_action": list(e["fields_of_action"] or []),
            "districts": list(e["districts"] or [])})
        uow.commit()
    return {**e, "published": True}


def bookings(session, event_id: str) -> list[Booking]:
    rows = session.execute(select(registration.c.id, registration.c.seats, registration.c.status)
                           .where(registration.c.event_id == event_id).order_by(registration.c.number)).all()
    return [Booking(*r) for r in rows]


def _mail_context(e: dict, token: str, public_url: str, **extra) -> dict:
    return {"event": e["title"], "starts_at": local_iso(e["starts_at"]), "place": e["place"],
            "cancel_link": f"{public_url}/veranstaltungen/abmelden?token={token}", **extra}


def register(uow, event_id: str, *, name: str, email: str, seats: int, language: str, public_url: str,
             actor: str = "öffentlich") -> dict:
    """The event row is locked (SELECT ... FOR UPDATE) so parallel registrations for the last seat serialise:
    the event is never overbooked. ``participation.registration.confirmed`` is published for a confirmed seat
    only: a place on the waiting list is announced when it is promoted (``cancel``)."""
    with uow:
        e = fetch(uow, event, event_id, "Die Veranstaltung", lock=True)
        if not e["published"] or e["cancelled_at"] is not None:
            raise not_found("Die Veranstaltung", event_id)
        starts = e["starts_at"]
        if starts.tzinfo is None:
            starts = starts.replace(tzinfo=now().tzinfo)
        if starts < now():
            raise Conflict(Msg("Die Veranstaltung hat bereits begonnen; eine Anmeldung ist nicht mehr möglich."))
        if seats > e["capacity"]:
            raise RuleViolation(Msg("Die Veranstaltung hat insgesamt nur %(capacity)s Plätze.", capacity=e["capacity"]))
        current = bookings(uow.session, event_id)
        status = admit(e["capacity"], current, seats)
        if status == "waiting" and not e["waiting_list"]:
            raise Conflict(Msg("Die Veranstaltung ist ausgebucht."))
        number = (uow.session.execute(select(func.max(registration.c.number))
                                      .where(registration.c.event_id == event_id)).scalar() or 0) + 1
        data = {"id": new_id(), "event_id": event_id, "number": number, "name": name, "email": email,
                "seats": seats, "status": status, "language": language, "token": new_token(),
                "consent_at": now(), "created_at": now()}
        uow.session.execute(registration.insert().values(**data))
        position = waiting_position([*current, Booking(data["id"], seats, status)], data["id"])
        uow.audit(actor=actor, entity="registration", entity_id=data["id"], action="registered",
                  changes={"event_id": event_id, "status": status, "seats": seats})
        if status == "confirmed":  # a place on the waiting list is no confirmed seat; promotion publishes later
            uow.publish("participation.registration.confirmed.v1", data["id"], {
                "registration_id": data["id"], "event_id": event_id, "status": status})
        request_mail(uow, template="registration_confirmation" if status == "confirmed" else "registration_waiting",
                     to=email, name=name, language=language,
                     context=_mail_context(e, data["token"], public_url, seats=seats, position=position))
        uow.commit()
    answer = {"status": status, "registration_id": data["id"]}
    if position is not None:
        answer["position"] = position
    return answer


def _cancel_locked(uow, row: dict, e: dict, *, public_url: str, actor: str) -> list[str]:
    """Cancel one registration (event row already locked) and promote from the head of the waiting list."""
    uow.session.execute(update(registration).where(registration.c.id == row["id"]).values(status="cancelled"))
    uow.audit(actor=actor, entity="registration", entity_id=row["id"], action="cancelled",
              changes={"event_id": e["id"], "was": row["status"]})
    if e["cancelled_at"] is not None:
        return []
    promoted = promotions(e["capacity"], bookings(uow.session, e["id"]))
    for reg_id in promoted:
        r = fetch(uow, registration, reg_id, "Die Anmeldung")
        uow.session.execute(update(registration).where(registration.c.id == reg_id).values(status="confirmed"))
        uow.audit(actor="system", entity="registration", entity_id=reg_id, action="promoted")
        uow.publish("participation.registration.confirmed.v1", reg_id, {
            "registration_id": reg_id, "event_id": e["id"], "status": "confirmed"})
        request_mail(uow, template="registration_promoted", to=r["email"], name=r["name"],
                     language=r["language"], context=_mail_context(e, r["token"], public_url, seats=r["seats"]))
    return promoted


def cancel(uow, token: str, *, public_url: str, actor: str = "öffentlich") -> dict:
    """Cancellation through the link from the mail."""
    with uow:
        row = uow.session.execute(select(registration).where(registration.c.token == token)).mappings().first()
        if row is None:
            raise RuleViolation(Msg("Der Abmeldelink ist ungültig."))
        e = fetch(uow, event, row["event_id"], "Die Veranstaltung", lock=True)
        row = fetch(uow, registration, row["id"], "Die Anmeldung")
        if row["status"] == "cancelled":
            return {"status": "cancelled"}
        promoted = _cancel_locked(uow, row, e, public_url=public_url, actor=actor)
        uow.commit()
    return {"status": "cancelled", "promoted": promoted}


def cancel_registration(uow, event_id: str, registration_id: str, *, actor: str, public_url: str) -> dict:
    """The office cancels a registration (e.g. the participant phoned); the waiting list moves up as with the
    link from the mail."""
    with uow:
        e = fetch(uow, event, event_id, "Die Veranstaltung", lock=True)
        row = fetch(uow, registration, registration_id, "Die Anmeldung")
        if row["event_id"] != event_id:
            raise not_found("Die Anmeldung", registration_id)
        if row["status"] == "cancelled":
            raise Conflict(Msg("Die Anmeldung ist bereits storniert."))
        promoted = _cancel_locked(uow, row, e, public_url=public_url, actor=actor)
        uow.commit()
    return {"status": "cancelled", "promoted": promoted, "name": row["name"], "number": row["number"]}


# The notice to every registered participant, in each one's language (sent by the newsletter service).
_CANCELLED_MAIL = {
    "de": ("Abgesagt: {title}", "Die Veranstaltung „{title}“ am {day} findet leider nicht statt. Ihre Anmeldung ist "
                                "damit hinfällig.{reason}"),
    "en": ("Cancelled: {title}", "Unfortunately the event “{title}” on {day} will not take place. Your registration "
                                 "has therefore lapsed.{reason}"),
}


def cancel_event(uow, event_id: str, *, actor: str, reason: str = "") -> dict:
    """Absage: the event leaves the public list and takes no registrations; every confirmed or waiting
    registration is cancelled and its participant told by mail (newsletter service, generic template). A published
    event announces ``participation.event.cancelled`` (once: calling off again is a conflict)."""
    with uow:
        e = fetch(uow, event, event_id, "Die Veranstaltung", lock=True)
        if e["cancelled_at"] is not None:
            raise Conflict(Msg("Die Veranstaltung ist bereits abgesagt."))
        at = now()
        uow.session.execute(update(event).where(event.c.id == event_id).values(
            cancelled_at=at, **acted("cancelled_by", actor)))
        active = uow.session.execute(select(registration).where(
            registration.c.event_id == event_id, registration.c.status != "cancelled")
            .order_by(registration.c.number)).mappings().all()
        for r in active:
            uow.session.execute(update(registration).where(registration.c.id == r["id"]).values(status="cancelled"))
            subject, body = _CANCELLED_MAIL.get(r["language"], _CANCELLED_MAIL["de"])
            day = when(local_day(e["starts_at"]), r["language"])  # the day in Kaufbeuren, the reader's way
            extra = f"\n\n{reason}" if reason else ""
            request_mail(uow, template="generic", to=r["email"], name=r["name"], language=r["language"], context={
                "subject": subject.format(title=e["title"]),
                "body": body.format(title=e["title"], day=day, reason=extra)})
        uow.audit(actor=actor, entity="event", entity_id=event_id, action="cancelled",
                  changes={"registrations_cancelled": len(active), "reason": reason})
        if e["published"]:  # only the other services that heard of the event need to hear of its end
            uow.publish("participation.event.cancelled.v1", event_id, {
                "event_id": event_id, "title": e["title"], "cancelled_at": at.isoformat(), "reason": reason})
        uow.commit()
    return {**e, "cancelled_at": at, "registrations_cancelled": len(active)}
