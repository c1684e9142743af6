"""Telling an infrastructure outage from a handler's own failure, and waiting the outage out quietly.

``database_unavailable(exc)`` is true when the unit of work could not reach the database at all: the server is
down or restarting, the connection broke, the pool found no connection, SQLite's file is locked or cannot be
opened. Such an error says nothing about the message being handled, so it must never count toward its delivery
limit. Errors a statement causes while the database is fine (constraint violations, a statement or lock timeout,
a deadlock, a missing table) are the handler's, and count as before.

``Outage`` is one pause/resume story of one loop: the first failure logs one line and starts a jittered
backoff (0.5 s doubling to 30 s, full jitter), later failures only extend it, and ``end()`` logs one line with
how long it lasted. ``pump`` and ``probe_while_pumping`` keep a consumer's broker connection alive (heartbeats)
while it waits.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator

from sqlalchemy import exc as sa_exc
from sqlalchemy import text

# PostgreSQL SQLSTATEs that mean "the server cannot serve us now", not "this statement is wrong".
_PG_DOWN_CLASSES = ("08", "53", "58")  # connection exception, insufficient resources, system (I/O) error
_PG_DOWN_STATES = {"57P01", "57P02", "57P03", "57P05",  # admin/crash shutdown, cannot connect now, idle timeout
                   "25006"}  # read-only transaction: connected to a standby during a failover
_SQLITE_DOWN = ("database is locked", "unable to open database", "disk i/o error", "database is busy")


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(seen) < 16:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _driver_down(err: BaseException) -> bool | None:
    """True/False for a DB-API error of a driver we know, None for anything else."""
    if isinstance(err, sqlite3.Error):
        return isinstance(err, sqlite3.OperationalError) and any(m in str(err).lower() for m in _SQLITE_DOWN)
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency of servicekit
        return None
    if isinstance(err, psycopg.InterfaceError):  # "the connection is closed"
        return True
    if isinstance(err, psycopg.Error):
        state = getattr(err, "sqlstate", None)
        if state is None:  # raised by the client: connection refused, server closed the connection, ...
            return isinstance(err, psycopg.OperationalError)
        return state[:2] in _PG_DOWN_CLASSES or state in _PG_DOWN_STATES
    return None


def _one_down(err: BaseException) -> bool:
    if isinstance(err, sa_exc.DBAPIError):
        if err.connection_invalidated:
            return True
        known = _driver_down(err.orig) if err.orig is not None else None
        if known is not None:
            return known
        return isinstance(err, sa_exc.OperationalError | sa_exc.InterfaceError)
    if isinstance(err, sa_exc.TimeoutError | sa_exc.DisconnectionError):  # pool: no connection to be had
        return True
    return bool(_driver_down(err))


def database_unavailable(exc: BaseException | None) -> bool:
    """Could the database not be reached (as opposed to: the handler or its statement failed)?"""
    return any(_one_down(e) for e in _chain(exc))


def broker_unavailable(exc: BaseException | None) -> bool:
    """A broker connection or channel failure (kombu/py-amqp/socket errors, a missing publisher confirm)."""
    from amqp.exceptions import AMQPError
    from kombu.exceptions import KombuError

    from servicekit.messaging.publisher import PublishError

    return any(isinstance(e, OSError | AMQPError | KombuError | PublishError) for e in _chain(exc))


def brief(exc: BaseException) -> str:
    """One short line for a log: the driver's first line, without SQLAlchemy's SQL and background link."""
    inner = getattr(exc, "orig", None) or exc
    first = (str(inner).strip().splitlines() or [""])[0]
    return f"{type(inner).__name__}: {first[:200]}"


def select_one(engine) -> None:
    """The cheap probe: does the database answer?"""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def pump(conn, timeout: float) -> None:
    """Read what the broker sends for up to ``timeout`` seconds, then send our heartbeat if one is due: without
    this an idle (or paused) consumer is dropped by the broker."""
    # py-amqp's drain_events reads on through the broker's heartbeat frames (one every heartbeat/2), so the
    # timeout must be shorter than that, or it never returns to send ours.
    heartbeat = getattr(conn, "heartbeat", 0) or 0
    if heartbeat:
        timeout = min(timeout, heartbeat / 4)
    try:
        conn.drain_events(timeout=timeout)
    except TimeoutError:
        pass
    conn.heartbeat_check()


def probe_while_pumping(probe: Callable[[], None], conn, stop: threading.Event) -> BaseException | None:
    """Run ``probe`` in a helper thread and keep the broker connection alive meanwhile: a probe that hangs (a
    database host that drops packets) must not cost the connection. → None when the database answered."""
    outcome: dict[str, BaseException | None] = {}

    def run() -> None:
        try:
            probe()
            outcome["error"] = None
        except Exception as exc:  # noqa: BLE001 - still down, whatever the probe says
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="db-probe", daemon=True)
    thread.start()
    while thread.is_alive() and not stop.is_set():
        pump(conn, 0.2)
        thread.join(0.05)
    return outcome.get("error", RuntimeError("the probe did not finish"))


class Backoff:
    """Exponential backoff with full jitter: the n-th delay is uniform in (0, min(cap, base * 2**n)]."""

    def __init__(self, base: float = 0.5, cap: float = 30.0, rng: Callable[[], float] = random.random,
                 floor: float = 0.05) -> None:
        self.base, self.cap, self.rng, self.floor = base, cap, rng, floor
        self.attempt = 0

    def ceiling(self) -> float:
        return min(self.cap, self.base * (2 ** self.attempt))

    def next(self) -> float:
        delay = max(self.floor, self.rng() * self.ceiling())
        self.attempt = min(self.attempt + 1, 32)
        return delay

    def reset(self) -> None:
        self.attempt = 0


class Outage:
    """One pause/resume story of one loop, safe to share between the threads of one component.

    ``begin(reason)`` logs once per outage; ``end()`` logs once with the duration and resets the backoff.
    ``absorb(exc)`` is the shape for simple loops: an outage error is logged once and waited out (True),
    anything else is left to the caller (False)."""

    def __init__(self, what: str, logger: logging.Logger, *, stop: threading.Event | None = None,
                 backoff: Backoff | None = None, gauge=None, seconds=None,
                 classify: Callable[[BaseException], bool] = database_unavailable) -> None:
        self.what, self.log = what, logger
        self.stop = stop or threading.Event()
        self.backoff = backoff or Backoff()
        self.gauge, self.seconds, self.classify = gauge, seconds, classify
        self.since: float | None = None
        self.reason = ""
        self.pauses = 0
        self._ticked = 0.0
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return self.since is not None

    def begin(self, reason: str, detail: str = "") -> bool:
        """Start the outage (one log line), or note the latest reason of the running one. True if it started."""
        with self._lock:
            self.reason = reason
            if self.since is not None:
                return False
            self.since = self._ticked = time.monotonic()
            self.pauses += 1
        if self.gauge is not None:
            self.gauge.set(1)
        self.log.warning("%s paused%s: %s", self.what, f" ({detail})" if detail else "", reason)
        return True

    def tick(self) -> None:
        """Add the time paused so far to the seconds counter (call it while waiting)."""
        with self._lock:
            if self.since is None or self.seconds is None:
                return
            now = time.monotonic()
            self.seconds.inc(now - self._ticked)
            self._ticked = now

    def end(self) -> float:
        """Finish the outage (one log line with its duration); returns the seconds it lasted (0 if none)."""
        self.tick()
        with self._lock:
            self.backoff.reset()
            if self.since is None:
                return 0.0
            lasted, self.since = time.monotonic() - self.since, None
        if self.gauge is not None:
            self.gauge.set(0)
        self.log.info("%s resumed after %.1fs", self.what, lasted)
        return lasted

    def next_delay(self) -> float:
        with self._lock:
            return self.backoff.next()

    def wait(self) -> bool:
        """Sleep the next jittered delay (waking early on stop); False when stopping."""
        delay = self.next_delay()
        stopped = self.stop.wait(delay)
        self.tick()
        return not stopped

    def absorb(self, exc: BaseException, what: str = "database unreachable") -> bool:
        if not self.classify(exc):
            return False
        self.begin(f"{what}: {brief(exc)}")
        self.wait()
        return True
