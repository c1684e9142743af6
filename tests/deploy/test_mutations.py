"""Issue #15, item 9: the nine faults that once passed every deploy test, injected into the rendered prod overlay
in memory. Each must make a check of deploy_checks.py fail (the checks test_flows.py runs on the real render)."""

from __future__ import annotations

import copy

import pytest
from deploy_checks import all_problems
from k8s_docs import named


def _policy(docs, name):
    return named(docs, "NetworkPolicy", name)["spec"]


def postgres_port(docs):
    _policy(docs, "apps-to-postgres")["egress"][0]["ports"][0]["port"] = 5433


def ingress_gateway_port(docs):
    _policy(docs, "gateway-from-ingress")["ingress"][0]["ports"][0]["port"] = 8000


def rabbitmq_admits_no_service(docs):
    selector = _policy(docs, "rabbitmq-ingress")["ingress"][0]["from"][0]["podSelector"]
    selector["matchExpressions"][1]["values"] = ["api"]


def dns_label(docs):
    peer = _policy(docs, "allow-dns")["egress"][0]["to"][0]
    peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] = "kube-sytem"


def podmonitor_port(docs):
    named(docs, "PodMonitor", "aktiv-workers")["spec"]["podMetricsEndpoints"][0]["port"] = "metric"


def scrape_path(docs):
    named(docs, "ServiceMonitor", "aktiv-web")["spec"]["endpoints"][0]["path"] = "/metric"


def hpa_metric(docs):
    hpa = named(docs, "HorizontalPodAutoscaler", "finance-worker")
    hpa["spec"]["metrics"][0]["external"]["metric"]["name"] = "rabbitmq_queue_message_ready"


def ingress_backend_port(docs):
    named(docs, "Ingress", "gateway")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"] = {
        "number": 8081}


def image_tag(docs):
    web = named(docs, "Deployment", "participation-web")["spec"]["template"]["spec"]["containers"][0]
    web["image"] = web["image"].replace(":0.1.0", ":0.1.O")


FAULTS = (postgres_port, ingress_gateway_port, rabbitmq_admits_no_service, dns_label, podmonitor_port,
          scrape_path, hpa_metric, ingress_backend_port, image_tag)


def test_the_unbroken_render_has_no_problem(prod):
    assert all_problems(prod) == []


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__ for f in FAULTS])
def test_each_injected_fault_is_caught(prod, fault):
    broken = copy.deepcopy(prod)
    fault(broken)
    assert broken != prod
    problems = all_problems(broken)
    assert problems, f"{fault.__name__} passed every check"
