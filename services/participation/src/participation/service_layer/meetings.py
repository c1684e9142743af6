"""Meetings: scheduling, invitations, agenda, attendance and minutes."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from participation.adapters.orm import (
    agenda_item,
    attendance,
    body,
    meeting,
    membership,
    organisation,
    person,
    project_view,
)
from participation.domain.errors import Conflict, FieldError, RuleViolation
from participation.domain.governance import check_amount
from participation.service_layer.common import acted, fetch, local_iso, new_id, now, reference, request_mail
from servicekit.web.i18n import Msg

# An agenda line of the invitation, in the recipient's language (the newsletter service writes the rest of the mail).
_AGENDA_LINE = {"de": "TOP {position}: {title}", "en": "Item {position}: {title}"}


def schedule_meeting(uow, body_id: str, *, actor: str, title: str, starts_at, place: str = "",
                     id: str | None = None, demo: bool = False) -> dict:
    with uow:
        fetch(uow, body, body_id, "Das Gremium")
        data = {"id": id or new_id(), "body_id": body_id, "title": title, "starts_at": starts_at, "place": place,
                "minutes_text": "", "minutes_status": "draft", "demo": demo}
        uow.session.execute(meeting.insert().values(**data))
        uow.audit(actor=actor, entity="meeting", entity_id=data["id"], action="scheduled",
                  changes={"title": title, "starts_at": starts_at.isoformat()})
        uow.publish("participation.meeting.scheduled.v1", data["id"], {
            "meeting_id": data["id"], "body_id": body_id, "title": title, "starts_at": local_iso(starts_at),
            "place": place})
        uow.commit()
    return data


def invite(uow, meeting_id: str, *, actor: str, public_url: str) -> dict:
    """Invitations go out as participation.mail.requested to every current member with an address, each in the
    member's preferred language."""
    with uow:
        m = fetch(uow, meeting, meeting_id, "Die Sitzung", lock=True)
        b = fetch(uow, body, m["body_id"], "Das Gremium")
        rows = uow.session.execute(
            select(person.c.name, person.c.email, person.c.language)
            .join(membership, membership.c.person_id == person.c.id)
            .where(membership.c.body_id == b["id"], person.c.anonymised.is_(False))).all()
        items = uow.session.execute(select(agenda_item.c.position, agenda_item.c.title)
                                    .where(agenda_item.c.meeting_id == meeting_id)
                                    .order_by(agenda_item.c.position)).all()
        context = {"body": b["name"], "title": m["title"], "starts_at": local_iso(m["starts_at"]),
                   "place": m["place"], "link": f"{public_url}/intern/participation/sitzungen/{meeting_id}"}
        sent = 0
        for name, email, language in rows:
            if email:
                line = _AGENDA_LINE.get(language, _AGENDA_LINE["de"])
                request_mail(uow, template="meeting_invitation", to=email, name=name, language=language,
                             context={**context, "agenda": [line.format(position=p, title=t) for p, t in items]})
                sent += 1
        uow.session.execute(update(meeting).where(meeting.c.id == meeting_id).values(
            invited_at=now(), **acted("invited_by", actor)))
        uow.audit(actor=actor, entity="meeting", entity_id=meeting_id, action="invited", changes={"mails": sent})
        uow.commit()
    return {"meeting_id": meeting_id, "invitations": sent}


def add_agenda_item(uow, meeting_id: str, *, actor: str, title: str, description: str = "",
                    project_id: str | None = None, applicant_organisation_id: str | None = None,
                    amount=None, id: str | None = None) -> dict:
    """A TOP; ``project_id`` must be a project that the read model of the programmes service knows (422 on the
    field ``project_id`` otherwise), so that the decision event names a project programmes and finance know."""
    with uow:
        fetch(uow, meeting, meeting_id, "Die Sitzung", lock=True)
        if project_id and uow.session.execute(select(project_view.c.project_id).where(
                project_view.c.project_id == project_id)).first() is None:
            raise FieldError("project_id", Msg(
                "Das Projekt „%(id)s“ ist im Programmdienst nicht bekannt. Bitte ein vorhandenes Projekt wählen.",
                id=project_id))
        reference(uow, organisation, applicant_organisation_id, "Die antragstellende Organisation",
                  "applicant_organisation_id")
        try:
            amount = check_amount(amount)
        except ValueError as exc:
            raise RuleViolation(Msg("Der Betrag muss größer als 0 sein.")) from exc
        position = (uow.session.execute(select(func.max(agenda_item.c.position))
                                        .where(agenda_item.c.meeting_id == meeting_id)).scalar() or 0) + 1
        data = {"id": id or new_id(), "meeting_id": meeting_id, "position": position, "title": title,
                "description": description, "project_id": project_id,
                "applicant_organisation_id": applicant_organisation_id, "amount": amount}
        uow.session.execute(agenda_item.insert().values(**data))
        uow.audit(actor=actor, entity="agenda_item", entity_id=data["id"], action="created",
                  changes={"meeting_id": meeting_id, "title": title, "project_id": project_id,
                           "amount": str(amount) if amount is not None else None})
        uow.commit()
    return data


def record_attendance(uow, meeting_id: str, *, actor: str, present: list[str]) -> dict:
    """Replace the attendance list: ``present`` holds membership ids; everyone else of the body is absent.

    Attendance may change during a meeting (a member arrives late or leaves early), so a change is never refused
    because of votes already cast; a decision counts only the votes of members present when it is made
    (``decisions.decide``)."""
    with uow:
        m = fetch(uow, meeting, meeting_id, "Die Sitzung", lock=True)
        members = set(uow.session.execute(select(membership.c.id).where(membership.c.body_id == m["body_id"]))
                      .scalars())
        unknown = sorted(set(present) - members)
        if unknown:
            raise RuleViolation(Msg("Diese Mitgliedschaften gehören nicht zum Gremium: %(ids)s",
                                    ids=", ".join(unknown)))
        uow.session.execute(delete(attendance).where(attendance.c.meeting_id == meeting_id))
        for mid in sorted(members):
            uow.session.execute(attendance.insert().values(meeting_id=meeting_id, membership_id=mid,
                                                           present=mid in present))
        uow.audit(actor=actor, entity="meeting", entity_id=meeting_id, action="attendance",
                  changes={"present": sorted(present)})
        uow.commit()
    return {"meeting_id": meeting_id, "present": sorted(present)}


def save_minutes(uow, meeting_id: str, *, actor: str, text: str) -> dict:
    with uow:
        m = fetch(uow, meeting, meeting_id, "Die Sitzung", lock=True)
        if m["minutes_status"] == "approved":
            raise Conflict(Msg("Das Protokoll ist bereits genehmigt und kann nicht mehr geändert werden."))
        uow.session.execute(update(meeting).where(meeting.c.id == meeting_id).values(minutes_text=text))
        uow.audit(actor=actor, entity="minutes", entity_id=meeting_id, action="drafted", changes={"chars": len(text)})
        uow.commit()
    return {"meeting_id": meeting_id, "status": "draft", "text": text}


def approve_minutes(uow, meeting_id: str, *, actor: str, approved_in: str) -> dict:
    """The minutes are approved at a later meeting of the same body (draft → approved)."""
    with uow:
        m = fetch(uow, meeting, meeting_id, "Die Sitzung", lock=True)
        later = fetch(uow, meeting, approved_in, "Die genehmigende Sitzung")
        if m["minutes_status"] == "approved":
            raise Conflict(Msg("Das Protokoll ist bereits genehmigt."))
        if not m["minutes_text"].strip():
            raise RuleViolation(Msg("Ein leeres Protokoll kann nicht genehmigt werden."))
        if later["body_id"] != m["body_id"] or later["starts_at"] <= m["starts_at"]:
            raise RuleViolation(Msg("Das Protokoll wird in einer späteren Sitzung desselben Gremiums genehmigt."))
        uow.session.execute(update(meeting).where(meeting.c.id == meeting_id).values(
            minutes_status="approved", minutes_approved_in=approved_in, minutes_approved_at=now(),
            **acted("minutes_approved_by", actor)))
        uow.audit(actor=actor, entity="minutes", entity_id=meeting_id, action="approved",
                  changes={"approved_in": approved_in})
        uow.commit()
    return {"meeting_id": meeting_id, "status": "approved", "approved_in": approved_in}
