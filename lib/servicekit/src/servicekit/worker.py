"""A service's worker process: the inbox consumer, the outbox relay and the spec's background loops, with its
own /metrics port. A background loop that dies of a database outage (e.g. at start, before its own retry loop)
is restarted once the database answers again, with one log line for the pause and one for the resume."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from functools import partial

from servicekit.logging import configure_logging
from servicekit.messaging.consumer import Consumer
from servicekit.messaging.outage import Backoff, Outage, brief, database_unavailable, select_one
from servicekit.messaging.relay import OutboxRelay
from servicekit.runtime import Runtime, ServiceSpec

log = logging.getLogger(__name__)


def build(runtime: Runtime, stop: threading.Event) -> tuple[Consumer, OutboxRelay]:
    settings = runtime.settings
    consumer = Consumer(topology=runtime.topology, handlers=runtime.spec.handlers(), uow_factory=runtime.uow,
                        registry=runtime.registry, connection_factory=runtime.connection_factory,
                        prefetch=settings.prefetch, stop=stop, probe=partial(select_one, runtime.engine))
    relay = OutboxRelay(runtime.engine, runtime.outbox, runtime.connection_factory,
                        batch_size=settings.relay_batch_size, poll_seconds=settings.relay_poll_seconds, stop=stop,
                        retention_days=settings.outbox_retention_days)
    return consumer, relay


def supervised(task: Callable[[], None], name: str, stop: threading.Event, probe: Callable[[], None],
               backoff: Backoff | None = None) -> Callable[[], None]:
    """Run ``task`` until it returns or ``stop`` is set. If it raises, wait (jittered backoff; on a database
    outage probing the database until it answers) and start it again."""
    outage = Outage(f"background loop {name}", log, stop=stop, backoff=backoff)

    def run() -> None:
        while not stop.is_set():
            try:
                task()
                return
            except Exception as exc:  # noqa: BLE001 - a background loop must come back
                if stop.is_set():
                    return
                if not database_unavailable(exc):
                    log.exception("background loop %s failed; restarting it", name)
                    outage.wait()
                    continue
                outage.begin(f"database unreachable: {brief(exc)}")
            while outage.wait():
                try:
                    probe()
                    break
                except Exception:  # noqa: BLE001, S112 - still down: keep waiting quietly
                    continue
            outage.end()

    run.__name__ = name
    return run


def run_worker(spec: ServiceSpec) -> None:
    runtime = Runtime(spec)
    settings = runtime.settings
    configure_logging(f"{spec.name}-worker", settings.log_level, settings.log_json)
    stop = threading.Event()

    def _stop(signum, _frame):
        log.info("worker %s stopping (signal %s)", spec.name, signum)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    metrics_port = int(settings.get("METRICS_PORT", "") or settings.port + 100)
    from prometheus_client import start_http_server

    start_http_server(metrics_port, addr=settings.get("METRICS_ADDR", "127.0.0.1"))
    consumer, relay = build(runtime, stop)
    relay_thread = threading.Thread(target=relay.run, name=f"{spec.name}-relay", daemon=True)
    relay_thread.start()
    for task in (spec.background(runtime, stop) if spec.background else []):
        name = getattr(task, "__name__", "task")
        threading.Thread(target=supervised(task, name, stop, partial(select_one, runtime.engine)),
                         name=f"{spec.name}-{name}", daemon=True).start()
    log.info("worker %s consuming %d event types, metrics on :%d", spec.name, len(consumer.handlers), metrics_port)
    if consumer.handlers:
        consumer.run()
    else:
        stop.wait()
    relay_thread.join(timeout=10)
