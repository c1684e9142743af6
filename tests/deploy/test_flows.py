"""Issue #15, item 4: the NetworkPolicies evaluated, not just shaped. The connections the rendered policies admit
(netflows.py) are exactly the flow matrix of docs/operations.md ("Network flows"); scrape targets, autoscaling
metrics, the Ingress backend and the images resolve to something real (deploy_checks.py)."""

from __future__ import annotations

import pytest
from deploy_checks import (
    flow_problems,
    hpa_problems,
    image_problems,
    ingress_problems,
    intended_flows,
    monitor_problems,
)
from k8s_docs import OVERLAYS
from netflows import flows


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_policies_admit_exactly_the_documented_flows(rendered, overlay):
    assert flow_problems(rendered[overlay]) == []


def test_the_matrix_covers_what_the_issue_names(prod):
    allowed = flows(prod)
    for service in ("programmes", "finance", "participation", "newsletter"):
        assert ("gateway-web", f"{service}-web", f"{8100 + ('programmes', 'finance', 'participation', 'newsletter').index(service) + 1}/TCP") in allowed
        for component in ("web", "worker"):
            assert (f"{service}-{component}", "pooler-rw", "5432/TCP") in allowed  # PgBouncer
            assert (f"{service}-{component}", "postgres", "5432/TCP") not in allowed  # only through it
            assert (f"{service}-{component}", "rabbitmq", "5672/TCP") in allowed
            assert (f"{service}-{component}", "node-local-dns", "53/UDP") in allowed
            assert (f"{service}-{component}", "kube-dns", "53/UDP") in allowed
    assert ("pooler-rw", "postgres", "5432/TCP") in allowed
    assert ("ingress-nginx", "acme-solver", "8089/TCP") in allowed
    assert ("newsletter-worker", "smtp-relay", "587/TCP") in allowed
    # nothing reaches a service's web pod but the gateway and Prometheus; the gateway is not on the bus
    assert {src for src, dst, _ in allowed if dst == "finance-web"} == {"gateway-web", "prometheus"}
    assert not {f for f in allowed if f[0].startswith("gateway") and f[1] == "rabbitmq"}
    assert not {f for f in allowed if f[0] == "ingress-nginx" and f[1] not in {"gateway-web", "acme-solver"}}


def test_the_matrix_parser_reads_the_table_it_is_given(prod):
    table = ("### Network flows\n\n| from | to | ports | why |\n|---|---|---|---|\n"
             "| `{svc}-worker` | `rabbitmq` | amqp | x |\n| `*` | `kube-dns` | 53/UDP | y |\n")
    intended = intended_flows(prod, table)
    assert ("finance-worker", "rabbitmq", "5672/TCP") in intended
    assert ("gateway-worker", "rabbitmq", "5672/TCP") not in intended  # the gateway has no worker
    assert ("postgres", "kube-dns", "53/UDP") in intended


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_scrapes_autoscaling_ingress_and_images_resolve(rendered, overlay):
    docs = rendered[overlay]
    assert monitor_problems(docs) == []
    assert hpa_problems(docs) == []
    assert ingress_problems(docs) == []
    assert image_problems(docs) == []
