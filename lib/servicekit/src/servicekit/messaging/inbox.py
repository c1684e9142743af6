"""Applying deliveries through the inbox: handler effects and the inbox row ``(source, event_id, handler)``
commit in one transaction, so an event already in the inbox is skipped as a duplicate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from servicekit.logging import correlation_id
from servicekit.messaging.envelope import Envelope

Handler = Callable[..., None]


def handler_name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", repr(handler))


def apply_batch(uow_factory: Callable, parsed) -> list[str]:
    """Apply several ``(message, envelope, handler)`` in one transaction; the inbox rows go in with one multi-row
    insert. Any failure rolls the whole batch back and raises (the caller decides: hold it, or retry one by one)."""
    outcomes: list[str] = []
    with uow_factory() as uow:
        inbox = uow.metadata.tables["inbox"]
        ids = [env.id for _m, env, _h in parsed]
        seen = {(r.source, r.event_id, r.handler) for r in uow.session.execute(
            select(inbox.c.source, inbox.c.event_id, inbox.c.handler).where(inbox.c.event_id.in_(ids)))}
        rows = []
        now = datetime.now(UTC)
        for _message, env, handler in parsed:
            name = handler_name(handler)
            key = (env.source, env.id, name)
            if key in seen:
                outcomes.append("duplicate")
                continue
            correlation_id.set(env.correlationid)
            handler(uow, env)
            seen.add(key)
            rows.append({"source": env.source, "event_id": env.id, "handler": name, "type": env.type,
                         "processed_at": now})
            outcomes.append("applied")
        if rows:
            uow.session.execute(inbox.insert(), rows)
        uow.commit()
    return outcomes


def apply_one(uow_factory: Callable, env: Envelope, handler: Handler) -> str:
    """Apply one delivery in its own transaction → "applied" or "duplicate"; raises what the handler raised."""
    name = handler_name(handler)
    correlation_id.set(env.correlationid)
    with uow_factory() as uow:
        inbox = uow.metadata.tables["inbox"]
        seen = uow.session.execute(
            select(inbox.c.event_id).where(inbox.c.source == env.source, inbox.c.event_id == env.id,
                                           inbox.c.handler == name)
        ).first()
        if seen:
            return "duplicate"
        handler(uow, env)
        uow.session.execute(inbox.insert().values(source=env.source, event_id=env.id, handler=name,
                                                  type=env.type, processed_at=datetime.now(UTC)))
        try:
            uow.commit()
        except IntegrityError:
            # Another consumer applied the same event concurrently; ours is rolled back.
            return "duplicate"
    return "applied"
