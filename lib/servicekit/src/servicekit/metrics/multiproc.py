"""Which process uses prometheus-client's multiprocess mode: only gunicorn's web processes, in the directory the
kit's gunicorn configuration claimed and created (``gunicorn_hooks.on_starting`` in the master, before the
workers fork). Every other process (workers, ``servicekit.cli`` commands, migration Jobs, tests) uses the
ordinary single-process registry.

A ``PROMETHEUS_MULTIPROC_DIR`` such a process inherits from its environment (an image used to set it for every
container) is dropped from the process's environment with one warning line; it is never created, so a worker
never writes files nobody reads, and a missing directory never crashes it (prometheus-client would raise
``FileNotFoundError`` on the first metric). This module imports nothing from prometheus-client; ``settle()``
runs before prometheus-client is first imported (top of ``servicekit.metrics.registry``)."""

from __future__ import annotations

import logging
import os
import sys

ENV = "PROMETHEUS_MULTIPROC_DIR"
LEGACY_ENV = "prometheus_multiproc_dir"
# Set only by the kit's gunicorn hook, next to ENV: "this directory is the one gunicorn's master created".
CLAIM = "AKTIV_METRICS_MULTIPROC_DIR"

log = logging.getLogger(__name__)


def claimed_dir() -> str | None:
    """The multiprocess directory of this process, if gunicorn's master claimed the one in the environment."""
    directory = os.environ.get(ENV)
    claim = os.environ.get(CLAIM)
    if directory and claim and os.path.abspath(directory) == os.path.abspath(claim):
        return directory
    return None


def settle() -> str | None:
    """Decide once for this process (idempotent): the claimed directory, or single-process mode."""
    directory = claimed_dir()
    if directory:
        return directory
    inherited = os.environ.pop(ENV, None) or os.environ.pop(LEGACY_ENV, None)
    os.environ.pop(LEGACY_ENV, None)
    if inherited:
        log.warning("%s=%s ignored: only gunicorn's web processes use multiprocess metrics (this process uses "
                    "the single-process registry)", ENV, inherited)
        values = sys.modules.get("prometheus_client.values")
        if values is not None:  # imported before the kit: metrics created from now on are single-process
            values.ValueClass = values.MutexValue
    return None
