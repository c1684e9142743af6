"""Issue #19 with real servers: the gateway and every service under gunicorn (as in production), requests sent
byte for byte as an attacker writes them (http.client, no URL normalising client). The gateway's upstreams are
the recording fake, so "nothing was forwarded" is checked on what really arrived."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from servicekit.config import SERVICES

from .fake_upstream import FakeUpstream
from .support import free_port
from .traversal_spellings import ROOT_PATHS, spellings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def raw_get(port: int, target: str, method: str = "GET") -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        conn.putheader("Accept", "application/json")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        conn.close()


def _wait(port: int, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if raw_get(port, "/healthz")[0] == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"port {port} not up:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def servers(tmp_path_factory, keypair):
    """{"gateway": port, "<svc>": port, …} and the fake upstream behind the gateway."""
    var = tmp_path_factory.mktemp("gunicorn-var")
    with FakeUpstream() as fake:
        ports = {name: free_port() for name in ("gateway", *SERVICES)}
        env = {**{k: v for k, v in os.environ.items() if not k.startswith(("AKTIV_", "PROMETHEUS_"))},
               "AKTIV_ENV": "test", "AKTIV_VAR_DIR": str(var), "AKTIV_LOG_JSON": "false", "AKTIV_LOG_LEVEL": "WARNING",
               "AKTIV_WEB_WORKERS": "1", "AKTIV_WEB_THREADS": "2", "AKTIV_JWT_PUBLIC_KEY_FILE": str(keypair[1]),
               "AKTIV_JWT_PRIVATE_KEY_FILE": str(keypair[0]),
               **{f"AKTIV_{s.upper()}_URL": fake.url for s in SERVICES}}
        (var / "data").mkdir(parents=True, exist_ok=True)
        procs = {}
        try:
            for name, port in ports.items():
                conf = "gateway/gunicorn.conf.py" if name == "gateway" else f"services/{name}/gunicorn.conf.py"
                log = var / f"{name}.log"
                procs[name] = (subprocess.Popen(
                    [str(BIN / "gunicorn"), "-c", conf, "-b", f"127.0.0.1:{port}", "--workers", "1",
                     f"{name}.wsgi:app"], cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
                    start_new_session=True), log)
            for name, port in ports.items():
                _wait(port, *procs[name])
            yield ports, fake
        finally:
            for proc, _log in procs.values():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc, _log in procs.values():
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)


def _assert_refused(status: int, content_type: str, body: bytes, where: str) -> None:
    assert status == 400, (where, status, body[:200])
    assert content_type.startswith("application/problem+json"), where
    problem = json.loads(body)
    assert problem["status"] == 400 and "unzulässige Pfadbestandteile" in problem["detail"], where


@pytest.mark.parametrize("kind", ["api", "intern"])
def test_through_the_gunicorn_gateway_no_spelling_reaches_an_upstream(servers, kind):
    ports, fake = servers
    fake.requests.clear()
    for svc in SERVICES:
        for target in spellings(f"/{kind}/{svc}/"):
            _assert_refused(*raw_get(ports["gateway"], target), f"gateway {target}")
    for target in ("//api/programmes/echo", f"//{kind}/finance/%2e%2e/metrics", "/api/%70rogrammes/echo"):
        _assert_refused(*raw_get(ports["gateway"], target), f"gateway {target}")
    assert fake.requests == [], [r["path"] for r in fake.requests][:5]


def test_a_normal_path_still_goes_through_the_gunicorn_gateway_unchanged(servers):
    ports, fake = servers
    status, _, body = raw_get(ports["gateway"], "/api/programmes/echo?q=%2e%2e%2fmetrics")
    assert status == 200 and json.loads(body)["args"] == {"q": "../metrics"}
    status, _, _ = raw_get(ports["gateway"], "/api/programmes/echo%3Fadmin=1")
    assert status == 404 and fake.requests[-1]["args"] == {}
    assert not {r["path"] for r in fake.requests} & ROOT_PATHS


@pytest.mark.parametrize("service", SERVICES)
def test_every_gunicorn_served_service_refuses_the_spellings_itself(servers, service):
    ports, _ = servers
    for kind in ("api", "intern"):
        for target in spellings(f"/{kind}/{service}/"):
            _assert_refused(*raw_get(ports[service], target), f"{service} {target}")
    for target in ("/%2e%2e/metrics", "//metrics", "/.//readyz", "/docs%00", "/openapi.json%2f"):
        _assert_refused(*raw_get(ports[service], target), f"{service} {target}")
    assert raw_get(ports[service], "/metrics")[0] == 200  # the service's own endpoints, inside the cluster


def _raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` as it is on a plain socket (no client that would refuse or fix it), read the answer."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    return int(lines[0].split()[1]), headers, body


OVERSIZED = {
    414: b"GET /api/programmes/" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",  # request line over 4094 bytes
    431: b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n",  # one field over 8190 bytes
    400: b"GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n",  # a malformed request line
}


@pytest.mark.parametrize("name", ["gateway", *SERVICES])
def test_gunicorns_own_refusals_are_problem_json_on_the_gateway_and_every_service(servers, name):
    """Requests gunicorn refuses before the app (an 8 KB+ request line, a header over the field limit, 101
    header fields, a broken request line) come back as German problem+json, not gunicorn's HTML page, and do
    not echo the request."""
    ports, _ = servers
    many = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-F%d: 1\r\n" % i for i in range(101)) + b"\r\n"
    for status, request in [*OVERSIZED.items(), (431, many)]:
        got, headers, body = _raw(ports[name], request)
        assert got == status, (name, status, got, body[:200])
        assert headers["content-type"] == "application/problem+json", (name, status, headers)
        problem = json.loads(body)
        assert problem["status"] == status and problem["title"] and problem["detail"], problem
        assert b"<html" not in body and b"aaaa" not in body and b"bbbb" not in body
    assert json.loads(_raw(ports[name], OVERSIZED[414])[2])["detail"] == "Die Adresse der Anfrage ist zu lang."
    assert raw_get(ports[name], "/healthz")[0] == 200, "the worker serves on after the refusals"
