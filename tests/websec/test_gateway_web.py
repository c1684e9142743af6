"""The gateway's browser-facing defences, against the real service apps: open redirects, session fixation,
security headers, rate limits (429 with Retry-After)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import add_user, csrf_of, login

FOREIGN_TARGETS = [
    "https://evil.example", "https://evil.example/intern/", "//evil.example", "///evil.example",
    "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "https:/evil.example", "https:evil.example",
    "http://127.0.0.1.evil.example/", "javascript:alert(1)", "/%5Cevil.example", " //evil.example",
    "\t//evil.example",
]
PUBLIC_PAGES = ["/", "/programme", "/projekte", "/veranstaltungen", "/engagement", "/newsletter", "/suche?q=x",
                "/anmelden", "/impressum", "/datenschutz", "/newsletter/archiv"]


def _is_local(location: str) -> bool:
    """Would a browser stay on this host? (browsers treat a backslash like a slash)."""
    normalised = location.strip().replace("\\", "/")
    parts = urlsplit(normalised)
    return not parts.scheme and not parts.netloc and normalised.startswith("/") and not normalised.startswith("//")


@pytest.fixture(scope="module")
def redirect_user(platform) -> str:
    add_user(platform.gateway, "redirect@example.org", ["viewer"])
    return "redirect@example.org"


@pytest.mark.parametrize("target", FOREIGN_TARGETS)
def test_login_never_redirects_to_a_foreign_site(platform, redirect_user, target):
    response = login(platform.gateway.test_client(), redirect_user, next_url=target)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:300]
    location = response.headers["Location"]
    assert _is_local(location), f"next={target!r} redirected to {location!r}"


@pytest.mark.parametrize("target", FOREIGN_TARGETS[:6])
def test_language_switch_never_redirects_to_a_foreign_site(platform, target):
    response = platform.gateway.test_client().get("/sprache/en", query_string={"next": target})
    assert response.status_code in (301, 302, 303, 307, 308)
    assert _is_local(response.headers["Location"]), f"next={target!r} → {response.headers['Location']!r}"


def _session_cookie(client) -> str | None:
    cookie = client.get_cookie("aktiv_gateway")
    return cookie.value if cookie else None


def test_login_issues_a_new_session_and_the_pre_login_session_stays_anonymous(platform):
    add_user(platform.gateway, "fixation@example.org", ["viewer"])
    victim = platform.gateway.test_client()
    victim.get("/anmelden")
    planted = _session_cookie(victim)
    assert planted, "the login page sets a session cookie (for its CSRF token)"
    assert login(victim, "fixation@example.org").status_code == 302
    after = _session_cookie(victim)
    assert after and after != planted, "the session cookie must change at login"
    assert victim.get("/intern/").status_code == 200

    attacker = platform.gateway.test_client()
    attacker.set_cookie("aktiv_gateway", planted)
    response = attacker.get("/intern/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/anmelden")


def test_logout_ends_the_server_side_session_so_a_stolen_cookie_is_useless(platform):
    add_user(platform.gateway, "logout@example.org", ["viewer"])
    client = platform.gateway.test_client()
    login(client, "logout@example.org")
    stolen = _session_cookie(client)
    token = csrf_of(client.get("/abmelden").get_data(as_text=True))
    client.post("/abmelden", data={"csrf_token": token})
    thief = platform.gateway.test_client()
    thief.set_cookie("aktiv_gateway", stolen)
    assert thief.get("/intern/").status_code == 302


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers(platform, path):
    response = platform.gateway.test_client().get(path, headers={"Accept": "text/html"})
    assert response.status_code < 500, f"{path} → {response.status_code}"
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    script = directives.get("script-src") or directives.get("default-src", "")
    assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, csp
    assert "frame-ancestors 'none'" in csp or headers.get("X-Frame-Options") in ("DENY", "SAMEORIGIN")
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") in ("strict-origin-when-cross-origin", "no-referrer", "same-origin")
    assert "Strict-Transport-Security" not in headers, "HSTS only in production (plain http in development)"


def test_department_pages_through_the_gateway_send_the_security_headers(platform):
    add_user(platform.gateway, "headers@example.org", ["admin"])
    client = platform.gateway.test_client()
    login(client, "headers@example.org")
    for service in platform.services:
        response = client.get(f"/intern/{service}/", headers={"Accept": "text/html"}, follow_redirects=True)
        assert response.status_code == 200, f"{service}: {response.status_code}"
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert response.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.mark.postgres
def test_hsts_is_sent_in_production(platform, postgres_url):
    app = platform.make_gateway(AKTIV_ENV="production", AKTIV_SECRET_KEY="x" * 48,
                                AKTIV_ADMIN_EMAIL="admin@example.org", AKTIV_GATEWAY_DATABASE_URL=postgres_url,
                                AKTIV_BROKER_URL="amqp://guest:guest@127.0.0.1:5672//")
    response = app.test_client().get("/impressum", base_url="https://aktiv.example")
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert "max-age=" in hsts and int(hsts.split("max-age=")[1].split(";")[0]) >= 15552000


def _assert_429(response) -> None:
    assert response.status_code == 429, response.status_code
    retry = response.headers.get("Retry-After")
    assert retry and int(retry) > 0, f"429 without a usable Retry-After ({retry!r})"


def test_login_attempts_are_answered_429_with_retry_after(platform):
    client = platform.make_gateway().test_client()
    statuses = []
    for i in range(12):
        token = csrf_of(client.get("/anmelden").get_data(as_text=True))
        response = client.post("/anmelden", data={"csrf_token": token, "email": f"nobody{i}@example.org",
                                                  "password": "falsch-falsch-falsch"})
        statuses.append(response.status_code)
        if response.status_code == 429:
            _assert_429(response)
            break
    assert statuses[-1] == 429 and set(statuses[:-1]) == {401}, statuses


@pytest.mark.parametrize("path", ["/newsletter", "/veranstaltungen/abmelden"])
def test_public_forms_are_answered_429_with_retry_after(platform, path):
    client = platform.make_gateway().test_client()
    last = None
    for _ in range(8):
        page = client.get(path)
        token = csrf_of(page.get_data(as_text=True))
        last = client.post(path, data={"csrf_token": token, "email": "kein-mail", "token": "x"})
        if last.status_code == 429:
            break
    _assert_429(last)
