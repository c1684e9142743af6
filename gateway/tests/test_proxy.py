"""Routing: /api/<svc>/… and /intern/<svc>/… reach their service with request ids and a signed token;
an upstream that is down or hangs answers 502/504 problem+json quickly; the breaker opens."""

import json
import time

import jwt
import pytest

from servicekit.config import SERVICES

from .support import add_user, free_port, login


@pytest.mark.parametrize("service", SERVICES)
def test_every_api_prefix_reaches_its_own_upstream(fake, make_gateway, service):
    other = f"http://127.0.0.1:{free_port()}"
    app = make_gateway({s: (fake.url if s == service else other) for s in SERVICES})
    response = app.test_client().get(f"/api/{service}/echo?x=1", headers={"X-Request-ID": "req-42",
                                                                         "X-Correlation-ID": "corr-7"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["service"] == service and body["args"] == {"x": "1"}
    assert body["headers"]["X-Request-Id"] == "req-42"
    assert body["headers"]["X-Correlation-Id"] == "corr-7"


def test_anonymous_api_call_carries_no_token_and_no_cookies(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    client.set_cookie("aktiv_gateway", "secret-session")
    body = client.get("/api/programmes/echo").get_json()
    assert "Authorization" not in body["headers"] and "Cookie" not in body["headers"]


def test_logged_in_user_gets_a_signed_token_with_roles(fake, make_gateway, keypair):
    app = make_gateway(fake.url)
    add_user(app, "clerk@example.org", ["finance.clerk"])
    client = app.test_client()
    assert login(client, "clerk@example.org").status_code == 302
    body = client.get("/api/finance/echo").get_json()
    token = body["headers"]["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, keypair[1].read_bytes(), algorithms=["EdDSA"], audience="aktiv-services")
    assert claims["roles"] == ["finance.clerk"] and claims["iss"] == "aktiv-gateway"
    assert claims["exp"] - claims["iat"] <= 300


@pytest.mark.parametrize("service", SERVICES)
def test_intern_prefix_needs_login_then_reaches_the_department_ui(fake, make_gateway, service):
    app = make_gateway(fake.url)
    add_user(app, "viewer@example.org", ["viewer"])
    client = app.test_client()
    first = client.get(f"/intern/{service}/")
    assert first.status_code == 302 and first.headers["Location"].startswith("/anmelden?next=")
    login(client, "viewer@example.org")
    page = client.get(f"/intern/{service}/")
    assert page.status_code == 200 and f"UI {service}" in page.get_data(as_text=True)
    assert "Bearer" in page.get_data(as_text=True)
    cookies = page.headers.getlist("Set-Cookie")
    assert any(c.startswith(f"aktiv_{service}=svc-session") and f"Path=/intern/{service}" in c for c in cookies)
    assert any(c.startswith(f"second_{service}=x") for c in cookies)
    forwarded = fake.last(f"/intern/{service}/")["headers"]
    assert "aktiv_gateway" not in forwarded.get("Cookie", "")


def test_service_ui_refusal_is_shown_as_a_german_page(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "viewer@example.org", ["viewer"])
    client = app.test_client()
    login(client, "viewer@example.org")
    page = client.get("/intern/finance/verboten", headers={"Accept": "text/html"})
    assert page.status_code == 403 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "Keine Berechtigung" in html and "Nur für die Freigabe." in html


def test_landing_page_lists_only_departments_of_the_user(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "nl@example.org", ["newsletter.editor"])
    client = app.test_client()
    login(client, "nl@example.org")
    html = client.get("/intern/").get_data(as_text=True)
    assert "/intern/newsletter/" in html and "/intern/finance/" not in html


def test_upstream_down_gives_502_problem_quickly(make_gateway):
    client = make_gateway(f"http://127.0.0.1:{free_port()}").test_client()
    started = time.monotonic()
    response = client.get("/api/finance/grants")
    assert time.monotonic() - started < 2
    assert response.status_code == 502 and response.mimetype == "application/problem+json"
    body = json.loads(response.data)
    assert body["status"] == 502 and "Finanzen" in body["detail"] and "nicht erreichbar" in body["detail"]
    assert body["upstream"] == "finance"


def test_hanging_upstream_gives_504_within_the_route_timeout(make_gateway, blackhole):
    client = make_gateway(blackhole).test_client()
    started = time.monotonic()
    response = client.get("/api/programmes/public/programmes")
    elapsed = time.monotonic() - started
    assert response.status_code == 504 and response.mimetype == "application/problem+json"
    assert 1.0 <= elapsed < 3.0


def test_breaker_opens_after_repeated_failures_and_answers_503_at_once(make_gateway):
    app = make_gateway(f"http://127.0.0.1:{free_port()}", env={"AKTIV_GATEWAY_BREAKER_THRESHOLD": "3"})
    client = app.test_client()
    statuses = [client.get("/api/newsletter/x").status_code for _ in range(4)]
    assert statuses == [502, 502, 502, 503]
    last = client.get("/api/newsletter/x")
    assert last.headers["Retry-After"] and "vorübergehend" in last.get_json()["detail"]


def test_breaker_closes_again_after_a_successful_trial(fake):
    from gateway.proxy.breaker import CircuitBreaker, CircuitOpen

    now = [0.0]
    breaker = CircuitBreaker("x", threshold=2, cooldown=10, clock=lambda: now[0])
    breaker.failure()
    breaker.failure()
    with pytest.raises(CircuitOpen):
        breaker.before()
    now[0] = 11
    breaker.before()  # the trial goes out
    with pytest.raises(CircuitOpen):
        breaker.before()  # only one trial at a time
    breaker.success()
    assert breaker.state == "closed"


def test_unknown_service_is_404_problem(fake, make_gateway):
    response = make_gateway(fake.url).test_client().get("/api/nosuch/x")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_post_body_and_query_are_forwarded_unchanged(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    body = client.post("/api/participation/echo?a=b", json={"x": 1}).get_json()
    assert body["method"] == "POST" and json.loads(body["body"]) == {"x": 1} and body["args"] == {"a": "b"}


def test_service_cookies_pass_through_but_the_gateway_session_stays_behind(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "viewer@example.org", ["viewer"])
    client = app.test_client()
    login(client, "viewer@example.org")
    client.set_cookie("aktiv_programmes", "svc.value-1", path="/intern/programmes")
    client.set_cookie("odd", '"quoted value"', path="/")
    assert client.get("/intern/programmes/").status_code == 200
    cookie = fake.last("/intern/programmes/")["headers"]["Cookie"]
    assert "aktiv_programmes=svc.value-1" in cookie and "odd=" in cookie and "aktiv_gateway" not in cookie


def test_trusted_proxy_setting_takes_the_client_address_from_x_forwarded_for(fake, make_gateway):
    app = make_gateway(fake.url, env={"AKTIV_GATEWAY_TRUSTED_PROXIES": "1"})
    body = app.test_client().get("/api/programmes/echo", headers={"X-Forwarded-For": "203.0.113.7"}).get_json()
    assert body["headers"]["X-Forwarded-For"].endswith("203.0.113.7")


def test_cookie_authenticated_writes_from_a_foreign_origin_are_refused(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "clerk@example.org", ["finance.clerk"])
    client = app.test_client()
    login(client, "clerk@example.org")
    refused = client.post("/api/finance/echo", json={}, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    same = client.post("/api/finance/echo", json={}, headers={"Origin": "http://localhost"})
    assert same.status_code == 200
    intern = client.post("/intern/finance/x", data={}, headers={"Origin": "https://evil.example"})
    assert intern.status_code == 403


def test_timeouts_can_be_set_per_route_and_service(make_gateway, blackhole):
    import time as clock

    client = make_gateway(blackhole, env={"AKTIV_GATEWAY_TIMEOUT_API_FINANCE": "0.3"}).test_client()
    started = clock.monotonic()
    assert client.get("/api/finance/proofs/x.pdf").status_code == 504
    assert clock.monotonic() - started < 1.0


def test_department_ui_of_a_stopped_service_is_a_german_page(make_gateway):
    app = make_gateway(f"http://127.0.0.1:{free_port()}")
    add_user(app, "viewer@example.org", ["viewer"])
    client = app.test_client()
    login(client, "viewer@example.org")
    page = client.get("/intern/finance/", headers={"Accept": "text/html"})
    assert page.status_code == 502 and page.mimetype == "text/html"
    assert "„Finanzen und Fördermittel“ ist gerade nicht erreichbar" in page.get_data(as_text=True)
