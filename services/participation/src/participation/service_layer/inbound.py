"""Consumers of other services' events (the inbox makes them idempotent)."""

from __future__ import annotations

from sqlalchemy import select, update

from participation.adapters.orm import project_view


def on_project(uow, env) -> None:
    """programmes.project.*: read model for agenda links; stale updates (lower sequence) are ignored."""
    d = env.data
    values = {"title": d["title"], "stage": d["stage"], "programme_id": d.get("programme_id"),
              "sequence": env.sequence}
    current = uow.session.execute(select(project_view.c.sequence).where(
        project_view.c.project_id == d["project_id"]).with_for_update()).scalar()
    if current is None:
        uow.session.execute(project_view.insert().values(project_id=d["project_id"], **values))
    elif env.sequence > current:
        uow.session.execute(update(project_view).where(project_view.c.project_id == d["project_id"]).values(**values))
