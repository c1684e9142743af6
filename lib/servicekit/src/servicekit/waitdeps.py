"""``python -m servicekit.cli --timeout 600 <service> wait``: wait, bounded and logged, until the service's database
answers ``SELECT 1`` with its own credentials and (for the department services) its broker account can log in.

On a first install the operators may still be creating the PostgreSQL cluster, the databases, RabbitMQ and its
users when the migration Jobs start; the Jobs' init container runs this instead of failing through its retries.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import text

from servicekit.config import Settings


def _database(settings: Settings) -> None:
    from servicekit.db.engine import make_engine

    engine = make_engine(settings.database_url, pool_size=1)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def _broker(settings: Settings) -> None:
    from servicekit.messaging.bus import connect

    with connect(settings.broker_url, settings.bus_dir) as conn:
        conn.connect()


def wait_for_dependencies(settings: Settings, *, broker: bool, timeout: float, interval: float = 2.0,
                          say: Callable[[str], None] = print) -> bool:
    """True once every dependency answered; False (after saying what is missing) when `timeout` seconds passed."""
    pending: dict[str, Callable[[Settings], None]] = {"Datenbank": _database}
    if broker:
        pending["Broker"] = _broker
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        attempt += 1
        reasons = {}
        for name, check in list(pending.items()):
            try:
                check(settings)
            except Exception as exc:  # noqa: BLE001 - any failure means: not there yet
                reasons[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            else:
                say(f"{settings.service}: {name} erreichbar (Versuch {attempt})")
                del pending[name]
        if not pending:
            return True
        left = deadline - time.monotonic()
        detail = "; ".join(f"{k}: {v}" for k, v in reasons.items())
        if left <= 0:
            say(f"{settings.service}: nach {timeout:g} s nicht erreichbar, gebe auf – {detail}")
            return False
        say(f"{settings.service}: warte auf {', '.join(pending)} (Versuch {attempt}, noch {left:.0f} s) – {detail}")
        time.sleep(min(interval, left))
