"""Consumers of other services' events (the inbox makes them idempotent): read models of the programmes service's
projects (agenda links, a decision's project) and programmes (a body's programme, chosen by name)."""

from __future__ import annotations

from sqlalchemy import select, update

from participation.adapters.orm import programme_view, project_view


def _upsert(uow, table, key: str, subject: str, values: dict, sequence: int) -> None:
    """Insert or update one row of a read model; a stale update (lower sequence) is ignored."""
    column = table.c[key]
    current = uow.session.execute(select(table.c.sequence).where(column == subject).with_for_update()).scalar()
    if current is None:
        uow.session.execute(table.insert().values(**{key: subject}, **values, sequence=sequence))
    elif sequence > current:
        uow.session.execute(update(table).where(column == subject).values(**values, sequence=sequence))


def on_project(uow, env) -> None:
    """programmes.project.*: read model for agenda links."""
    d = env.data
    _upsert(uow, project_view, "project_id", d["project_id"],
            {"title": d["title"], "stage": d["stage"], "programme_id": d.get("programme_id")}, env.sequence)


def on_programme(uow, env) -> None:
    """programmes.programme.created|updated|started: the programmes a body can belong to, by name."""
    d = env.data
    _upsert(uow, programme_view, "programme_id", d["programme_id"],
            {"name": d["name"], "short_name": d.get("short_name") or "", "status": d["status"]}, env.sequence)
