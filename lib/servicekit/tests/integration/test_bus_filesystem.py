"""The embedded default: SQLite per service and kombu's file bus, across real OS processes."""

from __future__ import annotations

import signal
import uuid

from kombu import Exchange, Producer

from servicekit.messaging.bus import connect
from servicekit.messaging.envelope import Envelope
from servicekit.testing import wait_until

from ..probe_spec import applied_counts, make_specs, publish_probes
from ..processes import start_probe_worker


def _pair(make_runtime, tmp_path):
    prefix = "fs" + uuid.uuid4().hex[:4]
    alpha_spec, beta_spec = make_specs(prefix)
    alpha = make_runtime(alpha_spec, database_url=f"sqlite:///{tmp_path}/alpha.db")
    beta = make_runtime(beta_spec, database_url=f"sqlite:///{tmp_path}/beta.db")
    return prefix, alpha, beta, beta_spec.applied


def test_events_flow_between_separate_processes_exactly_once(make_runtime, tmp_path, threaded_worker):
    prefix, alpha, beta, applied = _pair(make_runtime, tmp_path)
    consumer = start_probe_worker(prefix, beta.settings, tmp_path / "worker.log")
    try:
        wait_until(lambda: (beta.settings.bus_dir / "control" / "aktiv.events.exchange").exists(), timeout=60,
                   message="consumer process declared its bindings")
        with threaded_worker(alpha):
            publish_probes(alpha, "cross", range(50))
            try:
                wait_until(lambda: applied_counts(beta, applied, "cross") == (50, 50), timeout=60)
            except AssertionError as exc:
                raise AssertionError(f"{exc}; consumer log:\n{(tmp_path / 'worker.log').read_text()[-4000:]}"
                                     f"; bus: {sorted(p.name for p in beta.settings.bus_dir.rglob('*'))[:40]}"
                                     ) from exc
    finally:
        consumer.send_signal(signal.SIGTERM)
        consumer.wait(timeout=20)
    assert consumer.returncode == 0, (tmp_path / "worker.log").read_text()


def test_rollback_on_file_bus_publishes_nothing(make_runtime, tmp_path, threaded_worker):
    prefix, alpha, beta, applied = _pair(make_runtime, tmp_path)
    with threaded_worker(beta), threaded_worker(alpha) as a:
        with alpha.uow() as uow:
            uow.publish("system.probe.sent.v1", "r", {"probe_id": "rb", "n": 1})
        publish_probes(alpha, "kept", [1])
        wait_until(lambda: applied_counts(beta, applied, "kept") == (1, 1))
        # The relay counts a batch after its commit, which can come after the consumer applied the event.
        wait_until(lambda: a.relay.published >= 1, message="the relay counted the kept probe")
        assert a.relay.published == 1
    assert applied_counts(beta, applied, "rb") == (0, 0)


def test_duplicate_on_file_bus_is_applied_once(make_runtime, tmp_path, threaded_worker):
    prefix, alpha, beta, applied = _pair(make_runtime, tmp_path)
    env = Envelope(type="system.probe.sent.v1", source="/services/dup", subject="d", data={"probe_id": "dup", "n": 1})
    with threaded_worker(beta):
        conn = connect(beta.settings.broker_url, beta.settings.bus_dir)
        exchange = Exchange("aktiv.events", type="topic", durable=True)
        channel = conn.channel()
        exchange(channel).declare()
        for _ in range(3):
            Producer(channel, exchange=exchange).publish(env.to_json(), routing_key=env.type,
                                                         content_type="application/cloudevents+json")
        conn.release()
        wait_until(lambda: applied_counts(beta, applied, "dup")[0] == 1)
        wait_until(lambda: not any((beta.settings.bus_dir / "queue").iterdir()), message="queue drained")
    assert applied_counts(beta, applied, "dup") == (1, 1)


def test_poison_on_file_bus_is_parked_locally(make_runtime, tmp_path, threaded_worker):
    prefix, alpha, beta, applied = _pair(make_runtime, tmp_path)
    from sqlalchemy import select

    dead = beta.metadata.tables["dead_letter"]
    with threaded_worker(beta), threaded_worker(alpha):
        publish_probes(alpha, "bad", [1], note="poison")
        publish_probes(alpha, "good", [1, 2])

        def parked():
            with beta.engine.connect() as c:
                return c.execute(select(dead.c.reason)).scalars().all()

        reasons = wait_until(parked, timeout=20)
        wait_until(lambda: applied_counts(beta, applied, "good") == (2, 2))
    assert "delivery limit" in reasons[0]


def test_bus_metrics_move_when_events_flow(make_runtime, tmp_path, threaded_worker):
    from prometheus_client import REGISTRY

    prefix, alpha, beta, applied = _pair(make_runtime, tmp_path)

    def sample(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0.0

    published = dict(service=alpha.spec.name, type="system.probe.sent.v1")
    consumed = dict(service=beta.spec.name, type="system.probe.sent.v1", outcome="applied")
    before = sample("aktiv_events_published_total", **published), sample("aktiv_events_consumed_total", **consumed)
    with threaded_worker(beta), threaded_worker(alpha):
        publish_probes(alpha, "metrics", range(5))
        wait_until(lambda: applied_counts(beta, applied, "metrics") == (5, 5))
    assert sample("aktiv_events_published_total", **published) == before[0] + 5
    assert sample("aktiv_events_consumed_total", **consumed) == before[1] + 5
