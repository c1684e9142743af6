"""Found by the chaos runs: a consumer that sits idle must keep its broker connection (it has to send its own
heartbeats), instead of being dropped by RabbitMQ every two heartbeat intervals and reconnecting."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest
from kombu import Connection, Exchange, Producer
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servicekit.messaging.bus import connect  # noqa: E402
from servicekit.messaging.consumer import Consumer  # noqa: E402
from servicekit.messaging.envelope import Envelope  # noqa: E402
from servicekit.testing import wait_until  # noqa: E402

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]

HEARTBEAT = 2  # seconds; RabbitMQ drops a silent client after about two intervals


def test_an_idle_consumer_keeps_its_broker_connection_and_still_consumes(make_runtime, postgres_url, amqp_url,
                                                                         caplog):
    from chaossink.bootstrap import SPEC, effect

    runtime = make_runtime(SPEC, database_url=postgres_url, broker_url=amqp_url)
    stop = threading.Event()
    connections = []

    def factory():
        conn = connect(amqp_url, runtime.settings.bus_dir, heartbeat=HEARTBEAT)
        connections.append(conn)
        return conn

    consumer = Consumer(topology=runtime.topology, handlers=SPEC.handlers(), uow_factory=runtime.uow,
                        registry=runtime.registry, connection_factory=partial(factory), stop=stop)
    thread = threading.Thread(target=consumer.run, daemon=True)
    with caplog.at_level(logging.WARNING, logger="servicekit.messaging.consumer"):
        thread.start()
        try:
            assert consumer.ready.wait(20)
            time.sleep(5 * HEARTBEAT)
            env = Envelope(type="system.probe.sent.v1", source="/services/idle", subject="i",
                           data={"probe_id": "idle", "n": 1, "note": ""})
            with Connection(amqp_url) as conn:
                Producer(conn.channel(), exchange=Exchange("aktiv.events", type="topic", durable=True)).publish(
                    env.to_json(), routing_key=env.type, content_type="application/cloudevents+json")
            with runtime.engine.connect() as db:
                wait_until(lambda: db.execute(select(func.count()).select_from(effect)).scalar() == 1, timeout=15)
        finally:
            stop.set()
            thread.join(10)
            for conn in connections:
                with contextlib.suppress(Exception):
                    conn.release()
    assert [r.getMessage() for r in caplog.records if "reconnecting" in r.getMessage()] == []
    assert len(connections) == 1
