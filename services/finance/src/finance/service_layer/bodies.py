"""Read model of participation's bodies (Gremien): the body that holds an action fund, by its name."""

from __future__ import annotations

from sqlalchemy import select

from finance.adapters.orm import body
from finance.service_layer.common import now


def on_body_event(uow, event) -> None:
    """participation.body.created/updated carry the body's current state; a stale or repeated one (no higher
    sequence than the row's) changes nothing, so the name never goes back to an older one."""
    data = event.data
    s = uow.session
    row = s.execute(select(body.c.last_sequence).where(body.c.id == data["body_id"])).first()
    values = {"name": data["name"], "body_type": data.get("body_type") or "", "last_sequence": event.sequence,
              "updated_at": now()}
    if row is None:
        s.execute(body.insert().values(id=data["body_id"], **values))
    elif event.sequence > row.last_sequence:
        s.execute(body.update().where(body.c.id == data["body_id"]).values(**values))
