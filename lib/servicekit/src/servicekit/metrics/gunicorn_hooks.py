"""Gunicorn hooks for prometheus multiprocess mode: wipe the directory at start, mark dead children."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def wipe_multiproc_dir() -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    path = Path(directory)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:  # gunicorn signature
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
