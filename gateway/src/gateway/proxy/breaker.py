"""Circuit breakers that protect, not punish.

A breaker opens after ``threshold`` consecutive failures for a cool-down, then lets exactly one probe through
(half-open); the probe's success closes it, its failure opens it again. Only signs that an upstream is unwell
are failures (the client decides: connection errors, timeouts, 502/503/504), never a 500 of one route.

Two levels (``Breakers``):
- one breaker per (upstream, route): a route that keeps timing out or answering 503 is switched off alone;
- one breaker per upstream: the service as a whole. A connection that cannot be made counts every time; a
  failure of a route counts once per route in a streak, so one broken route can never switch off the other
  routes of its service, however often it is called (``distinct=True``).

State lives in the process (each gunicorn worker learns on its own within ``threshold`` requests).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict


class CircuitOpen(Exception):
    def __init__(self, upstream: str, retry_after: float) -> None:
        super().__init__(upstream)
        self.upstream = upstream
        self.retry_after = retry_after


class CircuitBreaker:
    def __init__(self, name: str, threshold: int = 5, cooldown: float = 10.0, clock=time.monotonic, *,
                 distinct: bool = False, probe_lease: float = 60.0) -> None:
        """``probe_lease``: a probe that never reported back (a crash between ``before`` and the outcome)
        frees the half-open slot after this many seconds."""
        self.name = name
        self.threshold = threshold
        self.cooldown = cooldown
        self.clock = clock
        self.distinct = distinct
        self.probe_lease = probe_lease
        self.failures = 0
        self.opened_at: float | None = None
        self._probe_since: float | None = None
        self._streak: set[str] = set()
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() - self.opened_at >= self.cooldown else "open"

    def before(self) -> bool:
        """Raise CircuitOpen unless a request may go out now; True when this request is the half-open probe."""
        with self._lock:
            if self.opened_at is None:
                return False
            now = self.clock()
            waited = now - self.opened_at
            probe_out = self._probe_since is not None and now - self._probe_since < self.probe_lease
            if waited < self.cooldown or probe_out:
                raise CircuitOpen(self.name, max(self.cooldown - waited, 1.0))
            self._probe_since = now
            return True

    def success(self) -> None:
        with self._lock:
            self.failures = 0
            self.opened_at = None
            self._probe_since = None
            self._streak.clear()

    def failure(self, route: str | None = None) -> None:
        """One sign of an unwell upstream. With ``distinct``, a ``route`` counts once per streak; a failure
        without a route (the connection could not be made) counts every time."""
        with self._lock:
            if self.distinct and route is not None:
                if route in self._streak:
                    if self._probe_since is not None:  # the probe failed: open again
                        self.opened_at, self._probe_since = self.clock(), None
                    return
                self._streak.add(route)
            self.failures += 1
            if self._probe_since is not None or self.failures >= self.threshold:
                self.opened_at = self.clock()
            self._probe_since = None

    def release(self) -> None:
        """The request ended without saying anything about this breaker's scope: free the probe slot."""
        with self._lock:
            self._probe_since = None


class Breakers:
    """Every upstream's own breaker and its routes' breakers (created on first use, at most ``max_routes``
    per upstream, least recently used dropped first)."""

    def __init__(self, names, threshold: int = 5, cooldown: float = 10.0, clock=time.monotonic,
                 max_routes: int = 256) -> None:
        self.threshold, self.cooldown, self.clock, self.max_routes = threshold, cooldown, clock, max_routes
        self.upstreams = {name: CircuitBreaker(name, threshold, cooldown, clock, distinct=True) for name in names}
        self.routes: dict[str, OrderedDict[str, CircuitBreaker]] = {name: OrderedDict() for name in names}
        self._lock = threading.Lock()

    def upstream(self, name: str) -> CircuitBreaker:
        return self.upstreams[name]

    def route(self, name: str, route: str) -> CircuitBreaker:
        with self._lock:
            routes = self.routes[name]
            breaker = routes.get(route)
            if breaker is None:
                breaker = routes[route] = CircuitBreaker(f"{name}:{route}", self.threshold, self.cooldown,
                                                         self.clock)
                while len(routes) > self.max_routes:
                    routes.popitem(last=False)
            else:
                routes.move_to_end(route)
            return breaker
