"""Consumers and relay against the real RabbitMQ and PostgreSQL."""

import json

import pytest
from kombu import Connection, Exchange, Producer, Queue
from sqlalchemy import select

from programmes.adapters.orm import stage_change
from programmes.bootstrap import SPEC
from programmes.domain.assessment import CRITERIA
from programmes.service_layer import projects, workshop
from servicekit.messaging.envelope import Envelope
from servicekit.testing import consumed, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]
EXCHANGE = Exchange("aktiv.events", type="topic", durable=True)


def _to_application(runtime) -> str:
    runtime_uow = runtime.uow
    pid = projects.create_project(runtime_uow(), actor="anna", title="Juze-Truck")["id"]
    workshop.assess(runtime_uow(), pid, actor="anna", assessors=["Anna"],
                    scores={k: {"score": 3, "reason": "passt gut"} for k in CRITERIA})
    for stage in ("concept", "application"):
        projects.change_stage(runtime_uow(), pid, stage, reason="weiter", actor="anna")
    return pid


def _approvals(runtime, pid):
    with runtime.engine.connect() as conn:
        return conn.execute(select(stage_change.c.reason).where(stage_change.c.project_id == pid,
                                                                stage_change.c.to_stage == "approved")).all()


def _decision(pid, decision_id="d-1", number="BA-2026-03") -> Envelope:
    return Envelope(type="participation.decision.made.v1", source="/services/participation", subject=decision_id,
                    sequence=1, data={"decision_id": decision_id, "number": number,
                                      "body_id": "demo-begleitausschuss", "body_type": "monitoring_committee",
                                      "project_id": pid, "outcome": "approved", "title": "Juze-Truck", "year": 2026})


def _publish(amqp_url, *envelopes) -> None:
    """Publish and wait for the broker's confirms. Without them RabbitMQ 3.10 can drop the last messages a channel
    sent to a quorum queue when the connection closes at once (docs/reliability.md, "Flakes found and fixed")."""
    with Connection(amqp_url, transport_options={"confirm_publish": True}) as conn:
        producer = Producer(conn.channel(), exchange=EXCHANGE)
        for env in envelopes:
            producer.publish(env.to_json(), routing_key=env.type, content_type="application/cloudevents+json")


def test_decision_delivered_twice_approves_exactly_once(make_runtime, postgres_url, amqp_url, threaded_worker):
    runtime = make_runtime(SPEC, database_url=postgres_url, broker_url=amqp_url, migrate=True)
    pid = _to_application(runtime)
    env = _decision(pid)
    with threaded_worker(runtime) as w:
        with consumed(w.consumer, env.type, count=2, timeout=30) as seen:
            _publish(amqp_url, env, env)  # the same event (same id) twice, as a redelivery would bring it
    assert sorted(outcome for _, outcome in seen) == ["applied", "duplicate"]
    assert {e.id for e, _ in seen} == {env.id}
    assert _approvals(runtime, pid) == [("Beschluss BA-2026-03",)]


def test_refused_decision_returns_the_project_to_application_once(make_runtime, postgres_url, amqp_url,
                                                                   threaded_worker):
    runtime = make_runtime(SPEC, database_url=postgres_url, broker_url=amqp_url, migrate=True)
    pid = _to_application(runtime)
    decision = _decision(pid, "d-7", "BA-2026-07")
    refusal = Envelope(type="finance.action_fund.decision_refused.v1", source="/services/finance", subject="d-7",
                       sequence=1, data={"decision_id": "d-7", "fund_id": "af-2026", "amount": "25000.00",
                                         "remaining": "1000.00",
                                         "reason": "Der Aktionsfonds reicht nicht: 1.000,00 € frei, 25.000,00 € "
                                                   "beschlossen."})
    with threaded_worker(runtime) as w:
        with consumed(w.consumer, decision.type, timeout=30):
            _publish(amqp_url, decision)
        with consumed(w.consumer, refusal.type, count=2, timeout=30) as seen:
            _publish(amqp_url, refusal, refusal)
    assert sorted(outcome for _, outcome in seen) == ["applied", "duplicate"]
    with runtime.engine.connect() as conn:
        moves = conn.execute(select(stage_change.c.from_stage, stage_change.c.to_stage, stage_change.c.actor,
                                    stage_change.c.reason).where(stage_change.c.project_id == pid)
                             .order_by(stage_change.c.id)).all()
    assert [tuple(m) for m in moves[-2:]] == [
        ("application", "approved", "system", "Beschluss BA-2026-07"),
        ("approved", "application", "finance", refusal.data["reason"])]


def test_stage_changes_reach_the_broker_through_the_outbox(make_runtime, postgres_url, amqp_url, threaded_worker):
    runtime = make_runtime(SPEC, database_url=postgres_url, broker_url=amqp_url, migrate=True)
    received = []
    with Connection(amqp_url) as conn:
        queue = Queue("programmes-test-listener", EXCHANGE, routing_key="programmes.project.stage_changed.v1",
                      exclusive=True)
        with conn.Consumer(queue, callbacks=[lambda body, msg: (received.append(body), msg.ack())]):
            with threaded_worker(runtime):
                pid = _to_application(runtime)

                def drained():
                    try:
                        conn.drain_events(timeout=0.5)
                    except TimeoutError:
                        pass
                    return len(received) >= 3
                wait_until(drained, timeout=20, message="three stage changes on the bus")
    bodies = [json.loads(b) if isinstance(b, str | bytes) else b for b in received]
    assert [b["data"]["stage"] for b in bodies] == ["assessed", "concept", "application"]
    assert all(b["subject"] == pid for b in bodies)
