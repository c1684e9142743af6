import threading
from datetime import date

from sqlalchemy import func, select

from programmes.background import report_due_announcer
from programmes.metrics import PROJECTS, RADAR
from servicekit.testing import wait_until


def test_worker_loop_announces_a_report_that_fell_due_exactly_once(api):
    pid = api.project()["id"]
    with api.runtime.uow() as uow:  # entered long ago, now due today and not yet announced
        uow.session.execute(api.runtime.metadata.tables["report"].insert().values(
            id="r1", project_id=pid, kind="interim", title="Sachbericht", due_date=date.today(),
            status="planned", text="", due_announced=False))
        uow.commit()
    outbox = api.runtime.metadata.tables["outbox"]

    def announced():
        with api.runtime.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(outbox).where(
                outbox.c.type == "programmes.report.due.v1")).scalar()

    stop = threading.Event()
    thread = threading.Thread(target=report_due_announcer(api.runtime, stop, interval=0.02))
    thread.start()
    try:
        wait_until(announced, message="report.due in the outbox")
        stop.wait(0.2)  # several more rounds
    finally:
        stop.set()
        thread.join(5)
    assert announced() == 1
    assert PROJECTS.labels("idea")._value.get() == 1
    assert RADAR.labels("report_due")._value.get() == 1
