"""OpenID Connect login against a local provider (authorization code + PKCE, RS256 id_token)."""

from urllib.parse import urlencode, urlsplit

import pytest
import requests

from .oidc_provider import OidcProvider
from .support import add_user


@pytest.fixture
def provider():
    with OidcProvider() as running:
        yield running


def _gateway(make_gateway, fake, provider):
    return make_gateway(fake.url, env={"AKTIV_OIDC_ISSUER": provider.issuer, "AKTIV_OIDC_CLIENT_ID": "aktiv-gateway",
                                       "AKTIV_OIDC_CLIENT_SECRET": "s3cret"})


def _round_trip(client, start_path: str = "/anmelden/oidc"):
    start = client.get(start_path)
    assert start.status_code == 302 and "code_challenge=" in start.headers["Location"]
    back = requests.get(start.headers["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    target = urlsplit(back.headers["Location"])
    return client.get(f"{target.path}?{target.query}")


def test_oidc_login_links_the_local_account_and_keeps_its_roles(fake, make_gateway, provider):
    app = _gateway(make_gateway, fake, provider)
    add_user(app, "anna@example.org", ["finance.approver"])
    client = app.test_client()
    assert "Single Sign-on" in client.get("/anmelden").get_data(as_text=True)
    done = _round_trip(client)
    assert done.status_code == 302 and done.headers["Location"] == "/intern/"
    assert "/intern/finance/" in client.get("/intern/").get_data(as_text=True)
    assert app.extensions["gateway_accounts"].by_oidc("kc-123", "").email == "anna@example.org"


def test_oidc_login_without_a_local_account_is_refused(fake, make_gateway, provider):
    app = _gateway(make_gateway, fake, provider)
    client = app.test_client()
    refused = _round_trip(client)
    assert refused.status_code == 403 and "kein aktives Konto" in refused.get_data(as_text=True)
    assert client.get("/intern/").status_code == 302


def test_oidc_callback_with_a_forged_state_is_refused(fake, make_gateway, provider):
    app = _gateway(make_gateway, fake, provider)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    client.get("/anmelden/oidc")
    response = client.get("/anmelden/oidc/zurueck?code=stolen&state=forged")
    assert response.status_code == 401 and "fehlgeschlagen" in response.get_data(as_text=True)
    assert client.get("/intern/").status_code == 302


def test_without_oidc_settings_there_is_no_sso_button(fake, make_gateway):
    client = make_gateway(fake.url).test_client()
    assert "Single Sign-on" not in client.get("/anmelden").get_data(as_text=True)
    assert client.get("/anmelden/oidc").status_code == 404


def test_oidc_login_returns_to_the_page_that_asked_for_it(fake, make_gateway, provider):
    app = _gateway(make_gateway, fake, provider)
    add_user(app, "anna@example.org", ["finance.approver"])
    client = app.test_client()
    asked = client.get("/intern/finance/antraege?status=offen")
    assert asked.status_code == 302
    login_page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert 'href="/anmelden/oidc?next=/intern/finance/antraege%3Fstatus%3Doffen"' in login_page
    done = _round_trip(client, "/anmelden/oidc?next=/intern/finance/antraege%3Fstatus%3Doffen")
    assert done.status_code == 302 and done.headers["Location"] == "/intern/finance/antraege?status=offen"
    assert client.get("/intern/finance/antraege").status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"])
def test_oidc_login_never_returns_to_a_foreign_site(fake, make_gateway, provider, target):
    app = _gateway(make_gateway, fake, provider)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    done = _round_trip(client, "/anmelden/oidc?" + urlencode({"next": target}))
    assert done.status_code == 302 and done.headers["Location"] == "/intern/"


def test_a_later_oidc_login_without_next_does_not_reuse_an_old_target(fake, make_gateway, provider):
    app = _gateway(make_gateway, fake, provider)
    add_user(app, "anna@example.org", ["viewer"])
    client = app.test_client()
    client.get("/anmelden/oidc?next=/intern/newsletter/")  # abandoned at the provider
    done = _round_trip(client)
    assert done.headers["Location"] == "/intern/"


@pytest.mark.parametrize("claims", [{}, {"email_verified": False}, {"email_verified": "false"}])
def test_an_unverified_email_is_not_linked_to_the_local_account(fake, make_gateway, provider, claims):
    app = _gateway(make_gateway, fake, provider)
    add_user(app, "anna@example.org", ["finance.approver"])
    provider.user = {"sub": "kc-unverified", "email": "anna@example.org", "name": "Anna", **claims}
    client = app.test_client()
    refused = _round_trip(client)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 403 and "E-Mail-Adresse nicht bestätigt" in html
    assert "nicht als bestätigt gekennzeichnet" in html and "kein Konto verknüpft" in html
    assert client.get("/intern/").status_code == 302  # not logged in
    assert app.extensions["gateway_accounts"].by_oidc("kc-unverified", "") is None  # and not linked


def test_the_unverified_email_refusal_is_english_after_the_switch(fake, make_gateway, provider):
    app = _gateway(make_gateway, fake, provider)
    add_user(app, "anna@example.org", ["viewer"])
    provider.user = {"sub": "kc-unverified", "email": "anna@example.org", "name": "Anna"}
    client = app.test_client()
    client.get("/sprache/en")
    html = _round_trip(client).get_data(as_text=True)
    assert "E-mail address not verified" in html and "No account is linked by an unverified address" in html


def test_an_account_once_linked_logs_in_by_subject_even_without_a_verified_email(fake, make_gateway, provider):
    app = _gateway(make_gateway, fake, provider)
    add_user(app, "anna@example.org", ["viewer"])
    first = app.test_client()
    assert _round_trip(first).headers["Location"] == "/intern/"  # linked by the verified address
    provider.user = {"sub": "kc-123", "email": "anna@example.org", "name": "Anna"}  # claim gone
    again = _round_trip(app.test_client())
    assert again.status_code == 302 and again.headers["Location"] == "/intern/"
