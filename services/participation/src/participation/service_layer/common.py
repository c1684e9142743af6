"""Helpers shared by the command handlers."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from participation.domain.errors import FieldError, NotFound
from servicekit.auth import actor_name
from servicekit.formats import local
from servicekit.web.i18n import Msg

# "… gibt es nicht." for each kind of record, as whole sentences so that they translate well.
_MISSING = {
    "Das Engagement-Angebot": lambda id_: Msg("Das Engagement-Angebot „%(id)s“ gibt es nicht.", id=id_),
    "Das Gremium": lambda id_: Msg("Das Gremium „%(id)s“ gibt es nicht.", id=id_),
    "Der Beschluss": lambda id_: Msg("Der Beschluss „%(id)s“ gibt es nicht.", id=id_),
    "Der Tagesordnungspunkt": lambda id_: Msg("Der Tagesordnungspunkt „%(id)s“ gibt es nicht.", id=id_),
    "Die Anmeldung": lambda id_: Msg("Die Anmeldung „%(id)s“ gibt es nicht.", id=id_),
    "Die Einwilligung": lambda id_: Msg("Die Einwilligung „%(id)s“ gibt es nicht.", id=id_),
    "Die Organisation": lambda id_: Msg("Die Organisation „%(id)s“ gibt es nicht.", id=id_),
    "Die Mitgliedschaft": lambda id_: Msg("Die Mitgliedschaft „%(id)s“ gibt es nicht.", id=id_),
    "Die Person": lambda id_: Msg("Die Person „%(id)s“ gibt es nicht.", id=id_),
    "Die Sitzung": lambda id_: Msg("Die Sitzung „%(id)s“ gibt es nicht.", id=id_),
    "Die Veranstaltung": lambda id_: Msg("Die Veranstaltung „%(id)s“ gibt es nicht.", id=id_),
    "Die antragstellende Organisation": lambda id_: Msg("Die antragstellende Organisation „%(id)s“ gibt es nicht.",
                                                        id=id_),
    "Die genehmigende Sitzung": lambda id_: Msg("Die genehmigende Sitzung „%(id)s“ gibt es nicht.", id=id_),
}


def new_id() -> str:
    return uuid.uuid4().hex


def new_token() -> str:
    return secrets.token_urlsafe(24)


def now() -> datetime:
    return datetime.now(UTC)


def local_iso(value: datetime) -> str:
    """An instant for a mail or an event, with the Berlin offset (the same instant as UTC): whoever prints its
    wall-clock time prints the time in Kaufbeuren, e.g. 2026-03-12T18:00:00+01:00."""
    return local(value).isoformat()


def local_day(value: datetime):
    """The calendar day of an instant in Kaufbeuren."""
    return local(value).date()


def acted(column: str, actor: str) -> dict:
    """``{<column>: actor, <column>_name: the actor's name from the signed identity}`` for an actor column."""
    return {column: actor, f"{column}_name": actor_name(actor)[:200]}


def not_found(what: str, id_: str) -> NotFound:
    """The 404 for a missing record: ``what`` is the German subject, e.g. "Die Sitzung"."""
    message = _MISSING[what](id_) if what in _MISSING else f"{what} „{id_}“ gibt es nicht."
    return NotFound(message)


def fetch(uow, table, id_: str, what: str, *, lock: bool = False) -> dict:
    stmt = select(table).where(table.c[list(table.primary_key.columns)[0].name] == id_)
    if lock:
        stmt = stmt.with_for_update()
    row = uow.session.execute(stmt).mappings().first()
    if row is None:
        raise not_found(what, id_)
    return dict(row)


def reference(uow, table, id_: str | None, what: str, field: str) -> dict | None:
    """An optional reference in a request body (``None``: there is none): the row it names, or a 422 on ``field``
    when it names nothing (an empty string included), before anything is written; never a foreign-key failure."""
    if id_ is None:
        return None
    try:
        return fetch(uow, table, id_, what)
    except NotFound as exc:
        raise FieldError(field, exc.args[0]) from exc


def request_mail(uow, *, template: str, to: str | None, name: str = "", language: str = "de",
                 context: dict | None = None) -> None:
    """participation.mail.requested: the newsletter service sends the mail; we never talk SMTP."""
    if not to:
        return
    mail_id = new_id()
    uow.publish("participation.mail.requested.v1", mail_id, {
        "mail_id": mail_id, "template": template, "to": to, "name": name, "language": language,
        "context": context or {}})
