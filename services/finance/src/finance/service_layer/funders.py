"""Funders and their versioned rules."""

from __future__ import annotations

from sqlalchemy import select

from finance.adapters.orm import funder, funder_rules
from finance.domain.errors import Conflict
from finance.domain.funders import FunderRules
from finance.service_layer.actors import named
from finance.service_layer.common import funder_row, new_id, now, wire
from servicekit.web.i18n import Msg

PUBLIC_FIELDS = ("name", "short_name", "type", "public", "publicity_notice")


def _event(row: dict) -> dict:
    return {"funder_id": row["id"], **{k: row[k] for k in PUBLIC_FIELDS}}


def create_funder(uow, *, actor: str, name: str, type: str, public: bool, short_name: str = "",
                  publicity_notice: str = "", rules: dict | None = None, id: str | None = None,
                  demo: bool = False) -> dict:
    parsed = FunderRules.from_dict(rules)
    with uow:
        funder_id = id or new_id()
        if uow.session.execute(select(funder.c.id).where(funder.c.id == funder_id)).first():
            raise Conflict(Msg("Einen Fördermittelgeber mit der Kennung „%(id)s“ gibt es schon.", id=funder_id))
        at = now()
        row = {"id": funder_id, "name": name, "short_name": short_name, "type": type, "public": public,
               "publicity_notice": publicity_notice, "rules_version": 1, "demo": demo, "created_at": at,
               "updated_at": at}
        uow.session.execute(funder.insert().values(**row))
        uow.session.execute(funder_rules.insert().values(funder_id=funder_id, version=1, rules=parsed.to_dict(),
                                                         created_at=at, **named(funder_rules, "created_by", actor)))
        uow.audit(actor=actor, entity="funder", entity_id=funder_id, action="created",
                  changes={**_event(row), "rules": parsed.to_dict()})
        uow.publish("finance.funder.created.v1", funder_id, wire(_event(row)))
        uow.commit()
    return {**row, "rules": parsed.to_dict()}


def version_token(row: dict) -> str:
    """What a form carries to detect that someone else changed the funder meanwhile (optimistic check)."""
    return row["updated_at"].isoformat() if row.get("updated_at") else ""


def update_funder(uow, funder_id: str, *, actor: str, rules: dict | None = None, expected_version: str | None = None,
                  **changes) -> dict:
    """Change master data and/or the rules; new rules become a new version (old versions stay). With
    ``expected_version`` (``version_token`` of the row the form was built from) a stale form is refused (409)."""
    with uow:
        row = funder_row(uow.session, funder_id)
        if expected_version is not None and version_token(row) != expected_version:
            raise Conflict(Msg("„%(name)s“ wurde inzwischen von jemand anderem geändert. Bitte laden Sie die Seite "
                               "neu und tragen Sie Ihre Änderungen erneut ein.", name=row["name"]))
        before = row["updated_at"]
        diff = {k: v for k, v in changes.items() if k in PUBLIC_FIELDS and row[k] != v}
        at = now()
        if rules is not None:
            parsed = FunderRules.from_dict(rules)
            row["rules_version"] += 1
            uow.session.execute(funder_rules.insert().values(funder_id=funder_id, version=row["rules_version"],
                                                             rules=parsed.to_dict(), created_at=at,
                                                             **named(funder_rules, "created_by", actor)))
            diff["rules_version"] = row["rules_version"]
            diff["rules"] = parsed.to_dict()
        row.update({k: v for k, v in diff.items() if k in PUBLIC_FIELDS})
        changed = uow.session.execute(funder.update().where(funder.c.id == funder_id, funder.c.updated_at == before)
                                      .values(**{k: row[k] for k in PUBLIC_FIELDS},
                                              rules_version=row["rules_version"], updated_at=at)).rowcount
        if changed != 1:  # a concurrent change won between our read and this write
            raise Conflict(Msg("„%(name)s“ wurde inzwischen von jemand anderem geändert. Bitte laden Sie die Seite "
                               "neu und tragen Sie Ihre Änderungen erneut ein.", name=row["name"]))
        row["updated_at"] = at
        uow.audit(actor=actor, entity="funder", entity_id=funder_id, action="updated", changes=diff)
        uow.publish("finance.funder.updated.v1", funder_id, wire(_event(row)))
        uow.commit()
    return row
