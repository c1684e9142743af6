"""Unit of work: domain changes and outbox rows commit together, or not at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import Session, sessionmaker

from servicekit.db.audit import record_audit
from servicekit.db.engine import WRITE


class SqlUnitOfWork:
    """``with uow: ...; uow.commit()``. Leaving the block without commit rolls back.

    ``publish`` writes the integration event into the outbox of the same transaction; a handler never
    talks to the broker.
    """

    def __init__(self, session_factory: sessionmaker[Session], metadata: MetaData, outbox,
                 erasure_key: str = "") -> None:
        self.session_factory = session_factory
        self.erasure_key = erasure_key
        self.metadata = metadata
        self.outbox = outbox
        self.session: Session | None = None
        self._after_commit: list[Callable[[], Any]] = []

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self.session_factory()
        self.session.connection(execution_options=WRITE)  # a unit of work writes: take the lock up front
        self._after_commit = []
        return self

    def __exit__(self, *exc) -> None:
        assert self.session is not None
        try:
            self.session.rollback()
        finally:
            self.session.close()
            self.session = None

    def commit(self) -> None:
        assert self.session is not None
        self.session.commit()
        callbacks, self._after_commit = self._after_commit, []
        for cb in callbacks:
            cb()

    def rollback(self) -> None:
        assert self.session is not None
        self.session.rollback()

    def publish(self, type_: str, subject: Any, data: dict) -> str:
        """Record an integration event in the outbox; returns the event id."""
        assert self.session is not None, "publish outside a unit of work"
        return self.outbox.add(self.session, type_, str(subject), data)

    def redact_published_events(self, needle: str) -> int:
        """DSGVO erasure: strip already published outbox payloads that mention ``needle``."""
        assert self.session is not None
        return self.outbox.redact_published(self.session, needle)

    def erasure_lookup_key(self, email: str) -> str:
        """The key that names a person in ``*.person.erased`` events instead of their address (servicekit.erasure)."""
        from servicekit.erasure import lookup_key

        assert self.erasure_key, "no erasure key configured"
        return lookup_key(self.erasure_key, email)

    def erasure_matches(self, key: str, addresses) -> set[str]:
        """Those of ``addresses`` that the erasure event's ``key`` names."""
        from servicekit.erasure import matching

        assert self.erasure_key, "no erasure key configured"
        return matching(self.erasure_key, key, addresses)

    def audit(self, *, actor: str, entity: str, entity_id: Any, action: str, changes: dict | None = None,
              actor_name: str | None = None) -> None:
        assert self.session is not None
        record_audit(self.session, self.metadata, actor=actor, entity=entity, entity_id=entity_id,
                     action=action, changes=changes, actor_name=actor_name)

    def after_commit(self, callback: Callable[[], Any]) -> None:
        self._after_commit.append(callback)
