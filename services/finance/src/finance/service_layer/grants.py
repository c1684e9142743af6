"""Grants (Bewilligung) and amendments (Änderungsbescheid) as new versions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from finance.adapters.orm import grant, grant_version
from finance.domain.errors import Conflict, NotFound
from finance.service_layer.actors import named
from finance.service_layer.common import funder_row, new_id, now, wire
from servicekit.web.i18n import Msg

VERSION_FIELDS = ("amount", "period_start", "period_end", "reference", "conditions")


def grant_with_version(conn, grant_id: str, version: int | None = None) -> dict:
    head = conn.execute(select(grant).where(grant.c.id == grant_id)).mappings().first()
    if head is None:
        raise NotFound(Msg("Die Bewilligung „%(id)s“ gibt es nicht.", id=grant_id))
    ver = conn.execute(select(grant_version).where(grant_version.c.grant_id == grant_id,
                                                   grant_version.c.version == (version or head["current_version"]))
                       ).mappings().first()
    if ver is None:
        raise NotFound(Msg("Version %(version)s der Bewilligung gibt es nicht.", version=version))
    return {**dict(head), **dict(ver), "id": grant_id}


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise Conflict(Msg("Das Ende des Bewilligungszeitraums liegt vor seinem Beginn."))


def _event(row: dict) -> dict:
    return {"grant_id": row["id"], "project_id": row["project_id"], "funder_id": row["funder_id"],
            "amount": row["amount"], "period_start": row["period_start"], "period_end": row["period_end"],
            "version": row["version"]}


def award_grant(uow, *, actor: str, project_id: str, funder_id: str, amount: Decimal, period_start: date,
                period_end: date, reference: str = "", conditions: str = "", id: str | None = None,
                demo: bool = False) -> dict:
    _check_period(period_start, period_end)
    with uow:
        funder_row(uow.session, funder_id)
        grant_id = id or new_id()
        if uow.session.execute(select(grant.c.id).where(grant.c.id == grant_id)).first():
            raise Conflict(Msg("Eine Bewilligung mit der Kennung „%(id)s“ gibt es schon.", id=grant_id))
        at = now()
        uow.session.execute(grant.insert().values(id=grant_id, project_id=project_id, funder_id=funder_id,
                                                  current_version=1, demo=demo, created_at=at))
        values = {"amount": amount, "period_start": period_start, "period_end": period_end, "reference": reference,
                  "conditions": conditions}
        uow.session.execute(grant_version.insert().values(grant_id=grant_id, version=1, reason="Bewilligung",
                                                          created_at=at, **named(grant_version, "created_by", actor),
                                                          **values))
        row = {"id": grant_id, "project_id": project_id, "funder_id": funder_id, "version": 1, **values}
        uow.audit(actor=actor, entity="grant", entity_id=grant_id, action="awarded", changes=row)
        uow.publish("finance.grant.awarded.v1", grant_id, wire(_event(row)))
        uow.commit()
    return row


def amend_grant(uow, grant_id: str, *, actor: str, reason: str, **changes) -> dict:
    """An amendment notice: a new version with the changed values; earlier versions stay readable."""
    with uow:
        current = grant_with_version(uow.session, grant_id)
        values = {k: changes.get(k) if changes.get(k) is not None else current[k] for k in VERSION_FIELDS}
        _check_period(values["period_start"], values["period_end"])
        version = current["current_version"] + 1
        at = now()
        uow.session.execute(grant_version.insert().values(grant_id=grant_id, version=version, reason=reason,
                                                          created_at=at, **named(grant_version, "created_by", actor),
                                                          **values))
        uow.session.execute(grant.update().where(grant.c.id == grant_id).values(current_version=version))
        row = {"id": grant_id, "project_id": current["project_id"], "funder_id": current["funder_id"],
               "version": version, **values}
        diff = {k: {"vorher": current[k], "nachher": values[k]} for k in VERSION_FIELDS if current[k] != values[k]}
        uow.audit(actor=actor, entity="grant", entity_id=grant_id, action="amended",
                  changes={"version": version, "reason": reason, **diff})
        uow.publish("finance.grant.amended.v1", grant_id, wire(_event(row)))
        uow.commit()
    return {**row, "reason": reason}
