"""One consistent demo: after ``make run`` every department sees the same funders, organisations and figures.

The stack is set up exactly as ``make run`` does it (every service migrated and seeded before any worker
starts), so the seeds' events have to travel through the bus to the other services' read models."""

from __future__ import annotations

import sqlite3
import time
from decimal import Decimal

import pytest
import requests

from servicekit.auth.tokens import TokenIssuer

from .stack import Stack


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("demo") / "var", like_make_run=True) as running:
        yield running


def _get(stack: Stack, path: str, token: str):
    answer = requests.get(stack.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 200, f"{path}: {answer.status_code} {answer.text[:300]}"
    return answer.json()


def _token(stack: Stack) -> str:
    key = (stack.var_dir / "keys" / "jwt.pem").read_bytes()
    return TokenIssuer(key, "aktiv-gateway", "aktiv-services").issue("demo-check", ["viewer"], name="Lena Lesen")


def _eventually(check, timeout: float = 60.0):
    """The events of the seeds arrive asynchronously: wait (bounded) until ``check`` holds, then return it."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        last = check()
        if last[0]:
            return last
        time.sleep(0.5)
    raise AssertionError(f"not consistent within {timeout:.0f} s: {last[1]}")


def _direct(stack: Stack, service: str, path: str, token: str):
    answer = requests.get(f"http://127.0.0.1:{stack.ports[service]}{path}",
                          headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 200, f"{path}: {answer.status_code} {answer.text[:300]}"
    return answer.json()


def test_the_programmes_dashboard_and_the_finance_portfolio_show_the_same_third_party_money(demo):
    token = _token(demo)

    def agree():
        portfolio = _direct(demo, "finance", "/api/finance/portfolio", token)
        finance = sum((Decimal(str(r["external"])) for r in portfolio["years"]), Decimal("0"))
        dashboard = _direct(demo, "programmes", "/api/programmes/dashboard", token)
        programmes = Decimal(str(dashboard["external_funds"]))
        return finance > 0 and finance == programmes, {"finance": finance, "programmes": programmes}

    _, figures = _eventually(agree)
    assert figures["finance"] == figures["programmes"]


def _names(stack: Stack, service: str, table: str) -> set[str]:
    with sqlite3.connect(stack.var_dir / "data" / f"{service}.db") as db:
        return {row[0] for row in db.execute(f"SELECT name FROM {table}")}  # noqa: S608 - fixed table names


def test_every_department_knows_the_funders_and_organisations_of_the_others(demo):
    """Programmes picks funders (finance's) and partners (participation's) by name from its read models."""

    def known():
        funders, partners = _names(demo, "finance", "funder"), _names(demo, "participation", "organisation")
        seen = _names(demo, "programmes", "funder"), _names(demo, "programmes", "organisation")
        return (bool(funders) and bool(partners) and seen == (funders, partners),
                {"finance": funders, "participation": partners, "programmes": seen})

    _eventually(known)


def test_finance_knows_every_body_of_participation_by_name(demo):
    """The action fund's picker offers participation's bodies (participation.body.created, sent by its seed)."""

    def known():
        bodies, seen = _names(demo, "participation", "body"), _names(demo, "finance", "body")
        return bool(bodies) and seen == bodies, {"participation": bodies, "finance": seen}

    _eventually(known)
