"""axe-core (axe-playwright-python) on every public page and the login page: 0 violations."""

from __future__ import annotations

import re
import time
import uuid

import pytest
import requests

from .test_journeys import _login

pytestmark = pytest.mark.browser

STATIC_PAGES = ["/", "/programme", "/programme/demo-biwaq", "/projekte", "/projekte/demo-juze-truck",
                "/handlungsfelder", "/handlungsfelder/jugend", "/stadtteile", "/stadtteile/neugablonz",
                "/veranstaltungen", "/engagement", "/newsletter", "/newsletter/archiv", "/aktuelles",
                "/suche?q=jugend", "/suche", "/impressum", "/datenschutz", "/anmelden",
                "/newsletter/abmelden?token=x", "/veranstaltungen/abmelden?token=x", "/seite-gibt-es-nicht"]


def _first_id(stack, path: str, timeout: float = 60) -> str:
    """The first item of a public list. The list must not be empty (else the page would silently go unchecked);
    the archive fills once the worker has sent the demo issue, so wait for it."""
    deadline = time.monotonic() + timeout
    while True:
        items = requests.get(f"{stack.url}{path}", timeout=10).json()
        if items:
            return items[0]["id"]
        assert time.monotonic() < deadline, f"{path} stayed empty: its detail page cannot be checked"
        time.sleep(1)


def _dynamic_pages(stack) -> list[str]:
    return [f"/veranstaltungen/{_first_id(stack, '/api/participation/public/events')}",
            f"/engagement/{_first_id(stack, '/api/participation/public/opportunities')}/mitmachen",
            f"/newsletter/archiv/{_first_id(stack, '/api/newsletter/public/issues')}"]


def _violations(page, path: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                              "wcag21aa", "best-practice"]}})
    return [f"{path}: {v['id']} – {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]]


def test_every_public_page_and_the_login_page_have_no_axe_violations(chromium, stack):
    context = chromium.new_context(base_url=stack.url, locale="de-DE", bypass_csp=True)
    page = context.new_page()
    found = []
    for path in STATIC_PAGES + _dynamic_pages(stack):
        found += _violations(page, path)
    context.close()
    assert not found, "\n".join(found)


def test_english_pages_and_form_errors_have_no_axe_violations(chromium, stack):
    context = chromium.new_context(base_url=stack.url, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    found = []
    page.goto("/sprache/en?next=/")
    found += _violations(page, "/")
    page.goto("/newsletter")
    page.get_by_role("button", name="Subscribe").click()  # empty form: the error summary
    from axe_playwright_python.sync_playwright import Axe

    found += [v["id"] for v in Axe().run(page).response["violations"]]
    page.goto("/anmelden")
    page.get_by_role("button", name="Sign in").click()
    found += [v["id"] for v in Axe().run(page).response["violations"]]
    context.close()
    assert not found, "\n".join(found)


def test_staff_pages_of_the_gateway_have_no_axe_violations(chromium, stack):
    context = chromium.new_context(base_url=stack.url, locale="de-DE", bypass_csp=True)
    page = context.new_page()
    _login(page, "admin@kaufbeuren-aktiv.invalid", stack.admin_password)
    found = []
    for path in ("/intern/", "/verwaltung/konten/", "/verwaltung/tokens/", "/konto/passwort", "/api/docs",
                 "/abmelden"):
        found += _violations(page, path)
    page.goto("/verwaltung/konten/")
    user_link = page.locator("table a").first.get_attribute("href")
    found += _violations(page, user_link)
    context.close()
    assert not found, "\n".join(found)


def test_department_start_pages_in_english_have_no_axe_violations(chromium, stack):
    """The language switch in a department's header leads to the same page in English, marked lang="en"."""
    context = chromium.new_context(base_url=stack.url, locale="de-DE", bypass_csp=True)
    page = context.new_page()
    _login(page, "admin@kaufbeuren-aktiv.invalid", stack.admin_password)
    found = []
    for service in ("programmes", "finance", "participation", "newsletter"):
        page.goto(f"/intern/{service}/")
        assert page.locator("html").get_attribute("lang") == "de"
        page.get_by_role("link", name="English").click()
        page.wait_for_url(f"**/intern/{service}/**")
        assert page.locator("html").get_attribute("lang") == "en", service
        assert page.get_by_role("link", name="Sign out").count() == 1, service
        found += _violations(page, f"/intern/{service}/")
        page.get_by_role("link", name="Deutsch").click()  # back, so the next department starts in German
        page.wait_for_url(f"**/intern/{service}/**")
    context.close()
    assert not found, "\n".join(found)


def _axe_here(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                              "wcag21aa", "best-practice"]}})
    return [f"{page.url}: {v['id']} – {v['help']}" for v in results.response["violations"]]


def test_the_result_pages_of_the_public_forms_have_no_axe_violations(chromium, stack):
    """The pages a citizen sees after sending a form or following a mail link: subscribed, confirmed;
    registered for an event, registration cancelled. (Unsubscribing needs an issue mail: the journey test.)"""
    from .test_journeys import _link

    context = chromium.new_context(base_url=stack.url, locale="de-DE", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    found = []
    address = f"a11y-{uuid.uuid4().hex[:8]}@example.org"
    page.goto(f"/newsletter?email={address}")
    page.locator("#consent").check()
    page.get_by_role("button", name="Abonnieren").click()
    page.get_by_text("Fast geschafft!").wait_for()
    found += _axe_here(page)
    page.goto(_link(stack, address, "/newsletter/bestaetigen?token="))
    page.get_by_text("Ihr Newsletter-Abonnement ist bestätigt.").wait_for()
    found += _axe_here(page)

    events = requests.get(f"{stack.url}/api/participation/public/events", timeout=10).json()
    event = next(e for e in events if e.get("seats_left"))
    guest = f"a11y-gast-{uuid.uuid4().hex[:8]}@example.org"
    page.goto(f"/veranstaltungen/{event['id']}")
    page.get_by_role("textbox", name=re.compile(r"^Name")).fill("Erika Gast")
    page.get_by_label("E-Mail-Adresse").fill(guest)
    page.locator("#consent").check()
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Sie sind angemeldet").wait_for()
    found += _axe_here(page)
    page.goto(_link(stack, guest, "/veranstaltungen/abmelden?token="))
    page.get_by_role("button", name="Anmeldung stornieren").click()
    page.get_by_text("Ihre Anmeldung ist storniert").wait_for()
    found += _axe_here(page)
    context.close()
    assert not found, "\n".join(found)
