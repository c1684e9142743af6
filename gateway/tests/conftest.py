"""Gateway test fixtures: a fake upstream on a free port and a gateway app wired to it."""

from __future__ import annotations

import socket

import pytest

from servicekit.config import SERVICES


@pytest.fixture
def fake():
    from .fake_upstream import FakeUpstream

    with FakeUpstream() as server:
        yield server


@pytest.fixture
def blackhole():
    """A port that accepts connections (backlog) but never answers: the upstream hangs."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.fixture
def make_gateway(tmp_path, keypair):
    from gateway.app import create_app
    from gateway.bootstrap import SPEC
    from servicekit.config import Settings
    from servicekit.runtime import Runtime

    runtimes = []

    def make(upstream: str | dict[str, str], *, csrf: bool = True, env: dict | None = None):
        urls = upstream if isinstance(upstream, dict) else dict.fromkeys(SERVICES, upstream)
        environ = {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(tmp_path / "var"),
                   "AKTIV_JWT_PUBLIC_KEY_FILE": str(keypair[1]), "AKTIV_JWT_PRIVATE_KEY_FILE": str(keypair[0]),
                   "AKTIV_LOG_JSON": "false", "AKTIV_GATEWAY_TIMEOUT_API": "1.5",
                   "AKTIV_GATEWAY_TIMEOUT_PUBLIC": "1.0",
                   **{f"AKTIV_{s.upper()}_URL": u for s, u in urls.items()}, **(env or {})}
        runtime = Runtime(SPEC, Settings.from_env("gateway", environ))
        runtime.create_all()
        runtimes.append(runtime)
        app = create_app(runtime=runtime)
        app.config["WTF_CSRF_ENABLED"] = csrf
        app.testing = True
        return app

    yield make
    for runtime in runtimes:
        runtime.engine.dispose()
