"""Issue #19, the low ones: the gateway's /metrics needs the scrape token (AKTIV_GATEWAY_METRICS_TOKEN) and is
404 in production without one; the Origin check is skipped only for a valid bearer token, not for any
Authorization header a cookie-authenticated browser request carries."""

import dataclasses

import pytest

from .support import add_user, login

TOKEN = "scrape-token-for-the-test-0123456789"  # noqa: S105 - test value
EVIL = {"Origin": "https://evil.example"}


@pytest.fixture
def scraped(fake, make_gateway):
    return make_gateway(fake.url, env={"AKTIV_GATEWAY_METRICS_TOKEN": TOKEN}).test_client()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": "Bearer "}])
def test_metrics_without_the_scrape_token_are_refused(scraped, headers):
    response = scraped.get("/metrics", headers=headers)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert "aktiv_http_requests_total" not in response.get_data(as_text=True)
    assert response.get_json()["detail"] == "Bitte melden Sie sich an."


def test_prometheus_with_the_scrape_token_gets_the_metrics(scraped):
    scraped.get("/api/programmes/echo")
    response = scraped.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'route="/api/<service>/<path:rest>"' in text and "aktiv_upstream_request_duration_seconds" in text


def test_in_production_without_a_token_there_are_no_metrics(fake, make_gateway):
    app = make_gateway(fake.url)
    app.extensions["gateway_settings"] = dataclasses.replace(app.extensions["gateway_settings"], env="production")
    response = app.test_client().get("/metrics", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 404 and "aktiv_http" not in response.get_data(as_text=True)


def test_no_spelling_of_a_service_path_reaches_the_gateways_metrics(scraped):
    for path in ("/api/programmes/%2e%2e/%2e%2e/metrics", "/api/finance/..%2f..%2fmetrics",
                 "/intern/newsletter/%2e%2e/%2e%2e/metrics"):
        response = scraped.get(path)
        assert response.status_code == 400 and "aktiv_http" not in response.get_data(as_text=True)


@pytest.fixture
def clerk(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "clerk@example.org", ["finance.clerk"])
    client = app.test_client()
    login(client, "clerk@example.org")
    return app, client


@pytest.mark.parametrize("authorization", ["Basic Zm9vOmJhcg==", "Bearer nonsense", "Bearer ", "Token abc",
                                           "Bearer aktiv_not-a-real-token"])
def test_a_cookie_session_with_any_other_authorization_header_still_gets_the_origin_check(clerk, authorization):
    _app, client = clerk
    refused = client.post("/api/finance/echo", json={}, headers={**EVIL, "Authorization": authorization})
    assert refused.status_code in (401, 403) and refused.mimetype == "application/problem+json"
    if refused.status_code == 403:
        assert "fremden Seiten" in refused.get_json()["detail"]


def test_a_gateway_api_token_is_not_bound_to_an_origin(fake, make_gateway):
    app = make_gateway(fake.url)
    _, token = app.extensions["gateway_accounts"].create_token("Import", ["finance.clerk"], "admin")
    response = app.test_client().post("/api/finance/echo", json={},
                                      headers={**EVIL, "Authorization": "Bearer " + token})
    assert response.status_code == 200
    assert response.get_json()["headers"]["Authorization"].startswith("Bearer ey")  # a signed service token


def test_a_token_signed_by_the_gateway_is_not_bound_to_an_origin(fake, make_gateway, issuer):
    client = make_gateway(fake.url).test_client()
    token = issuer.issue("import-job", ["finance.clerk"])
    response = client.post("/api/finance/echo", json={}, headers={**EVIL, "Authorization": "Bearer " + token})
    assert response.status_code == 200


def test_a_token_signed_by_someone_else_is_bound_to_the_origin(fake, make_gateway, tmp_path):
    from servicekit.auth.tokens import TokenIssuer, generate_keypair

    generate_keypair(tmp_path / "k.pem", tmp_path / "k.pub.pem")
    foreign = TokenIssuer((tmp_path / "k.pem").read_bytes(), "aktiv-gateway", "aktiv-services").issue("x", ["admin"])
    client = make_gateway(fake.url).test_client()
    response = client.post("/api/finance/echo", json={}, headers={**EVIL, "Authorization": "Bearer " + foreign})
    assert response.status_code == 403
