"""Bodies (Gremien) and their memberships."""

from __future__ import annotations

from sqlalchemy import update

from participation.adapters.orm import body, membership, organisation, person
from participation.domain.errors import Conflict, RuleViolation
from participation.domain.governance import BODY_TYPES
from participation.service_layer.common import fetch, new_id, not_found, reference
from servicekit.web.i18n import Msg

#: what a body may change after it was set up (its type, and so its decision prefix, stays)
EDITABLE = ("name", "programme_id", "fields_of_action", "quorum_percent", "description")


def _body_event(data: dict) -> dict:
    """participation.body.created/updated: the body by its name, for the services that offer it in a picker."""
    return {"body_id": data["id"], "name": data["name"], "body_type": data["type"],
            "programme_id": data.get("programme_id")}


def create_body(uow, *, actor: str, id: str | None = None, demo: bool = False, **fields) -> dict:
    with uow:
        if fields["type"] not in BODY_TYPES:
            raise RuleViolation(Msg("Unbekannte Gremienart „%(type)s“.", type=fields["type"]))
        data = {"id": id or new_id(), "prefix": BODY_TYPES[fields["type"]][1], "programme_id": None,
                "fields_of_action": [], "quorum_percent": 50, "description": "", **fields, "demo": demo}
        uow.session.execute(body.insert().values(**data))
        uow.audit(actor=actor, entity="body", entity_id=data["id"], action="created",
                  changes={"name": data["name"], "type": data["type"]})
        uow.publish("participation.body.created.v1", data["id"], _body_event(data))
        uow.commit()
    return data


def update_body(uow, body_id: str, *, actor: str, **fields) -> dict:
    """Change a body's name, programme, fields of action, quorum or description; the other services hear of it
    (participation.body.updated) only when something changed."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise RuleViolation(Msg("Diese Angaben eines Gremiums lassen sich nicht ändern: %(fields)s",
                                fields=", ".join(sorted(unknown))))
    with uow:
        before = fetch(uow, body, body_id, "Das Gremium", lock=True)
        changes = {k: v for k, v in fields.items() if before[k] != v}
        if not changes:
            return before
        uow.session.execute(update(body).where(body.c.id == body_id).values(**changes))
        data = {**before, **changes}
        uow.audit(actor=actor, entity="body", entity_id=body_id, action="updated", changes=changes)
        uow.publish("participation.body.updated.v1", body_id, _body_event(data))
        uow.commit()
    return data


def add_membership(uow, body_id: str, *, actor: str, person_id: str, role: str, voting: bool | None = None,
                   organisation_id: str | None = None, valid_from=None, valid_until=None,
                   id: str | None = None) -> dict:
    with uow:
        fetch(uow, body, body_id, "Das Gremium")
        fetch(uow, person, person_id, "Die Person")
        reference(uow, organisation, organisation_id, "Die Organisation", "organisation_id")
        if voting is None:
            voting = role != "advisory"
        if role == "advisory" and voting:
            raise RuleViolation(Msg("Beratende Mitglieder haben kein Stimmrecht."))
        if valid_from and valid_until and valid_until < valid_from:
            raise RuleViolation(Msg("Das Ende der Mitgliedschaft liegt vor ihrem Beginn."))
        data = {"id": id or new_id(), "body_id": body_id, "person_id": person_id, "organisation_id": organisation_id,
                "role": role, "voting": voting, "valid_from": valid_from, "valid_until": valid_until}
        uow.session.execute(membership.insert().values(**data))
        uow.audit(actor=actor, entity="membership", entity_id=data["id"], action="created",
                  changes={"body_id": body_id, "person_id": person_id, "role": role, "voting": voting})
        uow.commit()
    return data


def end_membership(uow, body_id: str, membership_id: str, *, actor: str, valid_until) -> dict:
    """The membership ends on ``valid_until`` (the last day): it stays on record, so past meetings keep their
    composition, votes and quorum; from the next day on the member no longer counts."""
    with uow:
        row = fetch(uow, membership, membership_id, "Die Mitgliedschaft", lock=True)
        if row["body_id"] != body_id:
            raise not_found("Die Mitgliedschaft", membership_id)
        if row["valid_until"] is not None:
            raise Conflict(Msg("Die Mitgliedschaft ist bereits beendet (zum %(day)s).",
                               day=row["valid_until"].strftime("%d.%m.%Y")))
        if row["valid_from"] and valid_until < row["valid_from"]:
            raise RuleViolation(Msg("Das Ende der Mitgliedschaft liegt vor ihrem Beginn."))
        uow.session.execute(update(membership).where(membership.c.id == membership_id)
                            .values(valid_until=valid_until))
        uow.audit(actor=actor, entity="membership", entity_id=membership_id, action="ended",
                  changes={"body_id": body_id, "valid_until": valid_until.isoformat()})
        uow.commit()
    return {**row, "valid_until": valid_until}
