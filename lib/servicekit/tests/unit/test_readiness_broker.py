"""Issue #15, blocker 4: a broker outage leaves a service ready (its writes go to the outbox), shows as
degraded in /healthz, /readyz and aktiv_broker_up, and the probes do not open an AMQP connection each."""

from __future__ import annotations

import socket

from servicekit.db.engine import make_engine
from servicekit.testing import wait_until

from ..web_spec import NOTES, SPEC


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens once the socket is closed


def broker_up(client) -> str | None:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith('aktiv_broker_up{service="websvc"}'):
            return line.split()[-1]
    return None


def test_a_broker_outage_leaves_the_service_ready_and_reports_it_degraded(make_client):
    NOTES.clear()
    client, runtime = make_client(SPEC, broker_url=f"amqp://guest:guest@127.0.0.1:{closed_port()}//")
    attempts = []
    connect = runtime.connection
    runtime.connection = lambda: attempts.append(1) or connect()

    wait_until(lambda: client.get("/healthz").json["broker"] == "degraded", message="broker reported degraded")
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["status"] == "ok"
    assert health.json["checks"]["broker"].startswith("Nachrichtenbus nicht erreichbar")
    for _ in range(20):  # kubelet probes every few seconds, on every process
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.json
        assert ready.json["status"] == "degraded"
        assert ready.json["checks"]["database"] == "ok"
        assert ready.json["checks"]["broker"].startswith("Nachrichtenbus nicht erreichbar")
    assert broker_up(client) == "0.0"
    assert len(attempts) == 1, "every probe opened its own broker connection"


def test_a_reachable_broker_is_up_and_the_service_ready(make_client):
    NOTES.clear()
    client, _runtime = make_client(SPEC)  # the file bus: always reachable
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "ready"
    assert ready.json["checks"] == {"database": "ok", "broker": "ok"}
    assert client.get("/healthz").json["broker"] == "ok"
    assert broker_up(client) == "1.0"


def test_a_database_outage_makes_the_service_unready(make_client):
    NOTES.clear()
    client, runtime = make_client(SPEC)
    runtime.engine = make_engine(f"postgresql://postgres@127.0.0.1:{closed_port()}/aktiv")
    ready = client.get("/readyz")
    assert ready.status_code == 503, ready.json
    assert ready.mimetype == "application/problem+json"
    assert ready.json["detail"].startswith("Datenbank nicht erreichbar")
    assert ready.json["checks"]["broker"] == "ok"
    assert client.get("/healthz").status_code == 200  # liveness: the process itself is fine
