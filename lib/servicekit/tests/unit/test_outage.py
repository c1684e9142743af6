"""Telling a database outage from a handler's own failure, the jittered backoff, and the one-line pause/resume."""

from __future__ import annotations

import logging
import sqlite3
import threading

import psycopg
import pytest
from psycopg import errors as pg
from sqlalchemy import exc as sa

from servicekit.messaging.outage import Backoff, Outage, broker_unavailable, database_unavailable


def wrapped(kind, orig, invalidated=False):
    return kind("SELECT 1", {}, orig, connection_invalidated=invalidated)


class Refused(Exception):
    """A handler's own domain refusal."""


def chained_from_outage():
    try:
        try:
            raise wrapped(sa.OperationalError, psycopg.OperationalError("connection refused"))
        except sa.OperationalError as exc:
            raise RuntimeError("could not load the project") from exc
    except RuntimeError as exc:
        return exc


@pytest.mark.parametrize(("error", "down"), [
    # the database cannot be reached: hold, do not count
    (wrapped(sa.OperationalError, psycopg.OperationalError("connection failed: Connection refused")), True),
    (wrapped(sa.OperationalError, pg.AdminShutdown("terminating connection due to administrator command")), True),
    (wrapped(sa.OperationalError, pg.CannotConnectNow("the database system is starting up")), True),
    (wrapped(sa.OperationalError, pg.ConnectionFailure("server closed the connection")), True),
    (wrapped(sa.OperationalError, pg.TooManyConnections("too many clients")), True),
    (wrapped(sa.InterfaceError, psycopg.InterfaceError("the connection is closed")), True),
    (wrapped(sa.InternalError, pg.ReadOnlySqlTransaction("read-only transaction")), True),
    (wrapped(sa.DBAPIError, Exception("server closed the connection unexpectedly"), invalidated=True), True),
    (wrapped(sa.OperationalError, sqlite3.OperationalError("database is locked")), True),
    (wrapped(sa.OperationalError, sqlite3.OperationalError("unable to open database file")), True),
    (wrapped(sa.OperationalError, Exception("database is locked")), True),  # an unknown driver: trust the class
    (sa.TimeoutError("QueuePool limit of size 5 overflow 5 reached"), True),
    (psycopg.OperationalError("connection refused"), True),
    (chained_from_outage(), True),
    # the handler's statement or the handler itself failed: count toward the delivery limit
    (wrapped(sa.OperationalError, pg.QueryCanceled("canceling statement due to statement timeout")), False),
    (wrapped(sa.OperationalError, pg.DeadlockDetected("deadlock detected")), False),
    (wrapped(sa.OperationalError, pg.LockNotAvailable("could not obtain lock")), False),
    (wrapped(sa.OperationalError, sqlite3.OperationalError("no such table: project")), False),
    (wrapped(sa.IntegrityError, pg.UniqueViolation("duplicate key")), False),
    (wrapped(sa.ProgrammingError, pg.UndefinedColumn("column x does not exist")), False),
    (Refused("Projekt ist abgeschlossen"), False),
    (KeyError("probe_id"), False),
    (ValueError("bad data"), False),
])
def test_only_an_unreachable_database_counts_as_an_outage(error, down):
    assert database_unavailable(error) is down


def test_broker_errors_are_told_apart():
    from amqp.exceptions import ConnectionForced
    from kombu.exceptions import OperationalError

    assert broker_unavailable(ConnectionResetError(104, "reset"))
    assert broker_unavailable(ConnectionForced("Too many heartbeats missed"))
    assert broker_unavailable(OperationalError("[Errno 111] Connection refused"))
    assert not broker_unavailable(KeyError("x"))


def test_backoff_doubles_to_its_cap_with_full_jitter():
    top = Backoff(0.5, 30.0, rng=lambda: 1.0)
    assert [top.next() for _ in range(9)] == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]
    top.reset()
    assert top.next() == 0.5
    bottom = Backoff(0.5, 30.0, rng=lambda: 0.0)
    assert bottom.next() == 0.05  # the floor keeps a failing probe from spinning
    jitter = Backoff(0.5, 30.0)
    delays = [jitter.next() for _ in range(200)]
    assert all(0.05 <= d <= 30.0 for d in delays) and len(set(delays)) > 100


class Recorder:
    def __init__(self):
        self.value, self.total = 0, 0.0

    def set(self, value):
        self.value = value

    def inc(self, amount):
        self.total += amount


def test_an_outage_logs_one_line_when_it_starts_and_one_when_it_ends(caplog):
    gauge, seconds = Recorder(), Recorder()
    outage = Outage("consumer x", logging.getLogger("test.outage"), backoff=Backoff(0.001, 0.002),
                    gauge=gauge, seconds=seconds)
    error = wrapped(sa.OperationalError, psycopg.OperationalError("connection refused"))
    with caplog.at_level(logging.INFO, logger="test.outage"):
        assert outage.end() == 0.0  # nothing to end: silent
        for _ in range(50):
            assert outage.absorb(error)
        assert outage.active and gauge.value == 1
        assert not outage.absorb(Refused("nein"))
        lasted = outage.end()
        outage.end()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert lines[0].startswith("consumer x paused: database unreachable: OperationalError: connection refused")
    assert lines[1] == f"consumer x resumed after {lasted:.1f}s"
    assert gauge.value == 0 and seconds.total == pytest.approx(lasted, abs=0.01) and outage.pauses == 1
    assert not any(r.exc_info for r in caplog.records)


def test_wait_wakes_up_on_stop():
    stop = threading.Event()
    stop.set()
    assert Outage("x", logging.getLogger("t"), stop=stop, backoff=Backoff(30, 30)).wait() is False
