"""Web security fixtures: the in-process platform (real service apps over HTTP behind the gateway) from
tests/fuzz/platform.py, loaded by path so both suites share one launcher, and a staff account per role."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

PASSWORD = "websec-richtig-langes-passwort"


def _load_fuzz_module(name: str):
    path = Path(__file__).resolve().parents[1] / "fuzz" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"aktiv_websec_fuzz_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


_load_fuzz_module("conftest")  # the hypothesis-jsonschema shim and text serializers the XSS test needs
Platform = _load_fuzz_module("platform").Platform
load_schema = _load_fuzz_module("support").load_schema


@pytest.fixture(scope="module")
def platform(tmp_path_factory, keypair):
    running = Platform(tmp_path_factory.mktemp("websec-platform") / "var", keypair).start()
    # the shared gateway serves many logins; the rate-limit tests build their own gateway with the real limits
    running.gateway.config["GATEWAY_LOGIN_LIMIT"] = "10000 per minute"
    yield running
    running.stop()


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no csrf token in page"
    return match.group(1)


def add_user(gateway_app, email: str, roles) -> None:
    accounts = gateway_app.extensions["gateway_accounts"]
    accounts.create(email, email.split("@")[0], roles, PASSWORD)


def login(client, email: str, next_url: str | None = None):
    token = csrf_of(client.get("/anmelden").get_data(as_text=True))
    query = {"next": next_url} if next_url is not None else None
    return client.post("/anmelden", query_string=query, data={"csrf_token": token, "email": email,
                                                              "password": PASSWORD})
