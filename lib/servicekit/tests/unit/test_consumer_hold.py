"""The consumer holds its deliveries while the database cannot be reached (fakes for broker and outage), and only a
handler's own failure spends a delivery attempt."""

from __future__ import annotations

import logging
import threading
import time
import uuid

import psycopg
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from servicekit.messaging.consumer import Consumer
from servicekit.messaging.envelope import Envelope
from servicekit.messaging.outage import Backoff
from servicekit.testing import wait_until

from ..probe_spec import make_specs

PROBE = "system.probe.sent.v1"


def refused() -> OperationalError:
    return OperationalError("BEGIN", {}, psycopg.OperationalError("connection failed: Connection refused"))


class Database:
    """``uow()`` of a real SQLite runtime that refuses to connect while ``down`` (or after ``budget`` more units
    of work)."""

    def __init__(self, runtime) -> None:
        self.runtime, self.down, self.budget, self.probes = runtime, False, None, 0

    def _refuse(self) -> bool:
        if self.budget is not None:
            if self.budget <= 0:
                self.down = True
            self.budget -= 1
        return self.down

    def uow(self):
        if self._refuse():
            raise refused()
        return self.runtime.uow()

    def probe(self) -> None:
        self.probes += 1
        if self.down:
            raise refused()


class Message:
    """The part of a kombu message the consumer uses; records how it was settled."""

    def __init__(self, n: int, note: str = "", count: int = 0, body: str | None = None) -> None:
        self.env = Envelope(type=PROBE, source="/services/hold", subject=f"p{n}",
                            data={"probe_id": "hold", "n": n, "note": note})
        self.body = (body if body is not None else self.env.to_json()).encode()
        self.headers = {"x-delivery-count": count}
        self.properties = {"message_id": self.env.id}
        self.delivery_info: dict = {}
        self.settled: str | None = None

    def ack(self):
        self.settled = "ack"

    def reject(self, requeue=False):
        self.settled = "reject-requeue" if requeue else "reject"

    def requeue(self):
        self.settled = "requeue"


@pytest.fixture
def setup(make_runtime):
    _, beta = make_specs("hold" + uuid.uuid4().hex[:4])
    runtime = make_runtime(beta, delivery_limit=3)
    db = Database(runtime)
    consumer = Consumer(topology=runtime.topology, handlers=beta.handlers(), uow_factory=db.uow,
                        registry=runtime.registry, connection_factory=runtime.connection_factory, prefetch=10,
                        probe=db.probe, backoff=Backoff(0.005, 0.02))
    consumer.amqp = True
    return consumer, db, runtime, beta.applied


def sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


def counters(service):
    return (sample("aktiv_events_consumed_total", service=service, type=PROBE, outcome="failed"),
            sample("aktiv_events_dead_lettered_total", service=service, type=PROBE))


def applied_ns(runtime, applied) -> list[int]:
    with runtime.engine.connect() as conn:
        return sorted(conn.execute(select(applied.c.n)).scalars())


def test_a_batch_that_cannot_reach_the_database_is_held_whole_and_in_order(setup):
    consumer, db, _runtime, _ = setup
    before = counters(consumer.service)
    messages = [Message(n) for n in range(5)]
    consumer._buffer = list(messages)
    db.down = True
    consumer.flush()
    assert [m.settled for m in messages] == [None] * 5, "nothing acked, nothing rejected"
    assert consumer._buffer == messages and consumer._holding is not None
    assert counters(consumer.service) == before and consumer._local_attempts == {}


def test_an_outage_during_the_one_by_one_replay_holds_the_rest_of_the_batch(setup):
    consumer, db, runtime, applied = setup
    before = counters(consumer.service)
    messages = [Message(0), Message(1), Message(2, "poison"), Message(3), Message(4)]
    consumer._buffer = list(messages)
    db.budget = 3  # the batch (rolled back by the poison probe), then probes 0 and 1 alone, then the database goes
    consumer.flush()
    assert [m.settled for m in messages] == ["ack", "ack", None, None, None]
    assert consumer._buffer == messages[2:], "the poison probe is held too: its failure was never seen"
    assert counters(consumer.service) == before
    assert applied_ns(runtime, applied) == [0, 1]


def test_a_handler_failure_still_spends_one_delivery_and_only_the_last_one_counts_as_dead(setup):
    consumer, _db, _runtime, _ = setup
    failed, dead = counters(consumer.service)
    early, last = Message(1, "poison", count=0), Message(2, "poison", count=3)  # delivery limit 3
    consumer._buffer = [early, Message(3), last]
    consumer.flush()
    assert early.settled == last.settled == "reject-requeue" and consumer._holding is None
    assert counters(consumer.service) == (failed + 2, dead + 1)


def test_the_file_bus_counts_no_attempt_for_an_outage(setup):
    consumer, db, runtime, _ = setup
    consumer.amqp = False
    poison = Message(1, "poison")
    consumer._buffer = [poison]
    db.down = True
    consumer.flush()
    assert poison.settled is None and consumer._local_attempts == {}
    db.down = False
    consumer.flush()
    assert poison.settled == "requeue" and consumer._local_attempts == {poison.env.id: 1}


def test_a_malformed_message_on_the_file_bus_is_held_while_its_dead_letter_row_cannot_be_written(setup):
    consumer, db, runtime, _ = setup
    consumer.amqp = False
    broken = Message(1, body="{kein json")
    consumer._buffer = [broken]
    db.down = True
    consumer.flush()
    assert broken.settled is None and consumer._buffer == [broken]
    db.down = False
    consumer._holding = None
    consumer.flush()
    assert broken.settled == "ack"
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(runtime.metadata.tables["dead_letter"])).scalar() == 1


class Connection:
    """A broker connection that delivers nothing and counts heartbeat checks."""

    heartbeat = 2

    def __init__(self) -> None:
        self.drains = self.heartbeats = 0

    def drain_events(self, timeout):
        self.drains += 1
        time.sleep(min(timeout, 0.002))
        raise TimeoutError

    def heartbeat_check(self):
        self.heartbeats += 1


class Subscription:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def cancel(self):
        self.calls.append("cancel")

    def consume(self):
        self.calls.append("consume")


def test_the_pause_unsubscribes_keeps_heartbeats_probes_until_the_database_answers_then_applies(setup, caplog):
    consumer, db, runtime, applied = setup
    messages = [Message(n) for n in range(3)]
    consumer._buffer = list(messages)
    db.down = True
    consumer.flush()
    conn, subscription = Connection(), Subscription()

    def back_after_three_probes():
        wait_until(lambda: db.probes >= 3, timeout=10)
        db.down = False

    helper = threading.Thread(target=back_after_three_probes)
    helper.start()
    with caplog.at_level(logging.INFO, logger="servicekit.messaging.consumer"):
        consumer._pause(conn, subscription)
    helper.join()
    assert subscription.calls == ["cancel", "consume"]
    assert db.probes >= 3 and conn.heartbeats > db.probes, "heartbeats went on between the probes"
    assert [m.settled for m in messages] == ["ack"] * 3 and applied_ns(runtime, applied) == [0, 1, 2]
    assert not consumer.paused and sample("aktiv_consumer_paused", service=consumer.service) == 0
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"consumer {consumer.service} paused (holding 3 deliveries unacknowledged): "
                               "database unreachable: OperationalError")
    assert lines[1].startswith(f"consumer {consumer.service} resumed after")


def test_the_consumer_on_the_file_bus_rides_out_an_outage_without_spending_attempts(make_runtime, caplog):
    """The real loop on kombu's filesystem transport; the outage is simulated at the consumer's unit of work."""
    from servicekit.messaging.relay import OutboxRelay

    from ..probe_spec import publish_probes

    _, beta = make_specs("fsh" + uuid.uuid4().hex[:4])
    runtime = make_runtime(beta, delivery_limit=2)
    db = Database(runtime)
    stop = threading.Event()
    consumer = Consumer(topology=runtime.topology, handlers=beta.handlers(), uow_factory=db.uow,
                        registry=runtime.registry, connection_factory=runtime.connection_factory, prefetch=10,
                        stop=stop, probe=db.probe, backoff=Backoff(0.01, 0.1))
    relay = OutboxRelay(runtime.engine, runtime.outbox, runtime.connection_factory, poll_seconds=0.05, stop=stop)
    threads = [threading.Thread(target=consumer.run, daemon=True), threading.Thread(target=relay.run, daemon=True)]

    def publish(ns):
        publish_probes(runtime, "fs", ns)

    with caplog.at_level(logging.INFO, logger="servicekit.messaging.consumer"):
        for thread in threads:
            thread.start()
        try:
            assert consumer.ready.wait(20)
            publish(range(10))
            wait_until(lambda: len(applied_ns(runtime, beta.applied)) == 10, timeout=20)
            db.down = True
            publish(range(10, 30))
            wait_until(lambda: consumer.paused, timeout=20, message="paused")
            wait_until(lambda: db.probes >= 3, timeout=20, message="probing")
            db.down = False
            wait_until(lambda: applied_ns(runtime, beta.applied) == list(range(30)), timeout=30)
            wait_until(lambda: not consumer.paused, timeout=10)
        finally:
            stop.set()
            for thread in threads:
                thread.join(10)
    assert consumer._local_attempts == {}
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(runtime.metadata.tables["dead_letter"])).scalar() == 0
    lines = [r.getMessage() for r in caplog.records if consumer.service in r.getMessage()]
    assert [line.split(" ")[2] for line in lines] == ["paused", "resumed"], lines
