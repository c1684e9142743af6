"""Issue #19: the gateway's /metrics answers only with the scrape token, so Prometheus must send it. Every web
Service is scraped by exactly one ServiceMonitor, and the gateway's one sends the bearer token from the very
Secret the gateway's web container reads as AKTIV_GATEWAY_METRICS_TOKEN (test_consistency.py proves that the
code reads that variable)."""

from __future__ import annotations

import pytest
from k8s_docs import by_kind, named

from servicekit.config import SERVICES


def _selects(monitor: dict, labels: dict) -> bool:
    selector = monitor["spec"]["selector"]
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        value, values = labels.get(expression["key"]), expression.get("values", [])
        if expression["operator"] == "In" and value not in values:
            return False
        if expression["operator"] == "NotIn" and value in values:
            return False
    return True


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_every_web_service_is_scraped_once_and_the_gateway_with_its_token(rendered, overlay):
    docs = rendered[overlay]
    monitors = [m for m in by_kind(docs, "ServiceMonitor") if m["metadata"]["name"] != "aktiv-rabbitmq"]
    for app in ("gateway", *SERVICES):
        service = named(docs, "Service", app)
        scraping = [m for m in monitors if _selects(m, service["metadata"]["labels"])]
        assert len(scraping) == 1, (app, [m["metadata"]["name"] for m in scraping])
        (endpoint,) = scraping[0]["spec"]["endpoints"]
        assert endpoint["path"] == "/metrics" and endpoint["port"] == "http"
        if app != "gateway":
            assert "authorization" not in endpoint, app
            continue
        credentials = endpoint["authorization"]["credentials"]
        assert endpoint["authorization"]["type"] == "Bearer"
        web = named(docs, "Deployment", "gateway-web")["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e for e in web["env"]}
        ref = env["AKTIV_GATEWAY_METRICS_TOKEN"]["valueFrom"]["secretKeyRef"]
        assert (ref["name"], ref["key"]) == (credentials["name"], credentials["key"])
        assert not ref.get("optional"), "without the token the gateway would not serve metrics in production"

