"""OpenID Connect login against a local provider (authorization code + PKCE, RS256 id_token)."""

from urllib.parse import urlsplit

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


def _round_trip(client):
    start = client.get("/anmelden/oidc")
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
