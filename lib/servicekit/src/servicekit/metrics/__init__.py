"""Prometheus metrics. Multiprocess mode only in gunicorn's web processes (servicekit.metrics.multiproc).

The names are resolved lazily (PEP 562): importing ``servicekit.metrics.gunicorn_hooks`` in gunicorn's master
must not import prometheus-client before the master has claimed the multiprocess directory."""

__all__ = ["HTTP_REQUESTS", "HTTP_DURATION", "EVENTS_PUBLISHED", "EVENTS_CONSUMED", "OUTBOX_PENDING",
           "OUTBOX_OLDEST_AGE", "DEAD_LETTERED", "CONSUMER_PAUSED", "CONSUMER_PAUSED_SECONDS", "BROKER_UP",
           "metrics_response"]


def __getattr__(name: str):
    if name in __all__:
        from servicekit.metrics import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
