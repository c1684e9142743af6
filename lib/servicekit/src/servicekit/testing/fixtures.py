"""pytest plugin (loaded by the root conftest): servers, tokens and apps for every test suite.

Under ``CI=true`` a missing PostgreSQL or RabbitMQ fails the test; elsewhere it skips with the reason.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import uuid
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get("AKTIV_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
AMQP_HOST = os.environ.get("AKTIV_TEST_AMQP_HOST", "127.0.0.1")
AMQP_PORT = int(os.environ.get("AKTIV_TEST_AMQP_PORT", "5672"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_server(name: str, host: str, port: int) -> None:
    if _port_open(host, port):
        return
    message = f"{name} is not answering on {host}:{port}"
    if IN_CI:
        pytest.fail(message + " (CI=true: real-server suites must run, never skip)")
    pytest.skip(message)


# -- PostgreSQL ------------------------------------------------------------------------------------------
def _pg_admin():
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


@pytest.fixture
def postgres_db_factory():
    """``make_db()`` → URL of a fresh, empty PostgreSQL database; all are dropped afterwards.
    One database per service, as in production."""
    require_server("PostgreSQL", "127.0.0.1", 5432)
    names: list[str] = []
    base = PG_ADMIN_URL.rsplit("/", 1)[0]

    def make_db() -> str:
        name = f"aktiv_t_{uuid.uuid4().hex[:12]}"
        with _pg_admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        names.append(name)
        return f"{base}/{name}"

    yield make_db
    with _pg_admin() as conn:
        for name in names:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def postgres_url(postgres_db_factory):
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    return postgres_db_factory()


# -- RabbitMQ --------------------------------------------------------------------------------------------
def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def amqp_vhost():
    """A private RabbitMQ vhost for this test session, so tests never touch each other's queues."""
    require_server("RabbitMQ", AMQP_HOST, AMQP_PORT)
    vhost = f"aktiv-test-{uuid.uuid4().hex[:8]}"
    _rabbitmqctl("add_vhost", vhost)
    _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    yield vhost
    with contextlib.suppress(Exception):
        _rabbitmqctl("delete_vhost", vhost)


@pytest.fixture
def amqp_url(amqp_vhost):
    require_server("RabbitMQ", AMQP_HOST, AMQP_PORT)
    return f"amqp://guest:guest@{AMQP_HOST}:{AMQP_PORT}/{amqp_vhost}"


def purge_vhost_queues(amqp_url: str, names) -> None:
    from kombu import Connection

    with Connection(amqp_url) as conn:
        ch = conn.channel()
        for name in names:
            try:
                ch.queue_delete(name)
            except Exception:  # noqa: BLE001
                ch = conn.channel()


# -- tokens ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def keypair(tmp_path_factory):
    from servicekit.auth.tokens import generate_keypair

    directory = tmp_path_factory.mktemp("keys")
    private, public = directory / "jwt.pem", directory / "jwt.pub.pem"
    generate_keypair(private, public)
    return private, public


@pytest.fixture(scope="session")
def issuer(keypair):
    from servicekit.auth.tokens import TokenIssuer

    return TokenIssuer(keypair[0].read_bytes(), "aktiv-gateway", "aktiv-services", 300)


@pytest.fixture(scope="session")
def auth_header(issuer):
    """``auth_header("finance.clerk", user="anna")`` → {"Authorization": "Bearer ..."}."""

    def make(*roles: str, user: str = "tester", name: str = "") -> dict:
        return {"Authorization": "Bearer " + issuer.issue(user, list(roles), name=name or user)}

    return make


# -- settings and apps -----------------------------------------------------------------------------------
@pytest.fixture
def settings_for(tmp_path, keypair):
    from servicekit.config import Settings

    def make(service: str, **overrides):
        env = {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(tmp_path / "var"),
               "AKTIV_JWT_PUBLIC_KEY_FILE": str(keypair[1]), "AKTIV_JWT_PRIVATE_KEY_FILE": str(keypair[0]),
               "AKTIV_LOG_JSON": "false"}
        return Settings.from_env(service, env, **overrides)

    return make


@pytest.fixture
def make_runtime(settings_for):
    """Build a Runtime for a ServiceSpec with tables created (SQLite file unless database_url given)."""
    from servicekit.runtime import Runtime

    created = []

    def make(spec, *, migrate: bool = False, **overrides):
        runtime = Runtime(spec, settings_for(spec.name, **overrides))
        if migrate:
            runtime.migrate()
        else:
            runtime.create_all()
        created.append(runtime)
        return runtime

    yield make
    for runtime in created:
        runtime.engine.dispose()


@pytest.fixture
def make_client(make_runtime):
    """``client, runtime = make_client(SPEC)``: a Flask test client on a fresh database."""
    from servicekit.web.app import create_service_app

    def make(spec, *, csrf: bool = True, **overrides):
        runtime = make_runtime(spec, **overrides)
        app = create_service_app(spec, runtime=runtime)
        app.config["WTF_CSRF_ENABLED"] = csrf
        return app.test_client(), runtime

    return make


class ThreadedWorker:
    """Consumer and relay of one runtime in background threads (for integration tests)."""

    def __init__(self, runtime) -> None:
        from servicekit.worker import build

        self.stop = threading.Event()
        self.consumer, self.relay = build(runtime, self.stop)
        self.threads = []

    def __enter__(self):
        for target in (self.relay.run, self.consumer.run):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self.threads.append(t)
        if self.consumer.handlers:
            assert self.consumer.ready.wait(20), "consumer did not start"
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=10)


@pytest.fixture
def threaded_worker():
    return ThreadedWorker


def repo_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "uv.lock").exists():
            return parent
    return Path.cwd()
