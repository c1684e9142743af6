"""Shared gunicorn configuration. A service's gunicorn.conf.py does ``from servicekit.gunicorn_conf import *``
and sets ``bind = bind_for("<service>")``. Worker count and threads come from AKTIV_WEB_WORKERS /
AKTIV_WEB_THREADS via Settings."""

from servicekit.config import Settings
from servicekit.metrics.gunicorn_hooks import child_exit, wipe_multiproc_dir

# Only the process-model settings are read here; the app itself validates its service's settings.
_settings = Settings.from_env("gunicorn", validate=False)
workers = _settings.web_workers
# gthread, but gunicorn's own refusals (414, 431, 400 before the app) answer problem+json (servicekit.gunicorn_worker)
worker_class = "servicekit.gunicorn_worker.ProblemJsonThreadWorker"
threads = _settings.web_threads
timeout = 30
graceful_timeout = 10
keepalive = 5
accesslog = None
errorlog = "-"
max_requests = 5000
max_requests_jitter = 500


def bind_for(service: str) -> str:
    settings = Settings.from_env(service)
    return f"{settings.bind_host}:{settings.port}"


def on_starting(server):
    """In the master before any worker forks: the web processes' multiprocess metrics directory (the only
    processes that use one; servicekit.metrics.multiproc). ``preload_app`` stays off: a preloaded app would
    import prometheus-client in the master before this hook."""
    wipe_multiproc_dir(server)


__all__ = ["workers", "worker_class", "threads", "timeout", "graceful_timeout", "keepalive", "accesslog",
           "errorlog", "max_requests", "max_requests_jitter", "on_starting", "child_exit", "bind_for"]
