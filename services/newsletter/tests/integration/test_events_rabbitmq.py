"""Consumers and publications against the real RabbitMQ and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from kombu import Connection, Exchange, Producer, Queue
from sqlalchemy import select

from newsletter.adapters.orm import news_item, transactional_mail
from newsletter.bootstrap import SPEC
from servicekit.db.audit import audit_trail
from servicekit.messaging.envelope import Envelope
from servicekit.testing import wait_until
from servicekit.testing.fixtures import purge_vhost_queues
from servicekit.testing.waiters import consumed

from ..conftest import body_html, body_text
from ..helpers import add_topics, confirmed_subscriber, send_all, sink_settings

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]


def _publish(amqp_url: str, *envelopes: Envelope) -> None:
    """Publish and wait for the broker's confirms. Without them RabbitMQ 3.10 can drop the last messages a channel
    sent to a quorum queue when the connection closes at once (docs/reliability.md, "Flakes found and fixed")."""
    with Connection(amqp_url, transport_options={"confirm_publish": True}) as conn:
        producer = Producer(conn.channel(), exchange=Exchange("aktiv.events", type="topic", durable=True))
        for env in envelopes:
            producer.publish(env.to_json(), routing_key=env.type, content_type="application/cloudevents+json")


def _env(type_: str, subject: str, data: dict, source: str, sequence: int = 1) -> Envelope:
    return Envelope(type=type_, source=source, subject=subject, data=data, sequence=sequence)


@pytest.fixture
def runtime(make_runtime, postgres_url, amqp_url, smtp_sink):
    purge_vhost_queues(amqp_url, ["newsletter.inbox", "newsletter.dead", "nltest.confirmed"])
    rt = make_runtime(SPEC, database_url=postgres_url, broker_url=amqp_url, migrate=True, **sink_settings(smtp_sink))
    add_topics(rt)
    return rt


def test_events_become_news_drafts_with_the_funder_notice_and_repeats_are_ignored(runtime, amqp_url,
                                                                                   threaded_worker):
    project = _env("programmes.project.published.v1", "demo-juze-truck", {
        "project_id": "demo-juze-truck", "title": "JUZE-Truck", "stage": "running", "summary": "Jugendtreff auf Rädern.",
        "funder_notice": "Gefördert aus Mitteln des ESF Plus.", "url": "https://example.org/p/juze",
        "fields_of_action": ["jugend"], "districts": ["neugablonz"]}, "/services/programmes")
    event = _env("participation.event.published.v1", "e1", {
        "event_id": "e1", "title": "Stadtteilfest Haken", "starts_at": "2026-06-20T14:00:00+02:00",
        "place": "Bürgerplatz", "summary": "Musik und Essen.", "fields_of_action": ["kultur"],
        "districts": ["haken"]}, "/services/participation")
    decision = _env("participation.decision.made.v1", "d1", {
        "decision_id": "d1", "number": "2026/07", "body_id": "demo-begleitausschuss", "body_type": "committee",
        "project_id": "demo-juze-truck", "outcome": "approved", "amount": "1500.00", "title": "Graffiti-Workshop",
        "year": 2026}, "/services/participation")
    rejected = _env("participation.decision.made.v1", "d2", {**decision.data, "decision_id": "d2",
                                                             "outcome": "rejected"}, "/services/participation")
    programme = _env("programmes.programme.started.v1", "demo-biwaq", {
        "programme_id": "demo-biwaq", "name": "BIWAQ", "status": "running", "summary": "Arbeit im Quartier."},
        "/services/programmes")
    with threaded_worker(runtime) as w:
        with consumed(w.consumer, count=6, timeout=30):
            _publish(amqp_url, project, project, event, decision, rejected, programme)
    with runtime.engine.connect() as conn:
        drafts = {r["source_type"]: dict(r) for r in conn.execute(select(news_item)).mappings()}
    assert len(drafts) == 4 and all(d["status"] == "draft" for d in drafts.values())
    assert drafts["programmes.project.published"]["funder_notice"] == "Gefördert aus Mitteln des ESF Plus."
    assert drafts["participation.decision.made"]["funder_notice"] == "Gefördert aus Mitteln des ESF Plus."
    assert "1500,00 €" in drafts["participation.decision.made"]["summary"]
    assert drafts["participation.event.published"]["summary"].startswith("Am 20.06.2026, 14:00 Uhr in Bürgerplatz")
    assert drafts["programmes.programme.started"]["title"] == "Neues Förderprogramm gestartet: BIWAQ"


def test_a_decision_drafted_before_the_projects_publication_gets_its_funder_notice(runtime, amqp_url,
                                                                                     threaded_worker):
    decision = _env("participation.decision.made.v1", "d7", {
        "decision_id": "d7", "number": "2026/08", "body_id": "demo-begleitausschuss", "body_type": "committee",
        "project_id": "demo-repair", "outcome": "approved", "amount": "800.00", "title": "Repair-Café",
        "year": 2026}, "/services/participation")
    project = _env("programmes.project.published.v1", "demo-repair", {
        "project_id": "demo-repair", "title": "Repair-Café", "stage": "approved", "summary": "Reparieren statt "
        "wegwerfen.", "funder_notice": "Gefördert von der Stadt Kaufbeuren.", "url": "https://example.org/p/r"},
        "/services/programmes")

    def decision_draft():
        with runtime.engine.connect() as conn:
            return conn.execute(select(news_item).where(news_item.c.source_id == "d7")).mappings().one()

    with threaded_worker(runtime) as w:
        with consumed(w.consumer, "participation.decision.made.v1", timeout=30):
            _publish(amqp_url, decision)
        assert decision_draft()["funder_notice"] == ""  # the committee decided first
        with consumed(w.consumer, "programmes.project.published.v1", count=2, timeout=30):
            _publish(amqp_url, project, Envelope(**{**project.to_dict(), "id": "redelivered-as-new-event"}))
    draft = decision_draft()
    assert (draft["status"], draft["funder_notice"]) == ("draft", "Gefördert von der Stadt Kaufbeuren.")
    assert draft["link"] == "https://example.org/p/r"


def test_a_called_off_event_withdraws_its_waiting_draft_once(runtime, amqp_url, threaded_worker):
    published = _env("participation.event.published.v1", "e9", {
        "event_id": "e9", "title": "Lesenacht", "starts_at": "2026-07-03T19:00:00+02:00", "place": "Stadtbücherei"},
        "/services/participation", sequence=1)
    cancelled = _env("participation.event.cancelled.v1", "e9", {
        "event_id": "e9", "title": "Lesenacht", "cancelled_at": "2026-07-01T08:30:00+00:00",
        "reason": "Die Bücherei ist geschlossen."}, "/services/participation", sequence=2)
    unknown = _env("participation.event.cancelled.v1", "e404", {
        "event_id": "e404", "title": "Nie gehört", "cancelled_at": "2026-07-01T08:30:00+00:00"},
        "/services/participation", sequence=2)

    def item():
        with runtime.engine.connect() as conn:
            return dict(conn.execute(select(news_item).where(news_item.c.source_id == "e9")).mappings().one())

    with threaded_worker(runtime) as w:
        with consumed(w.consumer, "participation.event.published.v1", timeout=30):
            _publish(amqp_url, published)
        assert item()["status"] == "draft"
        with consumed(w.consumer, "participation.event.cancelled.v1", count=4, timeout=30):
            _publish(amqp_url, cancelled, cancelled, Envelope(**{**cancelled.to_dict(), "id": "redelivered"}),
                     unknown)
    withdrawn = item()
    assert withdrawn["status"] == "rejected"
    assert withdrawn["editor_note"] == "Veranstaltung abgesagt: Lesenacht – Die Bücherei ist geschlossen."
    with runtime.uow() as uow:
        audits = [a for a in audit_trail(uow.session, runtime.metadata, "news_item", withdrawn["id"])
                  if a["action"] == "rejected"]
    assert len(audits) == 1 and audits[0]["actor"] == "ereignis:participation.event.cancelled"
    with runtime.engine.connect() as conn:
        assert len(conn.execute(select(news_item)).all()) == 1  # nothing drafted for the unknown event


def test_mail_requests_are_sent_once_with_their_own_template(runtime, amqp_url, threaded_worker, smtp_sink):
    request = _env("participation.mail.requested.v1", "m1", {
        "mail_id": "m1", "template": "registration_waiting", "to": "gast@example.org", "name": "Gast Gustav",
        "language": "de", "context": {"event": "Stadtteilfest", "starts_at": "2026-06-20T14:00:00",
                                      "position": 2, "cancel_link": "https://aktiv.example/veranstaltungen/x"}},
        "/services/participation")
    english = _env("participation.mail.requested.v1", "m2", {
        "mail_id": "m2", "template": "registration_confirmation", "to": "guest@example.org", "name": "Ann",
        "language": "en", "context": {"event": "Summer fair", "starts_at": "2026-06-20T14:00:00", "seats": 2,
                                      "cancel_link": "https://aktiv.example/veranstaltungen/y"}},
        "/services/participation")
    redelivered = Envelope(**{**request.to_dict(), "id": "other-event-id"})  # same mail_id, new event
    with threaded_worker(runtime) as w:
        with consumed(w.consumer, "participation.mail.requested.v1", count=4, timeout=30):
            _publish(amqp_url, request, request, redelivered, english)
    with runtime.engine.connect() as conn:
        assert len(conn.execute(select(transactional_mail)).all()) == 2
    send_all(runtime)
    mails = {m["To"].addresses[0].addr_spec: m for m in smtp_sink.parsed()}
    assert sorted(smtp_sink.recipients()) == ["gast@example.org", "guest@example.org"]
    de = mails["gast@example.org"]
    assert de["Subject"] == "Warteliste: Stadtteilfest"
    assert "Hallo Gast Gustav," in body_text(de) and "auf Platz 2" in body_text(de)
    assert '<a href="https://aktiv.example/veranstaltungen/x">' in body_html(de)
    en = mails["guest@example.org"]
    assert en["Subject"] == "Registration confirmed: Summer fair" and "(2 seats)" in body_text(en)
    assert "List-Unsubscribe" not in en


def test_confirmation_is_published_to_the_other_services(runtime, amqp_url, threaded_worker):
    with Connection(amqp_url) as conn:
        Queue("nltest.confirmed", exchange=Exchange("aktiv.events", type="topic", durable=True),
              routing_key="newsletter.subscriber.confirmed.v1")(conn.channel()).declare()
    with threaded_worker(runtime):
        sid = confirmed_subscriber(runtime, "neu@example.org", "Neu", ["jugend"])
        got = []

        def arrived():
            with Connection(amqp_url) as conn:
                msg = conn.SimpleQueue("nltest.confirmed").get(block=True, timeout=1) if not got else None
                if msg is not None:
                    got.append(json.loads(msg.body))
                    msg.ack()
            return got

        wait_until(lambda: _try(arrived), timeout=20)
    assert got[0]["data"] == {"subscriber_id": sid, "topics": ["jugend"], "language": "de"}


def _try(fn):
    try:
        return fn()
    except Exception:  # noqa: BLE001 - queue empty: SimpleQueue raises Empty
        return None
