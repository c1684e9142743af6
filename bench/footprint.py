"""Footprint of the `make run` stack (embedded mode: SQLite, file bus, SMTP sink): time from start to all
/readyz ready, RSS (and PSS, which splits pages shared between forked gunicorn workers fairly) per process
idle and after a short load of public pages and API lists, and the total.

The stack is started exactly as `make run` does (bootstrap commands, then honcho with the Procfile) in a
temporary AKTIV_VAR_DIR. It needs the standard ports (8080, 8101–8104, 8201–8204, 8025); if any is taken
(e.g. a developer's `make run`), the section says so and measures nothing."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVICES = ("programmes", "finance", "participation", "newsletter")
PORTS = {"gateway": 8080, "programmes": 8101, "finance": 8102, "participation": 8103, "newsletter": 8104}
WORKER_METRICS = {s: p + 100 for s, p in PORTS.items() if s != "gateway"}
SMTP_PORT = 8025
TARGET_WORKER_MB = 80
TARGET_TOTAL_MB = 1024
PUBLIC_PAGES = ["/", "/programme", "/projekte", "/veranstaltungen", "/engagement", "/newsletter/archiv",
                "/suche?q=jugend", "/handlungsfelder"]
API_LISTS = ["/api/programmes/programmes", "/api/programmes/projects", "/api/finance/funders",
             "/api/finance/plans", "/api/participation/events", "/api/participation/bodies",
             "/api/newsletter/subscribers", "/api/newsletter/issues"]


def _port_taken(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return False
        except OSError:
            return True


def _kb(pid: int, field: str, filename: str = "status") -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/{filename}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += _children(current)
    return out


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


def _role(pid: int, parent_cmd: str) -> str | None:
    cmd = _cmdline(pid)
    if cmd.startswith(("/bin/sh", "sh ")):
        return "shell wrapper (honcho runs each Procfile line with sh -c)"
    for name in ("gateway", *SERVICES):
        if f"{name}.wsgi" in cmd:
            forked = f"{name}.wsgi" in parent_cmd and not parent_cmd.startswith(("/bin/sh", "sh "))
            kind = "web worker" if forked else "web master"
            return f"{name} {kind}"
    for name in SERVICES:
        if f"servicekit.cli {name} worker" in cmd:
            return f"{name} event worker"
    if "servicekit.devsmtp" in cmd:
        return "smtp sink"
    if "honcho" in cmd:
        return "honcho (process manager and its per-line helpers)"
    return None


def snapshot(root_pid: int) -> list[tuple[str, int, float, float]]:
    """→ [(role, pid, RSS MB, PSS MB)] for every process of the stack."""
    rows = []
    parents = {}
    for pid in _tree(root_pid):
        for child in _children(pid):
            parents[child] = pid
    for pid in _tree(root_pid):
        role = _role(pid, _cmdline(parents.get(pid, 0)))
        if role is None:
            continue
        rss = _kb(pid, "VmRSS") / 1024
        pss = _kb(pid, "Pss", "smaps_rollup") / 1024
        rows.append((role, pid, rss, pss))
    return sorted(rows)


def _token(var_dir: Path) -> str:
    from servicekit.auth.tokens import TokenIssuer

    issuer = TokenIssuer((var_dir / "keys" / "jwt.pem").read_bytes(), "aktiv-gateway", "aktiv-services", 3600)
    return issuer.issue("bench-footprint", ["viewer"], name="Footprint")


def _wait_ready(deadline: float) -> dict[str, float]:
    import requests

    ready: dict[str, float] = {}
    started = time.monotonic()
    while time.monotonic() < deadline and len(ready) < len(PORTS):
        for name, port in PORTS.items():
            if name in ready:
                continue
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    ready[name] = time.monotonic() - started
        time.sleep(0.1)
    return ready


def _load(n: int, token: str) -> tuple[int, dict[int, int], float]:
    import requests

    session = requests.Session()
    urls = [("http://127.0.0.1:8080" + p, {}) for p in PUBLIC_PAGES] + \
           [("http://127.0.0.1:8080" + p, {"Authorization": f"Bearer {token}"}) for p in API_LISTS]
    statuses: dict[int, int] = {}

    def one(i: int) -> int:
        url, headers = urls[i % len(urls)]
        try:
            return session.get(url, headers=headers, timeout=30).status_code
        except requests.RequestException:
            return 0

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        for status in pool.map(one, range(n)):
            statuses[status] = statuses.get(status, 0) + 1
    return n, statuses, time.monotonic() - started


def _stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _grouped(idle, loaded) -> list[str]:
    """One row per kind of process: count, RSS per process (min–max) idle and after load, PSS sum."""
    def groups(rows):
        out: dict[str, list] = {}
        for role, _, rss, pss in rows:
            out.setdefault(role, []).append((rss, pss))
        return out

    def span(values):
        lo, hi = min(values), max(values)
        return f"{lo:.0f}" if round(lo) == round(hi) else f"{lo:.0f}–{hi:.0f}"

    before, after = groups(idle), groups(loaded)
    out = ["| process | count | RSS MB each, idle | RSS MB each, after load | PSS MB sum, after load |",
           "|---|---:|---:|---:|---:|"]
    for role in sorted(after):
        rows_after, rows_before = after[role], before.get(role, after[role])
        out.append(f"| {role} | {len(rows_after)} | {span([r for r, _ in rows_before])} | "
                   f"{span([r for r, _ in rows_after])} | {sum(p for _, p in rows_after):.0f} |")
    out.append(f"| **total** | {len(loaded)} | **{sum(r[2] for r in idle):.0f}** (sum) | "
               f"**{sum(r[2] for r in loaded):.0f}** (sum) | **{sum(r[3] for r in loaded):.0f}** |")
    return out + [""]


def run(quick: bool = False) -> str:
    head = "## Footprint of the `make run` stack\n\n"
    taken = [p for p in (*PORTS.values(), *WORKER_METRICS.values(), SMTP_PORT) if _port_taken(p)]
    if taken:
        return head + (f"Skipped: the standard ports {taken} are in use (another `make run`?). The benchmark "
                       "starts the real stack on the standard ports only when they are free.\n")
    requests_n = 200 if quick else 500
    with tempfile.TemporaryDirectory(prefix="aktiv-footprint-") as tmp:
        var = Path(tmp) / "var"
        for sub in ("data", "mail", "metrics"):
            (var / sub).mkdir(parents=True)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("AKTIV_")},
               "AKTIV_VAR_DIR": str(var), "AKTIV_LOG_JSON": "false", "AKTIV_LOG_LEVEL": "WARNING",
               # as `make run` does: one gunicorn worker (4 threads) per web process on one machine
               "AKTIV_WEB_WORKERS": os.environ.get("AKTIV_WEB_WORKERS", "1"),
               "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
        # the Procfile's PROMETHEUS_MULTIPROC_DIR=var/metrics/<svc> is relative: run from a copy of the layout
        workdir = Path(tmp) / "run"
        workdir.mkdir()
        for item in ("Procfile", "services", "gateway", "lib"):
            (workdir / item).symlink_to(ROOT / item)
        (workdir / "var").symlink_to(var)
        log = open(Path(tmp) / "stack.log", "wb")  # noqa: SIM115 - closed below
        t0 = time.monotonic()
        py = str(BIN / "python")
        for args in (["-m", "servicekit.cli", "gateway", "keys"],
                     ["-m", "servicekit.cli", ",".join(SERVICES), "setup"],
                     ["-m", "gateway.cli", "bootstrap"]):
            subprocess.run([py, *args], cwd=workdir, env=env, check=True, stdout=log, stderr=subprocess.STDOUT,
                           timeout=600)
        bootstrap_s = time.monotonic() - t0
        t1 = time.monotonic()
        honcho = subprocess.Popen([str(BIN / "honcho"), "start", "-f", "Procfile"], cwd=workdir, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            ready = _wait_ready(time.monotonic() + 180)
            processes_ready_s = time.monotonic() - t1
            if len(ready) < len(PORTS):
                log.flush()
                tail = (Path(tmp) / "stack.log").read_text(errors="replace")[-3000:]
                return head + f"The stack did not become ready within 180 s (ready: {sorted(ready)}).\n\n" \
                              f"```\n{tail}\n```\n"
            time.sleep(5)  # let workers finish their first poll cycle before the idle snapshot
            idle = snapshot(honcho.pid)
            n, statuses, load_s = _load(requests_n, _token(var))
            time.sleep(2)
            loaded = snapshot(honcho.pid)
        finally:
            _stop(honcho)
            log.close()
    return head + _report(bootstrap_s, processes_ready_s, ready, idle, loaded, n, statuses, load_s)


def _report(bootstrap_s, processes_ready_s, ready, idle, loaded, n, statuses, load_s) -> str:
    def worst(rows, kinds):
        chosen = [r for r in rows if any(k in r[0] for k in kinds)]
        return max(chosen, key=lambda r: r[2]) if chosen else ("–", 0, 0.0, 0.0)

    workers_idle = worst(idle, ("web worker", "event worker"))
    workers_loaded = worst(loaded, ("web worker", "event worker"))
    service_loaded = [r for r in loaded if any(s in r[0] for s in SERVICES) and "master" not in r[0]]
    max_service = max(service_loaded, key=lambda r: r[2]) if service_loaded else ("–", 0, 0.0, 0.0)
    total_rss = sum(r[2] for r in loaded)
    total_pss = sum(r[3] for r in loaded)
    ok_worker = max_service[2] <= TARGET_WORKER_MB and workers_idle[2] <= TARGET_WORKER_MB
    ok_total = total_pss <= TARGET_TOTAL_MB
    lines = [
        "Started exactly like `make run` (bootstrap: keys, migrate + seed all services, gateway bootstrap; then "
        "honcho with the Procfile: SMTP sink, gunicorn web + event worker per service, gateway) in a temporary "
        "AKTIV_VAR_DIR with the default settings (2 gunicorn workers × 4 threads per web process). RSS counts "
        "shared pages in every process; PSS divides them among the sharers, so the PSS total is the memory the "
        "stack really occupies.",
        "",
        "| measure | value | target | verdict |",
        "|---|---:|---:|---|",
        f"| bootstrap (keys, migrations, demo data) | {bootstrap_s:.1f} s | | |",
        f"| processes started → every /readyz 200 | {processes_ready_s:.1f} s | | |",
        f"| `make run` → all ready (sum) | {bootstrap_s + processes_ready_s:.1f} s | | |",
        f"| largest service process idle ({workers_idle[0]}) | {workers_idle[2]:.1f} MB RSS | "
        f"≤ {TARGET_WORKER_MB} MB | {'met' if workers_idle[2] <= TARGET_WORKER_MB else 'missed'} |",
        f"| largest service process after load ({max_service[0]}) | {max_service[2]:.1f} MB RSS | "
        f"≤ {TARGET_WORKER_MB} MB | {'met' if ok_worker else 'missed'} |",
        f"| total after load | {total_rss:.0f} MB RSS / {total_pss:.0f} MB PSS | ≤ {TARGET_TOTAL_MB} MB | "
        f"{'met' if ok_total else 'missed'} (PSS){'' if total_rss <= TARGET_TOTAL_MB else '; RSS sum above'} |",
        f"| load | {n} GETs (8 threads) of public pages and API lists in {load_s:.1f} s; statuses {statuses} | | |",
        "",
        "Ready times per component (seconds after the processes were started): "
        + ", ".join(f"{k} {v:.1f}" for k, v in sorted(ready.items(), key=lambda kv: kv[1])) + ".",
        "",
    ]
    lines += _grouped(idle, loaded)
    events = [r for r in loaded if "event worker" in r[0]]
    webs = [r for r in loaded if "web worker" in r[0] and "gateway" not in r[0]]
    verdict = "Both targets are met." if ok_worker and ok_total else "Not every target is met."
    if events and webs:
        verdict += (f" Event workers: {min(r[2] for r in events):.0f}–{max(r[2] for r in events):.0f} MB RSS "
                    f"({'within' if max(r[2] for r in events) <= TARGET_WORKER_MB else 'above'} the "
                    f"{TARGET_WORKER_MB} MB target). Service web workers: {min(r[2] for r in webs):.0f}–"
                    f"{max(r[2] for r in webs):.0f} MB RSS after load "
                    f"({'within' if max(r[2] for r in webs) <= TARGET_WORKER_MB else 'above'} it); most of a "
                    "web worker is the imported code (Flask, flask-smorest/apispec, marshmallow, SQLAlchemy, "
                    "Jinja2, kombu), which is why even the idle workers sit near their loaded size.")
    lines.append(f"Verdict: {verdict} Largest process after load: {workers_loaded[0]} "
                 f"{workers_loaded[2]:.1f} MB RSS.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
