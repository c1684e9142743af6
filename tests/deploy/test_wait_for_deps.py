"""Issue #15, blocker 3: the migration Jobs' init container waits, bounded and logged, for the database and the
broker – run here against this machine's PostgreSQL and RabbitMQ, and against addresses where nothing listens."""

from __future__ import annotations

import os
import subprocess
import sys

from k8s_docs import ROOT

BASE_ENV = {"AKTIV_ENV": "development", "AKTIV_VAR_DIR": "/tmp/aktiv-wait-test"}  # noqa: S108


def run(service: str, database: str, broker: str, timeout: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AKTIV_")}
    env.update(BASE_ENV, AKTIV_DATABASE_URL=database, AKTIV_BROKER_URL=broker)
    return subprocess.run([sys.executable, "-m", "servicekit.cli", "--timeout", timeout, service, "wait"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_returns_at_once_when_database_and_broker_answer():
    result = run("finance", "postgresql://postgres@127.0.0.1:5432/postgres", "amqp://guest:guest@127.0.0.1:5672//",
                 "30")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "finance: Datenbank erreichbar" in result.stdout and "finance: Broker erreichbar" in result.stdout


def test_gives_up_after_its_timeout_and_says_what_is_missing():
    # port 9 (discard) on loopback: nothing listens, the connection is refused at once
    result = run("finance", "postgresql://postgres@127.0.0.1:9/postgres", "amqp://guest:guest@127.0.0.1:5672//", "3")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # every attempt but the last says what it waits for (how many fit into 3 s depends on the machine)
    assert all("warte auf Datenbank" in line for line in lines[:-1] if "erreichbar (" not in line), result.stdout
    assert "finance: Broker erreichbar" in result.stdout  # the broker is there and is not asked again
    assert "nach 3 s nicht erreichbar, gebe auf" in lines[-1] and "Datenbank: OperationalError" in lines[-1]
    assert "password" not in result.stdout.lower()


def test_the_gateway_waits_for_its_database_only():
    result = run("gateway", "postgresql://postgres@127.0.0.1:5432/postgres", "amqp://guest:guest@127.0.0.1:9//", "5")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Broker" not in result.stdout
