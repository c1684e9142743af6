"""/healthz (liveness, with the broker's state as detail), /readyz (the database), /metrics.

A service's writes go through its outbox, so a broker outage does not stop it: ``/readyz`` answers 200 while
the database answers (503 when it does not), with ``status: degraded`` and the broker's error in ``checks``.
The broker is checked in the background, at most every ``AKTIV_<SERVICE>_BROKER_CHECK_SECONDS`` (10) seconds
per process, one check at a time: no probe waits for the broker or opens its own AMQP connection. Its state is
the gauge ``aktiv_broker_up`` (1 reachable, 0 not) and the ``broker`` member of ``/healthz``."""

from __future__ import annotations

import os
import threading
import time

from flask import Blueprint, jsonify
from sqlalchemy import text

from servicekit.metrics import BROKER_UP, metrics_response
from servicekit.web.problems import problem

OK = "ok"
UNKNOWN = "unbekannt (wird geprüft)"


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


class BrokerState:
    """The broker as this process last found it. ``current()`` never blocks on the broker (except up to
    ``first_wait`` seconds for the very first result): a stale result starts one background check."""

    def __init__(self, runtime, max_age: float, first_wait: float = 1.0) -> None:
        self.runtime = runtime
        self.max_age = max_age
        self.first_wait = first_wait
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()  # a forked child starts afresh (threads do not survive a fork)
        self._result: str | None = None
        self._at = 0.0
        self._thread: threading.Thread | None = None

    def _check(self) -> None:
        detail: str | None = "Nachrichtenbus: Prüfung abgebrochen"
        try:
            detail = check_broker(self.runtime)  # reports every error as text
        finally:
            with self._lock:
                self._result = detail or OK
                self._at = time.monotonic()
                self._thread = None
        BROKER_UP.labels(self.runtime.spec.name).set(0 if detail else 1)

    def current(self) -> str | None:
        """``"ok"``, the broker's error text, or None while the first check is still running."""
        with self._lock:
            if self._pid != os.getpid():
                self._reset()
            stale = self._result is None or time.monotonic() - self._at > self.max_age
            if stale and self._thread is None:
                self._thread = threading.Thread(target=self._check, name="aktiv-broker-check", daemon=True)
                self._thread.start()
            result, thread = self._result, self._thread
        if result is None and thread is not None:
            thread.join(self.first_wait)
            with self._lock:
                result = self._result
        return result


def health_blueprint(runtime) -> Blueprint:
    bp = Blueprint("health", __name__)
    cache: dict = {"at": 0.0, "database": None}
    broker = BrokerState(runtime, max_age=float(runtime.settings.get("BROKER_CHECK_SECONDS", "") or 10))

    def database() -> str | None:
        now = time.monotonic()
        if cache["at"] == 0.0 or now - cache["at"] > 3:
            cache.update(at=now, database=check_database(runtime))
        return cache["database"]

    @bp.get("/healthz")
    def healthz():
        state = broker.current()
        return jsonify(status="ok", service=runtime.spec.name,
                       broker="unknown" if state is None else ("ok" if state == OK else "degraded"),
                       checks={"broker": state or UNKNOWN})

    @bp.get("/readyz")
    def readyz():
        db, state = database(), broker.current()
        checks = {"database": db or OK, "broker": state or UNKNOWN}
        if db:
            return problem(503, db, checks=checks)
        return jsonify(status="ready" if state == OK else "degraded", service=runtime.spec.name, checks=checks)

    @bp.get("/metrics")
    def metrics():
        broker.current()  # a scrape keeps aktiv_broker_up fresh
        return metrics_response()

    return bp
