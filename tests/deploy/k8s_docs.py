"""Constants and helpers of the deployment checks (paths, tool locations, walking rendered documents)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")
IN_CI = os.environ.get("CI", "").lower() == "true"
TOOLS = Path(os.environ.get("AKTIV_DEPLOY_TOOLS") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
             / "kaufbeuren-aktiv" / "deploy-tools")
CRDS = Path(os.environ.get("AKTIV_CRDS_DIR", ROOT.parent / "shared" / "crds"))


def pod_templates(docs: list[dict]):
    """(owner, pod spec, pod metadata) for every workload."""
    for doc in docs:
        kind = doc["kind"]
        if kind in {"Deployment", "StatefulSet", "DaemonSet", "Job"}:
            template = doc["spec"]["template"]
            yield doc, template["spec"], template.get("metadata", {})
        elif kind == "CronJob":
            template = doc["spec"]["jobTemplate"]["spec"]["template"]
            yield doc, template["spec"], template.get("metadata", {})


def containers(pod_spec: dict) -> list[dict]:
    return [*pod_spec.get("initContainers", []), *pod_spec["containers"]]


def by_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d["kind"] == kind]


def named(docs: list[dict], kind: str, name: str) -> dict:
    found = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert found, f"{kind}/{name} is not rendered"
    return found[0]
