"""Worker: inbox consumer + outbox relay, plus the runtime radar once a day (AKTIV_FINANCE_RADAR_SECONDS)."""

import logging
import threading

from finance.bootstrap import SPEC
from servicekit.worker import run_worker

log = logging.getLogger(__name__)


def radar_loop(runtime, stop: threading.Event, every_seconds: float, clock=None) -> None:
    """Run the runtime radar now and then every ``every_seconds`` until ``stop`` is set."""
    from finance.metrics import refresh
    from finance.service_layer.radar import configured_thresholds, run_radar
    from servicekit.messaging.outage import Outage

    outage = Outage("runtime radar", log, stop=stop)
    while not stop.is_set():
        try:
            run_radar(runtime.uow(), clock() if clock else None, configured_thresholds(runtime.settings))
            refresh(runtime.engine, clock() if clock else None, force=True)
            outage.end()
        except Exception as exc:  # noqa: BLE001 - the radar retries on its next round
            if outage.absorb(exc):  # the database is away: one log line, jittered backoff, retry
                continue
            log.exception("runtime radar failed")
        stop.wait(every_seconds)


def background(runtime, stop: threading.Event) -> list:
    """ServiceSpec.background: the worker (``python -m servicekit.cli finance worker``) runs the radar daily
    (AKTIV_FINANCE_RADAR_SECONDS) next to consumer and relay."""
    every = float(runtime.settings.get("RADAR_SECONDS", "") or 86400)

    def finance_radar() -> None:
        radar_loop(runtime, stop, every)

    return [finance_radar]


if __name__ == "__main__":
    run_worker(SPEC)
