"""The commands the manifests run (deploy/k8s/base: migration Jobs, worker Deployments), started as real
processes with the image's environment: ``PROMETHEUS_MULTIPROC_DIR`` set (as deploy/docker/Dockerfile did for
every container) to a directory that does not exist, as in a worker or Job pod. SQLite and the file bus stand in
for PostgreSQL and RabbitMQ.

Before the fix, ``newsletter migrate`` and the newsletter worker exited with rc=1 (FileNotFoundError on the
gauge newsletter.metrics creates on import), and every other worker raised on its first counter."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from servicekit.testing import wait_until

ROOT = Path(__file__).resolve().parents[4]
BASE = ROOT / "deploy/k8s/base"
ALERT_METRICS = ("aktiv_outbox_oldest_age_seconds", "aktiv_outbox_pending")  # AktivOutboxStuck & co.


def manifest_command(path: Path) -> list[str]:
    (doc,) = [d for d in yaml.safe_load_all(path.read_text()) if d]
    spec = doc["spec"]["template"]["spec"]
    container = spec["containers"][0]
    command = [*container.get("command", []), *container.get("args", [])]
    return [sys.executable if command[0] == "python" else command[0], *command[1:]]


MIGRATIONS = sorted(BASE.glob("*/job-migrate.yaml"))
WORKERS = sorted(BASE.glob("*/deployment-worker.yaml"))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def image_env(tmp_path_factory):
    root = tmp_path_factory.mktemp("runtime-env")
    missing = root / "run/aktiv/metrics/web"  # the image's value; nothing creates it in a worker or Job pod
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AKTIV_", "PROMETHEUS_"))}
    env.update(PROMETHEUS_MULTIPROC_DIR=str(missing), AKTIV_VAR_DIR=str(root / "var"), AKTIV_ENV="development",
               AKTIV_LOG_JSON="false", PYTHONUNBUFFERED="1", HOME=str(root))
    return root, missing, env


def run(command: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.parametrize("job", MIGRATIONS, ids=lambda p: p.parent.name)
def test_migration_job_command_exits_0_with_the_images_metrics_variable(job, image_env):
    root, missing, env = image_env
    result = run(manifest_command(job), env, root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "FileNotFoundError" not in result.stderr
    # ignored with one line, never created: only gunicorn's web processes use a multiprocess directory
    assert not missing.exists()
    if job.parent.name != "gateway":
        assert result.stderr.count("PROMETHEUS_MULTIPROC_DIR") == 1, result.stderr


def metrics_text(port: int) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as response:  # noqa: S310
            return response.read().decode()
    except OSError:
        return ""


def test_every_worker_command_runs_consumes_and_serves_the_alert_metrics(image_env):
    root, missing, env = image_env
    services = [w.parent.name for w in WORKERS]
    assert services, "no worker Deployment found"
    for name in services:  # the database and the inbox exist before a worker starts (Job, then rollout)
        for command in ("migrate", "declare"):
            result = run([sys.executable, "-m", "servicekit.cli", name, command], env, root)
            assert result.returncode == 0, result.stderr[-3000:]
    ports, procs = {}, {}
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    try:
        for path in WORKERS:
            name = path.parent.name
            ports[name] = free_port()
            worker_env = {**env, f"AKTIV_{name.upper()}_METRICS_PORT": str(ports[name])}
            procs[name] = subprocess.Popen(manifest_command(path), env=worker_env, cwd=root,
                                           stdout=(logs / f"{name}.log").open("wb"), stderr=subprocess.STDOUT)
        for name, port in ports.items():
            text = wait_until(lambda port=port, name=name: procs[name].poll() is None and all(
                f'{metric}{{service="{name}"}}' in metrics_text(port) for metric in ALERT_METRICS) and True,
                timeout=60, message=f"{name} worker serving {ALERT_METRICS}")
            assert text, (logs / f"{name}.log").read_text()[-3000:]

        # one event through the real relay and consumer: programmes publishes a probe and applies it itself
        from programmes.bootstrap import SPEC
        from servicekit.config import Settings
        from servicekit.runtime import Runtime

        runtime = Runtime(SPEC, Settings.from_env("programmes", env))
        with runtime.uow() as uow:
            uow.publish("system.probe.sent.v1", "runtime-env", {"probe_id": "runtime-env", "n": 1})
            uow.commit()
        applied = ('aktiv_events_consumed_total{outcome="applied",service="programmes",'
                   'type="system.probe.sent.v1"} 1.0')
        wait_until(lambda: applied in metrics_text(ports["programmes"]), timeout=60,
                   message="the probe applied by the programmes worker")
        assert 'aktiv_events_published_total{service="programmes",type="system.probe.sent.v1"} 1.0' in \
            metrics_text(ports["programmes"])
        for name, proc in procs.items():
            assert proc.poll() is None, f"{name} worker exited: {(logs / f'{name}.log').read_text()[-3000:]}"
            log = (logs / f"{name}.log").read_text()
            assert "FileNotFoundError" not in log and "Traceback" not in log, log[-3000:]
        assert not missing.exists()
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.mark.parametrize("inherited", [True, False], ids=["image-variable", "no-variable"])
def test_gunicorn_creates_its_own_multiprocess_directory_and_aggregates_its_workers(image_env, tmp_path,
                                                                                     inherited):
    _root, _missing, env = image_env
    web_env = {**env, "AKTIV_VAR_DIR": str(tmp_path / "var"), "AKTIV_WEB_WORKERS": "2", "AKTIV_WEB_THREADS": "2"}
    expected = tmp_path / "run/aktiv/metrics/web"
    if inherited:
        web_env["PROMETHEUS_MULTIPROC_DIR"] = str(expected)
    else:
        web_env.pop("PROMETHEUS_MULTIPROC_DIR")
        expected = tmp_path / "var/metrics/programmes-web"
    port = free_port()
    log = tmp_path / "gunicorn.log"
    proc = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "services/programmes/gunicorn.conf.py",
                             "-b", f"127.0.0.1:{port}", "programmes.wsgi:app"], cwd=ROOT, env=web_env,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        answered = [0]  # /healthz answers this test received – each was counted by the worker that gave it

        def healthz() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as r:  # noqa: S310
                    answered[0] += r.status == 200
                    return r.status == 200
            except OSError:
                assert proc.poll() is None, log.read_text()[-3000:]
                return False

        def served() -> float:  # healthz requests counted by all of gunicorn's workers together
            series = 'aktiv_http_requests_total{method="GET",route="/healthz",service="programmes",status="200"} '
            lines = [x for x in metrics_text(port).splitlines() if x.startswith(series)]
            return float(lines[0].split()[-1]) if lines else 0.0

        wait_until(healthz, timeout=60, message="gunicorn answering /healthz")
        for _ in range(20):
            assert healthz()
        # the sum over the workers, whichever of them answered; a worker counts a request as it finishes it, which
        # can be just after the answer reached us, so wait (bounded) for the count to catch up – never past it
        wait_until(lambda: served() >= answered[0], timeout=30,
                   message=f"{answered[0]} /healthz answers counted over both workers")
        assert served() == answered[0]
        assert list(expected.glob("*.db")), f"no multiprocess files in {expected}"
        assert "ignored" not in log.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
