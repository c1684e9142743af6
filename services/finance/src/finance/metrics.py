"""Business gauge read by the alerts and the dashboard: ``aktiv_finance_deadlines_missed{service,kind}``.

kind="proof_of_use": interim or final proofs past their deadline and not recorded as submitted;
kind="drawdown": drawdown requests whose payment due date has passed and whose money has not arrived.
Refreshed at most once a minute per process, before a request (a Prometheus scrape of /metrics included)."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date

from prometheus_client import Gauge
from sqlalchemy import func, select

log = logging.getLogger(__name__)
DEADLINES_MISSED = Gauge("aktiv_finance_deadlines_missed", "Missed finance deadlines (drawdowns, proofs of use)",
                         ["service", "kind"], multiprocess_mode="livemax")
REFRESH_SECONDS = 60.0
_lock = threading.Lock()
_last = [0.0]


def missed_deadlines(conn, today: date) -> dict[str, int]:
    from finance.adapters.orm import drawdown
    from finance.service_layer.radar import overview

    late_drawdowns = conn.execute(select(func.count()).select_from(drawdown).where(
        drawdown.c.status != "received", drawdown.c.due_date < today)).scalar_one()
    return {"proof_of_use": len(overview(conn, today)["missing_proofs"]), "drawdown": int(late_drawdowns)}


def refresh(engine, today: date | None = None, *, force: bool = False) -> dict[str, int] | None:
    with _lock:
        if not force and time.monotonic() - _last[0] < REFRESH_SECONDS:
            return None
        _last[0] = time.monotonic()
    try:
        with engine.connect() as conn:
            counts = missed_deadlines(conn, today or date.today())
    except Exception:  # noqa: BLE001 - a metric must never break a request (e.g. before the migration ran)
        log.warning("could not refresh aktiv_finance_deadlines_missed", exc_info=True)
        return None
    for kind, value in counts.items():
        DEADLINES_MISSED.labels("finance", kind).set(value)
    return counts
