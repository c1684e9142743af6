"""The rendered manifests agree with the code: settings, probes and ports, metrics, broker topology."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
from pathlib import Path

import pytest
from k8s_docs import ROOT, by_kind, containers, named, pod_templates

from servicekit.cli import load_spec
from servicekit.config import PORTS, SERVICES, ConfigError, Settings
from servicekit.messaging.topology import DEAD_EXCHANGE, EVENTS_EXCHANGE, Topology

APPS = ("gateway", *SERVICES)
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - what the pods must bind to
SOURCES = [ROOT / "lib" / "servicekit" / "src", ROOT / "lib" / "contracts" / "src", ROOT / "gateway" / "src",
           *[ROOT / "services" / s / "src" for s in SERVICES]]
# Metrics that alerts and dashboards read but that are not ours: Prometheus' own `up`, and the per-queue
# gauges of RabbitMQ's rabbitmq_prometheus plugin (endpoint /metrics/per-object, see servicemonitors.yaml).
# CloudNativePG's default monitoring queries (cnpg_pg_*) and RabbitMQ's resource alarms feed the platform alerts.
EXTERNAL_METRICS = {"up", "rabbitmq_queue_messages", "rabbitmq_queue_messages_ready",
                    "rabbitmq_alarms_memory_used_watermark", "rabbitmq_alarms_free_disk_space_watermark",
                    "cnpg_pg_stat_archiver_seconds_since_last_archival", "cnpg_pg_stat_archiver_failed_count",
                    "cnpg_pg_replication_in_recovery", "cnpg_pg_replication_lag"}
# Business metrics the alerts/dashboards already use and whose owner service has not exported them yet.
# Each entry names the owner; remove it once the metric exists (test_pending_metrics_are_really_pending).
PENDING_METRICS: dict[str, str] = {}
# where docs/operations.md documents the repository's browsable address (section "Runbooks")
RUNBOOK_REPO = "https://git.example.org/kaufbeuren-aktiv/platform/blob/main/"


def python_sources():
    for base in SOURCES:
        yield from (p for p in base.rglob("*.py") if "tests" not in p.parts)


def read_keys_in_code() -> set[str]:
    """Service-specific extras AKTIV_<APP>_<KEY> count as read when some code asks settings.get("<KEY>")."""
    keys = set()
    for path in python_sources():
        keys |= set(re.findall(r"settings\.get\(\s*\"([A-Z0-9_]+)\"", path.read_text()))
    return keys


def settings_env_names(app: str) -> set[str]:
    source = (ROOT / "lib" / "servicekit" / "src" / "servicekit" / "config.py").read_text()
    names = set(re.findall(r"\"(AKTIV_[A-Z0-9_]+)\"", source))
    names |= {f"AKTIV_{s.upper()}_URL" for s in SERVICES} | {f"AKTIV_{app.upper()}_DATABASE_URL"}
    names |= {f"AKTIV_{app.upper()}_{key}" for key in read_keys_in_code()}
    return names


def placeholder(name: str, ref: dict) -> str:
    if name.endswith("DATABASE_URL"):
        return f"postgresql://{ref['name']}:secret@aktiv-postgres-rw:5432/{ref['name']}"
    if name == "AKTIV_BROKER_URL":
        return f"amqp://{ref['name']}:secret@aktiv-rabbitmq:5672/aktiv"
    return "from-secret-" + ref["name"]


def container_env(docs: list[dict], container: dict) -> dict[str, str]:
    """The environment a container gets, with secret references replaced by plausible placeholders."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update(named(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
        else:
            env[item["name"]] = placeholder(item["name"], item["valueFrom"]["secretKeyRef"])
    return env


def app_containers(docs):
    for owner, spec, meta in pod_templates(docs):
        app = meta["labels"]["app.kubernetes.io/name"]
        if app not in APPS:
            continue  # third-party workloads (Redis) read no servicekit settings
        for c in containers(spec):
            yield app, meta["labels"]["app.kubernetes.io/component"], owner, spec, c


def test_every_environment_variable_is_one_the_code_reads(prod):
    for app, _component, owner, _spec, c in app_containers(prod):
        allowed = settings_env_names(app) | {"PROMETHEUS_MULTIPROC_DIR"}
        unknown = set(container_env(prod, c)) - allowed
        assert not unknown, f"{owner['metadata']['name']}/{c['name']} sets variables nothing reads: {unknown}"


def test_prometheus_multiproc_dir_is_honoured_by_servicekit():
    hooks = (ROOT / "lib/servicekit/src/servicekit/metrics/gunicorn_hooks.py").read_text()
    assert 'os.environ.get("PROMETHEUS_MULTIPROC_DIR")' in hooks


def test_every_process_starts_with_the_production_settings_it_requires(prod):
    for app, component, owner, spec, c in app_containers(prod):
        env = container_env(prod, c)
        where = f"{owner['metadata']['name']}/{c['name']}"
        try:
            settings = Settings.from_env(app, env)
            if component == "web":  # servicekit.gunicorn_conf reads Settings for "gunicorn" as well
                Settings.from_env("gunicorn", env)
        except ConfigError as exc:
            pytest.fail(f"{where}: {exc}")
        assert settings.production and settings.bind_host == ALL_INTERFACES, where
        assert settings.database_url.startswith("postgresql://") and settings.broker_url.startswith("amqp://")
        secret_mounts = {v["name"]: v["secret"] for v in spec["volumes"] if "secret" in v}
        mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
        for key_file in filter(None, (settings.jwt_public_key_file,
                                      settings.jwt_private_key_file if app == "gateway" else "")):
            directory, filename = key_file.rsplit("/", 1)
            assert directory in mounts, f"{where}: {key_file} is not mounted"
            items = {i["path"] for i in secret_mounts[mounts[directory]]["items"]}
            assert filename in items, f"{where}: {filename} missing in the key secret"
        if app != "gateway":
            assert "jwt.pem" not in json.dumps(spec["volumes"]), f"{where}: only the gateway holds the private key"


def test_only_web_processes_use_multiprocess_metrics_in_a_removable_directory(prod):
    for app, component, owner, _spec, c in app_containers(prod):
        env = container_env(prod, c)
        if component != "web":
            assert "PROMETHEUS_MULTIPROC_DIR" not in env, owner["metadata"]["name"]
            continue
        directory = env["PROMETHEUS_MULTIPROC_DIR"]
        mounts = {m["mountPath"] for m in c["volumeMounts"]}
        # servicekit's gunicorn hook rmtree()s the directory at start: it must lie inside a mount, not be one
        assert directory not in mounts, f"{app}: {directory} is a mount point"
        assert any(directory.startswith(m + "/") for m in mounts), f"{app}: {directory} is on the read-only root"


def test_secret_references_match_the_operator_resources(prod):
    roles = {r["name"]: r["passwordSecret"]["name"]
             for r in named(prod, "Cluster", "aktiv-postgres")["spec"]["managed"]["roles"]}
    users = {u["metadata"]["name"]: u["spec"]["importCredentialsSecret"]["name"] for u in by_kind(prod, "User")}
    for app, _component, owner, _spec, c in app_containers(prod):
        refs = {e["name"]: e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", []) if "valueFrom" in e}
        assert refs["AKTIV_DATABASE_URL"] == roles[app], owner["metadata"]["name"]
        assert refs["AKTIV_BROKER_URL"] == users[f"{app}-amqp"], owner["metadata"]["name"]


@pytest.mark.parametrize("app", APPS)
def test_probes_and_ports_exist_in_the_app(prod, app, settings_for, monkeypatch):
    web = named(prod, "Deployment", f"{app}-web")["spec"]["template"]["spec"]["containers"][0]
    (port,) = web["ports"]
    assert port["containerPort"] == PORTS[app]
    env = container_env(prod, web)
    for key in [k for k in os.environ if k.startswith("AKTIV_")]:
        monkeypatch.delenv(key)
    # Not PROMETHEUS_MULTIPROC_DIR: prometheus-client would switch this test process to multiprocess mode.
    for key, value in env.items():
        if key.startswith("AKTIV_"):
            monkeypatch.setenv(key, value)
    gunicorn_conf = importlib.import_module("servicekit.gunicorn_conf")
    assert gunicorn_conf.bind_for(app) == f"0.0.0.0:{port['containerPort']}"
    assert web["command"][:3] == ["gunicorn", "-c", f"/app/{'gateway' if app == 'gateway' else 'services/' + app}"
                                  "/gunicorn.conf.py"]
    assert (ROOT / web["command"][2].removeprefix("/app/")).exists()
    monkeypatch.undo()

    flask_app = importlib.import_module(f"{app}.app").create_app(settings_for(app))
    paths = {rule.rule for rule in flask_app.url_map.iter_rules()}
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert web[probe]["httpGet"]["port"] == port["name"]
        assert web[probe]["httpGet"]["path"] in paths
    response = flask_app.test_client().get(web["livenessProbe"]["httpGet"]["path"])
    assert response.status_code == 200
    assert web["command"][3] == f"{app}.wsgi:app" and importlib.util.find_spec(f"{app}.wsgi") is not None


def test_every_worker_and_job_command_exists_in_the_code(prod):
    seen = set()
    for _app, _component, owner, _spec, c in app_containers(prod):
        command = c["command"]
        if command[0] == "gunicorn":
            continue  # test_probes_and_ports_exist_in_the_app
        assert command[:2] == ["python", "-m"], owner["metadata"]["name"]
        module = importlib.util.find_spec(command[2])
        assert module is not None, f"{owner['metadata']['name']}: no module {command[2]}"
        assert f'"{command[-1]}"' in Path(module.origin).read_text(), f"{command[2]} has no command {command[-1]}"
        seen.add(" ".join(command[2:3] + command[-1:]))
    assert {"servicekit.cli migrate", "servicekit.cli worker", "gateway.cli bootstrap"} <= seen


@pytest.mark.parametrize("service", SERVICES)
def test_worker_metrics_port_is_the_one_the_worker_opens(prod, service):
    worker = named(prod, "Deployment", f"{service}-worker")["spec"]["template"]["spec"]["containers"][0]
    assert worker["command"] == ["python", "-m", "servicekit.cli", service, "worker"]
    settings = Settings.from_env(service, container_env(prod, worker))
    (port,) = worker["ports"]
    # the same expression servicekit.worker.run_worker uses
    assert port["containerPort"] == int(settings.get("METRICS_PORT", "") or settings.port + 100)
    assert settings.get("METRICS_ADDR", "127.0.0.1") == ALL_INTERFACES


def promql_expressions(prod) -> list[str]:
    rule = named(prod, "PrometheusRule", "aktiv-alerts")
    exprs = [r["expr"] for g in rule["spec"]["groups"] for r in g["rules"]]
    dashboards = named(prod, "ConfigMap", "grafana-dashboards-aktiv")["data"]
    for text in dashboards.values():
        for panel in json.loads(text)["panels"]:
            exprs += [t["expr"] for t in panel["targets"]]
    return exprs


def metric_names(expr: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"', '""', expr)
    names = set(re.findall(r"\b((?:aktiv|rabbitmq|cnpg)_[a-z0-9_]+)\b", without_strings))
    if re.search(r"\bup\{", without_strings):
        names.add("up")
    return names


def defined_metrics() -> set[str]:
    found = set()
    for path in python_sources():
        found |= set(re.findall(r"(?:Counter|Gauge|Histogram|Summary)\(\s*\"(aktiv_[a-z0-9_]+)\"", path.read_text()))
    return found


def test_every_metric_in_alerts_and_dashboards_is_exported_by_the_code(prod):
    used = set().union(*(metric_names(e) for e in promql_expressions(prod)))
    assert {"aktiv_http_requests_total", "aktiv_outbox_oldest_age_seconds", "up"} <= used
    defined = defined_metrics()
    missing = []
    for name in sorted(used - EXTERNAL_METRICS - set(PENDING_METRICS)):
        base = re.sub(r"_(bucket|count|sum)$", "", name)
        if base not in defined and not (base.endswith("_total") and base[:-6] in defined):
            missing.append(name)
    assert not missing, f"alerts/dashboards use metrics no code defines: {missing}"


def test_pending_metrics_are_really_pending_and_used(prod):
    used = set().union(*(metric_names(e) for e in promql_expressions(prod)))
    assert set(PENDING_METRICS) <= used, "drop pending metrics that nothing uses"
    assert not set(PENDING_METRICS) & defined_metrics(), "a pending metric exists now: remove it from PENDING_METRICS"


@pytest.mark.parametrize("service", SERVICES)
def test_queues_bindings_and_delivery_limit_match_servicekit_topology(prod, service):
    spec = load_spec(service)  # every service must have a ServiceSpec; no skipping
    config = named(prod, "ConfigMap", f"{service}-config")["data"]
    limit = int(config["AKTIV_DELIVERY_LIMIT"])
    topology = Topology(service, tuple(sorted(spec.handlers())), limit)
    queues = {q["spec"]["name"]: q["spec"] for q in by_kind(prod, "Queue")}
    bindings = {(b["spec"]["source"], b["spec"]["destination"], b["spec"]["routingKey"])
                for b in by_kind(prod, "Binding")}
    exchanges = {e["spec"]["name"]: e["spec"]["type"] for e in by_kind(prod, "Exchange")}
    assert exchanges == {EVENTS_EXCHANGE: "topic", DEAD_EXCHANGE: "direct"}

    dead = queues[topology.dead_name]
    dead_expected = topology.dead_arguments()
    assert dead["type"] == dead_expected.pop("x-queue-type") == "quorum" and dead["durable"]
    assert dead["arguments"] == dead_expected  # else servicekit's declare is refused as inequivalent
    assert (DEAD_EXCHANGE, topology.dead_name, service) in bindings
    if topology.bindings:
        inbox = queues[topology.inbox_name]
        expected = topology.queue_arguments()
        assert inbox["type"] == expected.pop("x-queue-type") == "quorum" and inbox["durable"]
        assert inbox["arguments"] == expected
        assert inbox["arguments"]["x-delivery-limit"] == limit
    else:
        assert topology.inbox_name not in queues
    declared = {(EVENTS_EXCHANGE, topology.inbox_name, t) for t in topology.bindings}
    rendered = {b for b in bindings if b[1] == topology.inbox_name}
    assert rendered == declared, "run .venv/bin/python deploy/k8s/generate.py"


def test_policies_and_user_permissions_fit_the_queues(prod):
    policy = named(prod, "Policy", "aktiv-inbox")["spec"]
    limits = {int(named(prod, "ConfigMap", f"{s}-config")["data"]["AKTIV_DELIVERY_LIMIT"]) for s in SERVICES}
    assert limits == {policy["definition"]["delivery-limit"]}
    permissions = {p["spec"]["userReference"]["name"]: p["spec"]["permissions"] for p in by_kind(prod, "Permission")}
    for queue in by_kind(prod, "Queue"):
        name = queue["spec"]["name"]
        owner = name.split(".")[0]
        pattern = policy["pattern"] if name.endswith(".inbox") else named(prod, "Policy", "aktiv-dead")["spec"]["pattern"]
        assert re.search(pattern, name), name
        own = permissions[f"{owner}-amqp"]
        assert all(re.search(own[k], name) for k in ("configure", "write", "read")), name
        for other in SERVICES:
            if other != owner:
                assert not re.search(permissions[f"{other}-amqp"]["read"], name), f"{other} may read {name}"
    assert all(v == "^$" for v in permissions["gateway-amqp"].values())


def test_every_alert_links_to_an_existing_runbook_section(prod):
    headings = re.findall(r"^#+\s+(.+)$", (ROOT / "docs" / "operations.md").read_text(), flags=re.MULTILINE)
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-") for h in headings}
    rule = named(prod, "PrometheusRule", "aktiv-alerts")
    for group in rule["spec"]["groups"]:
        for r in group["rules"]:
            url = r["annotations"]["runbook_url"]
            # a link into the repository (an SRE can open it); the file it names exists here
            assert url.startswith(RUNBOOK_REPO), r["alert"]
            assert (ROOT / url.removeprefix(RUNBOOK_REPO).split("#", 1)[0]).is_file(), url
            assert "/docs/operations.md#" in url, r["alert"]
            assert url.split("#", 1)[1] in anchors, f"{r['alert']}: no section #{url.split('#', 1)[1]}"
