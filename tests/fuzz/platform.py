"""The four services as real HTTP servers (werkzeug, threaded, free localhost ports, fresh SQLite each) and the
gateway app wired to them, all in this test process. Cheaper than subprocesses on a 2-core machine, and the
gateway's proxy and public site still talk HTTP to the services exactly as in production.

There is no worker: events are not consumed, so read models fed by other services stay empty."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.serving import make_server

from servicekit.config import SERVICES


@dataclass
class Platform:
    var_dir: Path
    keypair: tuple[Path, Path]
    services: dict = field(default_factory=dict)   # name → Flask app
    runtimes: dict = field(default_factory=dict)   # name → Runtime
    urls: dict = field(default_factory=dict)       # name → base URL
    servers: list = field(default_factory=list)
    gateway = None

    def env(self, **extra) -> dict[str, str]:
        return {"AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(self.var_dir),
                "AKTIV_JWT_PUBLIC_KEY_FILE": str(self.keypair[1]),
                "AKTIV_JWT_PRIVATE_KEY_FILE": str(self.keypair[0]), "AKTIV_LOG_JSON": "false",
                "AKTIV_LOG_LEVEL": "WARNING", "AKTIV_GATEWAY_PAGE_TTL": "0", "AKTIV_GATEWAY_DATA_TTL": "0",
                **{f"AKTIV_{s.upper()}_URL": u for s, u in self.urls.items()}, **extra}

    def start(self, gateway_env: dict | None = None) -> Platform:
        from servicekit.cli import load_spec
        from servicekit.config import Settings
        from servicekit.runtime import Runtime
        from servicekit.web.app import create_service_app

        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        for name in SERVICES:
            spec = load_spec(name)
            runtime = Runtime(spec, Settings.from_env(name, self.env()))
            runtime.create_all()
            app = create_service_app(spec, runtime=runtime)
            server = make_server("127.0.0.1", 0, app, threaded=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
            self.services[name], self.runtimes[name] = app, runtime
            self.urls[name] = f"http://127.0.0.1:{server.server_port}"
        self.gateway = self.make_gateway(**(gateway_env or {}))
        return self

    def make_gateway(self, **env):
        from gateway.app import create_app
        from gateway.bootstrap import SPEC
        from servicekit.config import Settings
        from servicekit.runtime import Runtime

        runtime = Runtime(SPEC, Settings.from_env("gateway", self.env(**env)))
        runtime.create_all()
        self.runtimes.setdefault("gateway", runtime)
        app = create_app(runtime=runtime)
        app.testing = True
        return app

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()
        for runtime in self.runtimes.values():
            runtime.engine.dispose()
