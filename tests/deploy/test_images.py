"""One shared image recipe for all five apps on a base image of the builder's choice, the image's own environment
lets workers and Jobs start, and `make images` explains itself without a container engine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from k8s_docs import ROOT

from servicekit.config import PORTS

DOCKERFILE = (ROOT / "deploy" / "docker" / "Dockerfile").read_text()
APPS = ("gateway", "programmes", "finance", "participation", "newsletter")


def instructions(keyword: str) -> list[str]:
    text = DOCKERFILE.replace("\\\n", " ")
    return [line.strip()[len(keyword):].strip() for line in text.splitlines()
            if line.strip().upper().startswith(keyword + " ")]


def test_image_is_multi_stage_slim_and_parameterised_by_service():
    stages = instructions("FROM")
    assert len(stages) == 2 and stages[0].endswith("AS build") and stages[1].endswith("AS runtime")
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm" in DOCKERFILE
    assert stages[0].startswith("${BASE_IMAGE}") and stages[1].startswith("${BASE_IMAGE}")
    assert instructions("ARG").count("SERVICE") == 2  # declared in both stages
    assert 'uv sync --frozen --no-dev --package "${SERVICE}"' in DOCKERFILE


def test_image_runs_unprivileged_without_secrets_and_checks_its_health():
    (user,) = instructions("USER")
    uid = int(user.split(":")[0])
    assert uid >= 10000
    assert instructions("ENTRYPOINT") == ['["gunicorn"]']
    (healthcheck,) = instructions("HEALTHCHECK")
    assert "/healthz" in healthcheck
    for env in instructions("ENV"):
        assert not re.search(r"(SECRET|PASSWORD|DATABASE_URL|BROKER_URL)", env), env
    ignored = (ROOT / "deploy" / "docker" / "Dockerfile.dockerignore").read_text().split()
    assert {"var", ".git", "**/.venv"} <= set(ignored)


def test_image_uid_matches_the_pod_security_context():
    generated = (ROOT / "deploy" / "k8s" / "base" / "programmes" / "deployment-web.yaml").read_text()
    (user,) = instructions("USER")
    assert f"runAsUser: {user.split(':')[0]}" in generated


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_the_files_the_image_starts(app):
    directory = ROOT / ("gateway" if app == "gateway" else f"services/{app}")
    assert (directory / "gunicorn.conf.py").exists()
    assert (directory / "pyproject.toml").exists()
    assert (directory / "src" / app / "wsgi.py").exists()
    assert f"COPY {directory.relative_to(ROOT)}/pyproject.toml" in DOCKERFILE


def test_make_images_fails_clearly_without_a_docker_engine(tmp_path):
    if shutil.which("make") is None:
        pytest.fail("make is required")
    env = {**os.environ, "DOCKER_HOST": f"unix://{tmp_path}/no-docker.sock", "CONTAINER_ENGINE": "docker"}
    result = subprocess.run(["make", "-s", "images"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Keine Docker-Engine erreichbar" in result.stderr


def test_make_images_without_docker_or_podman_says_what_to_install(tmp_path):
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is required")
    bin_dir = tmp_path / "bin"  # a PATH with neither docker nor podman on it
    bin_dir.mkdir()
    for tool in ("bash", "dirname"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    result = subprocess.run([make, "-s", "images"], cwd=ROOT, env={**os.environ, "PATH": str(bin_dir)},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "kein podman installiert" in result.stderr and "apt-get install podman runc" in result.stderr


def image_env(service: str) -> dict[str, str]:
    """The runtime stage's ENV, as a container of that image starts with it (before the manifest's env)."""
    runtime = DOCKERFILE.split("AS runtime", 1)[1].replace("\\\n", " ")
    env: dict[str, str] = {}
    for line in runtime.splitlines():
        if line.strip().startswith("ENV "):
            for pair in line.split()[1:]:
                key, value = pair.split("=", 1)
                env[key] = value.replace("${SERVICE}", service)
    return env


def test_a_worker_or_job_started_with_the_images_env_can_count_metrics(tmp_path):
    """Workers and migration Jobs get no PROMETHEUS_MULTIPROC_DIR from their manifest; the image must not set one
    either (its path exists only in web pods: newsletter.metrics failed on import, every worker counter raised)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AKTIV_", "PROMETHEUS_"))}
    image = image_env("newsletter")
    env.update({k: v for k, v in image.items() if k not in {"PATH", "HOME"}})
    env["AKTIV_VAR_DIR"] = str(tmp_path)
    code = ("from newsletter import metrics; metrics.MAILS.labels(kind='issue', outcome='sent').inc(); metrics.RATE.set(1.0);"
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


def test_rootful_podman_is_configured_for_this_machines_cgroups():
    conf = tomllib.loads((ROOT / "deploy" / "podman" / "containers.conf").read_text())
    assert conf["engine"]["runtime"] == "runc" and conf["engine"]["cgroup_manager"] == "cgroupfs"
    assert set(conf["containers"]["default_ulimits"]) == {"nofile=1024:1024", "nproc=1024:1024"}
    script = (ROOT / "deploy" / "podman" / "base-image.sh").read_text()
    assert "debootstrap --variant=minbase" in script and "podman import" in script


@pytest.mark.parametrize("app", ["gateway", "finance"])  # both branches: gateway/ and services/<app>/
def test_the_images_default_command_starts_the_right_app_on_its_port(app, tmp_path):
    """/app/gunicorn.conf.py of the image (deploy/docker/gunicorn.conf.py) in the same layout as in /app."""
    shutil.copy(ROOT / "deploy" / "docker" / "gunicorn.conf.py", tmp_path / "gunicorn.conf.py")
    (tmp_path / "services").symlink_to(ROOT / "services")
    (tmp_path / "gateway").symlink_to(ROOT / "gateway")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AKTIV_", "PROMETHEUS_"))}
    env.update(SERVICE_NAME=app, AKTIV_BIND_HOST="0.0.0.0", AKTIV_VAR_DIR=str(tmp_path / "var"))  # noqa: S104
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run([str(gunicorn), "--config", str(tmp_path / "gunicorn.conf.py"), "--print-config"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    config = dict(re.split(r"\s+=\s+", line, maxsplit=1) for line in result.stdout.splitlines() if " = " in line)
    assert config["wsgi_app"] == f"{app}.wsgi:app"
    assert config["bind"] == f"['0.0.0.0:{PORTS[app]}']"
    assert config["worker_class"] == "servicekit.gunicorn_worker.ProblemJsonThreadWorker" and config["child_exit"] == "<child_exit()>"
