"""Bodies (Gremien) and their memberships."""

from __future__ import annotations

from participation.adapters.orm import body, membership, organisation, person
from participation.domain.errors import RuleViolation
from participation.domain.governance import BODY_TYPES
from participation.service_layer.common import fetch, new_id
from servicekit.web.i18n import Msg


def create_body(uow, *, actor: str, id: str | None = None, demo: bool = False, **fields) -> dict:
    with uow:
        if fields["type"] not in BODY_TYPES:
            raise RuleViolation(Msg("Unbekannte Gremienart „%(type)s“.", type=fields["type"]))
        data = {"id": id or new_id(), "prefix": BODY_TYPES[fields["type"]][1], "programme_id": None,
                "fields_of_action": [], "quorum_percent": 50, "description": "", **fields, "demo": demo}
        uow.session.execute(body.insert().values(**data))
        uow.audit(actor=actor, entity="body", entity_id=data["id"], action="created",
                  changes={"name": data["name"], "type": data["type"]})
        uow.commit()
    return data


def add_membership(uow, body_id: str, *, actor: str, person_id: str, role: str, voting: bool | None = None,
                   organisation_id: str | None = None, valid_from=None, valid_until=None,
                   id: str | None = None) -> dict:
    with uow:
        fetch(uow, body, body_id, "Das Gremium")
        fetch(uow, person, person_id, "Die Person")
        if organisation_id:
            fetch(uow, organisation, organisation_id, "Die Organisation")
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
