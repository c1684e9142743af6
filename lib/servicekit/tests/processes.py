"""Starting the probe consumer as a real OS process for the cross-process tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

WORKER = Path(__file__).resolve().parent / "probe_worker.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_probe_worker(prefix: str, settings, log_path: Path) -> subprocess.Popen:
    svc = f"{prefix}beta".upper()
    env = {**os.environ, "AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(settings.var_dir),
           f"AKTIV_{svc}_DATABASE_URL": settings.database_url, "AKTIV_BROKER_URL": settings.broker_url,
           f"AKTIV_{svc}_METRICS_PORT": str(free_port()), "AKTIV_LOG_JSON": "false",
           "AKTIV_DELIVERY_LIMIT": str(settings.delivery_limit), "AKTIV_PREFETCH": "20",
           "AKTIV_JWT_PUBLIC_KEY_FILE": settings.jwt_public_key_file}
    return subprocess.Popen([sys.executable, str(WORKER), prefix], env=env, stdout=log_path.open("ab"),
                            stderr=subprocess.STDOUT)
