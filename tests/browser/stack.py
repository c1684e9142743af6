"""The whole platform as subprocesses for end-to-end tests: SMTP sink, every service (gunicorn web + worker),
and the gateway, on free localhost ports with a temporary AKTIV_VAR_DIR, SQLite and the file bus."""

from __future__ import annotations

import contextlib
import email
import os
import signal
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import requests

from servicekit.config import SERVICES

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    def __init__(self, var_dir: Path, services=SERVICES, workers: bool = True, like_make_run: bool = False) -> None:
        """``like_make_run``: set up and seed every service before any process starts, as ``make run`` does."""
        self.var_dir = Path(var_dir)
        self.like_make_run = like_make_run
        self.services = tuple(services)
        self.workers = workers
        self.ports = {name: free_port() for name in (*self.services, "gateway", "smtp")}
        self.url = f"http://127.0.0.1:{self.ports['gateway']}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AKTIV_")},
            "AKTIV_ENV": "development", "AKTIV_VAR_DIR": str(self.var_dir), "AKTIV_LOG_JSON": "false",
            "AKTIV_LOG_LEVEL": "WARNING", "AKTIV_PUBLIC_URL": self.url, "AKTIV_SMTP_PORT": str(self.ports["smtp"]),
            "AKTIV_WEB_WORKERS": "1", "AKTIV_GATEWAY_PAGE_TTL": "1", "AKTIV_GATEWAY_DATA_TTL": "1",
            # one browser logs in many times a minute from one address; the limit itself is tested in gateway/tests
            "AKTIV_GATEWAY_LOGIN_LIMIT": "200 per minute", "AKTIV_WEB_THREADS": "4", "AKTIV_RELAY_POLL_SECONDS": "0.1",
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            **{f"AKTIV_{s.upper()}_URL": f"http://127.0.0.1:{self.ports.get(s, free_port())}" for s in SERVICES},
            **{f"AKTIV_{s.upper()}_METRICS_PORT": str(free_port()) for s in SERVICES},
        }
        self.admin_password = ""

    # -- lifecycle -----------------------------------------------------------------------------------------
    def _run(self, *args: str) -> str:
        done = subprocess.run([str(BIN / "python"), *args], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=180)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _spawn(self, name: str, args: list[str]) -> None:
        log = open(self.var_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def _gunicorn(self, name: str, conf: str, app: str) -> None:
        self._spawn(name, [str(BIN / "gunicorn"), "-c", conf, "-b", f"127.0.0.1:{self.ports[name]}",
                           "--workers", "1", app])

    def start(self) -> Stack:
        (self.var_dir / "data").mkdir(parents=True, exist_ok=True)
        self._run("-m", "servicekit.cli", "gateway", "keys")
        if self.like_make_run:
            self._run("-m", "servicekit.cli", ",".join(self.services), "setup")
        else:
            for svc in self.services:
                self._run("-m", "servicekit.cli", svc, "migrate")
        self._run("-m", "gateway.cli", "bootstrap")
        self.admin_password = (self.var_dir / "admin-password.txt").read_text().strip()
        self._spawn("smtp", [str(BIN / "python"), "-m", "servicekit.devsmtp"])
        for svc in self.services:
            self.start_service(svc)
        self._gunicorn("gateway", "gateway/gunicorn.conf.py", "gateway.wsgi:app")
        self.wait_http(self.url + "/healthz")
        for svc in self.services:
            self.wait_http(f"http://127.0.0.1:{self.ports[svc]}/healthz")
        for svc in () if self.like_make_run else self.services:  # seed once the workers listen
            self._run("-m", "servicekit.cli", svc, "seed")
        return self

    def start_service(self, svc: str) -> None:
        self._gunicorn(svc, f"services/{svc}/gunicorn.conf.py", f"{svc}.wsgi:app")
        if self.workers:
            self._spawn(f"{svc}-worker", [str(BIN / "python"), "-m", "servicekit.cli", svc, "worker"])

    def stop_process(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def stop_service(self, svc: str) -> None:
        self.stop_process(svc)
        self.stop_process(f"{svc}-worker")

    def stop(self) -> None:
        for name in list(self.procs):
            self.stop_process(name)

    def __enter__(self) -> Stack:
        try:
            return self.start()
        except Exception:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_http(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url, timeout=2).status_code == 200:
                    return
            dead = [n for n, p in self.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"process(es) {dead} exited; logs:\n" + self.logs(*dead))
            time.sleep(0.2)
        raise RuntimeError(f"{url} not up within {timeout}s; logs:\n" + self.logs())

    def logs(self, *names: str) -> str:
        out = []
        for path in sorted(self.var_dir.glob("*.log")):
            if not names or path.stem in names:
                out.append(f"--- {path.name}\n" + path.read_text(errors="replace")[-3000:])
        return "\n".join(out)

    # -- mail ----------------------------------------------------------------------------------------------
    def mails(self, to: str | None = None) -> list[email.message.EmailMessage]:
        found = []
        for path in sorted((self.var_dir / "mail").glob("*.eml")):
            msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if to is None or to in str(msg["To"]):
                found.append(msg)
        return found

    def wait_mail(self, to: str, contains: str = "", timeout: float = 30) -> email.message.EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for msg in self.mails(to):
                if contains in mail_text(msg) or contains in str(msg.get("Subject", "")):
                    return msg
            time.sleep(0.25)
        raise AssertionError(f"no mail to {to} containing {contains!r} within {timeout}s; "
                             f"{len(self.mails())} mails in the sink\n" + self.logs())


def mail_text(msg) -> str:
    parts = []
    for part in msg.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            parts.append(part.get_content())
    return "\n".join(parts)
