"""Gunicorn hooks for prometheus multiprocess mode, run in gunicorn's master before any worker forks:
claim and create the web processes' directory (wiped at start), mark dead children.

The directory is ``PROMETHEUS_MULTIPROC_DIR`` if the environment names one (the web manifests: an emptyDir; the
Procfile: ``var/metrics/<service>``), else ``<AKTIV_VAR_DIR>/metrics/<service>-web``. If it cannot be created
(a read-only root without a mount there), a fresh directory under the temporary directory is used, with one
warning line. Only processes forked from this master see the claim (``servicekit.metrics.multiproc``)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from servicekit.metrics.multiproc import CLAIM, ENV

log = logging.getLogger(__name__)


def _service_of(server) -> str:
    """``newsletter`` for ``newsletter.wsgi:app`` (the app gunicorn runs); ``web`` if unknown."""
    app = getattr(server, "app", None)
    uri = getattr(app, "app_uri", None) or getattr(getattr(server, "cfg", None), "wsgi_app", None) or ""
    return uri.split(":", 1)[0].split(".", 1)[0] or "web"


def default_dir(service: str) -> Path:
    from servicekit.config import Settings

    return Settings.from_env(service, validate=False).var_dir / "metrics" / f"{service}-web"


def _fresh(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)


def claim_multiproc_dir(service: str) -> Path:
    """Create the directory empty and export it (``PROMETHEUS_MULTIPROC_DIR`` and the claim) to the workers."""
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    path = (Path(configured) if configured else default_dir(service)).absolute()
    try:
        _fresh(path)
    except OSError as exc:
        fallback = Path(tempfile.mkdtemp(prefix=f"aktiv-metrics-{service}-web-"))
        log.warning("multiprocess metrics: cannot create %s (%s), using %s", path, exc, fallback)
        path = fallback
    os.environ[ENV] = str(path)
    os.environ[CLAIM] = str(path)
    return path


def wipe_multiproc_dir(server=None) -> None:
    """gunicorn ``on_starting``: a fresh directory, so counters of an earlier run do not add up."""
    claim_multiproc_dir(_service_of(server))


def child_exit(server, worker) -> None:  # gunicorn signature
    if os.environ.get(CLAIM):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
