"""A database outage under the newsletter's background loops, as the worker runs them (supervised): the sender's
control loop, its SMTP connection thread and the bounce mailbox scan back off quietly – one line when the sender
pauses, one when the scan pauses, one each when they resume, no traceback – and a bounce that arrived meanwhile is
recorded once the database answers again."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import Counter
from functools import partial
from pathlib import Path

from sqlalchemy import event, select

import newsletter.sender as sender_module
from newsletter.adapters.orm import bounce, subscriber
from newsletter.bootstrap import SPEC
from servicekit.messaging.outage import Backoff, Outage, select_one
from servicekit.testing import wait_until
from servicekit.worker import supervised

from ..helpers import add_topics, confirmed_subscriber, sink_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FAST = partial(Backoff, 0.01, 0.05)


def _database_switch(engine):
    """``down`` set: every statement fails as if the database file could not be opened (an outage, not a bug).
    → (down, statements that ran per thread, statements refused per thread)"""
    down, ran, refused = threading.Event(), Counter(), Counter()

    def execute(*_args):
        name = threading.current_thread().name
        if down.is_set():
            refused[name] += 1
            raise sqlite3.OperationalError("unable to open database file")
        ran[name] += 1
        return False  # the dialect executes the statement as usual

    for hook in ("do_execute", "do_execute_no_params", "do_executemany"):
        event.listen(engine, hook, execute)
    return down, ran, refused


def test_newsletter_loops_pause_and_resume_with_one_line_each_and_no_traceback(make_runtime, smtp_sink, monkeypatch,
                                                                               caplog):
    monkeypatch.setattr(sender_module, "Outage", partial(Outage, backoff=FAST()))
    rt = make_runtime(SPEC, **sink_settings(smtp_sink, SEND_CONNECTIONS="1", SEND_POLL_SECONDS="0.05",
                                            BOUNCE_POLL_SECONDS="0.05"))
    add_topics(rt)
    sid = confirmed_subscriber(rt, "voll@example.com", "Voll")
    box = rt.settings.var_dir / "bounces" / "new"
    box.mkdir(parents=True)
    down, ran, refused = _database_switch(rt.engine)
    stop = threading.Event()
    threads = [threading.Thread(target=supervised(task, task.__name__, stop, partial(select_one, rt.engine),
                                                  backoff=FAST()),
                                name=task.__name__, daemon=True) for task in sender_module.background(rt, stop)]
    caplog.set_level(logging.INFO)
    for t in threads:
        t.start()
    try:
        wait_until(lambda: ran["newsletter_sender"] and ran["newsletter-smtp-0"], message="sender loops running")
        down.set()
        (box / "1.eml").write_bytes((FIXTURES / "exim_soft_mailbox_full.eml").read_bytes())
        wait_until(lambda: min(refused[n] for n in ("newsletter_sender", "newsletter-smtp-0", "bounce_scanner")) >= 5,
                   message="every loop retried several times during the outage")
        down.clear()
        wait_until(lambda: not any(box.iterdir()), message="the bounce recorded after the outage")
        wait_until(lambda: sum("resumed" in r.getMessage() for r in caplog.records) == 2,
                   message="sender and bounce scan resumed")
    finally:
        stop.set()
        for t in threads:
            t.join(10)
    with rt.engine.connect() as conn:
        assert conn.execute(select(subscriber.c.soft_bounces).where(subscriber.c.id == sid)).scalar_one() == 1
        assert len(conn.execute(select(bounce)).all()) == 1
    lines = sorted(r.getMessage().split(":")[0] for r in caplog.records if r.levelno >= logging.WARNING)
    assert lines == ["bounce scan paused", "newsletter sender paused"]
    resumed = sorted(r.getMessage().split(" resumed")[0] for r in caplog.records if "resumed" in r.getMessage())
    assert resumed == ["bounce scan", "newsletter sender"]
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
