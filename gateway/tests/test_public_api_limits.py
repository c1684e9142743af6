"""The public write API behind the proxy (/api/<svc>/public/… POST) has the same per-client limits as the
public-site forms, in the same buckets; reads, staff sessions and gateway API tokens are not limited."""

import pytest

from .support import add_user, csrf_of, login

# (path, allowance per minute) of every public write endpoint of the services' OpenAPI
PUBLIC_WRITES = [
    ("/api/newsletter/public/subscriptions", 5),
    ("/api/newsletter/public/subscriptions/confirm", 5),
    ("/api/newsletter/public/unsubscribe?token=t", 20),
    ("/api/participation/public/events/demo-event-1/registrations", 5),
    ("/api/participation/public/registrations/cancel", 5),
    ("/api/participation/public/opportunities/demo-opp-1/signups", 5),
    ("/api/participation/public/signups/confirm", 5),
]
BODY = {"email": "eva@example.org", "name": "Eva", "token": "good", "consent": True, "seats": 1}


def _assert_problem_429(response) -> None:
    assert response.status_code == 429, response.status_code
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 429
    retry = response.headers.get("Retry-After")
    assert retry and int(retry) > 0, f"429 without a usable Retry-After ({retry!r})"


def _upstream_calls(fake, path: str) -> int:
    return len([r for r in fake.requests if r["method"] == "POST" and r["path"] == path])


@pytest.mark.parametrize("path,allowed", PUBLIC_WRITES)
def test_a_public_write_api_beyond_the_limit_is_429_problem_with_retry_after(fake, make_gateway, path, allowed):
    client = make_gateway(fake.url).test_client()
    statuses = [client.post(path, json=BODY).status_code for _ in range(allowed)]
    assert 429 not in statuses and all(s < 500 for s in statuses), statuses
    refused = client.post(path, json=BODY)
    _assert_problem_429(refused)
    assert _upstream_calls(fake, path) == allowed  # the refused call never reached the service


def test_the_limit_is_per_client_address(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    path = "/api/newsletter/public/subscriptions"
    for _ in range(5):
        client.post(path, json=BODY, environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert client.post(path, json=BODY, environ_base={"REMOTE_ADDR": "198.51.100.1"}).status_code == 429
    assert client.post(path, json=BODY, environ_base={"REMOTE_ADDR": "198.51.100.2"}).status_code == 202


def test_form_and_api_share_one_allowance(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    for _ in range(3):
        page = client.get("/newsletter")
        done = client.post("/newsletter", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                                "email": "eva@example.org", "consent": "y"})
        assert done.status_code == 200
    api = [client.post("/api/newsletter/public/subscriptions", json=BODY).status_code for _ in range(3)]
    assert api == [202, 202, 429]
    page = client.get("/newsletter")
    form = client.post("/newsletter", data={"csrf_token": csrf_of(page.get_data(as_text=True)),
                                            "email": "eva@example.org", "consent": "y"})
    assert form.status_code == 429


def test_event_registration_form_and_api_share_one_allowance(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    path = "/api/participation/public/events/demo-event-1/registrations"
    assert [client.post(path, json=BODY).status_code for _ in range(5)] == [201] * 5
    page = client.get("/veranstaltungen/demo-event-1")
    form = client.post("/veranstaltungen/demo-event-1", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Eva", "email": "eva@example.org",
        "seats": "1", "consent": "y"})
    assert form.status_code == 429


def test_other_public_writes_are_limited_too_and_path_tricks_do_not_escape(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    statuses = [client.post("/api/programmes/public/programmes", json={}).status_code for _ in range(5)]
    assert 429 not in statuses
    _assert_problem_429(client.post("/api/programmes/public/programmes", json={}))
    # a dot segment in front of public/ is refused before it could reach (or miss) a bucket
    for _ in range(5):
        client.post("/api/newsletter/public/subscriptions", json=BODY)
    refused = client.post("/api/newsletter/x/../public/subscriptions", json=BODY)
    assert refused.status_code == 400 and refused.mimetype == "application/problem+json"
    _assert_problem_429(client.post("/api/newsletter/public/subscriptions", json=BODY))


def test_reading_the_public_api_is_not_limited(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    statuses = [client.get("/api/participation/public/events").status_code for _ in range(12)]
    assert statuses == [200] * 12
    assert "X-RateLimit-Limit" not in client.get("/api/programmes/public/programmes").headers


def test_a_logged_in_staff_member_is_not_limited(fake, make_gateway):
    app = make_gateway(fake.url)
    add_user(app, "nl@example.org", ["newsletter.editor"])
    client = app.test_client()
    login(client, "nl@example.org")
    statuses = [client.post("/api/newsletter/public/subscriptions", json=BODY).status_code for _ in range(8)]
    assert statuses == [202] * 8


def test_a_gateway_api_token_is_not_limited_but_a_made_up_bearer_value_is(fake, make_gateway):
    app = make_gateway(fake.url)
    _, token = app.extensions["gateway_accounts"].create_token("Import", ["participation.editor"], "admin")
    client = app.test_client()
    path = "/api/participation/public/signups/confirm"
    good = [client.post(path, json=BODY, headers={"Authorization": f"Bearer {token}"}).status_code
            for _ in range(8)]
    assert good == [200] * 8
    forged = [client.post(path, json=BODY, headers={"Authorization": "Bearer egal"}).status_code for _ in range(6)]
    assert forged[:5] == [200] * 5
    assert forged[5] == 429


def test_configured_lower_limits_are_enforced_for_forms_api_and_unsubscribe(fake, make_gateway):
    """AKTIV_GATEWAY_PUBLIC_FORM_LIMIT / _UNSUBSCRIBE_LIMIT replace the defaults (Flask-Limiter notation)."""
    client = make_gateway(fake.url, env={"AKTIV_GATEWAY_PUBLIC_FORM_LIMIT": "2/minute;10/hour",
                                         "AKTIV_GATEWAY_UNSUBSCRIBE_LIMIT": "3 per minute"}).test_client()
    path = "/api/participation/public/events/demo-event-1/registrations"
    assert [client.post(path, json=BODY).status_code for _ in range(2)] == [201, 201]
    _assert_problem_429(client.post(path, json=BODY))
    page = client.get("/veranstaltungen/demo-event-1")  # the form shares the bucket (and the lower limit)
    form = client.post("/veranstaltungen/demo-event-1", data={
        "csrf_token": csrf_of(page.get_data(as_text=True)), "name": "Eva", "email": "eva@example.org",
        "seats": "1", "consent": "y"})
    assert form.status_code == 429 and int(form.headers["Retry-After"]) > 0
    other = "/api/programmes/public/programmes"  # any other public write gets the form limit too
    assert [client.post(other, json={}).status_code for _ in range(3)][-1] == 429
    unsubscribe = "/api/newsletter/public/unsubscribe?token=t"
    statuses = [client.post(unsubscribe, json=BODY).status_code for _ in range(3)]
    assert 429 not in statuses, statuses
    _assert_problem_429(client.post(unsubscribe, json=BODY))


def test_default_limits_stay_without_settings(fake, make_gateway):
    app = make_gateway(fake.url)
    assert app.config["GATEWAY_PUBLIC_FORM_LIMIT"] == "5 per minute; 30 per hour"
    assert app.config["GATEWAY_UNSUBSCRIBE_LIMIT"] == "20 per minute"


@pytest.mark.parametrize("name,value", [("AKTIV_GATEWAY_PUBLIC_FORM_LIMIT", "fünf pro Minute"),
                                        ("AKTIV_GATEWAY_PUBLIC_FORM_LIMIT", "5/fortnight"),
                                        ("AKTIV_GATEWAY_UNSUBSCRIBE_LIMIT", "0/minute")])
def test_an_invalid_limit_setting_stops_the_start_with_a_clear_message(fake, make_gateway, name, value):
    from servicekit.config import ConfigError

    with pytest.raises(ConfigError) as caught:
        make_gateway(fake.url, env={name: value})
    message = str(caught.value)
    assert name in message and repr(value) in message and "5/minute;30/hour" in message
