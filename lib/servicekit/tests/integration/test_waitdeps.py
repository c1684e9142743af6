"""The migration Jobs' init container (``servicekit.cli --timeout … <service> wait``) against the real PostgreSQL and
RabbitMQ: done at once when both answer, and a bounded, logged give-up (German, rc 1) when one never does."""

from __future__ import annotations

import socket
import subprocess
import sys

from servicekit.config import Settings
from servicekit.waitdeps import wait_for_dependencies


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settings(database_url: str, broker_url: str, tmp_path) -> Settings:
    return Settings.from_env("programmes", {"AKTIV_PROGRAMMES_DATABASE_URL": database_url,
                                            "AKTIV_BROKER_URL": broker_url, "AKTIV_VAR_DIR": str(tmp_path)},
                             validate=False)


def test_wait_returns_as_soon_as_database_and_broker_answer(postgres_url, amqp_url, tmp_path):
    lines: list[str] = []
    assert wait_for_dependencies(settings(postgres_url, amqp_url, tmp_path), broker=True, timeout=30, say=lines.append)
    assert lines == ["programmes: Datenbank erreichbar (Versuch 1)", "programmes: Broker erreichbar (Versuch 1)"]


def test_wait_gives_up_after_its_timeout_and_says_what_is_missing(postgres_url, tmp_path):
    broker = f"amqp://guest:guest@127.0.0.1:{closed_port()}//"  # refused; kombu itself retries ~2 s per attempt
    lines: list[str] = []
    assert not wait_for_dependencies(settings(postgres_url, broker, tmp_path), broker=True, timeout=8,
                                     interval=0.5, say=lines.append)
    assert lines[0] == "programmes: Datenbank erreichbar (Versuch 1)"
    assert any(line.startswith("programmes: warte auf Broker (Versuch 1") for line in lines)
    assert lines[-1].startswith("programmes: nach 8 s nicht erreichbar, gebe auf – Broker: ")


def test_the_cli_command_exits_1_when_the_database_never_answers(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "AKTIV_ENV": "development", "AKTIV_VAR_DIR": str(tmp_path),
           "AKTIV_PROGRAMMES_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/none"}
    result = subprocess.run([sys.executable, "-m", "servicekit.cli", "--timeout", "1", "programmes", "wait"],
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "warte auf Datenbank" in result.stdout and "gebe auf" in result.stdout
