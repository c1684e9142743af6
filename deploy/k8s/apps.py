"""The one table the Kubernetes manifests are generated from (see generate.py).

Ports, processes and settings come from servicekit, so the manifests cannot drift from the code:
tests/deploy/test_consistency.py checks the rendered result against Settings, the Flask apps and the
broker topology.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from servicekit.config import PORTS, SERVICES

PART_OF = "kaufbeuren-aktiv"
VERSION = "0.1.0"
IMAGE_REPO = "kaufbeuren-aktiv"
RABBITMQ_CLUSTER = "aktiv-rabbitmq"
RABBITMQ_VHOST = "aktiv"
POSTGRES_CLUSTER = "aktiv-postgres"
DELIVERY_LIMIT = 5  # AKTIV_DELIVERY_LIMIT in every ConfigMap and x-delivery-limit of every inbox
UID = 10001
JWT_DIR = "/etc/aktiv/jwt"
VAR_DIR = "/var/lib/aktiv"
METRICS_DIR = "/var/run/aktiv/metrics"


@dataclass(frozen=True)
class App:
    name: str
    source_dir: str
    worker: bool = True
    smtp: bool = False
    public_key: bool = True
    private_key: bool = False
    upstreams: bool = False
    redis: bool = False
    web_requests: dict = field(default_factory=lambda: {"cpu": "250m", "memory": "256Mi"})
    web_limits: dict = field(default_factory=lambda: {"cpu": "1", "memory": "512Mi"})
    worker_requests: dict = field(default_factory=lambda: {"cpu": "50m", "memory": "192Mi"})
    worker_limits: dict = field(default_factory=lambda: {"cpu": "500m", "memory": "384Mi"})

    @property
    def port(self) -> int:
        return PORTS[self.name]

    @property
    def metrics_port(self) -> int:
        """servicekit.worker serves the worker's /metrics on the service port + 100."""
        return self.port + 100

    @property
    def image(self) -> str:
        return f"{IMAGE_REPO}/{self.name}:{VERSION}"

    @property
    def gunicorn_conf(self) -> str:
        return f"/app/{self.source_dir}/gunicorn.conf.py"

    @property
    def wsgi(self) -> str:
        return f"{self.name}.wsgi:app"


APPS: dict[str, App] = {
    "gateway": App("gateway", "gateway", worker=False, public_key=True, private_key=True, upstreams=True,
                   redis=True),
    **{name: App(name, f"services/{name}", smtp=name == "newsletter") for name in SERVICES},
}
