"""Upstream HTTP: one pooled ``requests.Session`` per process, timeouts per route kind, circuit breakers per
upstream and per route (gateway.proxy.breaker) and latency metrics per upstream.

What counts against a breaker (signs that the upstream is unwell, not that one request was wrong):
- a connection that cannot be made (refused, no route, connect timeout): the upstream's breaker, every time;
- a read timeout, a connection dropped mid-answer, or an answer 502/503/504: the route's breaker, and the
  upstream's once per route in a streak.
Every other answer, 500 included, is a success for both: the service is there and answers."""

from __future__ import annotations

import time
from urllib.parse import unquote

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError

from gateway.proxy.breaker import Breakers, CircuitBreaker, CircuitOpen
from servicekit.metrics.registry import UPSTREAM_DURATION

# (connect, read) seconds per kind of route; overridable with AKTIV_GATEWAY_TIMEOUT_<KIND>=read seconds.
DEFAULT_TIMEOUTS = {"api": (1.0, 10.0), "intern": (1.0, 15.0), "public": (0.5, 3.0), "health": (0.5, 1.5)}
UNWELL = {502, 503, 504}


class UpstreamError(Exception):
    """status 502 (connection refused/reset), 504 (timeout) or 503 (circuit open)."""

    def __init__(self, upstream: str, status: int, reason: str, retry_after: float | None = None) -> None:
        super().__init__(f"{upstream}: {reason}")
        self.upstream = upstream
        self.status = status
        self.reason = reason
        self.retry_after = retry_after


def route_of(path: str) -> str:
    """The breaker scope of a path: ``api/grants`` for /api/finance/grants/7, ``api/public/feed.rss`` for
    /api/newsletter/public/feed.rss, ``intern/antraege`` for /intern/finance/antraege, ``readyz`` for /readyz.
    Percent-decoded, so spellings of one route share one breaker."""
    parts = [unquote(p) for p in path.split("?", 1)[0].split("/") if p]
    if parts and parts[0] in ("api", "intern"):
        rest = parts[2:4] if len(parts) > 3 and parts[2] == "public" else parts[2:3]
        return "/".join([parts[0], *rest])
    return "/".join(parts[:1]) or "/"


def _unreachable(exc: requests.RequestException) -> bool:
    """The connection could not be made at all (as opposed to one that broke while the route answered)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError)


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
        self.breakers = Breakers(self.urls, threshold, cooldown)

    def __contains__(self, name: str) -> bool:
        return name in self.urls

    def request(self, upstream: str, method: str, path: str, *, kind: str = "api", **kwargs) -> requests.Response:
        service = self.breakers.upstream(upstream)
        route_name = route_of(path)
        route = self.breakers.route(upstream, route_name)
        try:
            route.before()
            try:
                service.before()
            except CircuitOpen:
                route.release()
                raise
        except CircuitOpen as exc:
            raise UpstreamError(upstream, 503, "circuit open", exc.retry_after) from exc
        reported = False
        started = time.perf_counter()
        status = "error"
        try:
            response = self.session.request(method, self.urls[upstream] + path, timeout=self.timeouts[(kind, upstream)],
                                            allow_redirects=False, **kwargs)
            status = str(response.status_code)
        except requests.RequestException as exc:
            unreachable = _unreachable(exc)
            status = "timeout" if isinstance(exc, requests.Timeout) else "error"
            self._unwell(service, route, None if unreachable else route_name)
            reported = True
            if isinstance(exc, requests.Timeout):
                raise UpstreamError(upstream, 504, "timeout") from exc
            raise UpstreamError(upstream, 502, type(exc).__name__) from exc
        finally:
            UPSTREAM_DURATION.labels(upstream, status).observe(time.perf_counter() - started)
            if not reported and status == "error":  # not a request error: say nothing, free the probes
                route.release()
                service.release()
        if response.status_code in UNWELL:
            self._unwell(service, route, route_name)
        else:
            route.success()
            service.success()
        return response

    @staticmethod
    def _unwell(service: CircuitBreaker, route: CircuitBreaker, route_name: str | None) -> None:
        """``route_name`` None: the connection could not be made, which says nothing about the route."""
        if route_name is None:
            route.release()
        else:
            route.failure()
        service.failure(route_name)
