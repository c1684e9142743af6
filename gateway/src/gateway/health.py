"""/healthz, /readyz (own database + every service's /readyz), /metrics, /.well-known/jwks.json and the
aggregated OpenAPI under /api/docs.

/metrics is for Prometheus only: with AKTIV_GATEWAY_METRICS_TOKEN set it needs ``Authorization: Bearer
<token>`` (401 otherwise); without a token it is served in development and test, and is 404 in production."""

from __future__ import annotations

import hmac
import re
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app, jsonify, render_template, request

from gateway.proxy.client import UpstreamError
from servicekit.metrics import metrics_response
from servicekit.web.health import check_database
from servicekit.web.problems import problem

bp = Blueprint("health", __name__)
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gw-ready")


def _check(name: str) -> str:
    try:
        response = current_app.extensions["gateway_upstreams"].request(name, "GET", "/readyz", kind="health")
    except UpstreamError as exc:
        return {502: "nicht erreichbar", 503: "abgeschaltet (Circuit Breaker)", 504: "Zeitüberschreitung"}[exc.status]
    return "ok" if response.status_code == 200 else f"nicht bereit ({response.status_code})"


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", service="gateway")


@bp.get("/readyz")
def readyz():
    """200 while the gateway itself works (status "degraded" if a service is down: the public site still
    serves the rest); 503 if its own database fails, or with ?strict=1 if any service is not ready."""
    app = current_app._get_current_object()
    names = list(app.extensions["gateway_upstreams"].urls)

    def run(name):
        with app.app_context():
            return _check(name)

    services = dict(zip(names, _pool.map(run, names), strict=True))
    database = check_database(app.extensions["aktiv"]) or "ok"
    checks = {"database": database, **{f"service:{k}": v for k, v in services.items()}}
    degraded = any(v != "ok" for v in services.values())
    if database != "ok" or (degraded and request.args.get("strict")):
        return problem(503, "Nicht alle Teile sind bereit.", checks=checks)
    return jsonify(status="degraded" if degraded else "ready", service="gateway", checks=checks)


@bp.get("/metrics")
def metrics():
    settings = current_app.extensions["gateway_settings"]
    token = settings.get("METRICS_TOKEN")
    if not token:
        return problem(404) if settings.production else metrics_response()
    header = request.headers.get("Authorization", "")
    given = header[7:].strip() if header.startswith("Bearer ") else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        return problem(401)
    return metrics_response()


@bp.get("/.well-known/jwks.json")
def jwks():
    response = jsonify(current_app.extensions["gateway_issuer"].jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _prefix_refs(node, prefix: str):
    if isinstance(node, dict):
        return {k: (re.sub(r"^#/components/(\w+)/", rf"#/components/\1/{prefix}", v) if k == "$ref" else
                    _prefix_refs(v, prefix)) for k, v in node.items()}
    if isinstance(node, list):
        return [_prefix_refs(v, prefix) for v in node]
    return node


def merged_openapi() -> tuple[dict, dict[str, str]]:
    """Every service's /openapi.json merged: paths unchanged (they already carry /api/<svc>/), components
    renamed <Service><Name> so schemas of different services never collide."""
    cache = current_app.extensions["gateway_cache"]
    hit = cache.get("openapi")
    if hit:
        return hit["spec"], hit["missing"]
    spec = {"openapi": "3.0.3", "info": {"title": "Kaufbeuren aktiv – API", "version": "1.0",
                                          "description": "Alle Dienste hinter dem Gateway."},
            "paths": {}, "tags": [],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                                              "bearerFormat": "JWT"}}}}
    missing = {}
    for name in current_app.extensions["gateway_upstreams"].urls:
        try:
            response = current_app.extensions["gateway_upstreams"].request(name, "GET", "/openapi.json",
                                                                            kind="public")
            response.raise_for_status()
            part = response.json()
        except (UpstreamError, ValueError, Exception) as exc:  # noqa: BLE001
            missing[name] = type(exc).__name__
            continue
        prefix = name.capitalize()
        part = _prefix_refs(part, prefix)
        for path, item in part.get("paths", {}).items():
            spec["paths"][path] = item
        for tag in part.get("tags", []):
            spec["tags"].append({**tag, "name": tag["name"]})
        for kind, entries in part.get("components", {}).items():
            if kind == "securitySchemes":
                continue
            target = spec["components"].setdefault(kind, {})
            for key, value in entries.items():
                target[prefix + key] = value
    cache.set("openapi", {"spec": spec, "missing": missing}, 60 if not missing else 5)
    return spec, missing


@bp.get("/api/openapi.json")
def openapi_json():
    spec, _ = merged_openapi()
    return jsonify(spec)


@bp.get("/api/docs")
def openapi_docs():
    spec, missing = merged_openapi()
    operations = []
    for path, item in sorted(spec["paths"].items()):
        for method, op in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                                   "roles": op.get("x-roles"), "public": "/public/" in path})
    return render_template("gateway/api_docs.html", operations=operations, missing=missing)
