"""One consistent demo: after ``make run`` every department sees the same funders, organisations, programmes,
projects, plans and figures, and every seeded step shows the person who did it, in Kaufbeuren's local time.

The stack is set up exactly as ``make run`` does it (every service migrated and seeded before any worker
starts), so the seeds' events have to travel through the bus to the other services' read models. The screens
are read in Debian's chromium as each department's demo account."""

from __future__ import annotations

import re
import sqlite3
import time
from decimal import Decimal

import pytest
import requests
from playwright.sync_api import expect

from servicekit.auth.tokens import TokenIssuer
from servicekit.demo import FINANCE_APPROVER, PARTICIPATION, PROGRAMME, VIEWER

from .stack import Stack
from .test_journeys import _login

SCREEN = {"width": 1366, "height": 900}
AT = r"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr"  # "07.12.2026, 12:42 Uhr"


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


def _rows(stack: Stack, service: str, sql: str) -> set[tuple]:
    with sqlite3.connect(stack.var_dir / "data" / f"{service}.db") as db:
        return {tuple(row) for row in db.execute(sql)}


def test_every_department_knows_the_same_programmes_projects_and_plans(demo):
    """Participation's programmes (a body's programme, by name), finance's and participation's projects and
    programmes' plans are the read models of what the owning department holds, all of it after setup."""

    def agree():
        programmes = _rows(demo, "programmes", "SELECT id, name FROM programme")
        projects = _rows(demo, "programmes", "SELECT id, title, stage FROM project")
        plans = _rows(demo, "finance", "SELECT project_id FROM funding_plan")
        seen = {"participation programmes": _rows(demo, "participation", "SELECT programme_id, name FROM programme_view"),
                "participation projects": _rows(demo, "participation",
                                                "SELECT project_id, title, stage FROM project_view"),
                "finance projects": _rows(demo, "finance", "SELECT id, title, stage FROM project"),
                "programmes plans": _rows(demo, "programmes", "SELECT project_id FROM funding_plan")}
        wanted = {"participation programmes": programmes, "participation projects": projects,
                  "finance projects": projects, "programmes plans": plans}
        return (bool(programmes) and bool(plans) and seen == wanted,
                {k: (wanted[k] ^ seen[k]) for k in wanted})

    _eventually(agree)
    names = dict(_rows(demo, "participation", "SELECT programme_id, name FROM programme_view"))
    assert names["demo-demokratie-leben"] == "Demokratie leben! – Partnerschaft für Demokratie"


@pytest.fixture(scope="module")
def person(chromium, demo):
    """``person(email)``: a browser page logged in as that demo account."""
    contexts = []

    def open_as(email: str):
        context = chromium.new_context(base_url=demo.url, locale="de-DE", viewport=SCREEN)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        _login(page, email, demo.admin_password)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _reloaded_until(page, url: str, text: str, timeout: float = 60.0) -> None:
    """The read model fills from events: reload (bounded) until ``text`` shows."""

    def shown():
        page.goto(url)
        return text in page.locator("main").inner_text(), f"{url} without {text!r}"

    _eventually(shown, timeout)


def _no_system_label(page) -> None:
    text = page.locator("main").inner_text()
    for label in ("Demodaten", "unbekanntes Konto", "demo-"):
        assert label not in text, f"{page.url} shows {label!r}"


def test_the_demo_drawdown_shows_who_requested_it_by_name(person):
    page = person(FINANCE_APPROVER.email)
    page.goto("/intern/finance/mittelabrufe")
    row = page.get_by_role("row").filter(has_text="Personal und Honorare 4. Quartal")
    expect(row).to_contain_text(re.compile("erstellt von Fritz Finanzen \\(Demo\\), " + AT))
    expect(row).to_contain_text("wartet auf Freigabe")
    _no_system_label(page)


def test_the_evaluated_demo_project_has_its_evaluation_and_sustainment(person):
    page = person(PROGRAMME.email)
    page.goto("/intern/programmes/projekte?q=Digitalpaten")
    page.get_by_role("link", name="Digitalpaten im Mehrgenerationenhaus").click()
    main = page.locator("main")
    expect(main).to_contain_text("Evaluiert")
    expect(main).to_contain_text(re.compile("Paula Programm \\(Demo\\), " + AT))  # the phase history, by name
    _no_system_label(page)
    page.get_by_role("link", name="Evaluation", exact=True).click()
    expect(main).to_contain_text("Das Ziel von 120 beratenen Personen ist fast erreicht")
    expect(main).to_contain_text(re.compile("Erfasst von Paula Programm \\(Demo\\), " + AT))
    page.get_by_role("link", name="Verstetigung", exact=True).click()
    expect(main).to_contain_text("Seniorenbeirat der Stadt Kaufbeuren")
    expect(main).to_contain_text("Haushaltsmittel der Stadt (Seniorenarbeit)")


def test_participation_shows_the_programme_by_name_and_meetings_in_local_time(person):
    page = person(PARTICIPATION.email)
    page.goto("/intern/participation/gremien")
    page.get_by_role("link", name="Begleitausschuss „Demokratie leben!“ Kaufbeuren").click()
    _reloaded_until(page, page.url, "Demokratie leben! – Partnerschaft für Demokratie")
    assert "im Programmdienst nicht gefunden" not in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("^1. Sitzung 2026")).first.click()
    main = page.locator("main")
    expect(main).to_contain_text("12.03.2026, 18:00 Uhr")  # entered as 18:00 in Kaufbeuren, stored in UTC
    expect(main).to_contain_text(re.compile("Festgestellt von Bea Beteiligung \\(Demo\\), " + AT))
    _no_system_label(page)


def test_the_dashboard_and_the_portfolio_show_the_same_third_party_money_on_screen(person, demo):
    page = person(VIEWER.email)
    token = _token(demo)
    portfolio = _direct(demo, "finance", "/api/finance/portfolio", token)
    total = sum((Decimal(str(r["external"])) for r in portfolio["years"]), Decimal("0"))
    german = f"{total:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")
    _reloaded_until(page, "/intern/programmes/dashboard", f"Drittmittel {german}")
