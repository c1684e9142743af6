"""The idempotent inbox consumer.

For every message: validate envelope and contract; skip if the inbox already holds (source, id, handler);
otherwise run the handler and write the inbox row in the same transaction; ack only after the commit.
Deliveries are applied in batches (up to ``batch_size`` in one transaction; if any handler of the batch
fails, the batch is rolled back and applied one by one, so only the failing delivery is rejected). A handler
failure is rejected with requeue, so the quorum queue counts the delivery and dead-letters after
``x-delivery-limit``. A malformed message or an unknown type/version is rejected to the DLQ at once, with the
reason logged. On the file bus (no dead-lettering) the consumer counts attempts itself and parks the message
in the local ``dead_letter`` table.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from servicekit.logging import correlation_id
from servicekit.messaging.envelope import Envelope, MalformedEnvelope
from servicekit.messaging.topology import Topology, is_amqp
from servicekit.metrics import DEAD_LETTERED, EVENTS_CONSUMED

log = logging.getLogger(__name__)

Handler = Callable[..., None]


class Consumer:
    def __init__(self, *, topology: Topology, handlers: dict[str, Handler], uow_factory: Callable,
                 registry, connection_factory: Callable, prefetch: int = 50,
                 stop: threading.Event | None = None) -> None:
        self.topology = topology
        self.service = topology.service
        self.handlers = handlers
        self.uow_factory = uow_factory
        self.registry = registry
        self.connection_factory = connection_factory
        self.prefetch = prefetch
        self.stop = stop or threading.Event()
        self.listeners: list[Callable[[Envelope | None, str], None]] = []
        self.batch_size = max(1, min(prefetch, 100))
        self.max_wait = 0.02
        self._buffer: list = []
        self._buffer_since = 0.0
        self._local_attempts: dict[str, int] = {}
        self.amqp = False
        self.ready = threading.Event()

    # -- processing one message --------------------------------------------------------------------------
    def _notify(self, env: Envelope | None, outcome: str) -> None:
        for listener in list(self.listeners):
            try:
                listener(env, outcome)
            except Exception:  # noqa: BLE001 - a test listener must not break consumption
                log.exception("listener failed")

    def _dead(self, message, env_type: str, reason: str, body: str) -> None:
        log.error("dead-lettering %s: %s", env_type, reason)
        DEAD_LETTERED.labels(self.service, env_type).inc()
        if self.amqp:
            message.reject(requeue=False)
            return
        with self.uow_factory() as uow:
            uow.session.execute(uow.metadata.tables["dead_letter"].insert().values(
                event_id=str(message.properties.get("message_id") or ""), type=env_type, reason=reason,
                body=body, at=datetime.now(UTC)))
            uow.commit()
        message.ack()

    def _parse(self, message):
        """→ (envelope with validated data, handler) or None when the message was dead-lettered."""
        body = message.body.decode("utf-8") if isinstance(message.body, bytes) else str(message.body)
        env = None
        try:
            env = Envelope.from_json(body)
            self.registry.get(env.type)
            data = self.registry.validate(env.type, env.data, strict=False)
            handler = self.handlers.get(env.type)
            if handler is None:
                raise LookupError(f"{self.service} has no handler for {env.type}")
        except (MalformedEnvelope, LookupError, ValueError) as exc:
            kind = env.type if env is not None else "unknown"
            EVENTS_CONSUMED.labels(self.service, kind, "rejected").inc()
            self._dead(message, kind, f"{type(exc).__name__}: {exc}", body)
            self._notify(None, "rejected")
            return None
        return replace(env, data=data), handler

    def on_message(self, message) -> None:
        """kombu callback: buffer the delivery; ``flush`` applies the batch."""
        if not self._buffer:
            self._buffer_since = time.monotonic()
        self._buffer.append(message)
        if len(self._buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self._buffer = self._buffer, []
        parsed = []
        for message in batch:
            item = self._parse(message)
            if item is not None:
                parsed.append((message, *item))
        if not parsed:
            return
        if len(parsed) > 1:
            try:
                outcomes = self._apply_batch(parsed)
            except Exception as exc:  # noqa: BLE001 - the batch commit failed: retry one by one
                log.warning("batch of %d failed (%s); applying one by one", len(parsed), exc)
                outcomes = None
            if outcomes is not None:
                for (message, env, _handler), (outcome, error) in zip(parsed, outcomes, strict=True):
                    self._settle(message, env, outcome, error)
                return
        for message, env, handler in parsed:
            name = _handler_name(handler)
            try:
                outcome, error = self._apply(env, handler, name), None
            except Exception as exc:  # noqa: BLE001 - handler failure: retry, then DLQ
                outcome, error = "failed", exc
            self._settle(message, env, outcome, error)

    def _settle(self, message, env: Envelope, outcome: str, error: Exception | None) -> None:
        if outcome != "failed":
            message.ack()
            EVENTS_CONSUMED.labels(self.service, env.type, outcome).inc()
            self._notify(env, outcome)
            return
        EVENTS_CONSUMED.labels(self.service, env.type, "failed").inc()
        log.warning("handler failed on %s %s: %s", env.type, env.id, error)
        if self.amqp:
            # The quorum queue counts earlier deliveries in x-delivery-count; at the limit this reject is the
            # one that dead-letters the message, so it is counted here too.
            previous = int((message.headers or {}).get("x-delivery-count", 0) or 0)
            if previous >= self.topology.delivery_limit:
                DEAD_LETTERED.labels(self.service, env.type).inc()
                log.error("dead-lettering %s %s after %d deliveries: %s", env.type, env.id, previous + 1, error)
            message.reject(requeue=True)
        else:
            attempts = self._local_attempts.get(env.id, 0) + 1
            self._local_attempts[env.id] = attempts
            if attempts >= self.topology.delivery_limit:
                self._local_attempts.pop(env.id, None)
                body = message.body.decode("utf-8") if isinstance(message.body, bytes) else str(message.body)
                self._dead(message, env.type, f"delivery limit reached: {error}", body)
            else:
                message.requeue()
        self._notify(env, "failed")

    def _apply_batch(self, parsed) -> list[tuple[str, Exception | None]]:
        """Apply several deliveries in one transaction; the inbox rows go in with one multi-row insert.
        Any handler failure rolls the whole batch back and raises, so ``flush`` retries one by one and only
        the failing delivery is rejected."""
        outcomes: list[tuple[str, Exception | None]] = []
        with self.uow_factory() as uow:
            inbox = uow.metadata.tables["inbox"]
            ids = [env.id for _m, env, _h in parsed]
            seen = {(r.source, r.event_id, r.handler) for r in uow.session.execute(
                select(inbox.c.source, inbox.c.event_id, inbox.c.handler).where(inbox.c.event_id.in_(ids)))}
            rows = []
            now = datetime.now(UTC)
            for _message, env, handler in parsed:
                name = _handler_name(handler)
                key = (env.source, env.id, name)
                if key in seen:
                    outcomes.append(("duplicate", None))
                    continue
                correlation_id.set(env.correlationid)
                handler(uow, env)
                seen.add(key)
                rows.append({"source": env.source, "event_id": env.id, "handler": name, "type": env.type,
                             "processed_at": now})
                outcomes.append(("applied", None))
            if rows:
                uow.session.execute(inbox.insert(), rows)
            uow.commit()
        return outcomes

    def _apply(self, env: Envelope, handler: Handler, handler_name: str) -> str:
        correlation_id.set(env.correlationid)
        with self.uow_factory() as uow:
            inbox = uow.metadata.tables["inbox"]
            seen = uow.session.execute(
                select(inbox.c.event_id).where(inbox.c.source == env.source, inbox.c.event_id == env.id,
                                               inbox.c.handler == handler_name)
            ).first()
            if seen:
                return "duplicate"
            handler(uow, env)
            uow.session.execute(inbox.insert().values(source=env.source, event_id=env.id, handler=handler_name,
                                                      type=env.type, processed_at=datetime.now(UTC)))
            try:
                uow.commit()
            except IntegrityError:
                # Another consumer applied the same event concurrently; ours is rolled back.
                return "duplicate"
        return "applied"

    # -- the loop ----------------------------------------------------------------------------------------
    def run(self) -> None:
        from kombu import Consumer as KombuConsumer

        backoff = 0.5
        while not self.stop.is_set():
            conn = None
            try:
                conn = self.connection_factory()
                conn.ensure_connection(max_retries=1)
                self.amqp = is_amqp(conn)
                self.topology.declare(conn)
                channel = conn.channel()
                queue = self.topology.inbox(self.amqp)(channel)
                with KombuConsumer(channel, queues=[queue], on_message=self.on_message, no_ack=False,
                                   prefetch_count=self.prefetch):
                    self.ready.set()
                    backoff = 0.5
                    while not self.stop.is_set():
                        try:
                            conn.drain_events(timeout=self.max_wait if self._buffer else 0.5)
                        except TimeoutError:
                            pass
                        # Send our heartbeats: without this an idle consumer is dropped by the broker.
                        conn.heartbeat_check()
                        if self._buffer and (len(self._buffer) >= self.batch_size or
                                             time.monotonic() - self._buffer_since >= self.max_wait):
                            self.flush()
            except Exception as exc:  # noqa: BLE001 - reconnect with backoff on any broker trouble
                if self.stop.is_set():
                    break
                log.warning("consumer %s reconnecting in %.1fs: %s", self.service, backoff, exc)
                self.stop.wait(backoff)
                backoff = min(backoff * 2, 15.0)
            finally:
                self._buffer = []  # unacked deliveries return to the queue with the connection
                if conn is not None:
                    with contextlib.suppress(Exception):
                        conn.release()


def _handler_name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", repr(handler))
