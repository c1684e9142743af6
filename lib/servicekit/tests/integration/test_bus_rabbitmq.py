"""The production path: PostgreSQL + RabbitMQ, no mocks."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from kombu import Connection, Exchange, Producer
from sqlalchemy import func, select

from servicekit.messaging.envelope import Envelope
from servicekit.testing import wait_until

from ..probe_spec import applied_counts, make_specs, publish_probes

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]
# Publish with confirms: without them RabbitMQ 3.10 can drop the last messages a channel sent to a quorum queue when
# the connection closes at once (docs/reliability.md, "Flakes found and fixed").
CONFIRMED = {"confirm_publish": True}


@pytest.fixture
def pair(make_runtime, postgres_db_factory, amqp_url):
    alpha_spec, beta_spec = make_specs("rmq" + uuid.uuid4().hex[:4])
    alpha = make_runtime(alpha_spec, database_url=postgres_db_factory(), broker_url=amqp_url, delivery_limit=3)
    beta = make_runtime(beta_spec, database_url=postgres_db_factory(), broker_url=amqp_url, delivery_limit=3)
    return alpha, beta, beta_spec.applied


def _queue_depth(amqp_url: str, name: str) -> int:
    with Connection(amqp_url) as conn:
        return conn.channel().queue_declare(name, passive=True).message_count


def test_rolled_back_transaction_publishes_nothing(pair, threaded_worker):
    alpha, beta, applied = pair
    with threaded_worker(beta), threaded_worker(alpha) as a:
        with alpha.uow() as uow:
            uow.publish("system.probe.sent.v1", "x", {"probe_id": "rolled-back", "n": 1})
            uow.rollback()
        publish_probes(alpha, "committed", [1])
        wait_until(lambda: applied_counts(beta, applied, "committed")[0] == 1)
        # The relay counts a batch after its commit, which can come after the consumer applied the event.
        wait_until(lambda: a.relay.published >= 1, message="the relay counted the committed probe")
        assert a.relay.published == 1
    assert applied_counts(beta, applied, "rolled-back") == (0, 0)
    with alpha.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(alpha.outbox.table)).scalar() == 1


def test_event_applied_exactly_once_through_outbox_and_inbox(pair, threaded_worker):
    alpha, beta, applied = pair
    with threaded_worker(beta), threaded_worker(alpha):
        publish_probes(alpha, "flow", range(200))
        wait_until(lambda: applied_counts(beta, applied, "flow") == (200, 200), timeout=30)


def test_duplicate_delivery_is_applied_once(pair, threaded_worker, amqp_url):
    alpha, beta, applied = pair
    env = Envelope(type="system.probe.sent.v1", source="/services/dup", subject="d",
                   data={"probe_id": "dup", "n": 7, "note": ""})
    with threaded_worker(beta) as b:
        with Connection(amqp_url, transport_options=CONFIRMED) as conn:
            producer = Producer(conn.channel(), exchange=Exchange("aktiv.events", type="topic", durable=True))
            for _ in range(3):
                producer.publish(env.to_json(), routing_key=env.type, content_type="application/cloudevents+json")
        wait_until(lambda: applied_counts(beta, applied, "dup")[0] >= 1)
        wait_until(lambda: _queue_depth(amqp_url, b.consumer.topology.inbox_name) == 0)
    assert applied_counts(beta, applied, "dup") == (1, 1)


def test_poison_message_lands_in_dead_letter_queue_after_delivery_limit(pair, threaded_worker, amqp_url):
    from prometheus_client import REGISTRY

    alpha, beta, applied = pair
    labels = {"service": beta.spec.name, "type": "system.probe.sent.v1"}
    dead_before = REGISTRY.get_sample_value("aktiv_events_dead_lettered_total", labels) or 0.0
    with threaded_worker(beta) as b, threaded_worker(alpha):
        publish_probes(alpha, "poison", [1], note="poison")
        publish_probes(alpha, "healthy", [1, 2, 3])
        dead = b.consumer.topology.dead_name
        wait_until(lambda: _queue_depth(amqp_url, dead) == 1, timeout=30, message="poison in DLQ")
        wait_until(lambda: applied_counts(beta, applied, "healthy") == (3, 3))
    with Connection(amqp_url) as conn:
        msg = conn.channel().basic_get(dead, no_ack=True)
        death = msg.headers["x-death"][0]
        assert death["reason"] == "delivery_limit"
        assert json.loads(msg.body)["data"]["probe_id"] == "poison"
    assert (REGISTRY.get_sample_value("aktiv_events_dead_lettered_total", labels) or 0.0) == dead_before + 1


def test_unknown_event_version_is_dead_lettered_with_logged_reason(pair, threaded_worker, amqp_url, caplog):
    alpha, beta, applied = pair
    spec_types = list(beta.spec.handlers())
    with threaded_worker(beta) as b:
        # Bind the v9 type for this test only, as if a producer published a version nobody knows.
        with Connection(amqp_url, transport_options=CONFIRMED) as conn:
            ch = conn.channel()
            ch.queue_bind(b.consumer.topology.inbox_name, "aktiv.events", "system.probe.sent.v9")
            env = Envelope(type="system.probe.sent.v9", source="/services/future", subject="f",
                           data={"probe_id": "future", "n": 1})
            Producer(ch, exchange=Exchange("aktiv.events", type="topic", durable=True)).publish(
                env.to_json(), routing_key=env.type, content_type="application/cloudevents+json")
        with caplog.at_level(logging.ERROR):
            wait_until(lambda: _queue_depth(amqp_url, b.consumer.topology.dead_name) == 1, timeout=20)
    assert any("system.probe.sent.v9" in r.getMessage() and "no contract" in r.getMessage() for r in caplog.records)
    assert spec_types == ["system.probe.sent.v1"]


def test_consumer_killed_with_sigkill_before_ack_loses_nothing(make_runtime, postgres_db_factory, amqp_url,
                                                               threaded_worker, tmp_path):
    import signal as _signal

    from ..processes import start_probe_worker

    prefix = "kill" + uuid.uuid4().hex[:4]
    alpha_spec, beta_spec = make_specs(prefix)
    alpha = make_runtime(alpha_spec, database_url=postgres_db_factory(), broker_url=amqp_url)
    beta = make_runtime(beta_spec, database_url=postgres_db_factory(), broker_url=amqp_url)
    applied = beta_spec.applied
    log = tmp_path / "worker.log"
    worker = start_probe_worker(prefix, beta.settings, log)
    kills = 0
    try:
        wait_until(lambda: _queue_exists(amqp_url, f"{prefix}beta.inbox"), timeout=30)
        with threaded_worker(alpha):
            publish_probes(alpha, "kill", range(300), note="slow")
            for threshold in (40, 120):
                wait_until(lambda t=threshold: applied_counts(beta, applied, "kill")[0] >= t, timeout=60)
                worker.send_signal(_signal.SIGKILL)
                worker.wait(timeout=10)
                kills += 1
                worker = start_probe_worker(prefix, beta.settings, log)
            wait_until(lambda: applied_counts(beta, applied, "kill")[1] == 300, timeout=90)
    finally:
        worker.send_signal(_signal.SIGTERM)
        worker.wait(timeout=20)
    assert kills == 2
    assert applied_counts(beta, applied, "kill") == (300, 300), "each event applied exactly once"


def test_broker_outage_mid_stream_loses_nothing(make_runtime, postgres_db_factory, amqp_url, threaded_worker):
    import time

    from servicekit.testing.proxy import TcpProxy

    with TcpProxy("127.0.0.1", 5672) as proxy:
        via_proxy = amqp_url.replace("127.0.0.1:5672", f"127.0.0.1:{proxy.port}")
        alpha_spec, beta_spec = make_specs("cut" + uuid.uuid4().hex[:4])
        alpha = make_runtime(alpha_spec, database_url=postgres_db_factory(), broker_url=via_proxy)
        beta = make_runtime(beta_spec, database_url=postgres_db_factory(), broker_url=via_proxy)
        applied = beta_spec.applied
        with threaded_worker(beta), threaded_worker(alpha):
            publish_probes(alpha, "cut", range(0, 100))
            wait_until(lambda: applied_counts(beta, applied, "cut")[0] >= 1)
            proxy.refuse()  # the broker is "down"
            publish_probes(alpha, "cut", range(100, 200))  # API writes keep succeeding meanwhile
            time.sleep(2)
            proxy.accept()
            publish_probes(alpha, "cut", range(200, 300))
            wait_until(lambda: applied_counts(beta, applied, "cut")[0] >= 200, timeout=60)
            proxy.cut()
            publish_probes(alpha, "cut", range(300, 400))
            wait_until(lambda: applied_counts(beta, applied, "cut")[1] == 400, timeout=90)
        assert proxy.cuts >= 2
        assert applied_counts(beta, applied, "cut") == (400, 400)


def _queue_exists(amqp_url: str, name: str) -> bool:
    try:
        _queue_depth(amqp_url, name)
        return True
    except Exception:  # noqa: BLE001 - passive declare fails until the worker has declared it
        return False
