"""Upstream HTTP: one pooled ``requests.Session`` per process, timeouts per route kind, a circuit breaker
and latency metrics per upstream."""

from __future__ import annotations

import time

import requests
from requests.adapters import HTTPAdapter

from gateway.proxy.breaker import CircuitBreaker, CircuitOpen
from servicekit.metrics.registry import UPSTREAM_DURATION

# (connect, read) seconds per kind of route; overridable with AKTIV_GATEWAY_TIMEOUT_<KIND>=read seconds.
DEFAULT_TIMEOUTS = {"api": (1.0, 10.0), "intern": (1.0, 15.0), "public": (0.5, 3.0), "health": (0.5, 1.5)}


class UpstreamError(Exception):
    """status 502 (connection refused/reset), 504 (timeout) or 503 (circuit open)."""

    def __init__(self, upstream: str, status: int, reason: str, retry_after: float | None = None) -> None:
        super().__init__(f"{upstream}: {reason}")
        self.upstream = upstream
        self.status = status
        self.reason = reason
        self.retry_after = retry_after


class Upstreams:
    def __init__(self, urls: dict[str, str], settings=None, pool_size: int = 20) -> None:
        self.urls = {name: url.rstrip("/") for name, url in urls.items()}
        self.session = requests.Session()
        self.session.trust_env = False
        adapter = HTTPAdapter(pool_connections=len(self.urls) or 1, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        get = settings.get if settings is not None else (lambda key, default="": default)
        self.timeouts = {}
        for kind, (connect, read) in DEFAULT_TIMEOUTS.items():
            connect = float(get("CONNECT_TIMEOUT", str(connect)))
            read = float(get(f"TIMEOUT_{kind.upper()}", str(read)))
            for name in self.urls:  # per route: AKTIV_GATEWAY_TIMEOUT_API_FINANCE=30 (e.g. long PDF reports)
                self.timeouts[(kind, name)] = (connect, float(get(f"TIMEOUT_{kind.upper()}_{name.upper()}", str(read))))
        threshold = int(get("BREAKER_THRESHOLD", "5"))
        cooldown = float(get("BREAKER_COOLDOWN", "10"))
        self.breakers = {name: CircuitBreaker(name, threshold, cooldown) for name in self.urls}

    def __contains__(self, name: str) -> bool:
        return name in self.urls

    def request(self, upstream: str, method: str, path: str, *, kind: str = "api", **kwargs) -> requests.Response:
        breaker = self.breakers[upstream]
        try:
            breaker.before()
        except CircuitOpen as exc:
            raise UpstreamError(upstream, 503, "circuit open", exc.retry_after) from exc
        started = time.perf_counter()
        status = "error"
        try:
            response = self.session.request(method, self.urls[upstream] + path, timeout=self.timeouts[(kind, upstream)],
                                            allow_redirects=False, **kwargs)
            status = str(response.status_code)
        except requests.Timeout as exc:
            status = "timeout"
            breaker.failure()
            raise UpstreamError(upstream, 504, "timeout") from exc
        except requests.RequestException as exc:
            breaker.failure()
            raise UpstreamError(upstream, 502, type(exc).__name__) from exc
        finally:
            UPSTREAM_DURATION.labels(upstream, status).observe(time.perf_counter() - started)
        if response.status_code >= 500 and response.status_code != 501:
            breaker.failure()
        else:
            breaker.success()
        return response
