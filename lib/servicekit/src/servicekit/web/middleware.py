"""Request ids, correlation ids and HTTP RED metrics labelled by route template."""

from __future__ import annotations

import time
import uuid

from flask import Flask, g, request

from servicekit.logging import correlation_id, request_id
from servicekit.metrics import HTTP_DURATION, HTTP_REQUESTS


def install_middleware(app: Flask, service: str) -> None:
    @app.before_request
    def _start():
        rid = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        rid = rid[:64]
        g.request_id = rid
        g.started = time.perf_counter()
        request_id.set(rid)
        correlation_id.set((request.headers.get("X-Correlation-ID") or rid)[:64])

    @app.after_request
    def _finish(response):
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        started = g.get("started")
        if started is not None:
            HTTP_DURATION.labels(service, request.method, route).observe(time.perf_counter() - started)
        HTTP_REQUESTS.labels(service, request.method, route, str(response.status_code)).inc()
        response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
