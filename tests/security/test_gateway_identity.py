"""The whole identity chain with a real service: gateway login session → short-lived EdDSA token →
the programmes service verifies it against the gateway's JWKS endpoint (no shared key file)."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from servicekit.config import Settings


class Served:
    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def chain(tmp_path, make_client):
    from gateway.app import create_app
    from gateway.bootstrap import SPEC as GATEWAY
    from programmes.bootstrap import SPEC as PROGRAMMES
    from servicekit.runtime import Runtime

    # The gateway gets its own fresh key pair; the service only knows the gateway's JWKS URL.
    env = {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(tmp_path / "gw"), "AKTIV_LOG_JSON": "false"}
    runtime = Runtime(GATEWAY, Settings.from_env("gateway", env))
    runtime.create_all()
    gateway_app = create_app(runtime=runtime)
    gateway = Served(gateway_app)
    client, _ = make_client(PROGRAMMES, jwks_url=gateway.url + "/.well-known/jwks.json", jwt_public_key_file="")
    service = Served(client.application)
    upstream = runtime.settings.upstreams | {"programmes": service.url}
    object.__setattr__(runtime.settings, "upstreams", upstream)
    proxied_app = create_app(runtime=runtime)
    yield proxied_app, client, gateway_app
    service.close()
    gateway.close()
    runtime.engine.dispose()


def _paths(client, method: str = "get"):
    spec = client.get("/openapi.json").get_json()
    for path, item in spec["paths"].items():
        op = item.get(method)
        if op and "{" not in path and "/public/" not in path and "x-roles" in op:
            yield path, set(op["x-roles"])


def test_service_accepts_gateway_tokens_via_jwks_and_refuses_others(chain, issuer):
    _, client, gateway_app = chain
    path, roles = next(_paths(client))
    good = gateway_app.extensions["gateway_issuer"].issue("anna", ["admin"])
    assert client.get(path, headers={"Authorization": f"Bearer {good}"}).status_code == 200
    foreign = issuer.issue("anna", ["admin"])  # signed with a key the gateway never published
    assert client.get(path, headers={"Authorization": f"Bearer {foreign}"}).status_code == 401


def login_through(app, email: str, password: str):
    import re

    client = app.test_client()
    page = client.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/anmelden", data={"csrf_token": token, "email": email, "password": password}).status_code == 302
    return client


def test_logged_in_roles_travel_from_the_gateway_session_to_the_service(chain):
    from servicekit.auth.principal import ROLES

    proxied_app, client, _ = chain
    path, roles = next((p, r) for p, r in _paths(client, "post") if r and set(ROLES) - r - {"admin"})
    allowed_role = sorted(roles)[0]
    denied_role = next(r for r in ROLES if r not in roles and r != "admin")
    accounts = proxied_app.extensions["gateway_accounts"]
    accounts.create("erlaubt@example.org", "Erlaubt", [allowed_role], "ein-langes-passwort")
    accounts.create("lesend@example.org", "Lesend", [denied_role], "ein-langes-passwort")

    anonymous = proxied_app.test_client()
    assert anonymous.post(path, json={}).status_code == 401
    allowed = login_through(proxied_app, "erlaubt@example.org", "ein-langes-passwort")
    assert allowed.post(path, json={}).status_code == 422  # past authorization, stopped by validation
    other = login_through(proxied_app, "lesend@example.org", "ein-langes-passwort")
    denied = other.post(path, json={})
    assert denied.status_code == 403 and denied.mimetype == "application/problem+json"
