"""/healthz (liveness), /readyz (database and broker), /metrics."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify
from sqlalchemy import text

from servicekit.metrics import metrics_response
from servicekit.web.problems import problem


def check_database(runtime) -> str | None:
    try:
        with runtime.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return f"Datenbank nicht erreichbar: {type(exc).__name__}"
    return None


def check_broker(runtime) -> str | None:
    try:
        conn = runtime.connection()
        try:
            conn.ensure_connection(max_retries=1, timeout=2)
        finally:
            conn.release()
    except Exception as exc:  # noqa: BLE001
        return f"Nachrichtenbus nicht erreichbar: {type(exc).__name__}"
    return None


def health_blueprint(runtime) -> Blueprint:
    bp = Blueprint("health", __name__)
    cache: dict = {"at": 0.0, "result": None}

    @bp.get("/healthz")
    def healthz():
        return jsonify(status="ok", service=runtime.spec.name)

    @bp.get("/readyz")
    def readyz():
        now = time.monotonic()
        if cache["result"] is None or now - cache["at"] > 3:
            checks = {"database": check_database(runtime), "broker": check_broker(runtime)}
            cache.update(at=now, result=checks)
        checks = cache["result"]
        failures = {k: v for k, v in checks.items() if v}
        if failures:
            return problem(503, "; ".join(failures.values()), checks={k: (v or "ok") for k, v in checks.items()})
        return jsonify(status="ready", service=runtime.spec.name, checks={k: "ok" for k in checks})

    @bp.get("/metrics")
    def metrics():
        return metrics_response()

    return bp
