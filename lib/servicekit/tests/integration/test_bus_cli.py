"""``aktiv-bus`` against the real RabbitMQ (private vhost) and PostgreSQL: list, show, replay, purge,
check-topology."""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from pathlib import Path

import pika
import pytest
from sqlalchemy import Column, Integer, String, Table, func, select

from servicekit.db import naming_metadata
from servicekit.messaging.cli import main
from servicekit.messaging.envelope import Envelope
from servicekit.messaging.topology import Topology
from servicekit.runtime import ServiceSpec
from servicekit.testing import consumed, wait_until
from servicekit.testing.fixtures import _rabbitmqctl

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]

PROBE = "system.probe.sent.v1"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def make_sink(prefix: str):
    """A consumer whose handler fails on 'fragile' probes while ``state['broken']`` is set; every applied
    event leaves one row in ``effect`` (no unique key, so a double application would show)."""
    metadata = naming_metadata()
    effect = Table("effect", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                   Column("event_id", String(64), nullable=False), Column("n", Integer, nullable=False))
    state = {"broken": True}

    def on_probe(uow, event):
        if state["broken"] and event.data.get("note") == "fragile":
            raise RuntimeError("Handler defekt")
        uow.session.execute(effect.insert().values(event_id=event.id, n=event.data["n"]))

    spec = ServiceSpec(name=f"{prefix}sink", title="Sink", root=Path(__file__).parent, metadata=metadata,
                       handlers=lambda: {PROBE: on_probe})
    return spec, effect, state


def publish(amqp_url: str, envelopes, exchange: str = "aktiv.events", routing_key: str | None = None) -> None:
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(amqp_url))) as conn:
        channel = conn.channel()
        channel.confirm_delivery()
        for env in envelopes:
            channel.basic_publish(exchange, routing_key or env.type, env.to_json().encode(),
                                  pika.BasicProperties(content_type="application/cloudevents+json",
                                                       delivery_mode=2, message_id=env.id), mandatory=True)


def probe(n: int, note: str = "") -> Envelope:
    return Envelope(type=PROBE, source="/services/cli-test", subject=f"p{n}", data={"probe_id": "cli", "n": n,
                                                                                    "note": note})


def depth(amqp_url: str, queue: str) -> int:
    with contextlib.closing(pika.BlockingConnection(pika.URLParameters(amqp_url))) as conn:
        return conn.channel().queue_declare(queue, passive=True).method.message_count


def settled_depth(amqp_url: str, queue: str, expected: int, timeout: float = 15.0) -> None:
    """Wait (bounded) until ``queue`` holds ``expected`` messages. The CLI reads dead letters without ack and closes
    the channel; the quorum queue takes those messages back asynchronously, so a depth read right after the close
    can still miss some of them."""
    wait_until(lambda: depth(amqp_url, queue) == expected, timeout=timeout,
               message=f"{queue} holds {expected} message(s) again")


def effects_by_event(runtime, effect) -> dict[str, int]:
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(effect.c.event_id, func.count()).group_by(effect.c.event_id)).all()
    return {event_id: count for event_id, count in rows}


@pytest.fixture
def sink(make_runtime, postgres_url, amqp_url):
    spec, effect, state = make_sink("cli" + uuid.uuid4().hex[:6])
    runtime = make_runtime(spec, database_url=postgres_url, broker_url=amqp_url, delivery_limit=2)
    return runtime, effect, state


def test_list_shows_reason_count_key_and_time_and_never_loses_or_reorders(sink, threaded_worker, amqp_url):
    runtime, effect, _ = sink
    service, dead = runtime.spec.name, runtime.topology.dead_name
    poison = [probe(n, "fragile") for n in range(6)]
    with threaded_worker(runtime):
        publish(amqp_url, poison)
        wait_until(lambda: depth(amqp_url, dead) == 6, timeout=30, message="six dead letters")
    code, first = run("--url", amqp_url, "list", "--service", service)
    assert code == 1
    assert f"{service}: 6 tote Nachricht(en) in {dead}" in first
    lines = [line for line in first.splitlines() if line.startswith("  ")]
    assert sorted(line.split()[0] for line in lines) == sorted(env.id for env in poison)
    for line in lines:
        assert PROBE in line and "Grund=delivery_limit" in line and "Anzahl=1" in line
        assert "zuerst=20" in line and "UTC" in line
    for _ in range(3):
        again = run("--url", amqp_url, "list", "--service", service)
        assert again == (1, first)
    settled_depth(amqp_url, dead, 6)
    assert effects_by_event(runtime, effect) == {}


def test_list_of_empty_and_unknown_queues_is_ok_and_prometheus_format_shows_depth(sink, threaded_worker, amqp_url):
    runtime, _, _ = sink
    with threaded_worker(runtime):
        pass
    code, out = run("--url", amqp_url, "list", "--service", runtime.spec.name, "--service", "gibtsnicht")
    assert code == 0
    assert f"{runtime.spec.name}: keine toten Nachrichten." in out
    assert "gibtsnicht: Warteschlange gibtsnicht.dead gibt es nicht." in out
    code, out = run("--url", amqp_url, "--lang", "en", "list", "--service", runtime.spec.name)
    assert (code, out) == (0, f"{runtime.spec.name}: no dead letters.\n")
    code, out = run("--url", amqp_url, "list", "--service", runtime.spec.name, "--format", "prometheus")
    assert (code, out) == (0, f'aktiv_dead_letter_queue_depth{{service="{runtime.spec.name}"}} 0\n')


def test_show_prints_one_dead_letter_and_reports_unknown_ids(sink, threaded_worker, amqp_url):
    runtime, _, _ = sink
    env = probe(1, "fragile")
    with threaded_worker(runtime):
        publish(amqp_url, [env])
        wait_until(lambda: depth(amqp_url, runtime.topology.dead_name) == 1, timeout=30)
    code, out = run("--url", amqp_url, "show", runtime.spec.name, env.id)
    assert code == 0
    shown = json.loads(out)
    assert shown["message_id"] == env.id and shown["routing_key"] == PROBE
    assert shown["reason"] == "delivery_limit"
    assert shown["x_death"][0]["queue"] == runtime.topology.inbox_name
    assert json.loads(shown["body"])["data"]["note"] == "fragile"
    code, out = run("--url", amqp_url, "show", runtime.spec.name, "kein-solcher")
    assert code == 1 and "Nachricht kein-solcher nicht" in out
    settled_depth(amqp_url, runtime.topology.dead_name, 1)


def test_replay_applies_a_fixed_message_once_and_an_already_applied_one_not_again(sink, threaded_worker, amqp_url):
    runtime, effect, state = sink
    service, dead = runtime.spec.name, runtime.topology.dead_name
    fragile, healthy = probe(1, "fragile"), probe(2)
    with threaded_worker(runtime) as worker:
        publish(amqp_url, [fragile, healthy])
        wait_until(lambda: depth(amqp_url, dead) == 1, timeout=30, message="fragile probe dead-lettered")
        wait_until(lambda: effects_by_event(runtime, effect) == {healthy.id: 1})
        # At-least-once dead-lettering may also park a copy of an event that was applied: simulate one.
        publish(amqp_url, [healthy], exchange="aktiv.dead", routing_key=service)
        wait_until(lambda: depth(amqp_url, dead) == 2)
        state["broken"] = False  # the bug is fixed and deployed

        with consumed(worker.consumer, PROBE, outcomes=("applied",)):
            code, out = run("--url", amqp_url, "replay", service, fragile.id)
        assert code == 0, out
        assert f"{service}: 1 Nachricht(en) erneut an aktiv.events veröffentlicht" in out
        settled_depth(amqp_url, dead, 1)

        with consumed(worker.consumer, PROBE, outcomes=("duplicate",)):
            code, out = run("--url", amqp_url, "replay", service, "--all")
        assert code == 0, out
        wait_until(lambda: depth(amqp_url, dead) == 0)
    assert effects_by_event(runtime, effect) == {fragile.id: 1, healthy.id: 1}
    assert run("--url", amqp_url, "replay", service, fragile.id)[0] == 1


def test_replay_keeps_an_unroutable_message_in_the_dead_letter_queue(sink, threaded_worker, amqp_url):
    runtime, _, _ = sink
    with threaded_worker(runtime):
        pass
    orphan = Envelope(type="system.probe.sent.v9", source="/services/x", subject="o", data={"probe_id": "o", "n": 1})
    publish(amqp_url, [orphan], exchange="aktiv.dead", routing_key=runtime.spec.name)
    wait_until(lambda: depth(amqp_url, runtime.topology.dead_name) == 1)
    code, out = run("--url", amqp_url, "replay", runtime.spec.name, "--all")
    assert code == 1
    assert f"{orphan.id} (system.probe.sent.v9) ist nicht zustellbar" in out
    settled_depth(amqp_url, runtime.topology.dead_name, 1)


def test_purge_refuses_without_yes_off_a_terminal_and_asks_on_one(sink, threaded_worker, amqp_url, monkeypatch):
    runtime, _, _ = sink
    service, dead = runtime.spec.name, runtime.topology.dead_name
    with threaded_worker(runtime):
        publish(amqp_url, [probe(1, "fragile"), probe(2, "fragile")])
        wait_until(lambda: depth(amqp_url, dead) == 2, timeout=30)
    monkeypatch.setattr("sys.stdin", io.StringIO("ja\n"))
    code, out = run("--url", amqp_url, "purge", service)
    assert code == 2 and "nur mit --yes" in out
    assert depth(amqp_url, dead) == 2

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Tty("nein\n"))
    code, out = run("--url", amqp_url, "purge", service)
    assert code == 0 and "Abgebrochen, nichts gelöscht." in out
    assert depth(amqp_url, dead) == 2
    monkeypatch.setattr("sys.stdin", Tty("ja\n"))
    code, out = run("--url", amqp_url, "purge", service)
    assert code == 0 and f"{service}: 2 Nachricht(en) aus {dead} gelöscht." in out
    assert depth(amqp_url, dead) == 0
    publish(amqp_url, [probe(3)], exchange="aktiv.dead", routing_key=service)
    wait_until(lambda: depth(amqp_url, dead) == 1)
    assert run("--url", amqp_url, "purge", service, "--yes")[0] == 0
    assert depth(amqp_url, dead) == 0


@pytest.fixture
def topology_vhost_url(amqp_url):
    """A vhost of its own: this test breaks the programmes topology on purpose."""
    vhost = f"aktiv-topo-{uuid.uuid4().hex[:8]}"
    _rabbitmqctl("add_vhost", vhost)
    _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    yield amqp_url.rsplit("/", 1)[0] + "/" + vhost
    with contextlib.suppress(Exception):
        _rabbitmqctl("delete_vhost", vhost)


def test_check_topology_finds_missing_queues_argument_drift_and_binding_drift(topology_vhost_url, monkeypatch):
    from kombu import Connection

    from programmes.bootstrap import SPEC

    url = topology_vhost_url
    monkeypatch.delenv("AKTIV_DELIVERY_LIMIT", raising=False)
    code, out = run("--url", url, "check-topology", "--service", "programmes")
    assert code == 1
    assert "Exchange aktiv.events fehlt" in out and "Warteschlange programmes.inbox fehlt" in out

    declared = SPEC.topology(type("S", (), {"delivery_limit": 5})())
    with Connection(url) as conn:
        declared.declare(conn)
    code, out = run("--url", url, "check-topology", "--service", "programmes")
    assert code == 0, out
    assert "programmes: Topologie stimmt mit der Deklaration überein." in out
    assert "Bindungen geprüft über rabbitmqctl list_bindings" in out

    removed = declared.bindings[0]
    with Connection(url) as conn:
        channel = conn.channel()
        channel.queue_unbind("programmes.inbox", "aktiv.events", removed)
        channel.queue_bind("programmes.inbox", "aktiv.events", "programmes.#")
    code, out = run("--url", url, "check-topology", "--service", "programmes")
    assert code == 1
    assert f"Bindung aktiv.events → programmes.inbox mit Schlüssel {removed} fehlt" in out
    assert "Bindung aktiv.events → programmes.inbox mit Schlüssel programmes.# ist nicht deklariert" in out

    with Connection(url) as conn:
        conn.channel().queue_delete("programmes.inbox")
        Topology("programmes", declared.bindings, delivery_limit=3).declare(conn)
    code, out = run("--url", url, "check-topology", "--service", "programmes")
    assert code == 1
    assert "Warteschlange programmes.inbox: Argumente weichen ab" in out and "x-delivery-limit" in out


def test_usage_errors_exit_with_2(amqp_url):
    assert run("--url", amqp_url, "replay", "programmes")[0] == 2
    assert run("--url", amqp_url, "replay", "programmes", "abc", "--all")[0] == 2
    assert run("--url", "filesystem://", "list")[0] == 2
    with contextlib.redirect_stderr(io.StringIO()):
        assert run("gibtsnicht")[0] == 2


def test_check_topology_reads_bindings_from_the_management_api_when_it_answers(topology_vhost_url):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from kombu import Connection

    from programmes.bootstrap import SPEC

    declared = SPEC.topology(type("S", (), {"delivery_limit": 5})())
    with Connection(topology_vhost_url) as conn:
        declared.declare(conn)
    vhost = topology_vhost_url.rsplit("/", 1)[1]
    live = [{"source": "aktiv.events", "destination": "programmes.inbox", "destination_type": "queue",
             "routing_key": key} for key in declared.bindings[1:]]
    live.append({"source": "aktiv.dead", "destination": "programmes.dead", "destination_type": "queue",
                 "routing_key": "programmes"})
    asked = []

    class Management(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            asked.append((self.path, self.headers.get("Authorization", "")))
            body = json.dumps(live).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Management)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code, out = run("--url", topology_vhost_url, "check-topology", "--service", "programmes",
                        "--management-url", f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
    assert code == 1
    assert f"Bindung aktiv.events → programmes.inbox mit Schlüssel {declared.bindings[0]} fehlt" in out
    assert f"Bindungen geprüft über Management-API http://127.0.0.1:{server.server_port}" in out
    assert asked == [(f"/api/bindings/{vhost}", "Basic " + __import__("base64").b64encode(b"guest:guest").decode())]


def test_dead_letters_outlast_more_listings_than_rabbitmq_4s_default_delivery_limit(sink, threaded_worker, amqp_url):
    """Each listing is a delivery attempt. RabbitMQ 4 would drop a quorum message after 20 of them unless the
    dead queue carries its own limit; ours does (and not -1, which RabbitMQ 3.x treats as "drop at once")."""
    runtime, _effect, _ = sink
    service, dead = runtime.spec.name, runtime.topology.dead_name
    with threaded_worker(runtime):
        publish(amqp_url, [probe(1, "fragile")])
        wait_until(lambda: depth(amqp_url, dead) == 1, timeout=30, message="one dead letter")
    for _ in range(22):
        code, out = run("--url", amqp_url, "list", "--service", service)
        assert code == 1 and "1 tote Nachricht(en)" in out
    settled_depth(amqp_url, dead, 1)
