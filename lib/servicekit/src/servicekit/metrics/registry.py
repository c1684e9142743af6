"""The metric families every process exports, and the /metrics response."""

from __future__ import annotations

from servicekit.metrics.multiproc import claimed_dir, settle

settle()  # before prometheus-client is imported: multiprocess mode only in gunicorn's web processes

from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as DEFAULT_REGISTRY  # noqa: E402

HTTP_REQUESTS = Counter("aktiv_http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
HTTP_DURATION = Histogram(
    "aktiv_http_request_duration_seconds", "HTTP request duration", ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTS_PUBLISHED = Counter("aktiv_events_published_total", "Events published by the outbox relay",
                           ["service", "type"])
EVENTS_CONSUMED = Counter("aktiv_events_consumed_total", "Events consumed by outcome",
                          ["service", "type", "outcome"])
DEAD_LETTERED = Counter("aktiv_events_dead_lettered_total", "Events rejected to the dead-letter queue",
                        ["service", "type"])
CONSUMER_PAUSED = Gauge("aktiv_consumer_paused", "1 while the consumer holds its deliveries because the database is "
                        "unreachable", ["service"], multiprocess_mode="livemax")
CONSUMER_PAUSED_SECONDS = Counter("aktiv_consumer_paused_seconds_total",
                                  "Time the consumer spent paused by a database outage", ["service"])
OUTBOX_PENDING = Gauge("aktiv_outbox_pending", "Unpublished outbox rows", ["service"],
                       multiprocess_mode="livemax")
OUTBOX_OLDEST_AGE = Gauge("aktiv_outbox_oldest_age_seconds", "Age of the oldest unpublished outbox row",
                          ["service"], multiprocess_mode="livemax")
BROKER_UP = Gauge("aktiv_broker_up", "1 while the service's web process reaches the message broker (checked at most "
                  "every few seconds; the outbox takes the writes while it is 0)", ["service"],
                  multiprocess_mode="livemin")
UPSTREAM_DURATION = Histogram("aktiv_upstream_request_duration_seconds", "Gateway upstream latency",
                              ["upstream", "status"],
                              buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))


def metrics_response() -> tuple[bytes, int, dict[str, str]]:
    if claimed_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = DEFAULT_REGISTRY
    return generate_latest(registry), 200, {"Content-Type": CONTENT_TYPE_LATEST}
