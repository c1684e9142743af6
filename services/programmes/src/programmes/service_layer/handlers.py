"""Reference data handlers (fields of action, districts, target groups) and the plumbing probe."""

from __future__ import annotations

from sqlalchemy import select

from programmes.adapters.orm import district, field_of_action, probe_received, target_group
from programmes.domain.reference import DuplicateCode, NotFound, code_from_name
from servicekit.web.i18n import Msg

REFERENCE_TABLES = {"field_of_action": (field_of_action, Msg("Ein Handlungsfeld")),
                    "district": (district, Msg("Einen Stadtteil")),
                    "target_group": (target_group, Msg("Eine Zielgruppe"))}


def create_reference(uow, kind: str, *, code: str, name: str, actor: str) -> dict:
    table, label = REFERENCE_TABLES[kind]
    with uow:
        exists = uow.session.execute(select(table.c.id).where(table.c.code == code)).first()
        if exists:
            raise DuplicateCode(Msg("%(what)s mit dem Kürzel „%(code)s“ gibt es schon.", what=label, code=code))
        new_id = uow.session.execute(table.insert().values(code=code, name=name, active=True)).inserted_primary_key[0]
        uow.audit(actor=actor, entity=kind, entity_id=new_id, action="created", changes={"code": code, "name": name})
        uow.commit()
    return {"id": new_id, "code": code, "name": name, "active": True, "version": 1}


def create_reference_named(uow, kind: str, *, name: str, actor: str) -> dict:
    """A new entry as a clerk creates it: by its name only; the code is derived (``code_from_name``). A name
    that exists already (ignoring case) is refused."""
    table, label = REFERENCE_TABLES[kind]
    with uow:
        rows = uow.session.execute(select(table.c.code, table.c.name)).all()
    if any(r.name.strip().casefold() == name.strip().casefold() for r in rows):
        raise DuplicateCode(Msg("%(what)s mit dem Namen „%(name)s“ gibt es schon.", what=label, name=name.strip()))
    return create_reference(uow, kind, code=code_from_name(name, {r.code for r in rows}), name=name.strip(),
                            actor=actor)


def update_reference(uow, kind: str, code: str, *, actor: str, name: str | None = None,
                     active: bool | None = None, check=None) -> dict:
    """Rename or (de)activate an entry. A deactivated entry disappears from the choices and the public lists;
    records that carry it keep it (and its name). ``check(before)`` is the optimistic lock (ETag or the form's
    version): two editors cannot silently overwrite each other."""
    table, _label = REFERENCE_TABLES[kind]
    with uow:
        before = uow.session.execute(select(table).where(table.c.code == code).with_for_update()).mappings().first()
        if before is None:
            raise NotFound(Msg("Den Eintrag „%(code)s“ gibt es nicht.", code=code))
        if check:
            check(before)
        values = {k: v for k, v in (("name", name), ("active", active)) if v is not None and before[k] != v}
        if values:
            uow.session.execute(table.update().where(table.c.code == code)
                                .values(**values, version=before["version"] + 1))
            action = ("deactivated" if values.get("active") is False else
                      "activated" if values.get("active") else "renamed")
            uow.audit(actor=actor, entity=kind, entity_id=before["id"], action=action,
                      changes={k: {"vorher": before[k], "nachher": v} for k, v in values.items()})
        row = dict(uow.session.execute(select(table).where(table.c.code == code)).mappings().one())
        uow.commit()
    return row


def create_field_of_action(uow, *, code: str, name: str, actor: str) -> dict:
    return create_reference(uow, "field_of_action", code=code, name=name, actor=actor)


def on_probe(uow, event) -> None:
    """system.probe.sent: the plumbing proof records every probe it applies."""
    uow.session.execute(probe_received.insert().values(probe_id=event.data["probe_id"], n=event.data["n"],
                                                       source=event.source))
