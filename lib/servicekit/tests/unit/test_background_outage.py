"""Background loops and the relay wait out a database outage quietly: one line when it starts, one when it ends,
no traceback per attempt."""

from __future__ import annotations

import logging
import threading
import uuid

import psycopg
from sqlalchemy.exc import OperationalError

from servicekit.messaging.outage import Backoff
from servicekit.testing import wait_until
from servicekit.worker import supervised

from ..probe_spec import make_specs


def refused() -> OperationalError:
    return OperationalError("SELECT 1", {}, psycopg.OperationalError("connection failed: Connection refused"))


def test_a_background_loop_that_dies_of_an_outage_comes_back_once_the_database_answers(caplog):
    stop = threading.Event()
    runs, probes = [], []

    def task():
        runs.append(1)
        if len(runs) == 1:
            raise refused()  # e.g. the sender's recover() at start, before its own retry loop
        stop.wait()

    def probe():
        probes.append(1)
        if len(probes) < 4:
            raise refused()

    loop = supervised(task, "newsletter_sender", stop, probe, backoff=Backoff(0.001, 0.005))
    thread = threading.Thread(target=loop, daemon=True)
    with caplog.at_level(logging.INFO, logger="servicekit.worker"):
        thread.start()
        wait_until(lambda: len(runs) == 2, timeout=10, message="restarted")
        stop.set()
        thread.join(5)
    lines = [r.getMessage() for r in caplog.records]
    assert len(probes) == 4
    assert len(lines) == 2, lines
    assert lines[0].startswith("background loop newsletter_sender paused: database unreachable: OperationalError")
    assert lines[1].startswith("background loop newsletter_sender resumed after")
    assert not any(r.exc_info for r in caplog.records)


def test_a_background_loop_with_a_bug_is_restarted_and_its_traceback_kept(caplog):
    stop = threading.Event()
    runs = []

    def task():
        runs.append(1)
        if len(runs) < 3:
            raise KeyError("bug")
        stop.wait()

    loop = supervised(task, "radar", stop, lambda: None, backoff=Backoff(0.001, 0.005))
    thread = threading.Thread(target=loop, daemon=True)
    with caplog.at_level(logging.INFO, logger="servicekit.worker"):
        thread.start()
        wait_until(lambda: len(runs) == 3, timeout=10)
        stop.set()
        thread.join(5)
    assert [r.exc_info is not None for r in caplog.records] == [True, True]


def test_the_relay_logs_one_line_per_database_outage(make_runtime, caplog):
    from servicekit.messaging.relay import OutboxRelay

    alpha, _ = make_specs("rel" + uuid.uuid4().hex[:4])
    runtime = make_runtime(alpha)
    stop = threading.Event()
    relay = OutboxRelay(runtime.engine, runtime.outbox, runtime.connection_factory, poll_seconds=0.01, stop=stop)
    relay.outage.backoff = Backoff(0.001, 0.005)
    real, calls = relay.relay_once, []

    def flaky():
        calls.append(1)
        if 3 <= len(calls) < 30:
            raise refused()
        return real()

    relay.relay_once = flaky
    thread = threading.Thread(target=relay.run, daemon=True)
    with caplog.at_level(logging.INFO, logger="servicekit.messaging.relay"):
        thread.start()
        wait_until(lambda: len(calls) > 32, timeout=20)
        stop.set()
        thread.join(5)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"outbox relay {alpha.name} paused: database unreachable")
    assert lines[1].startswith(f"outbox relay {alpha.name} resumed after")
