"""Behavioural checks of a rendered overlay, as functions that return the problems they find.

They run on the real render (test_flows.py) and on deliberately broken copies of it (test_mutations.py), so
each check is shown to fail when the thing it guards breaks. No tool is called: they are fast.
"""

from __future__ import annotations

import re
import sys

from k8s_docs import K8S, ROOT, by_kind, pod_templates
from netflows import endpoints, flows, operator_services, selects

sys.path.insert(0, str(K8S))
from apps import APPS, VERSION  # noqa: E402

SERVICES = [a for a in APPS if a != "gateway"]
OPERATIONS = ROOT / "docs" / "operations.md"
# The path each kind of target serves its metrics on (servicekit.web.health and gateway.health register
# "/metrics"; CloudNativePG's exporter serves /metrics; rabbitmq_prometheus /metrics, /metrics/per-object,
# /metrics/detailed).
METRICS_PATHS = {"web": {"/metrics"}, "worker": {"/metrics"}, "postgres": {"/metrics"}, "pooler": {"/metrics"},
                 "rabbitmq": {"/metrics", "/metrics/per-object", "/metrics/detailed"}}


def _expand(cell: str, known: set[str]) -> set[str]:
    found = set()
    for item in (i.strip().strip("`") for i in cell.split(",")):
        if item == "*":
            found |= known
        elif "{app}" in item or "{svc}" in item:
            names = APPS if "{app}" in item else SERVICES
            found |= {item.replace("{app}", n).replace("{svc}", n) for n in names} & known
        else:
            found.add(item)
    return found


def intended_flows(docs: list[dict], text: str | None = None) -> set[tuple[str, str, str]]:
    """The table of docs/operations.md, section "Network flows", expanded to (source, destination, port)."""
    text = OPERATIONS.read_text() if text is None else text
    section = text.split("### Network flows", 1)[1].split("\n#", 1)[0]
    every = {e.id: e for e in endpoints(docs)}
    own = {i for i, e in every.items() if e.own}
    intended = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        for src in _expand(cells[0], own):
            for dst in _expand(cells[1], set(every)):
                assert dst in every, f"docs/operations.md names an unknown endpoint {dst}"
                for port in (p.strip() for p in cells[2].split(",")):
                    if "/" not in port:
                        number, proto = every[dst].ports[port]
                        port = f"{number}/{proto}"
                    intended.add((src, dst, port))
    return intended


def flow_problems(docs: list[dict]) -> list[str]:
    allowed, intended = flows(docs), intended_flows(docs)
    return ([f"allowed but not intended: {f}" for f in sorted(allowed - intended)]
            + [f"intended but blocked: {f}" for f in sorted(intended - allowed)])


def _pods(docs):
    return [e for e in endpoints(docs) if e.own]


def _kind_of(endpoint) -> str:
    if endpoint.id in {"postgres", "rabbitmq"}:
        return endpoint.id
    if endpoint.id.startswith("pooler-"):
        return "pooler"
    return endpoint.labels.get("app.kubernetes.io/component", "")


def monitor_problems(docs: list[dict]) -> list[str]:
    """Every ServiceMonitor/PodMonitor endpoint names a port the selected pods have, a path they serve metrics on,
    and Prometheus may open that port."""
    problems, allowed, pods = [], flows(docs), _pods(docs)
    targets = []  # (monitor, endpoint, pod, port number/proto)
    for monitor in by_kind(docs, "PodMonitor"):
        for ep in monitor["spec"]["podMetricsEndpoints"]:
            for pod in (p for p in pods if selects(monitor["spec"]["selector"], p.labels)):
                targets.append((monitor, ep, pod, pod.ports.get(ep["port"])))
    for monitor in by_kind(docs, "ServiceMonitor"):
        for svc in (s for s in by_kind(docs, "Service") + operator_services(docs) if selects(monitor["spec"]["selector"],
                                                                   s["metadata"].get("labels", {}))):
            for ep in monitor["spec"]["endpoints"]:
                ports = {p.get("name"): p for p in svc["spec"]["ports"]}
                for pod in (p for p in pods if selects({"matchLabels": svc["spec"]["selector"]}, p.labels)):
                    target = ports.get(ep["port"], {}).get("targetPort")
                    resolved = pod.ports.get(target) if isinstance(target, str) else (target, "TCP")
                    targets.append((monitor, ep, pod, resolved if target is not None else None))
        if not any(t[0] is monitor for t in targets):
            problems.append(f"ServiceMonitor {monitor['metadata']['name']} scrapes nothing")
    for monitor in by_kind(docs, "PodMonitor"):
        if not any(t[0] is monitor for t in targets):
            problems.append(f"PodMonitor {monitor['metadata']['name']} scrapes nothing")
    for monitor, ep, pod, port in targets:
        where = f"{monitor['kind']} {monitor['metadata']['name']} → {pod.id}"
        if port is None:
            problems.append(f"{where}: no port {ep['port']!r}")
            continue
        if ep.get("path", "/metrics") not in METRICS_PATHS.get(_kind_of(pod), set()):
            problems.append(f"{where}: {ep.get('path', '/metrics')} is no metrics path of {pod.id}")
        if ("prometheus", pod.id, f"{port[0]}/{port[1]}") not in allowed:
            problems.append(f"{where}: the NetworkPolicies block Prometheus on {port[0]}/{port[1]}")
    return problems


def adapter_metrics() -> set[str]:
    """The external metrics the prometheus-adapter rule in docs/operations.md ("Scaling") exposes."""
    return set(re.findall(r"name: \{as: ([a-z_]+)\}", OPERATIONS.read_text()))


def hpa_problems(docs: list[dict]) -> list[str]:
    problems = []
    deployments = {d["metadata"]["name"] for d in by_kind(docs, "Deployment")}
    queues = {q["spec"]["name"] for q in by_kind(docs, "Queue")}
    for hpa in by_kind(docs, "HorizontalPodAutoscaler"):
        name = hpa["metadata"]["name"]
        if hpa["spec"]["scaleTargetRef"]["name"] not in deployments:
            problems.append(f"HPA {name} scales a Deployment that does not exist")
        for metric in hpa["spec"]["metrics"]:
            if metric["type"] == "Resource" and metric["resource"]["name"] not in {"cpu", "memory"}:
                problems.append(f"HPA {name}: no resource {metric['resource']['name']}")
            if metric["type"] == "External":
                ext = metric["external"]["metric"]
                if ext["name"] not in adapter_metrics():
                    problems.append(f"HPA {name}: prometheus-adapter exposes no metric {ext['name']}")
                queue = ext.get("selector", {}).get("matchLabels", {}).get("queue")
                if queue is not None and queue not in queues:
                    problems.append(f"HPA {name}: no queue {queue}")
    return problems


def ingress_problems(docs: list[dict]) -> list[str]:
    problems, allowed, pods = [], flows(docs), _pods(docs)
    services = {s["metadata"]["name"]: s for s in by_kind(docs, "Service")}
    for ingress in by_kind(docs, "Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                svc = services.get(backend["name"])
                if svc is None:
                    problems.append(f"Ingress backend {backend['name']} is no Service")
                    continue
                wanted = backend["port"]
                ports = [p for p in svc["spec"]["ports"]
                         if p.get("name") == wanted.get("name") or p["port"] == wanted.get("number")]
                if not ports:
                    problems.append(f"Ingress → Service {backend['name']}: no port {wanted}")
                    continue
                selected = [p for p in pods if selects({"matchLabels": svc["spec"]["selector"]}, p.labels)]
                if not selected:
                    problems.append(f"Service {backend['name']} selects no pod")
                for pod in selected:
                    target = ports[0]["targetPort"]
                    resolved = pod.ports.get(target) if isinstance(target, str) else (target, "TCP")
                    if resolved is None or ("ingress-nginx", pod.id, f"{resolved[0]}/{resolved[1]}") not in allowed:
                        problems.append(f"ingress-nginx cannot reach {pod.id} on Service port {wanted}")
    return problems


def image_problems(docs: list[dict]) -> list[str]:
    """Every app container runs the image `make images` builds for its app, at the release version."""
    problems = []
    for owner, spec, meta in pod_templates(docs):
        app = meta["labels"]["app.kubernetes.io/name"]
        if app not in APPS:
            continue
        for c in [*spec.get("initContainers", []), *spec["containers"]]:
            repo, _, tag = c["image"].rpartition(":")
            if "@sha256:" in c["image"]:
                continue  # pinned by digest in an overlay (docs/operations.md, "Deploy")
            if not repo.endswith(f"kaufbeuren-aktiv/{app}") or tag != VERSION:
                problems.append(f"{owner['metadata']['name']}/{c['name']}: image {c['image']} is not "
                                f"kaufbeuren-aktiv/{app}:{VERSION}")
            if meta["labels"].get("app.kubernetes.io/version") != tag:
                problems.append(f"{owner['metadata']['name']}: image tag {tag} differs from its version label")
    return problems


CHECKS = (flow_problems, monitor_problems, hpa_problems, ingress_problems, image_problems)


def all_problems(docs: list[dict]) -> list[str]:
    return [p for check in CHECKS for p in check(docs)]
