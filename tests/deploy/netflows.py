"""Evaluate the rendered NetworkPolicies: which endpoint may open which port on which other endpoint.

The model (Kubernetes NetworkPolicy semantics, networking.k8s.io/v1):
- endpoints are the overlay's own pods (every Deployment and Job template), the pods the operators create from
  their custom resources (CloudNativePG instances and poolers, RabbitMQ nodes, cert-manager's HTTP-01 solver) and
  the cluster's neighbours the platform talks to (ingress controller, Prometheus, operators, CoreDNS, NodeLocal
  DNSCache, the API server, an internal SMTP relay, "the internet");
- a pod selected by some policy of a type (Ingress/Egress) is isolated for it; a connection needs the source's
  egress and the destination's ingress to allow it; policies only select pods of their own namespace;
- peers: podSelector (own namespace), namespaceSelector (+ podSelector), ipBlock (cidr minus except – matched
  against IP endpoints only: pod IPs are not modelled, which is also what the platform intends);
- ports: number or named container port of the destination, protocol (default TCP), endPort; no ports = all.

`flows(docs)` returns the set of (source, destination, "port/PROTO") for every port a destination listens on.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from k8s_docs import by_kind, pod_templates

NODE_LOCAL_DNS = "169.254.20.10"


@dataclass
class Endpoint:
    id: str
    namespace: str | None  # None: an IP outside the cluster's pods
    labels: dict = field(default_factory=dict)
    ports: dict = field(default_factory=dict)  # name -> (port, protocol)
    ip: str | None = None
    own: bool = False  # one of the overlay's pods (its policies apply)


def _ports(*items: tuple[str, int, str]) -> dict:
    return {name: (port, proto) for name, port, proto in items}


def neighbours() -> list[Endpoint]:
    """The cluster's components outside the platform's namespace, as a common installation labels them."""
    return [
        Endpoint("ingress-nginx", "ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx",
                                                    "app.kubernetes.io/component": "controller"}),
        Endpoint("prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"}),
        Endpoint("cnpg-operator", "cnpg-system", {"app.kubernetes.io/name": "cloudnative-pg"}),
        Endpoint("rabbitmq-operator", "rabbitmq-system", {"app.kubernetes.io/name": "rabbitmq-cluster-operator"}),
        Endpoint("kube-dns", "kube-system", {"k8s-app": "kube-dns"},
                 _ports(("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"))),
        Endpoint("node-local-dns", None, {}, _ports(("dns", 53, "UDP"), ("dns-tcp", 53, "TCP")), ip=NODE_LOCAL_DNS),
        Endpoint("kube-apiserver", None, {}, _ports(("https", 443, "TCP"), ("api", 6443, "TCP")), ip="192.168.0.2"),
        Endpoint("smtp-relay", None, {}, _ports(("smtp", 25, "TCP"), ("submission", 587, "TCP")), ip="10.20.0.25"),
        Endpoint("internet", None, {}, _ports(("https", 443, "TCP"), ("submission", 587, "TCP"),
                                              ("smtps", 465, "TCP")), ip="203.0.113.10"),
    ]


def endpoints(docs: list[dict]) -> list[Endpoint]:
    namespace = next(d["metadata"]["name"] for d in docs if d["kind"] == "Namespace")
    found: list[Endpoint] = []
    for _owner, spec, meta in pod_templates(docs):
        labels = meta.get("labels", {})
        ident = f"{labels['app.kubernetes.io/name']}-{labels['app.kubernetes.io/component']}"
        ports = {p.get("name", str(p["containerPort"])): (p["containerPort"], p.get("protocol", "TCP"))
                 for c in spec["containers"] for p in c.get("ports", [])}
        found.append(Endpoint(ident, namespace, labels, ports, own=True))
    for cluster in by_kind(docs, "Cluster"):
        inherited = cluster["spec"].get("inheritedMetadata", {}).get("labels", {})
        found.append(Endpoint("postgres", namespace, {**inherited, "cnpg.io/cluster": cluster["metadata"]["name"],
                                                      "cnpg.io/podRole": "instance"},
                              _ports(("postgresql", 5432, "TCP"), ("status", 8000, "TCP"),
                                     ("metrics", 9187, "TCP")), own=True))
    for pooler in by_kind(docs, "Pooler"):
        found.append(Endpoint(f"pooler-{pooler['spec']['type']}", namespace,
                              {"cnpg.io/poolerName": pooler["metadata"]["name"], "cnpg.io/podRole": "pooler",
                               **pooler["spec"].get("template", {}).get("metadata", {}).get("labels", {})},
                              _ports(("pgbouncer", 5432, "TCP"), ("metrics", 9127, "TCP")), own=True))
    for rabbit in by_kind(docs, "RabbitmqCluster"):
        found.append(Endpoint("rabbitmq", namespace, {"app.kubernetes.io/name": rabbit["metadata"]["name"],
                                                      "app.kubernetes.io/component": "rabbitmq",
                                                      "app.kubernetes.io/part-of": "rabbitmq"},
                              _ports(("amqp", 5672, "TCP"), ("management", 15672, "TCP"),
                                     ("prometheus", 15692, "TCP"), ("epmd", 4369, "TCP"),
                                     ("cluster-links", 25672, "TCP")), own=True))
    if by_kind(docs, "Ingress"):  # cert-manager's ingress-shim starts this pod for each HTTP-01 challenge
        found.append(Endpoint("acme-solver", namespace, {"acme.cert-manager.io/http01-solver": "true"},
                              _ports(("http", 8089, "TCP")), own=True))
    return found + neighbours()


def namespace_labels(docs: list[dict]) -> dict[str, dict]:
    labels = {n: {"kubernetes.io/metadata.name": n}
              for n in ("ingress-nginx", "monitoring", "cnpg-system", "rabbitmq-system", "kube-system")}
    for ns in by_kind(docs, "Namespace"):
        labels[ns["metadata"]["name"]] = {**ns["metadata"].get("labels", {}),
                                          "kubernetes.io/metadata.name": ns["metadata"]["name"]}
    return labels


def selects(selector: dict | None, labels: dict) -> bool:
    if selector is None:
        return False
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        key, op, values = expression["key"], expression["operator"], expression.get("values", [])
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def peer_matches(peer: dict, other: Endpoint, policy_ns: str, ns_labels: dict) -> bool:
    if "ipBlock" in peer:
        if other.ip is None:
            return False
        ip = ipaddress.ip_address(other.ip)
        block = peer["ipBlock"]
        return ip in ipaddress.ip_network(block["cidr"]) and not any(
            ip in ipaddress.ip_network(e) for e in block.get("except", []))
    if other.namespace is None:
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], ns_labels.get(other.namespace, {})):
            return False
    elif other.namespace != policy_ns:
        return False
    return "podSelector" not in peer or selects(peer["podSelector"], other.labels)


def port_matches(rule_ports: list[dict] | None, target: Endpoint, port: int, proto: str) -> bool:
    if not rule_ports:
        return True
    for item in rule_ports:
        if item.get("protocol", "TCP") != proto:
            continue
        wanted = item.get("port")
        if wanted is None:
            return True
        if isinstance(wanted, str):
            named = target.ports.get(wanted)
            if named and named == (port, proto):
                return True
            continue
        if wanted <= port <= item.get("endPort", wanted):
            return True
    return False


def _allowed(policies, direction: str, subject: Endpoint, other: Endpoint, target: Endpoint, port: int, proto: str,
             ns_labels: dict) -> bool:
    """Whether `subject`'s policies of `direction` admit a connection with `other` to target:port."""
    kind = direction.capitalize()
    applying = [p for p in policies if p["metadata"]["namespace"] == subject.namespace
                and kind in p["spec"].get("policyTypes", ["Ingress"]) and selects(p["spec"]["podSelector"],
                                                                                  subject.labels)]
    if not applying:
        return True
    key, peers_key = ("egress", "to") if direction == "egress" else ("ingress", "from")
    for policy in applying:
        for rule in policy["spec"].get(key, []):
            peers = rule.get(peers_key)
            if peers is not None and not any(peer_matches(p, other, policy["metadata"]["namespace"], ns_labels)
                                             for p in peers):
                continue
            if port_matches(rule.get("ports"), target, port, proto):
                return True
    return False


def flows(docs: list[dict]) -> set[tuple[str, str, str]]:
    policies = by_kind(docs, "NetworkPolicy")
    ns_labels = namespace_labels(docs)
    every = endpoints(docs)
    allowed = set()
    for src in every:
        if src.namespace is None:
            continue  # IP endpoints outside the cluster do not open connections here
        for dst in every:
            if not (src.own or dst.own):
                continue
            for port, proto in set(dst.ports.values()):
                egress_ok = not src.own or _allowed(policies, "egress", src, dst, dst, port, proto, ns_labels)
                ingress_ok = not dst.own or _allowed(policies, "ingress", dst, src, dst, port, proto, ns_labels)
                if egress_ok and ingress_ok:
                    allowed.add((src.id, dst.id, f"{port}/{proto}"))
    return allowed


def operator_services(docs: list[dict]) -> list[dict]:
    """The Services the operators create (RabbitMQ Cluster Operator: <name> with amqp, management, prometheus)."""
    found = []
    for rabbit in by_kind(docs, "RabbitmqCluster"):
        name = rabbit["metadata"]["name"]
        found.append({"kind": "Service", "metadata": {"name": name, "labels": {
            "app.kubernetes.io/name": name, "app.kubernetes.io/component": "rabbitmq",
            "app.kubernetes.io/part-of": "rabbitmq"}},
            "spec": {"selector": {"app.kubernetes.io/name": name}, "ports": [
                {"name": n, "port": p, "targetPort": p} for n, p in
                (("amqp", 5672), ("management", 15672), ("prometheus", 15692))]}})
    return found
