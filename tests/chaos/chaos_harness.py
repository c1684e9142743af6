"""Processes, faults and counts for the chaos suite. Everything runs on loopback against the machine's
PostgreSQL and RabbitMQ; the broker is only ever reached through a TcpProxy the test can cut."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
AMQP = ("127.0.0.1", 5672)
PG_ADMIN_URL = os.environ.get("AKTIV_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@contextlib.contextmanager
def private_vhost():
    vhost = f"aktiv-chaos-{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    try:
        yield vhost
    finally:
        with contextlib.suppress(Exception):
            rabbitmqctl("delete_vhost", vhost)


class Worker:
    """One ``python -m servicekit.cli <service> worker`` process that can be SIGKILLed and restarted."""

    def __init__(self, service: str, database_url: str, broker_url: str, var_dir: Path, **extra: str) -> None:
        self.service = service
        svc = service.upper()
        self.metrics_port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
        env.update({
            "AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(var_dir), "AKTIV_BROKER_URL": broker_url,
            f"AKTIV_{svc}_DATABASE_URL": database_url, f"AKTIV_{svc}_METRICS_PORT": str(self.metrics_port),
            "AKTIV_LOG_JSON": "false", "AKTIV_LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH", "")) if p),
        })
        env.update(extra)
        self.env = env
        self.log = var_dir / f"{service}.log"
        self.proc: subprocess.Popen | None = None
        self.kills = 0
        self.harvested: dict[str, float] = {}

    def start(self) -> Worker:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "servicekit.cli", self.service, "worker"],
                                         env=self.env, stdout=log, stderr=subprocess.STDOUT)
        return self

    def harvest(self, *series: tuple[str, dict]) -> None:
        """Add this incarnation's counters to ``harvested`` (they restart at 0 with every process)."""
        for name, labels in series:
            key = name + "".join(f",{k}={v}" for k, v in sorted(labels.items()))
            with contextlib.suppress(OSError, ValueError):
                self.harvested[key] = self.harvested.get(key, 0.0) + self.metric(name, **labels)

    def kill(self, before=()) -> None:
        """SIGKILL: no cleanup, unacked deliveries and open transactions die with the process."""
        assert self.proc is not None and self.proc.poll() is None, f"{self.service} worker died on its own"
        self.harvest(*before)
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.kills += 1

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def metric(self, name: str, **labels: str) -> float:
        """Sum of a counter's samples on this worker's /metrics (since its last start)."""
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as response:
            text = response.read().decode()
        total = 0.0
        for line in text.splitlines():
            if not line.startswith(name + "{"):
                continue
            if all(f'{k}="{v}"' in line for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""


def terminate_backends(database_urls: list[str]) -> int:
    """pg_terminate_backend on every connection to the given databases; returns how many were cut."""
    names = [url.rsplit("/", 1)[1] for url in database_urls]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = ANY(%s) AND pid <> pg_backend_pid()", (names,)).fetchall()
    return sum(1 for (ok,) in rows if ok)


def queue_depth(vhost: str, queue: str) -> int | None:
    """Messages in a queue, asked of the real broker (not through the proxy)."""
    import pika

    params = pika.URLParameters(f"amqp://guest:guest@{AMQP[0]}:{AMQP[1]}/{vhost}")
    with contextlib.closing(pika.BlockingConnection(params)) as conn:
        try:
            return conn.channel().queue_declare(queue, passive=True).method.message_count
        except pika.exceptions.ChannelClosedByBroker:
            return None


def scalar(database_url: str, sql: str, *params) -> int:
    with psycopg.connect(database_url, autocommit=True) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


@dataclass
class Faults:
    """What the run did to the system, for the report."""

    broker_cuts: int = 0
    broker_outage_seconds: float = 0.0
    kills: dict[str, int] = field(default_factory=dict)
    pg_terminated: int = 0
    log: list[str] = field(default_factory=list)

    def note(self, started: float, what: str) -> None:
        self.log.append(f"{time.monotonic() - started:6.1f}s {what}")


def report(name: str, result: dict) -> None:
    """Print the numbers (``-s`` shows them) and append them to ``$AKTIV_CHAOS_REPORT`` if set."""
    line = json.dumps({"run": name, **result}, ensure_ascii=False, default=str)
    print(line)
    target = os.environ.get("AKTIV_CHAOS_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def require_servers() -> None:
    from servicekit.testing.fixtures import require_server

    require_server("PostgreSQL", "127.0.0.1", 5432)
    require_server("RabbitMQ", *AMQP)


def full_run() -> bool:
    return os.environ.get("AKTIV_CHAOS_FULL", "") == "1"

