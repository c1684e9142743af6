"""Issue #15, blocker 2: behind ingress-nginx the gateway, configured exactly as the rendered ConfigMap says, sees
each citizen's address (so rate limits are per citizen) and builds https URLs (the OIDC redirect_uri), and its
limiter counts in the shared Redis the manifests run."""

from __future__ import annotations

import pytest
from flask import request, url_for
from k8s_docs import OVERLAYS, named

from servicekit.config import Settings

INGRESS_POD = "10.244.3.17"
CITIZEN = "203.0.113.7"


@pytest.fixture
def gateway(prod, tmp_path, keypair):
    from gateway.app import create_app

    config = named(prod, "ConfigMap", "gateway-config")["data"]
    env = {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(tmp_path / "var"), "AKTIV_LOG_JSON": "false",
           "AKTIV_JWT_PUBLIC_KEY_FILE": str(keypair[1]), "AKTIV_JWT_PRIVATE_KEY_FILE": str(keypair[0]),
           "AKTIV_GATEWAY_TRUSTED_PROXIES": config["AKTIV_GATEWAY_TRUSTED_PROXIES"]}
    app = create_app(Settings.from_env("gateway", env))

    @app.get("/_seen")
    def seen():
        callback = url_for("oidc.callback", _external=True) if "oidc.callback" in app.view_functions else \
            request.host_url
        return {"remote": request.remote_addr, "scheme": request.scheme, "callback": callback}

    return app.test_client()


def through_ingress(client, forwarded_for: str):
    """What ingress-nginx sends: the client's X-Forwarded-For with the client's address appended."""
    return client.get("/_seen", environ_base={"REMOTE_ADDR": INGRESS_POD}, headers={
        "X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "kaufbeuren-aktiv.example.org", "Host": "gateway:8080"}).get_json()


def test_the_citizen_not_the_ingress_is_the_client_and_urls_are_https(gateway):
    seen = through_ingress(gateway, CITIZEN)
    assert seen["remote"] == CITIZEN
    assert seen["scheme"] == "https"
    assert seen["callback"].startswith("https://kaufbeuren-aktiv.example.org/")


def test_a_client_cannot_choose_its_address_with_its_own_header(gateway):
    seen = through_ingress(gateway, f"198.51.100.99, {CITIZEN}")
    assert seen["remote"] == CITIZEN


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_rate_limits_are_counted_in_the_redis_the_manifests_run(rendered, overlay):
    docs = rendered[overlay]
    web = named(docs, "Deployment", "gateway-web")["spec"]["template"]["spec"]["containers"][0]
    ref = {e["name"]: e for e in web["env"]}["AKTIV_REDIS_URL"]["valueFrom"]["secretKeyRef"]
    assert not ref.get("optional"), "without Redis every gunicorn process counts for itself (memory://)"
    redis = named(docs, "Deployment", "redis")["spec"]["template"]["spec"]["containers"][0]
    password = {e["name"]: e for e in redis["env"]}["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert password["name"] == ref["name"], "the gateway's URL and Redis' password come from one Secret"
    assert "$(REDIS_PASSWORD)" in redis["args"] and "--requirepass" in redis["args"]
    service = named(docs, "Service", "redis")
    assert service["spec"]["ports"][0]["port"] == 6379
    assert named(docs, "PodDisruptionBudget", "redis")["spec"]["selector"]["matchLabels"] == service["spec"]["selector"]


def test_a_redis_outage_does_not_take_the_limited_pages_down(tmp_path, keypair):
    """Redis runs as one replica (components/redis): while it restarts, the limiter counts per process instead
    of answering 500 – the login form stays usable."""
    from gateway.app import create_app

    env = {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(tmp_path / "var"), "AKTIV_LOG_JSON": "false",
           "AKTIV_JWT_PUBLIC_KEY_FILE": str(keypair[1]), "AKTIV_JWT_PRIVATE_KEY_FILE": str(keypair[0]),
           "AKTIV_REDIS_URL": "redis://127.0.0.1:9/0"}  # nothing listens on port 9
    app = create_app(Settings.from_env("gateway", env))
    app.config["WTF_CSRF_ENABLED"] = False
    app.extensions["aktiv"].create_all()
    response = app.test_client().post("/anmelden", data={"email": "niemand@example.org", "password": "falsch"})
    assert response.status_code < 500, response.status_code
