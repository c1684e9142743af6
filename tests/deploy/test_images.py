"""One shared image recipe for all five apps, and `make images` explains itself without a Docker engine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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
    assert "ARG PYTHON_IMAGE=python:3.11-slim-bookworm" in DOCKERFILE
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
    env = {**os.environ, "DOCKER_HOST": f"unix://{tmp_path}/no-docker.sock"}
    result = subprocess.run(["make", "-s", "images"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Keine Docker-Engine erreichbar" in result.stderr


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
