"""A service's worker process: the inbox consumer and the outbox relay, with its own /metrics port."""

from __future__ import annotations

import logging
import signal
import threading

from servicekit.logging import configure_logging
from servicekit.messaging.consumer import Consumer
from servicekit.messaging.relay import OutboxRelay
from servicekit.runtime import Runtime, ServiceSpec

log = logging.getLogger(__name__)


def build(runtime: Runtime, stop: threading.Event) -> tuple[Consumer, OutboxRelay]:
    settings = runtime.settings
    consumer = Consumer(topology=runtime.topology, handlers=runtime.spec.handlers(), uow_factory=runtime.uow,
                        registry=runtime.registry, connection_factory=runtime.connection_factory,
                        prefetch=settings.prefetch, stop=stop)
    relay = OutboxRelay(runtime.engine, runtime.outbox, runtime.connection_factory,
                        batch_size=settings.relay_batch_size, poll_seconds=settings.relay_poll_seconds, stop=stop,
                        retention_days=settings.outbox_retention_days)
    return consumer, relay


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
        threading.Thread(target=task, name=f"{spec.name}-{getattr(task, '__name__', 'task')}", daemon=True).start()
    log.info("worker %s consuming %d event types, metrics on :%d", spec.name, len(consumer.handlers), metrics_port)
    if consumer.handlers:
        consumer.run()
    else:
        stop.wait()
    relay_thread.join(timeout=10)
