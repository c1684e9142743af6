"""Issue #15, blocker 3: on a first install the migration Jobs must not run before, nor give up during, the
creation of the PostgreSQL cluster, its databases, RabbitMQ and its users – with Argo CD (sync waves) and with
`kubectl apply` (an init container that waits, bounded and logged, and a deadline that leaves room for it)."""

from __future__ import annotations

import pytest
from k8s_docs import OVERLAYS, by_kind

OPERATOR_KINDS = {"Cluster", "Pooler", "Database", "ObjectStore", "RabbitmqCluster", "Vhost", "User", "Permission",
                  "Queue", "Exchange", "Binding", "Policy"}
MIGRATION_MINUTES = 5  # what the migration itself may take after the wait


def wave(doc: dict) -> int:
    return int(doc["metadata"].get("annotations", {}).get("argocd.argoproj.io/sync-wave", "0"))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_argo_cd_creates_the_operators_resources_before_the_migrations_and_those_before_the_rollout(rendered,
                                                                                                     overlay):
    docs = rendered[overlay]
    jobs = by_kind(docs, "Job")
    assert jobs
    operator = [d for d in docs if d["kind"] in OPERATOR_KINDS]
    assert {d["kind"] for d in operator} >= {"Cluster", "Database", "RabbitmqCluster", "User", "Vhost"}
    plain = [d for d in docs if d["kind"] in {"ConfigMap", "Service", "ServiceAccount"}]
    for job in jobs:
        annotations = job["metadata"]["annotations"]
        # a PreSync hook runs before any resource of the Sync phase exists, the operators' CRs included
        assert annotations["argocd.argoproj.io/hook"] == "Sync", job["metadata"]["name"]
        assert annotations["argocd.argoproj.io/hook-delete-policy"] == "BeforeHookCreation"
        late = [f"{d['kind']}/{d['metadata']['name']}" for d in operator + plain if wave(d) >= wave(job)]
        assert not late, f"{job['metadata']['name']} (wave {wave(job)}) runs before {late}"
    for deployment in by_kind(docs, "Deployment"):
        if deployment["metadata"]["labels"]["app.kubernetes.io/component"] in {"web", "worker"}:
            assert wave(deployment) > max(wave(j) for j in jobs), deployment["metadata"]["name"]
        else:  # Redis: before the gateway that uses it
            assert wave(deployment) < max(wave(j) for j in jobs), deployment["metadata"]["name"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migration_jobs_wait_for_database_and_broker_within_their_deadline(rendered, overlay):
    for job in by_kind(rendered[overlay], "Job"):
        name = job["metadata"]["name"]
        spec = job["spec"]
        pod = spec["template"]["spec"]
        (wait,) = pod["initContainers"]
        command = wait["command"]
        assert command[:3] == ["python", "-m", "servicekit.cli"] and command[-1] == "wait", name
        timeout = int(command[command.index("--timeout") + 1])
        assert timeout >= 300, f"{name}: a fresh CloudNativePG cluster may need minutes"
        assert spec["activeDeadlineSeconds"] >= timeout + MIGRATION_MINUTES * 60, name
        assert spec["backoffLimit"] >= 2, name
        main = pod["containers"][0]
        refs = lambda c: {e["name"]: e.get("valueFrom") for e in c["env"]  # noqa: E731
                          if e["name"] in {"AKTIV_DATABASE_URL", "AKTIV_BROKER_URL"}}
        assert refs(wait) == refs(main) and len(refs(main)) == 2, f"{name}: waits for other servers than it uses"
        assert wait["envFrom"] == main["envFrom"]
