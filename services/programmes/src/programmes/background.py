"""Loops the worker runs next to consumer and relay: announcing reports that fall due."""

from __future__ import annotations

import logging

from programmes import metrics
from programmes.service_layer.tracking import announce_due_reports
from servicekit.messaging.outage import Outage

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 300.0


def report_due_announcer(runtime, stop, interval: float = INTERVAL_SECONDS):
    """Every ``interval`` seconds: publish programmes.report.due once for each report due within 30 days and
    refresh the business gauges (projects by stage, radar entries)."""

    outage = Outage("report-due announcer", log, stop=stop)

    def loop() -> None:
        while not stop.is_set():
            try:
                count = announce_due_reports(runtime.uow())
                if count:
                    log.info("announced %d due reports", count)
                metrics.refresh(runtime)
                outage.end()
            except Exception as exc:  # noqa: BLE001 - try again next round
                if outage.absorb(exc):  # the database is away: one log line, jittered backoff, retry
                    continue
                log.exception("announcing due reports failed")
            stop.wait(interval)

    loop.__name__ = "report-due-announcer"
    return loop


def background(runtime, stop) -> list:
    return [report_due_announcer(runtime, stop)]
