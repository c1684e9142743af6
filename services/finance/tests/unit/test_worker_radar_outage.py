"""A database outage pauses the radar loop quietly (one line each way, jittered retry) instead of a traceback per
round, and the radar runs again once the database answers."""

import logging
import threading

import psycopg
from sqlalchemy.exc import OperationalError

from finance.bootstrap import SPEC
from finance.worker import radar_loop
from servicekit.testing import wait_until


def test_radar_loop_waits_out_a_database_outage_with_one_line_each_way(make_runtime, monkeypatch, caplog):
    runtime = make_runtime(SPEC)
    real_uow, calls = runtime.uow, []

    def uow():
        calls.append(1)
        if len(calls) <= 3:
            raise OperationalError("BEGIN", {}, psycopg.OperationalError("connection failed: Connection refused"))
        return real_uow()

    monkeypatch.setattr(runtime, "uow", uow)
    stop = threading.Event()
    thread = threading.Thread(target=radar_loop, args=(runtime, stop, 0.05), daemon=True)
    with caplog.at_level(logging.INFO, logger="finance.worker"):
        thread.start()
        wait_until(lambda: len(calls) >= 5, timeout=30)
        stop.set()
        thread.join(timeout=10)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert lines[0].startswith("runtime radar paused: database unreachable: OperationalError")
    assert lines[1].startswith("runtime radar resumed after")
    assert not any(r.exc_info for r in caplog.records)
