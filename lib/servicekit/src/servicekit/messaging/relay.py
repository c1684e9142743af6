"""The outbox relay: claims unpublished rows, publishes them with confirms in batches, marks them published.
Rows of personal events (contracts registered with ``personal=True``) lose their payload in the same
transaction, so no address stays in the outbox after delivery.

It retries forever with jittered backoff, so a broker outage never fails an API write; a broker or database
outage logs one line when it starts and one when it ends. On PostgreSQL several relays run side by side: rows
are claimed with ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from servicekit.db.engine import WRITE, writing
from servicekit.messaging.outage import Outage, brief, broker_unavailable, database_unavailable
from servicekit.messaging.outbox import REDACTED_PAYLOAD, Outbox, envelope_of
from servicekit.messaging.publisher import BatchPublisher
from servicekit.metrics import EVENTS_PUBLISHED, OUTBOX_OLDEST_AGE, OUTBOX_PENDING

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(self, engine: Engine, outbox: Outbox, connection_factory: Callable, *, batch_size: int = 200,
                 poll_seconds: float = 0.2, stop: threading.Event | None = None,
                 retention_days: int = 7) -> None:
        self.engine = engine
        self.outbox = outbox
        self.connection_factory = connection_factory
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.stop = stop or threading.Event()
        self._connection = None
        self._publisher: BatchPublisher | None = None
        self._last_stats = 0.0
        self._last_purge = 0.0
        self.retention_days = retention_days
        self.published = 0
        self.outage = Outage(f"outbox relay {outbox.service}", log, stop=self.stop,
                             classify=lambda exc: database_unavailable(exc) or broker_unavailable(exc))

    # -- broker connection -------------------------------------------------------------------------------
    def _ensure_publisher(self) -> BatchPublisher:
        if self._publisher is None:
            self._connection = self.connection_factory()
            self._connection.ensure_connection(max_retries=1)
            self._publisher = BatchPublisher(self._connection)
        return self._publisher

    def _drop_connection(self) -> None:
        if self._publisher is not None:
            self._publisher.close()
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.release()
        self._publisher = None
        self._connection = None

    # -- one pass ----------------------------------------------------------------------------------------
    def relay_once(self) -> int:
        table = self.outbox.table
        publisher = self._ensure_publisher()
        with self.engine.connect().execution_options(**WRITE) as conn, conn.begin():
            query = (select(table.c.position, table.c.type, table.c.payload)
                     .where(table.c.published_at.is_(None)).order_by(table.c.position).limit(self.batch_size))
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = conn.execute(query).all()
            if not rows:
                return 0
            envelopes = [envelope_of(r) for r in rows]
            publisher.publish_batch(envelopes)
            conn.execute(update(table).where(table.c.position.in_([r.position for r in rows]))
                         .values(published_at=datetime.now(UTC), attempts=table.c.attempts + 1))
            # Personal events (a mail's address, an erasure) are on the broker now: their row keeps no copy.
            personal = [r.position for r in rows if self.outbox.registry.personal(r.type)]
            if personal:
                conn.execute(update(table).where(table.c.position.in_(personal)).values(payload=REDACTED_PAYLOAD))
        for env in envelopes:
            EVENTS_PUBLISHED.labels(self.outbox.service, env.type).inc()
        self.published += len(envelopes)
        return len(envelopes)

    def update_gauges(self) -> None:
        with self.engine.connect() as conn:
            from sqlalchemy.orm import Session

            pending, age = self.outbox.stats(Session(bind=conn))
        OUTBOX_PENDING.labels(self.outbox.service).set(pending)
        OUTBOX_OLDEST_AGE.labels(self.outbox.service).set(age)

    def purge(self) -> int:
        """Delete published outbox rows past the retention period (personal data does not linger)."""
        from sqlalchemy.orm import Session

        with writing(self.engine) as conn:
            return self.outbox.purge_published(Session(bind=conn), self.retention_days)

    def run(self) -> None:
        """Run until ``stop`` is set. Never raises on broker or database trouble: backs off and retries."""
        while not self.stop.is_set():
            try:
                now = time.monotonic()
                if now - self._last_stats > 5:
                    self._last_stats = now
                    self.update_gauges()
                if now - self._last_purge > 600:
                    self._last_purge = now
                    self.purge()
                n = self.relay_once()
                self.outage.end()
                if n < self.batch_size:
                    self.stop.wait(self.poll_seconds)
            except Exception as exc:  # noqa: BLE001 - the relay must survive anything and retry
                if self.stop.is_set():
                    break
                if database_unavailable(exc):
                    self.outage.begin(f"database unreachable: {brief(exc)}")
                elif broker_unavailable(exc):
                    self.outage.begin(f"broker unreachable: {brief(exc)}")
                else:
                    log.warning("outbox relay failed, retrying: %s", exc, exc_info=True)
                self._drop_connection()
                self.outage.wait()
        self._drop_connection()
