"""A small per-upstream circuit breaker: after N consecutive failures the circuit opens for a cool-down,
then lets one trial request through (half-open); a success closes it again."""

from __future__ import annotations

import threading
import time


class CircuitOpen(Exception):
    def __init__(self, upstream: str, retry_after: float) -> None:
        super().__init__(upstream)
        self.upstream = upstream
        self.retry_after = retry_after


class CircuitBreaker:
    def __init__(self, name: str, threshold: int = 5, cooldown: float = 10.0, clock=time.monotonic) -> None:
        self.name = name
        self.threshold = threshold
        self.cooldown = cooldown
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None
        self._trial = False
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() - self.opened_at >= self.cooldown else "open"

    def before(self) -> None:
        """Raise CircuitOpen unless a request may go out now."""
        with self._lock:
            if self.opened_at is None:
                return
            waited = self.clock() - self.opened_at
            if waited < self.cooldown or self._trial:
                raise CircuitOpen(self.name, max(self.cooldown - waited, 1.0))
            self._trial = True

    def success(self) -> None:
        with self._lock:
            self.failures = 0
            self.opened_at = None
            self._trial = False

    def failure(self) -> None:
        with self._lock:
            self.failures += 1
            if self._trial or self.failures >= self.threshold:
                self.opened_at = self.clock()
            self._trial = False
