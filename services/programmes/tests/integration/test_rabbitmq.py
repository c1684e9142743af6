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
from servicekit.testing import wait_until

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


def test_decision_delivered_twice_approves_exactly_once(make_runtime, postgres_url, amqp_url, threaded_worker):
    runtime = make_runtime(SPEC, database_url=postgres_url, broker_url=amqp_url, migrate=True)
    pid = _to_application(runtime)
    env = Envelope(type="participation.decision.made.v1", source="/services/participation", subject="d-1",
                   sequence=1, data={"decision_id": "d-1", "number": "BA-2026-03", "body_id": "demo-begleitausschuss",
                                     "body_type": "monitoring_committee", "project_id": pid, "outcome": "approved",
                                     "title": "Juze-Truck", "year": 2026})
    with threaded_worker(runtime) as w:
        with Connection(amqp_url) as conn:
            producer = Producer(conn.channel(), exchange=EXCHANGE)
            for _ in range(2):
                producer.publish(env.to_json(), routing_key=env.type, content_type="application/cloudevents+json")
        wait_until(lambda: _approvals(runtime, pid), message="project approved")
        with Connection(amqp_url) as conn:
            inbox = w.consumer.topology.inbox_name
            wait_until(lambda: conn.channel().queue_declare(inbox, passive=True).message_count == 0)
    assert _approvals(runtime, pid) == [("Beschluss BA-2026-03",)]


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
