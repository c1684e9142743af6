"""Consumers and relay against the real RabbitMQ and PostgreSQL: read model, action fund, outgoing events."""

import json

import pytest
from kombu import Connection, Exchange, Producer, Queue
from sqlalchemy import select

from finance.adapters.orm import action_fund_booking, action_fund_refusal, project
from finance.bootstrap import SPEC
from servicekit.messaging.envelope import Envelope
from servicekit.testing import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]
EXCHANGE = Exchange("aktiv.events", type="topic", durable=True)


@pytest.fixture
def finance(make_runtime, postgres_url, amqp_url):
    runtime = make_runtime(SPEC, database_url=postgres_url, broker_url=amqp_url, migrate=True)
    SPEC.seed(runtime)
    return runtime


def _publish(amqp_url, *envelopes):
    """Publish and wait for the broker's confirms. Without them RabbitMQ 3.10 can drop the last messages a channel
    sent to a quorum queue when the connection closes at once (docs/reliability.md, "Flakes found and fixed")."""
    with Connection(amqp_url, transport_options={"confirm_publish": True}) as conn:
        producer = Producer(conn.channel(), exchange=EXCHANGE)
        for env in envelopes:
            producer.publish(env.to_json(), routing_key=env.type, content_type="application/cloudevents+json")


def _project_event(verb, sequence, title, stage="running", event_id=None):
    data = {"project_id": "demo-juze-truck", "title": title, "programme_id": "demo-4job", "stage": stage,
            "fields_of_action": ["jugend"], "districts": ["haken"]}
    if verb == "stage_changed":
        data["from_stage"] = "approved"
    kwargs = {"id": event_id} if event_id else {}
    return Envelope(type=f"programmes.project.{verb}.v1", source="/services/programmes", subject="demo-juze-truck",
                    data=data, sequence=sequence, **kwargs)


def _decision(decision_id, amount, year=2026):
    return Envelope(type="participation.decision.made.v1", source="/services/participation", subject=decision_id,
                    data={"decision_id": decision_id, "number": f"BA-{decision_id}", "body_id": "demo-begleitausschuss",
                          "body_type": "monitoring_committee", "outcome": "approved", "amount": amount,
                          "title": f"Mikroprojekt {decision_id}", "year": year})


def test_project_read_model_fills_and_ignores_stale_updates(finance, amqp_url, threaded_worker):
    with threaded_worker(finance):
        _publish(amqp_url, _project_event("stage_changed", 3, "Juze-Truck (neu)"),
                 _project_event("proposed", 1, "Juze-Truck (alt)", stage="idea"))
        wait_until(lambda: _inbox_count(finance) == 2)
    with finance.engine.connect() as conn:
        row = conn.execute(select(project).where(project.c.id == "demo-juze-truck")).mappings().one()
    assert (row["title"], row["stage"], row["last_sequence"]) == ("Juze-Truck (neu)", "running", 3)
    assert row["districts"] == ["haken"]


def test_decisions_are_booked_or_refused_once_and_the_refusal_goes_out(finance, amqp_url, threaded_worker):
    with Connection(amqp_url) as conn:
        listen = Queue("test.finance.out", exchange=EXCHANGE, routing_key="finance.action_fund.decision_refused.v1",
                       durable=False, auto_delete=False)
        listen(conn.channel()).declare()
    duplicate = _decision("d-1", "25000.00")
    with threaded_worker(finance) as worker:
        seen = []
        worker.consumer.listeners.append(lambda env, outcome: seen.append((env and env.id, outcome)))
        _publish(amqp_url, duplicate, duplicate, _decision("d-2", "5000.00"))
        wait_until(lambda: len(seen) == 3, timeout=30)
        wait_until(lambda: _count(finance, action_fund_refusal) == 1 and _count(finance, action_fund_booking) == 1,
                   timeout=30)
        wait_until(lambda: _unpublished(finance) == 0, timeout=30)
    with Connection(amqp_url) as conn:
        message = conn.SimpleQueue(listen).get(timeout=10)
        body = json.loads(message.body)
        message.ack()
    assert body["type"] == "finance.action_fund.decision_refused.v1"
    assert body["data"]["decision_id"] == "d-2" and body["data"]["remaining"] == "1000.00"
    assert "reicht nicht" in body["data"]["reason"]
    assert sorted(outcome for _, outcome in seen) == ["applied", "applied", "duplicate"]
    with finance.engine.connect() as conn:
        assert conn.execute(select(action_fund_booking.c.amount)).scalar_one() == 25000
        booked_events = conn.execute(select(finance.outbox.table.c.type).where(
            finance.outbox.table.c.type == "finance.action_fund.decision_booked.v1")).all()
    assert len(booked_events) == 1


def _count(runtime, table):
    with runtime.engine.connect() as conn:
        return len(conn.execute(select(table)).all())


def _inbox_count(runtime):
    return _count(runtime, runtime.metadata.tables["inbox"])


def _unpublished(runtime):
    table = runtime.outbox.table
    with runtime.engine.connect() as conn:
        return len(conn.execute(select(table.c.position).where(table.c.published_at.is_(None))).all())
