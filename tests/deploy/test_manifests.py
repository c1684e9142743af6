"""The overlays render, validate against Kubernetes and the operators' CRD schemas, and keep the rules the
issue sets for every workload (hardening, probes, resources, labels, HA, no secret values)."""

from __future__ import annotations

import copy
import subprocess
import sys

import jsonschema
import kubernetes_validate
import pytest
from k8s_docs import K8S, OVERLAYS, ROOT, by_kind, containers, named, pod_templates

SIX_LABELS = ("name", "instance", "version", "component", "part-of", "managed-by")
CORE_GROUPS = {"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1"}
K8S_VERSION = "1.30.0"
APPS = ("gateway", "programmes", "finance", "participation", "newsletter")
SERVICES = APPS[1:]


def test_generated_manifests_are_up_to_date():
    result = subprocess.run([sys.executable, str(K8S / "generate.py"), "--check"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, (
        "deploy/k8s is out of date with apps.py or a service's subscribers; run "
        "`.venv/bin/python deploy/k8s/generate.py` and commit the result:\n" + result.stdout + result.stderr)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_everything_into_its_own_namespace(rendered, overlay):
    docs = rendered[overlay]
    namespace = {"dev": "aktiv-dev", "prod": "aktiv"}[overlay]
    assert named(docs, "Namespace", namespace)
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == namespace, doc["metadata"]["name"]
    for app in APPS:
        assert named(docs, "Deployment", f"{app}-web")
        assert named(docs, "Job", f"{app}-migrate")
        assert named(docs, "Service", app)
        assert named(docs, "ServiceAccount", app)
        assert named(docs, "ConfigMap", f"{app}-config")
    for service in SERVICES:
        assert named(docs, "Deployment", f"{service}-worker")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_and_pod_carries_the_six_recommended_labels(rendered, overlay):
    for doc in rendered[overlay]:
        labels = doc["metadata"].get("labels", {})
        missing = [k for k in SIX_LABELS if f"app.kubernetes.io/{k}" not in labels]
        assert not missing, f"{doc['kind']}/{doc['metadata']['name']} lacks {missing}"
    for owner, _spec, meta in pod_templates(rendered[overlay]):
        missing = [k for k in SIX_LABELS if f"app.kubernetes.io/{k}" not in meta.get("labels", {})]
        assert not missing, f"pods of {owner['kind']}/{owner['metadata']['name']} lack {missing}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_core_kinds_pass_strict_kubernetes_validation(rendered, overlay):
    core = [d for d in rendered[overlay] if d["apiVersion"] in CORE_GROUPS]
    assert len(core) > 50
    for doc in core:
        try:
            kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{doc['kind']}/{doc['metadata']['name']}: {exc.message} at {list(exc.path)}")


def strict(schema: dict) -> dict:
    """Like the API server's strict field validation: unknown fields are errors unless the schema says
    x-kubernetes-preserve-unknown-fields or gives additionalProperties itself."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if ("properties" in node and "additionalProperties" not in node
                    and not node.get("x-kubernetes-preserve-unknown-fields")):
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    if "metadata" in schema.get("properties", {}):
        schema["properties"]["metadata"] = {"type": "object"}
    return schema


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_custom_resources_match_their_operators_crd_schemas(rendered, crd_schemas, overlay):
    custom = [d for d in rendered[overlay] if d["apiVersion"] not in CORE_GROUPS]
    kinds = {d["kind"] for d in custom}
    assert {"RabbitmqCluster", "Queue", "Exchange", "Binding", "Policy", "User", "Permission", "Vhost", "Cluster",
            "Database", "ScheduledBackup", "ServiceMonitor", "PodMonitor", "PrometheusRule"} <= kinds
    for doc in custom:
        group, version = doc["apiVersion"].split("/")
        schema = crd_schemas.get((group, version, doc["kind"]))
        assert schema is not None, f"no CRD schema for {doc['apiVersion']} {doc['kind']}"
        errors = sorted(jsonschema.Draft7Validator(strict(schema)).iter_errors(doc), key=str)
        assert not errors, f"{doc['kind']}/{doc['metadata']['name']}: " + "; ".join(
            f"{e.message} at {list(e.absolute_path)}" for e in errors[:5])


def test_strict_crd_validation_rejects_a_misspelt_field(crd_schemas):
    queue = {"apiVersion": "rabbitmq.com/v1beta1", "kind": "Queue", "metadata": {"name": "x"},
             "spec": {"name": "x", "type": "quorum", "rabbitmqClusterReference": {"name": "c"}, "durabel": True}}
    schema = strict(crd_schemas[("rabbitmq.com", "v1beta1", "Queue")])
    assert any("durabel" in e.message for e in jsonschema.Draft7Validator(schema).iter_errors(queue))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_is_hardened_and_bounded(rendered, overlay):
    for owner, spec, _meta in pod_templates(rendered[overlay]):
        where = f"{owner['kind']}/{owner['metadata']['name']}"
        assert spec["securityContext"]["runAsNonRoot"] is True, where
        assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", where
        assert spec["automountServiceAccountToken"] is False, where
        mounted_empty = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
        for c in containers(spec):
            sc = c["securityContext"]
            assert sc["runAsNonRoot"] is True and sc["readOnlyRootFilesystem"] is True, where
            assert sc["allowPrivilegeEscalation"] is False and sc["capabilities"]["drop"] == ["ALL"], where
            assert sc["seccompProfile"]["type"] == "RuntimeDefault", where
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(c["resources"][kind]), f"{where}: {kind}"
            mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
            assert mounts["/tmp"] in mounted_empty, where
            if _meta["labels"]["app.kubernetes.io/name"] in APPS:
                assert mounts["/var/run/aktiv/metrics"] in mounted_empty, where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_deployments_have_probes_spread_disruption_budget_and_autoscaling(rendered, overlay):
    docs = rendered[overlay]
    pdbs = {tuple(sorted(p["spec"]["selector"]["matchLabels"].items())) for p in by_kind(docs, "PodDisruptionBudget")}
    hpas = {h["spec"]["scaleTargetRef"]["name"] for h in by_kind(docs, "HorizontalPodAutoscaler")}
    for deployment in by_kind(docs, "Deployment"):
        name = deployment["metadata"]["name"]
        spec = deployment["spec"]["template"]["spec"]
        main = spec["containers"][0]
        assert {"startupProbe", "livenessProbe", "readinessProbe"} <= set(main), name
        assert tuple(sorted(deployment["spec"]["selector"]["matchLabels"].items())) in pdbs, name
        assert {c["topologyKey"] for c in spec["topologySpreadConstraints"]} == {
            "topology.kubernetes.io/zone", "kubernetes.io/hostname"}, name
        if name.endswith("-web"):
            assert main["readinessProbe"]["httpGet"]["path"] == "/readyz", name
            assert main["livenessProbe"]["httpGet"]["path"] == "/healthz", name
            assert name in hpas, name
            hpa = named(docs, "HorizontalPodAutoscaler", name)
            assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    worker_hpas = [h for h in by_kind(docs, "HorizontalPodAutoscaler") if h["metadata"]["name"].endswith("-worker")]
    if overlay == "prod":
        assert {h["spec"]["metrics"][0]["external"]["metric"]["selector"]["matchLabels"]["queue"]
                for h in worker_hpas} == {f"{s}.inbox" for s in SERVICES}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_value_is_committed(rendered, overlay):
    docs = rendered[overlay]
    assert not by_kind(docs, "Secret")
    for owner, spec, _meta in pod_templates(docs):
        for c in containers(spec):
            for env in c.get("env", []):
                if any(word in env["name"] for word in ("PASSWORD", "SECRET", "DATABASE_URL", "BROKER_URL")):
                    assert "secretKeyRef" in env.get("valueFrom", {}), f"{owner['metadata']['name']}: {env['name']}"
    for config_map in by_kind(docs, "ConfigMap"):
        for key in config_map.get("data", {}):
            assert not any(word in key for word in ("PASSWORD", "SECRET_KEY", "DATABASE_URL", "BROKER_URL")), key


@pytest.mark.parametrize(("overlay", "replicas"), [("dev", 1), ("prod", 3)])
def test_broker_and_database_are_highly_available_in_prod_only(rendered, overlay, replicas):
    docs = rendered[overlay]
    assert named(docs, "RabbitmqCluster", "aktiv-rabbitmq")["spec"]["replicas"] == replicas
    assert named(docs, "Cluster", "aktiv-postgres")["spec"]["instances"] == replicas
    minimum = 1 if overlay == "dev" else 2
    assert "replicas" not in named(docs, "Deployment", "programmes-web")["spec"]  # the HPA owns it
    assert named(docs, "HorizontalPodAutoscaler", "programmes-web")["spec"]["minReplicas"] == minimum
    worker = named(docs, "Deployment", "programmes-worker")["spec"]
    if overlay == "dev":
        assert worker["replicas"] == 1
    else:
        assert "replicas" not in worker
        assert named(docs, "HorizontalPodAutoscaler", "programmes-worker")["spec"]["minReplicas"] == minimum


def test_each_app_gets_its_own_database_owner_and_nightly_backups(prod):
    cluster = named(prod, "Cluster", "aktiv-postgres")
    roles = {r["name"]: r for r in cluster["spec"]["managed"]["roles"]}
    databases = {d["spec"]["name"]: d["spec"]["owner"] for d in by_kind(prod, "Database")}
    assert databases == {app: app for app in APPS}
    assert set(roles) == set(APPS)
    for app in APPS:
        assert roles[app]["passwordSecret"]["name"] == f"{app}-db"
    # issue #15, blocker 6: the Barman Cloud plugin, not the deprecated in-tree barmanObjectStore
    assert "barmanObjectStore" not in str(prod)
    (plugin,) = cluster["spec"]["plugins"]
    assert plugin["name"] == "barman-cloud.cloudnative-pg.io" and plugin["isWALArchiver"] is True
    store = named(prod, "ObjectStore", plugin["parameters"]["barmanObjectName"])["spec"]
    assert store["configuration"]["s3Credentials"]["accessKeyId"]["name"] == "aktiv-backup-s3"
    assert store["retentionPolicy"] == "30d"
    (backup,) = by_kind(prod, "ScheduledBackup")
    assert backup["spec"]["cluster"]["name"] == "aktiv-postgres" and len(backup["spec"]["schedule"].split()) == 6
    assert backup["spec"]["method"] == "plugin"
    assert backup["spec"]["pluginConfiguration"]["name"] == plugin["name"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_rabbitmq_is_4x_with_a_disruption_budget(rendered, overlay):
    """Issue #15, blockers 5 and 6: 3.13 is out of community support; the operator creates no PDB."""
    docs = rendered[overlay]
    rabbit = named(docs, "RabbitmqCluster", "aktiv-rabbitmq")
    major = int(rabbit["spec"]["image"].split(":")[1].split(".")[0])
    assert major == 4, rabbit["spec"]["image"]
    pdbs = [p for p in by_kind(docs, "PodDisruptionBudget")
            if p["spec"]["selector"]["matchLabels"] == {"app.kubernetes.io/name": "aktiv-rabbitmq"}]
    assert len(pdbs) == 1 and pdbs[0]["spec"]["maxUnavailable"] == 1
    # 4.0's default delivery limit (20) must not apply: every queue names ours; 4.0 has no classic mirroring
    for queue in by_kind(docs, "Queue"):
        assert "x-delivery-limit" in queue["spec"]["arguments"], queue["metadata"]["name"]
        assert queue["spec"]["type"] == "quorum", queue["metadata"]["name"]
    for policy in by_kind(docs, "Policy"):
        assert not any(key.startswith("ha-") for key in policy["spec"]["definition"]), policy["metadata"]["name"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_postgres_memory_is_guaranteed(rendered, overlay):
    cluster = named(rendered[overlay], "Cluster", "aktiv-postgres")["spec"]
    resources = cluster["resources"]
    assert resources["requests"]["memory"] == resources["limits"]["memory"]
    limit_mib = int(resources["limits"]["memory"].removesuffix("Gi")) * 1024
    assert int(cluster["postgresql"]["parameters"]["shared_buffers"].removesuffix("MB")) <= limit_mib // 4


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_gateway_is_exposed_with_tls_from_cert_manager(rendered, overlay):
    ingress = named(rendered[overlay], "Ingress", "gateway")
    assert ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"].startswith("letsencrypt")
    hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
    assert len(hosts) == 1 and hosts == set(ingress["spec"]["tls"][0]["hosts"])
    backends = {p["backend"]["service"]["name"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]}
    assert backends == {"gateway"}
    assert all(s["spec"]["type"] == "ClusterIP" for s in by_kind(rendered[overlay], "Service"))


def test_network_is_denied_by_default_and_opened_per_flow(prod):
    policies = {p["metadata"]["name"]: p["spec"] for p in by_kind(prod, "NetworkPolicy")}
    deny = policies["default-deny-all"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    services_in = policies["services-from-gateway"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"]
    assert services_in == {"app.kubernetes.io/name": "gateway", "app.kubernetes.io/component": "web"}
    bus = policies["services-to-rabbitmq"]["podSelector"]["matchExpressions"][0]
    assert "gateway" not in bus["values"] and set(bus["values"]) == set(SERVICES)
    assert {53} == {p["port"] for p in policies["allow-dns"]["egress"][0]["ports"]}
    scraped = {p["port"] for p in policies["prometheus-scrapes-metrics"]["ingress"][0]["ports"]}
    for deployment in by_kind(prod, "Deployment"):
        if deployment["metadata"]["labels"]["app.kubernetes.io/name"] not in APPS:
            continue  # Redis has no exporter (its flows: test_flows.py)
        for port in deployment["spec"]["template"]["spec"]["containers"][0]["ports"]:
            assert port["containerPort"] in scraped, deployment["metadata"]["name"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_metrics_is_refused_by_the_ingress_on_every_host(rendered, overlay):
    """Issue #15, blocker 7: ingress-nginx picks the longest matching path of a host across its Ingresses; the
    one that serves /metrics (and /metrics/…) must deny every source address."""
    ingresses = by_kind(rendered[overlay], "Ingress")
    hosts = {r["host"] for i in ingresses for r in i["spec"]["rules"]}
    for host in hosts:
        for request in ("/metrics", "/metrics/", "/metrics/x"):
            matches = [(len(p["path"]), i) for i in ingresses for r in i["spec"]["rules"] if r["host"] == host
                       for p in r["http"]["paths"]
                       if request == p["path"] or (p["pathType"] == "Prefix" and
                                                   request.startswith(p["path"].rstrip("/") + "/"))
                       or (p["pathType"] == "Prefix" and p["path"] == "/")]
            _, chosen = max(matches, key=lambda m: m[0])
            denied = chosen["metadata"].get("annotations", {}).get("nginx.ingress.kubernetes.io/denylist-source-range", "")
            assert {"0.0.0.0/0", "::/0"} <= set(denied.split(",")), (host, request, chosen["metadata"]["name"])
    # and the public paths still reach the gateway
    public = named(rendered[overlay], "Ingress", "gateway")
    assert "nginx.ingress.kubernetes.io/denylist-source-range" not in public["metadata"]["annotations"]
