"""Messaging-topology-operator CRs for exactly the topology servicekit declares
(servicekit.messaging.topology.Topology), plus one least-privilege user per app."""

from __future__ import annotations

import re
import sys

from apps import PART_OF, RABBITMQ_CLUSTER, VERSION

from servicekit.cli import load_spec
from servicekit.config import SERVICES
from servicekit.messaging.topology import DEAD_EXCHANGE, EVENTS_EXCHANGE, Topology

CLUSTER_REF = {"name": RABBITMQ_CLUSTER}


def _labels(name: str) -> dict:
    return {
        "app.kubernetes.io/name": "rabbitmq",
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/version": VERSION,
        "app.kubernetes.io/component": "messaging-topology",
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": "kustomize",
    }


def _k8s_name(*parts: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")


def _doc(kind: str, name: str, spec: dict) -> dict:
    return {"apiVersion": "rabbitmq.com/v1beta1", "kind": kind,
            "metadata": {"name": name, "labels": _labels(name)},
            "spec": {**spec, "rabbitmqClusterReference": CLUSTER_REF}}


def service_topology(service: str, delivery_limit: int) -> Topology | None:
    """The service's declared topology, or None while the service package has no ServiceSpec yet."""
    try:
        spec = load_spec(service)
    except ModuleNotFoundError as exc:
        if exc.name not in {service, f"{service}.bootstrap"}:
            raise
        print(f"warning: {service} has no {service}.bootstrap.SPEC yet; no inbox CRs for it", file=sys.stderr)
        return None
    return Topology(service, tuple(sorted(spec.handlers())), delivery_limit)


def permissions_for(service: str) -> dict:
    """What servicekit needs: declare both exchanges and its own queues (configure), publish to aktiv.events
    and bind its queues (write), bind from the exchanges and consume its queues (read)."""
    own = rf"{re.escape(service)}\.(inbox|dead)"
    return {
        "configure": rf"^({own}|aktiv\.events|aktiv\.dead)$",
        "write": rf"^({own}|aktiv\.events)$",
        "read": rf"^({own}|aktiv\.events|aktiv\.dead)$",
    }


def topology_documents(vhost: str, delivery_limit: int) -> list[dict]:
    docs = [
        _doc("Vhost", "aktiv", {"name": vhost, "defaultQueueType": "quorum"}),
        _doc("Exchange", _k8s_name(EVENTS_EXCHANGE),
             {"name": EVENTS_EXCHANGE, "vhost": vhost, "type": "topic", "durable": True, "autoDelete": False}),
        _doc("Exchange", _k8s_name(DEAD_EXCHANGE),
             {"name": DEAD_EXCHANGE, "vhost": vhost, "type": "direct", "durable": True, "autoDelete": False}),
        # Belt and braces: the queues carry the same values as arguments (servicekit declares them so).
        _doc("Policy", "aktiv-inbox", {
            "name": "aktiv-inbox", "vhost": vhost, "pattern": r"^[a-z]+\.inbox$", "applyTo": "queues",
            "priority": 1, "definition": {"delivery-limit": delivery_limit, "dead-letter-exchange": DEAD_EXCHANGE,
                                          "dead-letter-strategy": "at-least-once", "overflow": "reject-publish",
                                          "queue-leader-locator": "balanced"}}),
        _doc("Policy", "aktiv-dead", {
            "name": "aktiv-dead", "vhost": vhost, "pattern": r"^[a-z]+\.dead$", "applyTo": "queues",
            "priority": 1, "definition": {"queue-leader-locator": "balanced"}}),
    ]
    for service in SERVICES:
        topology = service_topology(service, delivery_limit)
        if topology is None:
            continue
        dead = topology.dead()
        dead_arguments = {k: v for k, v in topology.dead_arguments().items() if k != "x-queue-type"}
        docs.append(_doc("Queue", _k8s_name(topology.dead_name), {
            "name": topology.dead_name, "vhost": vhost, "type": "quorum", "durable": True, "autoDelete": False,
            "arguments": dead_arguments}))
        docs.append(_doc("Binding", _k8s_name(topology.dead_name, "from", DEAD_EXCHANGE), {
            "vhost": vhost, "source": DEAD_EXCHANGE, "destination": topology.dead_name,
            "destinationType": "queue", "routingKey": dead.routing_key}))
        if not topology.bindings:
            continue
        arguments = {k: v for k, v in topology.queue_arguments().items() if k != "x-queue-type"}
        docs.append(_doc("Queue", _k8s_name(topology.inbox_name), {
            "name": topology.inbox_name, "vhost": vhost, "type": "quorum", "durable": True, "autoDelete": False,
            "arguments": arguments}))
        for event_type in topology.bindings:
            docs.append(_doc("Binding", _k8s_name(topology.inbox_name, event_type), {
                "vhost": vhost, "source": EVENTS_EXCHANGE, "destination": topology.inbox_name,
                "destinationType": "queue", "routingKey": event_type}))
    users = {service: permissions_for(service) for service in SERVICES}
    # The gateway is not on the bus (Settings only insists on an amqp:// URL in production): no rights.
    users["gateway"] = {"configure": "^$", "write": "^$", "read": "^$"}
    # aktiv-bus (dead letters, check-topology): read dead queues, republish to aktiv.events, read-only UI.
    users["ops"] = {"configure": "^$", "write": r"^aktiv\.events$", "read": r"^[a-z]+\.dead$"}
    for user, permissions in users.items():
        name = f"{user}-amqp"
        docs.append(_doc("User", name, {"tags": ["monitoring"] if user == "ops" else [],
                                        "importCredentialsSecret": {"name": name}}))
        docs.append(_doc("Permission", name, {"vhost": vhost, "userReference": {"name": name},
                                              "permissions": permissions}))
    return docs
