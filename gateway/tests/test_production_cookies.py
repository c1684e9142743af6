"""With production settings the gateway's cookies are Secure, HttpOnly and SameSite=Lax (the session cookie
from the login page on, and the language cookie); in test/development they are not Secure (plain http)."""

import dataclasses

import pytest

from .support import PASSWORD, add_user, csrf_of

BASE = "https://aktiv.example"


def _cookie(response, name: str) -> dict[str, str]:
    """The Set-Cookie header for ``name`` as {attribute (lower case): value}."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(name + "="):
            parts = [p.strip() for p in header.split(";")]
            return {p.split("=", 1)[0].lower(): (p.split("=", 1)[1] if "=" in p else "") for p in parts[1:]}
    raise AssertionError(f"no {name} cookie in {response.headers.getlist('Set-Cookie')}")


def _assert_hardened(attributes: dict[str, str]) -> None:
    assert "secure" in attributes, attributes
    assert "httponly" in attributes, attributes
    assert attributes.get("samesite") == "Lax", attributes


def _login_over_https(app):
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    page = client.get("/anmelden", base_url=BASE)
    first = _cookie(page, "aktiv_gateway")  # the anonymous session that carries the CSRF token
    done = client.post("/anmelden", base_url=BASE, headers={"Referer": BASE + "/anmelden"},
                       data={"csrf_token": csrf_of(page.get_data(as_text=True)), "email": "anna@example.org",
                             "password": PASSWORD})
    assert done.status_code == 302, done.get_data(as_text=True)[:300]
    return client, first, _cookie(done, "aktiv_gateway")


@pytest.mark.postgres
def test_with_production_settings_the_session_cookie_is_secure_httponly_and_samesite(make_gateway, fake, postgres_url):
    app = make_gateway(fake.url, env={"AKTIV_ENV": "production", "AKTIV_SECRET_KEY": "p" * 48,
                                      "AKTIV_GATEWAY_DATABASE_URL": postgres_url,
                                      "AKTIV_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//"})
    assert app.extensions["gateway_settings"].production
    client, before_login, after_login = _login_over_https(app)
    _assert_hardened(before_login)
    _assert_hardened(after_login)
    _assert_hardened(_cookie(client.get("/sprache/en", base_url=BASE), "aktiv_lang"))


def test_the_production_switch_alone_makes_the_cookies_secure(make_gateway, fake, tmp_path, keypair):
    """The same without PostgreSQL: a test configuration switched to production (the cookie flags follow
    ``settings.production`` and nothing else)."""
    from gateway.app import create_app
    from gateway.bootstrap import SPEC
    from servicekit.runtime import Runtime

    settings = make_gateway(fake.url).extensions["gateway_settings"]
    runtime = Runtime(SPEC, dataclasses.replace(settings, env="production"))
    runtime.create_all()
    try:
        app = create_app(runtime=runtime)
        app.testing = True
        assert app.config["SESSION_COOKIE_SECURE"] is True
        client, before_login, after_login = _login_over_https(app)
        _assert_hardened(before_login)
        _assert_hardened(after_login)
        assert "Strict-Transport-Security" in client.get("/impressum", base_url=BASE).headers
    finally:
        runtime.engine.dispose()


def test_outside_production_the_session_cookie_is_httponly_and_samesite_but_not_secure(make_gateway, fake):
    page = make_gateway(fake.url).test_client().get("/anmelden")
    attributes = _cookie(page, "aktiv_gateway")
    assert "httponly" in attributes and attributes.get("samesite") == "Lax" and "secure" not in attributes
