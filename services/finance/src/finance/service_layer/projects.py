"""Read model of programmes' projects (title, fields of action, districts, stage)."""

from __future__ import annotations

from sqlalchemy import select

from finance.adapters.orm import project
from finance.service_layer.common import now


def on_project_event(uow, event) -> None:
    """Any programmes.project.* event carries the project's current state; stale ones (lower sequence) are
    ignored so the read model never goes back in time."""
    data = event.data
    s = uow.session
    row = s.execute(select(project.c.last_sequence).where(project.c.id == data["project_id"])).first()
    values = {"title": data["title"], "programme_id": data.get("programme_id"), "stage": data["stage"],
              "fields_of_action": list(data.get("fields_of_action") or []),
              "districts": list(data.get("districts") or []), "last_sequence": event.sequence, "updated_at": now()}
    if row is None:
        s.execute(project.insert().values(id=data["project_id"], **values))
    elif event.sequence > row.last_sequence:
        s.execute(project.update().where(project.c.id == data["project_id"]).values(**values))
