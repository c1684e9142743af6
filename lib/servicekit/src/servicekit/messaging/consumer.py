"""The idempotent inbox consumer.

For every message: validate envelope and contract; skip if the inbox already holds (source, id, handler);
otherwise run the handler and write the inbox row in the same transaction; ack only after the commit
(``servicekit.messaging.inbox``). Deliveries are applied in batches (up to ``batch_size`` in one transaction;
if any handler of the batch fails, the batch is rolled back and applied one by one, so only the failing
delivery is rejected). A handler failure is rejected with requeue, so the quorum queue counts the delivery and
dead-letters after ``x-delivery-limit``. A malformed message or an unknown type/version is rejected to the DLQ
at once, with the reason logged. On the file bus (no dead-lettering) the consumer counts attempts itself and
parks the message in the local ``dead_letter`` table.

A database that cannot be reached is not a handler failure (``servicekit.messaging.outage``): every delivery of
the batch not yet settled stays unacknowledged (no reject, so none of its delivery limit is spent), the consumer
cancels its subscription, keeps the broker connection alive with heartbeats, probes the database with
``SELECT 1`` under jittered backoff and, once it answers, applies the held deliveries and subscribes again.
One log line when it pauses, one when it resumes; ``aktiv_consumer_paused`` is 1 meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import text

from servicekit.messaging.envelope import Envelope, MalformedEnvelope
from servicekit.messaging.inbox import Handler, apply_batch, apply_one
from servicekit.messaging.outage import (
    Backoff,
    Outage,
    brief,
    broker_unavailable,
    database_unavailable,
    probe_while_pumping,
    pump,
)
from servicekit.messaging.topology import Topology, is_amqp
from servicekit.metrics import CONSUMER_PAUSED, CONSUMER_PAUSED_SECONDS, DEAD_LETTERED, EVENTS_CONSUMED

log = logging.getLogger(__name__)

__all__ = ["Consumer", "Handler"]


class Consumer:
    def __init__(self, *, topology: Topology, handlers: dict[str, Handler], uow_factory: Callable,
                 registry, connection_factory: Callable, prefetch: int = 50,
                 stop: threading.Event | None = None, probe: Callable[[], None] | None = None,
                 backoff: Backoff | None = None) -> None:
        self.topology = topology
        self.service = topology.service
        self.handlers = handlers
        self.uow_factory = uow_factory
        self.registry = registry
        self.connection_factory = connection_factory
        self.prefetch = prefetch
        self.stop = stop or threading.Event()
        self.probe = probe or self._probe_via_uow
        self.listeners: list[Callable[[Envelope | None, str], None]] = []
        self.batch_size = max(1, min(prefetch, 100))
        self.max_wait = 0.02
        self._buffer: list = []
        self._buffer_since = 0.0
        self._pending: dict[int, object] = {}
        self._holding: BaseException | None = None
        self._local_attempts: dict[str, int] = {}
        self.amqp = False
        self.ready = threading.Event()
        self.outage = Outage(f"consumer {self.service}", log, stop=self.stop, backoff=backoff,
                             gauge=CONSUMER_PAUSED.labels(self.service),
                             seconds=CONSUMER_PAUSED_SECONDS.labels(self.service))
        self.broker_outage = Outage(f"consumer {self.service} (broker)", log, stop=self.stop,
                                    backoff=Backoff(0.5, 15.0), classify=broker_unavailable)

    @property
    def paused(self) -> bool:
        return self.outage.active

    def _probe_via_uow(self) -> None:
        with self.uow_factory() as uow:
            uow.session.execute(text("SELECT 1"))

    # -- processing one message --------------------------------------------------------------------------
    def _notify(self, env: Envelope | None, outcome: str) -> None:
        for listener in list(self.listeners):
            try:
                listener(env, outcome)
            except Exception:  # noqa: BLE001 - a test listener must not break consumption
                log.exception("listener failed")

    def _settled(self, message) -> None:
        self._pending.pop(id(message), None)

    def _dead(self, message, env_type: str, reason: str, body: str) -> None:
        if self.amqp:
            message.reject(requeue=False)
        else:
            with self.uow_factory() as uow:
                uow.session.execute(uow.metadata.tables["dead_letter"].insert().values(
                    event_id=str(message.properties.get("message_id") or ""), type=env_type, reason=reason,
                    body=body, at=datetime.now(UTC)))
                uow.commit()
            message.ack()
        self._settled(message)
        DEAD_LETTERED.labels(self.service, env_type).inc()
        log.error("dead-lettering %s: %s", env_type, reason)

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
            self._dead(message, kind, f"{type(exc).__name__}: {exc}", body)
            EVENTS_CONSUMED.labels(self.service, kind, "rejected").inc()
            self._notify(None, "rejected")
            return None
        return replace(env, data=data), handler

    def on_message(self, message) -> None:
        """kombu callback: buffer the delivery; the loop applies the batch (``flush``)."""
        if not self._buffer:
            self._buffer_since = time.monotonic()
        self._buffer.append(message)

    def flush(self) -> None:
        """Apply the buffered deliveries. If the database cannot be reached, every delivery not yet settled goes
        back to the front of the buffer, unacknowledged and in order, and the consumer is to pause."""
        batch, self._buffer = self._buffer, []
        self._pending = {id(m): m for m in batch}
        try:
            self._apply_all(batch)
        except Exception as exc:
            if not database_unavailable(exc):
                raise  # broker trouble (an ack failed) or a bug: the loop reconnects
            self._buffer = list(self._pending.values()) + self._buffer
            self._holding = exc
        finally:
            self._pending = {}

    def _apply_all(self, batch) -> None:
        parsed = []
        for message in batch:
            item = self._parse(message)
            if item is not None:
                parsed.append((message, *item))
        if not parsed:
            return
        if len(parsed) > 1:
            try:
                outcomes = apply_batch(self.uow_factory, parsed)
            except Exception as exc:  # noqa: BLE001 - a handler failed: retry one by one
                if database_unavailable(exc):
                    raise
                log.warning("batch of %d failed (%s); applying one by one", len(parsed), brief(exc))
                outcomes = None
            if outcomes is not None:
                for (message, env, _handler), outcome in zip(parsed, outcomes, strict=True):
                    self._settle(message, env, outcome, None)
                return
        for message, env, handler in parsed:
            try:
                outcome, error = apply_one(self.uow_factory, env, handler), None
            except Exception as exc:  # noqa: BLE001 - handler failure: retry, then DLQ
                if database_unavailable(exc):
                    raise
                outcome, error = "failed", exc
            self._settle(message, env, outcome, error)

    def _settle(self, message, env: Envelope, outcome: str, error: Exception | None) -> None:
        if outcome != "failed":
            message.ack()
            self._settled(message)
            EVENTS_CONSUMED.labels(self.service, env.type, outcome).inc()
            self._notify(env, outcome)
            return
        log.warning("handler failed on %s %s: %s", env.type, env.id, error)
        if self.amqp:
            # basic.reject(requeue) is what the quorum queue counts: a delivery that arrived with
            # x-delivery-count >= x-delivery-limit is dead-lettered by this very reject, so it is counted here.
            previous = int((message.headers or {}).get("x-delivery-count", 0) or 0)
            message.reject(requeue=True)
            if previous >= self.topology.delivery_limit:
                DEAD_LETTERED.labels(self.service, env.type).inc()
                log.error("dead-lettering %s %s after %d deliveries: %s", env.type, env.id, previous + 1, error)
            self._settled(message)
        else:
            attempts = self._local_attempts.get(env.id, 0) + 1
            if attempts >= self.topology.delivery_limit:
                body = message.body.decode("utf-8") if isinstance(message.body, bytes) else str(message.body)
                self._dead(message, env.type, f"delivery limit reached: {error}", body)
                self._local_attempts.pop(env.id, None)
            else:
                message.requeue()
                self._settled(message)
                self._local_attempts[env.id] = attempts
        EVENTS_CONSUMED.labels(self.service, env.type, "failed").inc()
        self._notify(env, "failed")

    # -- the loop ----------------------------------------------------------------------------------------
    def _pause(self, conn, consumer) -> None:
        """Hold the buffered deliveries unacknowledged, take no new ones, keep the connection alive, and probe
        the database with backoff until it answers; then apply what was held and subscribe again."""
        if not self.outage.active:
            self.outage.begin(f"database unreachable: {brief(self._holding)}",
                              f"holding {len(self._buffer)} deliveries unacknowledged")
        consumer.cancel()  # deliveries already under way still arrive (before cancel-ok) and are held too
        while not self.stop.is_set():
            deadline = time.monotonic() + self.outage.next_delay()
            while not self.stop.is_set() and (left := deadline - time.monotonic()) > 0:
                pump(conn, min(left, 1.0))
                self.outage.tick()
            error = probe_while_pumping(self.probe, conn, self.stop)
            if error is None:
                break
            self.outage.reason = brief(error)
        if self.stop.is_set():
            return
        self._holding = None
        consumer.consume()
        if self._buffer:
            self.flush()  # may hold again: then the pause goes on, without another log line
        if self._holding is None:
            self.outage.end()

    def _consume(self, conn, consumer) -> None:
        while not self.stop.is_set():
            if self._holding is not None:
                self._pause(conn, consumer)
                continue
            pump(conn, self.max_wait if self._buffer else 0.5)
            if self._buffer and (len(self._buffer) >= self.batch_size or
                                 time.monotonic() - self._buffer_since >= self.max_wait):
                self.flush()

    def run(self) -> None:
        from kombu import Consumer as KombuConsumer

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
                                   prefetch_count=self.prefetch) as consumer:
                    self.ready.set()
                    self.broker_outage.end()
                    if self.outage.active and self._holding is None:
                        self._holding = RuntimeError(self.outage.reason)  # reconnected mid-outage: probe first
                    self._consume(conn, consumer)
            except Exception as exc:  # noqa: BLE001 - reconnect with backoff on any broker trouble
                if self.stop.is_set():
                    break
                if broker_unavailable(exc):
                    self.broker_outage.begin(f"broker connection lost, reconnecting: {brief(exc)}")
                else:
                    log.exception("consumer %s failed, reconnecting", self.service)
                self.broker_outage.wait()
            finally:
                # Unacked deliveries return to the queue with the channel (the quorum queue counts that return).
                self._buffer = []
                if conn is not None:
                    with contextlib.suppress(Exception):
                        conn.release()
