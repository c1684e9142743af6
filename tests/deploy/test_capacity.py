"""Issue #15, blocker 5: PostgreSQL connections sized from the HPA maxima, computed from the rendered prod overlay.

Clients: every app process may hold a full SQLAlchemy pool (servicekit.db.engine.make_engine: pool_size plus
the same overflow). Web pods run AKTIV_WEB_WORKERS gunicorn processes, workers and migration Jobs one.
All of them connect through PgBouncer, which opens at most default_pool_size server connections per
database/user pair and pod."""

from __future__ import annotations

import inspect

from k8s_docs import by_kind, named

from servicekit.db.engine import make_engine

APPS = ("gateway", "programmes", "finance", "participation", "newsletter")
RESERVE = 30  # replication (2 replicas), the operator, the exporter, superuser_reserved_connections, a psql


def per_process() -> int:
    pool = inspect.signature(make_engine).parameters["pool_size"].default
    assert "max_overflow=pool_size" in inspect.getsource(make_engine)
    return 2 * pool


def max_pods(docs, deployment: str) -> int:
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in by_kind(docs, "HorizontalPodAutoscaler")}
    if deployment in hpas:
        return hpas[deployment]["spec"]["maxReplicas"]
    return named(docs, "Deployment", deployment)["spec"]["replicas"]


def client_connections(docs) -> int:
    total = 0
    for app in APPS:
        processes = int(named(docs, "ConfigMap", f"{app}-config")["data"]["AKTIV_WEB_WORKERS"])
        total += max_pods(docs, f"{app}-web") * processes * per_process()
        if any(d["metadata"]["name"] == f"{app}-worker" for d in by_kind(docs, "Deployment")):
            total += max_pods(docs, f"{app}-worker") * per_process()
        total += named(docs, "Job", f"{app}-migrate")["spec"].get("parallelism", 1) * per_process()
    return total


def test_pooler_and_max_connections_fit_the_hpa_maxima(prod):
    pooler = named(prod, "Pooler", "aktiv-postgres-pooler-rw")["spec"]
    cluster = named(prod, "Cluster", "aktiv-postgres")["spec"]
    params = pooler["pgbouncer"]["parameters"]
    assert pooler["pgbouncer"]["poolMode"] == "transaction" and pooler["cluster"]["name"] == "aktiv-postgres"
    clients = client_connections(prod)
    assert clients == 890  # 6 web × 2 × 10 × 5 apps + 6 workers × 10 × 4 + 5 Jobs × 10, as docs/operations.md says
    # the Service may send every client to one PgBouncer pod
    assert clients <= int(params["max_client_conn"]), clients
    pairs = len(by_kind(prod, "Database"))
    server = pooler["instances"] * int(params["default_pool_size"]) * pairs
    assert server + RESERVE <= int(cluster["postgresql"]["parameters"]["max_connections"]), server
    for role in cluster["managed"]["roles"]:
        assert pooler["instances"] * int(params["default_pool_size"]) <= role["connectionLimit"], role["name"]
    # without the pooler the clients would not fit: the pooler is needed, not decoration
    assert clients > int(cluster["postgresql"]["parameters"]["max_connections"])


def test_the_pooler_survives_a_drain_in_prod(prod):
    pooler = named(prod, "Pooler", "aktiv-postgres-pooler-rw")
    assert pooler["spec"]["instances"] >= 2
    pdbs = [p for p in by_kind(prod, "PodDisruptionBudget")
            if p["spec"]["selector"]["matchLabels"] == {"cnpg.io/poolerName": pooler["metadata"]["name"]}]
    assert len(pdbs) == 1 and pdbs[0]["spec"]["maxUnavailable"] == 1
