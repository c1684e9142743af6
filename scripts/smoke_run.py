"""make smoke: the rendered dev overlay under rootful `podman kube play` on this machine (issue #15, first steps).

1. podman and its parts (apt-get, as root, if missing); the debootstrap base image (cached, make base-image);
2. the images of the apps under test (make images, podman's layer cache);
3. `kubectl kustomize deploy/k8s/overlays/dev`; for each app its migration Job (as a Pod, restartPolicy Never)
   and its web Deployment, with the manifests' ConfigMap, env, command, users, read-only root and emptyDir mounts,
   changed only where a cluster would supply something: generated Secrets (values inlined, the JWT public key as a
   hostPath file), hostNetwork towards this machine's PostgreSQL 127.0.0.1:5432 (own database aktiv_smoke_<app>)
   and RabbitMQ 127.0.0.1:5672 (own vhost aktiv-smoke), the local image, no pulls, probes run from here;
4. the migration exits 0, then the web pod's readiness and liveness paths and the worker's /metrics (liveness)
   answer 200 on the manifest's ports, and each /metrics lists aktiv_ series.
Every pod, database and vhost it made is removed again, also on failure or Ctrl-C. Bounded: each wait has a limit.
  SMOKE_APPS="programmes finance participation newsletter gateway" (default; space-separated),
  SMOKE_SKIP_BUILD=1 (use the images already built).
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "podman" / "containers.conf"
PACKAGES = ("podman", "runc", "catatonit", "debootstrap", "uidmap", "slirp4netns", "fuse-overlayfs")
TAG = os.environ.get("IMAGE_TAG", "0.1.0")
ALL_APPS = ("programmes", "finance", "participation", "newsletter", "gateway")  # gateway last: it needs the others
APPS = os.environ.get("SMOKE_APPS", " ".join(ALL_APPS)).split()
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database number of its own on the machine's Redis
VHOST = "aktiv-smoke"
READY_TIMEOUT = 120  # s until /readyz must answer 200
MIGRATE_TIMEOUT = 180  # s for the migration pod
T0 = time.monotonic()
ENV = {**os.environ, "CONTAINERS_CONF": str(CONF)}


def log(message: str) -> None:
    print(f"[smoke {time.monotonic() - T0:6.1f}s] {message}", flush=True)


def run(*cmd: str, check: bool = True, timeout: float = 600, quiet: bool = False) -> subprocess.CompletedProcess:
    if not quiet:
        log("$ " + " ".join(cmd))
    result = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise SystemExit(f"smoke: {cmd[0]} fehlgeschlagen (rc={result.returncode}):\n{result.stdout[-3000:]}"
                         f"\n{result.stderr[-3000:]}")
    return result


def install_packages() -> None:
    missing = [p for p in PACKAGES if run("dpkg-query", "-W", "-f=${Status}", p, check=False, quiet=True)
               .stdout.strip() != "install ok installed"]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"smoke: fehlende Debian-Pakete {' '.join(missing)} (als root: apt-get install -y ...)")
    run("apt-get", "update", "-qq")
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing)


def kubectl() -> str:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    tools = Path(os.environ.get("AKTIV_DEPLOY_TOOLS") or cache / "kaufbeuren-aktiv" / "deploy-tools")
    for candidate in (tools / "bin" / "kubectl", shutil.which("kubectl")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise SystemExit("smoke: kubectl fehlt (make deploy-deps)")


def render() -> list[dict]:
    out = run(kubectl(), "kustomize", str(ROOT / "deploy" / "k8s" / "overlays" / "dev")).stdout
    return [d for d in yaml.safe_load_all(out) if d]


def find(docs: list[dict], kind: str, name: str) -> dict:
    for doc in docs:
        if doc["kind"] == kind and doc["metadata"]["name"] == name:
            return copy.deepcopy(doc)
    raise SystemExit(f"smoke: {kind}/{name} fehlt im gerenderten dev-Overlay")


def localise(spec: dict, secrets: dict[str, dict[str, str]], files: Path) -> None:
    """What a cluster would supply, supplied here; everything else stays as rendered."""
    spec["hostNetwork"] = True
    spec["hostAliases"] = [{"ip": "127.0.0.1", "hostnames": list(ALL_APPS)}]  # the apps' Services, on this host
    spec.pop("topologySpreadConstraints", None)
    spec.pop("serviceAccountName", None)
    for container in [*spec.get("initContainers", []), *spec["containers"]]:
        image = container["image"].rsplit("/", 2)
        container["image"] = f"localhost/kaufbeuren-aktiv/{image[-1].split(':')[0]}:{TAG}"
        container["imagePullPolicy"] = "Never"
        container.pop("ports", None)  # hostNetwork: the app binds the manifest's port on the host itself
        for probe in ("startupProbe", "livenessProbe", "readinessProbe", "lifecycle"):
            container.pop(probe, None)  # probed from the host (podman would need curl in the image)
        for item in container.get("env", []):
            ref = item.pop("valueFrom", {}).get("secretKeyRef")
            if ref:
                if ref["key"] not in secrets.get(ref["name"], {}):
                    raise SystemExit(f"smoke: kein Testwert für Secret {ref['name']}/{ref['key']}")
                item["value"] = secrets[ref["name"]][ref["key"]]
    for volume in spec.get("volumes", []):
        secret = volume.pop("secret", None)
        if secret:
            directory = files / volume["name"]
            directory.mkdir(parents=True, exist_ok=True)
            directory.chmod(0o755)
            for item in secret.get("items", []):
                path = directory / item["path"]
                path.write_text(secrets[secret["secretName"]][item["key"]])
                path.chmod(0o644)
            volume["hostPath"] = {"path": str(directory), "type": "Directory"}


def secrets_for(app: str, keys: Path) -> dict[str, dict[str, str]]:
    """Generated test values for every Secret the rendered manifests name (one signing key for all apps)."""
    return {
        f"{app}-db": {"uri": f"postgresql://postgres@127.0.0.1:5432/aktiv_smoke_{app}"},
        f"{app}-amqp": {"uri": f"amqp://guest:guest@127.0.0.1:5672/{VHOST}"},
        f"{app}-app": {"secret-key": os.urandom(24).hex()},
        "platform-erasure": {"key": ERASURE_KEY},
        "gateway-signing-key": {"jwt.pub.pem": (keys / "jwt.pub.pem").read_text(),
                                "jwt.pem": (keys / "jwt.pem").read_text()},
        f"{app}-smtp": {"username": "aktiv-smoke", "password": os.urandom(12).hex()},  # newsletter's relay login
        "gateway-redis": {"url": REDIS_URL},
        "gateway-metrics": {"token": os.urandom(16).hex()},
        "gateway-admin": {"email": "admin@smoke.example.org", "password": os.urandom(12).hex()},
    }


ERASURE_KEY = os.urandom(24).hex()  # shared by the department services, as in a cluster


def write(path: Path, *docs: dict) -> Path:
    path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    return path


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def container_state(name: str) -> str:
    result = run("podman", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", name,
                 check=False, quiet=True)
    return result.stdout.strip() if result.returncode == 0 else "missing"


class Smoke:
    def __init__(self) -> None:
        self.played: list[Path] = []
        self.databases: list[str] = []
        self.vhost = False
        self.databases_of: set[str] = set()
        self.tmp = Path(tempfile.mkdtemp(prefix="aktiv-smoke-"))
        self.tmp.chmod(0o755)

    def cleanup(self) -> None:
        for manifest in reversed(self.played):
            run("podman", "kube", "down", str(manifest), check=False, timeout=120)
        for database in self.databases:
            run("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
                check=False, quiet=True)
        if self.vhost:
            run("rabbitmqctl", "-q", "delete_vhost", VHOST, check=False, quiet=True)
        if "gateway" in self.databases_of and shutil.which("redis-cli"):  # the gateway's limiter counters
            run("redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "FLUSHDB", check=False, quiet=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
        log("aufgeräumt")

    def prepare_backends(self, app: str) -> None:
        database = f"aktiv_smoke_{app}"
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {database}")
        self.databases.append(database)
        self.databases_of.add(app)
        if not self.vhost:
            run("rabbitmqctl", "-q", "add_vhost", VHOST, check=False)
            run("rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*")
            self.vhost = True

    def play(self, manifest: Path) -> None:
        run("podman", "kube", "down", str(manifest), check=False, quiet=True)  # leftovers of an aborted run
        self.played.append(manifest)
        result = run("podman", "kube", "play", str(manifest), check=False, timeout=180)
        if result.returncode:
            ps = run("podman", "ps", "-a", "--format", "{{.Names}} {{.ExitCode}}", check=False, quiet=True).stdout
            for name, code in (line.rsplit(" ", 1) for line in ps.splitlines() if line.strip()):
                if code != "0" and "-infra" not in name:  # e.g. an init container that failed
                    logs = run("podman", "logs", "--tail", "30", name, check=False, quiet=True)
                    print(f"--- {name} (rc {code})\n{(logs.stdout + logs.stderr)[-2500:]}", flush=True)
            raise SystemExit(f"smoke: podman kube play {manifest.name} fehlgeschlagen:\n{result.stderr[-2000:]}")

    def migrate(self, app: str, docs: list[dict], secrets: dict, files: Path) -> None:
        job = find(docs, "Job", f"{app}-migrate")
        config = find(docs, "ConfigMap", f"{app}-config")
        spec = job["spec"]["template"]["spec"]
        localise(spec, secrets, files)
        pod = {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": f"smoke-{app}-migrate", "labels": job["spec"]["template"]["metadata"]["labels"]},
               "spec": spec}
        self.play(write(self.tmp / f"{app}-migrate.yaml", config, pod))
        container = f"smoke-{app}-migrate-{spec['containers'][0]['name']}"
        result = run("podman", "wait", container, timeout=MIGRATE_TIMEOUT)
        logs = run("podman", "logs", container, check=False, quiet=True)
        print((logs.stdout + logs.stderr)[-2000:], flush=True)
        if result.stdout.strip() != "0":
            raise SystemExit(f"smoke: Migration von {app} endete mit {result.stdout.strip()}")
        log(f"{app}: Migration rc=0")

    @staticmethod
    def container_of(workload: str, container: str) -> str:
        """podman kube play names a Deployment's pod <name>-pod-<n> and its containers <pod>-<container>."""
        names = run("podman", "ps", "-a", "--format", "{{.Names}}", check=False, quiet=True).stdout.split()
        matches = [n for n in names if n.startswith(f"{workload}-pod") and n.endswith(f"-{container}")]
        if not matches:
            raise SystemExit(f"smoke: kein Container {container} von {workload} ({', '.join(names)})")
        return matches[0]

    def deployment(self, app: str, component: str, docs: list[dict], secrets: dict, files: Path) -> None:
        """Start <app>-<component>; its HTTP probe paths (readiness first, then liveness) must answer 200."""
        deployment = find(docs, "Deployment", f"{app}-{component}")
        config = find(docs, "ConfigMap", f"{app}-config")
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        checks = [(ports.get(probe["httpGet"]["port"], probe["httpGet"]["port"]), probe["httpGet"]["path"])
                  for probe in (container.get("readinessProbe"), container.get("livenessProbe"))
                  if probe and "httpGet" in probe]
        if not checks:
            raise SystemExit(f"smoke: {app}-{component} hat keine HTTP-Probe")
        deployment["spec"]["replicas"] = 1
        localise(deployment["spec"]["template"]["spec"], secrets, files)
        for port in {port for port, _ in checks}:
            if http_status(f"http://127.0.0.1:{port}/"):
                raise SystemExit(f"smoke: Port {port} ist schon belegt")
        self.play(write(self.tmp / f"{app}-{component}.yaml", config, deployment))
        name = self.container_of(f"{app}-{component}", container["name"])
        deadline = time.monotonic() + READY_TIMEOUT
        for port, path in checks:
            while (status := http_status(f"http://127.0.0.1:{port}{path}")) != 200:
                state = container_state(name)
                if time.monotonic() > deadline or not state.startswith("running"):
                    logs = run("podman", "logs", name, check=False, quiet=True)
                    print((logs.stdout + logs.stderr)[-3000:], flush=True)
                    raise SystemExit(f"smoke: {app}-{component} {path} antwortet {status} ({state})")
                time.sleep(1)
            log(f"{app}-{component}: {path} 200 auf :{port}")
        request = urllib.request.Request(f"http://127.0.0.1:{checks[-1][0]}/metrics")
        if token := secrets.get(f"{app}-metrics", {}).get("token"):  # the gateway's, as Prometheus sends it
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback only
                metrics = response.read().decode()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"smoke: {app}-{component} /metrics antwortet {error.code}") from None
        names = {line.split("{")[0].split()[0] for line in metrics.splitlines() if line and line[0] != "#"}
        ours = sorted(n for n in names if n.startswith("aktiv_"))
        log(f"{app}-{component}: /metrics 200, {len(names)} Reihen, davon aktiv_: {', '.join(ours) or 'keine'}")
        shape = run("podman", "inspect", "--format", "user={{.Config.User}} readonly_root="
                    "{{.HostConfig.ReadonlyRootfs}} network={{.HostConfig.NetworkMode}}", name,
                    check=False, quiet=True).stdout.strip()
        log(f"{app}-{component}: Container (Status rc Neustarts) {container_state(name)}; {shape}")

    def main(self) -> None:
        install_packages()
        if os.geteuid() != 0:
            raise SystemExit("smoke: rootful podman – bitte als root starten")
        started = time.monotonic()
        run("bash", str(ROOT / "deploy" / "podman" / "base-image.sh"), timeout=900)
        log(f"Basis-Image: {time.monotonic() - started:.0f} s")
        if os.environ.get("SMOKE_SKIP_BUILD") != "1":
            started = time.monotonic()
            result = subprocess.run(["bash", str(ROOT / "deploy" / "docker" / "build-images.sh")], timeout=1800,
                                    env={**ENV, "CONTAINER_ENGINE": "podman", "IMAGES": " ".join(APPS)})
            if result.returncode:
                raise SystemExit("smoke: make images fehlgeschlagen")
            log(f"Images: {time.monotonic() - started:.0f} s")
        docs = render()
        from servicekit.auth.tokens import generate_keypair

        keys = self.tmp / "keys"
        keys.mkdir(mode=0o755)
        generate_keypair(keys / "jwt.pem", keys / "jwt.pub.pem")
        for app in APPS:
            files = self.tmp / app
            files.mkdir(mode=0o755)
            secrets = secrets_for(app, keys)
            self.prepare_backends(app)
            self.migrate(app, docs, secrets, files)
            self.deployment(app, "web", docs, secrets, files)
            if any(d["kind"] == "Deployment" and d["metadata"]["name"] == f"{app}-worker" for d in docs):
                self.deployment(app, "worker", docs, secrets, files)
        log(f"bestanden: {', '.join(APPS)}")


def main() -> int:
    smoke = Smoke()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        smoke.main()
        return 0
    except SystemExit as error:
        if error.code not in (0, None):
            print(error.code if isinstance(error.code, str) else f"smoke: Abbruch ({error.code})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        smoke.cleanup()
        log(f"Dauer {time.monotonic() - T0:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
