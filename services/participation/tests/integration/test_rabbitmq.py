"""Real RabbitMQ + PostgreSQL: consumers are idempotent, stale read-model updates are ignored, refusals from
finance show on the decision, and our own events leave through the outbox relay."""

from __future__ import annotations

import json

import pytest
from kombu import Connection, Exchange, Producer, Queue
from sqlalchemy import func, select

from participation.adapters.orm import decision, project_view
from participation.bootstrap import SPEC
from servicekit.messaging.envelope import Envelope
from servicekit.testing import consumed, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]


@pytest.fixture
def rt(make_runtime, postgres_url, amqp_url):
    return make_runtime(SPEC, database_url=postgres_url, broker_url=amqp_url, migrate=True)


def _send(amqp_url, *envelopes):
    """Publish and wait for the broker's confirms. Without them RabbitMQ 3.10 can drop the last messages a channel
    sent to a quorum queue when the connection closes at once (docs/reliability.md, "Flakes found and fixed")."""
    with Connection(amqp_url, transport_options={"confirm_publish": True}) as conn:
        producer = Producer(conn.channel(), exchange=Exchange("aktiv.events", type="topic", durable=True))
        for env in envelopes:
            producer.publish(env.to_json(), routing_key=env.type, content_type="application/cloudevents+json")


def _project(type_, seq, stage, **extra):
    return Envelope(type=type_, source="/services/programmes", subject="demo-juze-truck", sequence=seq,
                    data={"project_id": "demo-juze-truck", "title": f"Juze-Truck ({stage})", "stage": stage,
                          "programme_id": None, **extra})


def test_project_read_model_ignores_stale_updates_and_duplicates(rt, amqp_url, threaded_worker):
    proposed = _project("programmes.project.proposed.v1", 1, "idea")
    approved = _project("programmes.project.stage_changed.v1", 3, "approved", from_stage="application")
    stale = _project("programmes.project.stage_changed.v1", 2, "application", from_stage="concept")
    with threaded_worker(rt) as w:
        with consumed(w.consumer, "programmes.project.proposed.v1"):
            _send(amqp_url, proposed)
        with consumed(w.consumer, count=4, timeout=40) as seen:
            _send(amqp_url, approved, stale, approved, approved)
    assert sorted(outcome for _, outcome in seen) == ["applied", "applied", "duplicate", "duplicate"]
    with rt.engine.connect() as conn:
        row = conn.execute(select(project_view)).mappings().one()
        inbox = SPEC.metadata.tables["inbox"]
        assert conn.execute(select(func.count()).select_from(inbox)).scalar() == 3
    assert (row["stage"], row["sequence"], row["title"]) == ("approved", 3, "Juze-Truck (approved)")


def test_project_read_model_is_listed_for_agenda_links(rt, amqp_url, threaded_worker, auth_header):
    from servicekit.web.app import create_service_app

    with threaded_worker(rt) as w:
        with consumed(w.consumer, "programmes.project.published.v1"):
            _send(amqp_url, _project("programmes.project.published.v1", 5, "running", summary="Mobil"))
    client = create_service_app(SPEC, runtime=rt).test_client()
    listed = client.get("/api/participation/projects", headers=auth_header("viewer")).json
    assert listed == [{"project_id": "demo-juze-truck", "title": "Juze-Truck (running)", "stage": "running",
                       "programme_id": None}]


def test_finance_refusal_is_shown_on_the_decision(rt, amqp_url, threaded_worker, make_client, auth_header):
    SPEC.seed(rt)
    refused = Envelope(type="finance.action_fund.decision_refused.v1", source="/services/finance",
                       subject="demo-beschluss-interkulturelles-fest", sequence=1,
                       data={"decision_id": "demo-beschluss-interkulturelles-fest", "fund_id": "demo-aktionsfonds-2026",
                             "amount": "1800.00", "remaining": "900.00", "reason": "Der Aktionsfonds reicht nicht aus."})
    with threaded_worker(rt) as w:
        with consumed(w.consumer, "finance.action_fund.decision_refused.v1"):
            _send(amqp_url, refused)
    with rt.engine.connect() as conn:
        reason = conn.execute(select(decision.c.refusal_reason).where(
            decision.c.id == "demo-beschluss-interkulturelles-fest")).scalar()
    assert "Der Aktionsfonds reicht nicht aus." in reason and "900.00" in reason


def test_decision_made_leaves_through_the_outbox_to_rabbitmq(rt, amqp_url, threaded_worker):
    with Connection(amqp_url) as conn:
        probe = Queue("participation-test-decisions", exchange=Exchange("aktiv.events", type="topic", durable=True),
                      routing_key="participation.decision.made.v1", auto_delete=False)
        probe(conn.default_channel).declare()
    with threaded_worker(rt):
        SPEC.seed(rt)

        def decisions_in_queue():
            with Connection(amqp_url) as conn:
                return conn.default_channel.queue_declare(probe.name, passive=True).message_count >= 2

        wait_until(decisions_in_queue, timeout=30, message="decision events on the broker")
    with Connection(amqp_url) as conn:
        ch = conn.default_channel
        bodies = [json.loads(ch.basic_get(probe.name, no_ack=True).body) for _ in range(2)]
        ch.queue_delete(probe.name)
    data = {b["data"]["number"]: b["data"] for b in bodies}
    assert data["BA-2026-001"]["amount"] == "2500.00"
    assert data["BA-2026-001"]["body_id"] == "demo-begleitausschuss"
    assert {b["type"] for b in bodies} == {"participation.decision.made.v1"}
