"""A database outage is not a handler failure: a consumer whose PostgreSQL goes away mid-stream holds its
deliveries unacknowledged, keeps its broker connection alive, and applies everything once the database is back,
without spending any delivery attempt and without a single dead letter.

The consumer's database is a private PostgreSQL cluster (its own port and data directory) that the test really
stops and starts again; the machine's shared server is never touched. RabbitMQ is the real one, in the session's
private vhost with per-test queue names.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from functools import partial

import pytest
from kombu import Connection
from prometheus_client import REGISTRY

from servicekit.messaging.bus import connect
from servicekit.messaging.consumer import Consumer
from servicekit.messaging.outage import select_one
from servicekit.messaging.relay import OutboxRelay
from servicekit.testing import wait_until
from servicekit.testing.fixtures import IN_CI

from ..private_postgres import private_postgres  # noqa: F401 - the fixture
from ..probe_spec import applied_counts, make_specs, publish_probes

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]

HEARTBEAT = 2  # seconds; RabbitMQ drops a silent client after about two intervals, the outage lasts longer
OUTAGE_SECONDS = 4.0 if IN_CI else 8.0
PROBE = "system.probe.sent.v1"


def _depth(amqp_url: str, name: str) -> int:
    with Connection(amqp_url) as conn:
        return conn.channel().queue_declare(name, passive=True).message_count


def _sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_postgres_outage_mid_stream_holds_deliveries_and_dead_letters_nothing(
        make_runtime, postgres_db_factory, amqp_url, threaded_worker, private_postgres, caplog):  # noqa: F811
    alpha_spec, beta_spec = make_specs("pgout" + uuid.uuid4().hex[:4])
    alpha = make_runtime(alpha_spec, database_url=postgres_db_factory(), broker_url=amqp_url)
    # Delivery limit 2: two counted attempts would already dead-letter a message.
    beta = make_runtime(beta_spec, database_url=private_postgres.url, broker_url=amqp_url, delivery_limit=2)
    applied, service = beta_spec.applied, beta_spec.name
    stop = threading.Event()
    connections: list = []

    def broker():
        conn = connect(amqp_url, beta.settings.bus_dir, heartbeat=HEARTBEAT)
        connections.append(conn)
        return conn

    consumer = Consumer(topology=beta.topology, handlers=beta.spec.handlers(), uow_factory=beta.uow,
                        registry=beta.registry, connection_factory=broker, prefetch=20, stop=stop,
                        probe=partial(select_one, beta.engine))
    deliveries: list[tuple[int, bool]] = []  # (x-delivery-count, redelivered) of every delivery
    buffer = consumer.on_message

    def recording(message):
        deliveries.append((int((message.headers or {}).get("x-delivery-count", 0) or 0),
                           bool(message.delivery_info.get("redelivered"))))
        buffer(message)

    consumer.on_message = recording
    relay = OutboxRelay(beta.engine, beta.outbox, partial(connect, amqp_url, beta.settings.bus_dir), stop=stop)
    failed_before = _sample("aktiv_events_consumed_total", service=service, type=PROBE, outcome="failed")
    paused_before = _sample("aktiv_consumer_paused_seconds_total", service=service)
    threads = [threading.Thread(target=t, daemon=True) for t in (consumer.run, relay.run)]
    with caplog.at_level(logging.INFO):
        for thread in threads:
            thread.start()
        try:
            assert consumer.ready.wait(20), "consumer did not start"
            with threaded_worker(alpha):
                publish_probes(alpha, "pg", range(0, 150), note="slow")  # 20 ms each: still streaming at the cut
                wait_until(lambda: applied_counts(beta, applied, "pg")[0] >= 20, timeout=60)
                private_postgres.stop()
                stopped_at = time.monotonic()
                publish_probes(alpha, "pg", range(150, 300))  # the producer's writes go on meanwhile
                wait_until(lambda: consumer.paused, timeout=30, message="consumer paused")
                # The fault itself lasts OUTAGE_SECONDS (longer than two heartbeat intervals): this sleep is the
                # outage's duration, not a synchronisation.
                time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped_at)))
                assert consumer.paused and not private_postgres.running()
                private_postgres.start()
                wait_until(lambda: applied_counts(beta, applied, "pg") == (300, 300), timeout=120,
                           message="all 300 probes applied")
                wait_until(lambda: not consumer.paused, timeout=30, message="consumer resumed")
                wait_until(lambda: not relay.outage.active, timeout=60, message="relay resumed")
                wait_until(lambda: _depth(amqp_url, beta.topology.inbox_name) == 0, timeout=30)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=15)
            for conn in connections:
                with contextlib.suppress(Exception):
                    conn.release()

    assert applied_counts(beta, applied, "pg") == (300, 300), "each event applied exactly once"
    assert _depth(amqp_url, beta.topology.dead_name) == 0, "no dead letters"
    assert len(deliveries) == 300, "every message was delivered once: none was rejected or returned"
    assert max(count for count, _ in deliveries) == 0 and not any(again for _, again in deliveries), \
        "x-delivery-count untouched"
    assert len(connections) == 1, "the broker connection lived through the pause (heartbeats)"
    assert _sample("aktiv_events_consumed_total", service=service, type=PROBE, outcome="failed") == failed_before
    assert _sample("aktiv_consumer_paused", service=service) == 0
    assert _sample("aktiv_consumer_paused_seconds_total", service=service) - paused_before >= OUTAGE_SECONDS / 2

    ours = [r for r in caplog.records if r.name.startswith("servicekit.messaging") and service in r.getMessage()]
    text = [r.getMessage() for r in ours]
    assert len([t for t in text if t.startswith(f"consumer {service} paused")]) == 1, text
    assert len([t for t in text if t.startswith(f"consumer {service} resumed after")]) == 1, text
    assert len([t for t in text if t.startswith(f"outbox relay {service} paused")]) == 1, text
    assert len([t for t in text if t.startswith(f"outbox relay {service} resumed after")]) == 1, text
    assert not [r for r in ours if r.exc_info], "no tracebacks"
    assert not [r for r in caplog.records if "handler failed" in r.getMessage()]
