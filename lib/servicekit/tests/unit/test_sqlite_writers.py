"""Two writers on one SQLite file: a read-then-write transaction must wait for the other writer, not fail."""

import threading
import time

from sqlalchemy import Column, Integer, MetaData, Table, select, update
from sqlalchemy.exc import OperationalError

from servicekit.db.engine import make_engine, writing


def _setup(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    md = MetaData()
    t = Table("counter", md, Column("id", Integer, primary_key=True), Column("n", Integer))
    md.create_all(engine)
    with writing(engine) as conn:
        conn.execute(t.insert(), [{"id": 1, "n": 0}])
    return engine, t


def _hold_write_lock(engine, t, started, seconds=0.6):
    with writing(engine) as conn:
        conn.execute(update(t).values(n=t.c.n + 100))
        started.set()
        time.sleep(seconds)


def _read_then_write(conn, t):
    n = conn.execute(select(t.c.n)).scalar_one()
    conn.execute(update(t).values(n=n + 1))


def test_read_then_write_in_writing_waits_for_the_other_writer(tmp_path):
    engine, t = _setup(tmp_path)
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(engine, t, started))
    holder.start()
    started.wait(5)
    with writing(engine) as conn:
        _read_then_write(conn, t)
    holder.join()
    with engine.connect() as conn:
        assert conn.execute(select(t.c.n)).scalar_one() == 101  # both increments kept, none lost
    engine.dispose()


def test_a_deferred_read_then_write_is_what_fails_without_it(tmp_path):
    """The reason for ``writing``: SQLite refuses the lock upgrade at once instead of waiting."""
    engine, t = _setup(tmp_path)
    started, reading = threading.Event(), threading.Event()

    def reader_then_writer(errors):
        try:
            with engine.begin() as conn:
                conn.execute(select(t.c.n)).scalar_one()
                reading.set()
                started.wait(5)
                conn.execute(update(t).values(n=t.c.n + 1))
        except OperationalError as exc:
            errors.append(exc)

    errors = []
    worker = threading.Thread(target=reader_then_writer, args=(errors,))
    worker.start()
    reading.wait(5)
    _hold_write_lock(engine, t, started, seconds=0.3)
    worker.join()
    assert errors and "locked" in str(errors[0])
    engine.dispose()
