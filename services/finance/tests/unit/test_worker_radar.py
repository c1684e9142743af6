"""The worker's radar loop emits finance.funding.ending_soon through the outbox (once) and keeps running."""

import threading
from datetime import date

from sqlalchemy import select

from finance.bootstrap import SPEC
from finance.worker import radar_loop
from servicekit.testing import wait_until


def test_radar_loop_emits_ending_soon_once_and_stops_on_request(make_runtime):
    runtime = make_runtime(SPEC)
    SPEC.seed(runtime)
    stop = threading.Event()
    outbox = runtime.outbox.table

    def emitted():
        with runtime.engine.connect() as conn:
            return conn.execute(select(outbox.c.subject).where(outbox.c.type == "finance.funding.ending_soon.v1")).all()

    thread = threading.Thread(target=radar_loop, args=(runtime, stop, 0.05, lambda: date(2027, 2, 1)), daemon=True)
    thread.start()
    wait_until(lambda: len(emitted()) == 2)  # the 6- and 3-month thresholds of the Mobikids grant
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert emitted() == [("demo-grant-mobikids-bayern",), ("demo-grant-mobikids-bayern",)]


def test_the_standard_worker_command_runs_the_radar(make_runtime):
    """`python -m servicekit.cli finance worker` (Procfile, Kubernetes) starts the radar via SPEC.background."""
    from finance.bootstrap import SPEC

    runtime = make_runtime(SPEC)
    tasks = SPEC.background(runtime, threading.Event())
    assert [t.__name__ for t in tasks] == ["finance_radar"]
