"""Helpers shared by the handlers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from newsletter.adapters.orm import delivery, transactional_mail
from newsletter.domain.model import D_PENDING, NotFound
from newsletter.mail import message_id
from servicekit.web.i18n import Msg


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything here is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def new_id() -> str:
    return uuid.uuid4().hex


def fetch(session, table, id_, what: str, *, lock: bool = False) -> dict:
    stmt = select(table).where(table.c.id == id_)
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).mappings().first()
    if row is None:
        raise NotFound(missing(what, id_))
    return dict(row)


def missing(what: str, id_) -> Msg:
    """"… gibt es nicht." as a :class:`Msg` the department UI can show in English."""
    if what == "Die Meldung":
        return Msg("Die Meldung „%(id)s“ gibt es nicht.", id=id_)
    if what == "Die Ausgabe":
        return Msg("Die Ausgabe „%(id)s“ gibt es nicht.", id=id_)
    if what == "Der Abonnent":
        return Msg("Der Abonnent „%(id)s“ gibt es nicht.", id=id_)
    return Msg("%(what)s „%(id)s“ gibt es nicht.", what=what, id=id_)


def enqueue_mail(session, *, mail_id: str, template: str, to: str, name: str, language: str, context: dict,
                 source: str, mail_from: str, priority: int = 0) -> bool:
    """Queue one transactional mail in the send log (idempotent on ``mail_id``). True if newly queued."""
    if session.execute(select(transactional_mail.c.id).where(transactional_mail.c.id == mail_id)).first():
        return False
    session.execute(transactional_mail.insert().values(
        id=mail_id, template=template, language=language, to_name=name or "", context=context or {},
        source=source, created_at=now()))
    session.execute(delivery.insert().values(
        mail_id=mail_id, to_addr=to, priority=priority, status=D_PENDING, attempts=0, next_attempt_at=now(),
        message_id=message_id("mail", mail_id, mail_from), last_error=""))
    return True
