"""Audit log: who changed what and when, for every record."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import MetaData, select
from sqlalchemy.orm import Session

from servicekit.logging import request_id


def record_audit(session: Session, metadata: MetaData, *, actor: str, entity: str, entity_id: Any,
                 action: str, changes: dict | None = None, actor_name: str | None = None) -> None:
    """``actor_name``: who the actor was, by name; by default the name in the caller's signed identity."""
    from servicekit.auth.principal import actor_name as name_of

    table = metadata.tables["audit_log"]
    session.execute(
        table.insert().values(
            at=datetime.now(UTC), actor=actor or "system", actor_name=(actor_name if actor_name is not None
                                                                       else name_of(actor))[:200],
            entity=entity, entity_id=str(entity_id),
            action=action, changes=_jsonable(changes), request_id=request_id.get(),
        )
    )


def audit_trail(session: Session, metadata: MetaData, entity: str, entity_id: Any) -> list[dict]:
    table = metadata.tables["audit_log"]
    rows = session.execute(
        select(table).where(table.c.entity == entity, table.c.entity_id == str(entity_id)).order_by(table.c.id)
    ).mappings()
    return [dict(r) for r in rows]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
