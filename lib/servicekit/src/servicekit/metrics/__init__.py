"""Prometheus metrics. Multiprocess mode under gunicorn (PROMETHEUS_MULTIPROC_DIR)."""

from servicekit.metrics.registry import (
    CONSUMER_PAUSED,
    CONSUMER_PAUSED_SECONDS,
    DEAD_LETTERED,
    EVENTS_CONSUMED,
    EVENTS_PUBLISHED,
    HTTP_DURATION,
    HTTP_REQUESTS,
    OUTBOX_OLDEST_AGE,
    OUTBOX_PENDING,
    metrics_response,
)

__all__ = ["HTTP_REQUESTS", "HTTP_DURATION", "EVENTS_PUBLISHED", "EVENTS_CONSUMED", "OUTBOX_PENDING",
           "OUTBOX_OLDEST_AGE", "DEAD_LETTERED", "CONSUMER_PAUSED", "CONSUMER_PAUSED_SECONDS",
           "metrics_response"]
