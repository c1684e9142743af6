"""Helpers shared by the command handlers."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from participation.domain.errors import NotFound


def new_id() -> str:
    return uuid.uuid4().hex


def new_token() -> str:
    return secrets.token_urlsafe(24)


def now() -> datetime:
    return datetime.now(UTC)


def fetch(uow, table, id_: str, what: str, *, lock: bool = False) -> dict:
    stmt = select(table).where(table.c[list(table.primary_key.columns)[0].name] == id_)
    if lock:
        stmt = stmt.with_for_update()
    row = uow.session.execute(stmt).mappings().first()
    if row is None:
        raise NotFound(f"{what} „{id_}“ gibt es nicht.")
    return dict(row)


def request_mail(uow, *, template: str, to: str | None, name: str = "", language: str = "de",
                 context: dict | None = None) -> None:
    """participation.mail.requested: the newsletter service sends the mail; we never talk SMTP."""
    if not to:
        return
    mail_id = new_id()
    uow.publish("participation.mail.requested.v1", mail_id, {
        "mail_id": mail_id, "template": template, "to": to, "name": name, "language": language,
        "context": context or {}})
