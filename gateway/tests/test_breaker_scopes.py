"""Issue #19: a breaker that protects, not punishes. A route answering 500 (the newsletter feed) is no sign of an
unwell upstream: every other route of its service keeps working however often it is called. A route that times
out or answers 503 is switched off alone; several such routes, or a dead upstream, switch off the service, with
503 problem+json and Retry-After. Half-open lets exactly one probe through."""

from __future__ import annotations

import threading
import time

import pytest
from flask import Flask, Response, jsonify
from werkzeug.serving import make_server

from servicekit.config import SERVICES

from .support import free_port

PROBLEM = "application/problem+json"


class SickUpstream:
    """A newsletter service with a feed that always fails (500), routes that are unwell (503), a slow route
    and healthy ones; ``hits`` counts what arrived per path."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.slow = 0.0
        app = Flask("sick_upstream")

        @app.before_request
        def _count():
            from flask import request

            self.hits[request.path] = self.hits.get(request.path, 0) + 1

        @app.get("/api/newsletter/public/feed.rss")
        def feed():
            return Response('{"status":500,"title":"Interner Fehler"}', 500, mimetype=PROBLEM)

        @app.get("/api/newsletter/public/issues")
        def issues():
            return jsonify([])

        @app.get("/api/newsletter/subscribers")
        def subscribers():
            return jsonify([{"name": "Eva"}])

        @app.get("/api/newsletter/subscribers/export.csv")
        def export():
            return Response("name\r\nEva\r\n", mimetype="text/csv")

        @app.get("/api/newsletter/<part>/down")
        def down(part):
            return Response('{"status":503,"title":"Dienst nicht bereit"}', 503, mimetype=PROBLEM)

        @app.get("/api/newsletter/reports/slow")
        def slow():
            time.sleep(self.slow)
            return jsonify(done=True)

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sick():
    with SickUpstream() as upstream:
        yield upstream


def _gateway(make_gateway, url: str, **env):
    dead = f"http://127.0.0.1:{free_port()}"
    settings = {"AKTIV_GATEWAY_BREAKER_THRESHOLD": "3", "AKTIV_GATEWAY_BREAKER_COOLDOWN": "30", **env}
    return make_gateway({s: (url if s == "newsletter" else dead) for s in SERVICES}, env=settings)


def _assert_circuit_open(response) -> None:
    assert response.status_code == 503 and response.mimetype == PROBLEM
    assert int(response.headers["Retry-After"]) >= 1
    body = response.get_json()
    assert body["upstream"] == "newsletter" and "vorübergehend" in body["detail"]


def test_repeated_500s_of_the_public_feed_leave_every_other_route_of_the_service_working(make_gateway, sick):
    client = _gateway(make_gateway, sick.url).test_client()
    feed = [client.get("/api/newsletter/public/feed.rss") for _ in range(25)]
    assert {r.status_code for r in feed} == {500}  # the service's own answer, every time: it is there
    assert sick.hits["/api/newsletter/public/feed.rss"] == 25
    assert client.get("/api/newsletter/subscribers").status_code == 200
    assert client.get("/api/newsletter/subscribers/export.csv").status_code == 200
    assert client.get("/api/newsletter/public/issues").status_code == 200
    assert "Retry-After" not in client.get("/api/newsletter/public/feed.rss").headers


def test_a_route_that_answers_503_is_switched_off_alone(make_gateway, sick):
    client = _gateway(make_gateway, sick.url).test_client()
    first = [client.get("/api/newsletter/feeds/down") for _ in range(3)]
    assert [r.status_code for r in first] == [503] * 3 and "Retry-After" not in first[-1].headers
    for _ in range(20):  # however often an anonymous caller repeats it
        _assert_circuit_open(client.get("/api/newsletter/feeds/down"))
    assert sick.hits["/api/newsletter/feeds/down"] == 3
    for path in ("/api/newsletter/subscribers", "/api/newsletter/subscribers/export.csv",
                 "/api/newsletter/public/issues"):
        assert client.get(path).status_code == 200, path


def test_a_spelling_of_the_same_route_shares_its_breaker(make_gateway, sick):
    client = _gateway(make_gateway, sick.url).test_client()
    for _ in range(3):
        client.get("/api/newsletter/feeds/down")
    _assert_circuit_open(client.get("/api/newsletter/fe%65ds/down"))
    assert client.get("/api/newsletter/subscribers").status_code == 200


def test_several_unwell_routes_switch_off_the_whole_service(make_gateway, sick):
    client = _gateway(make_gateway, sick.url).test_client()
    for part in ("a", "b", "c"):
        assert client.get(f"/api/newsletter/{part}/down").status_code == 503
    _assert_circuit_open(client.get("/api/newsletter/subscribers"))
    assert "/api/newsletter/subscribers" not in sick.hits


def test_a_dead_upstream_still_opens_the_breaker_with_503_problem_and_retry_after(make_gateway):
    dead = f"http://127.0.0.1:{free_port()}"
    app = make_gateway(dead, env={"AKTIV_GATEWAY_BREAKER_THRESHOLD": "3"})
    client = app.test_client()
    # one route or many: a connection that cannot be made counts every time
    assert [client.get("/api/finance/grants").status_code for _ in range(3)] == [502, 502, 502]
    for path in ("/api/finance/grants", "/api/finance/journal", "/api/finance/public/action-funds"):
        response = client.get(path)
        assert response.status_code == 503 and response.mimetype == PROBLEM
        assert int(response.headers["Retry-After"]) >= 1
        assert response.get_json()["upstream"] == "finance"


def test_half_open_lets_exactly_one_probe_through(make_gateway, sick):
    app = _gateway(make_gateway, sick.url, AKTIV_GATEWAY_BREAKER_COOLDOWN="1", AKTIV_GATEWAY_TIMEOUT_API="0.5")
    client = app.test_client()
    sick.slow = 3.0
    assert [client.get("/api/newsletter/reports/slow").status_code for _ in range(3)] == [504] * 3
    assert client.get("/api/newsletter/reports/slow").status_code == 503
    assert sick.hits["/api/newsletter/reports/slow"] == 3
    time.sleep(1.2)  # cool-down over: half-open

    outcome = {}
    probe = threading.Thread(target=lambda: outcome.update(probe=app.test_client().get(
        "/api/newsletter/reports/slow").status_code))
    probe.start()
    deadline = time.monotonic() + 5
    while sick.hits["/api/newsletter/reports/slow"] < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sick.hits["/api/newsletter/reports/slow"] == 4  # the probe is out
    while probe.is_alive():  # everyone else waits for its outcome, without a request of their own
        assert client.get("/api/newsletter/reports/slow").status_code == 503
        time.sleep(0.05)
    probe.join()
    assert outcome["probe"] == 504 and sick.hits["/api/newsletter/reports/slow"] == 4
    assert client.get("/api/newsletter/reports/slow").status_code == 503  # the failed probe opened it again
    assert client.get("/api/newsletter/subscribers").status_code == 200  # the rest of the service never stopped

    sick.slow = 0.0  # the route recovers: the next probe closes the breaker
    time.sleep(1.2)
    assert [client.get("/api/newsletter/reports/slow").status_code for _ in range(3)] == [200] * 3
