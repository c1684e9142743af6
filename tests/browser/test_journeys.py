"""End-to-end journeys in Debian's chromium against the real stack (gateway, services, workers, SMTP sink)."""

from __future__ import annotations

import re
import time
import uuid

import pytest
import requests

from .stack import mail_text

pytestmark = pytest.mark.browser


def _link(stack, to: str, marker: str) -> str:
    msg = stack.wait_mail(to, marker, timeout=45)
    match = re.search(re.escape(stack.url) + r"[^\s\"'<>]*" + re.escape(marker) + r"[^\s\"'<>]*", mail_text(msg))
    assert match, f"no {marker} link in the mail:\n{mail_text(msg)[:2000]}"
    return match.group(0).replace("&amp;", "&")


def _login(page, email: str, password: str) -> None:
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"/intern/"))


def _api_token(page, stack, roles: list[str]) -> str:
    _login(page, "admin@kaufbeuren-aktiv.invalid", stack.admin_password)
    page.goto("/verwaltung/tokens/")
    page.get_by_label("Name des Tokens (wofür?)").fill("E2E " + uuid.uuid4().hex[:6])
    for role in roles:
        page.locator(f"input[name=roles][value='{role}']").check()
    page.get_by_role("button", name="Token erzeugen").click()
    return page.locator("code", has_text="aktiv_").first.inner_text()


def test_newsletter_subscribe_confirm_via_mail_and_unsubscribe(page, stack):
    address = f"leser-{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/")
    page.locator("#nl-email").fill(address)
    page.get_by_role("button", name="Weiter zur Anmeldung").click()
    page.wait_for_url(re.compile(r"/newsletter\?email="))
    page.locator("#consent").check()
    page.get_by_role("button", name="Abonnieren").click()
    assert page.get_by_text("Fast geschafft!").is_visible()

    page.goto(_link(stack, address, "/newsletter/bestaetigen?token="))
    assert page.get_by_text("Ihr Newsletter-Abonnement ist bestätigt.").is_visible()

    token = _api_token(page, stack, ["newsletter.editor"])
    auth = {"Authorization": f"Bearer {token}"}
    published = requests.get(f"{stack.url}/api/newsletter/public/news", timeout=10).json()
    issue = requests.post(f"{stack.url}/api/newsletter/issues", json={
        "title": "E2E-Ausgabe", "intro": "Hallo", "news_ids": [published[0]["id"]]}, headers=auth, timeout=10)
    assert issue.status_code == 201, issue.text
    sent = requests.post(f"{stack.url}/api/newsletter/issues/{issue.json()['id']}/schedule", json={},
                         headers=auth, timeout=10)
    assert sent.status_code == 200, sent.text

    page.goto(_link(stack, address, "/newsletter/abmelden?token="))
    page.get_by_role("button", name="Jetzt abmelden").click()
    assert page.get_by_text("Sie sind abgemeldet").is_visible()


def test_register_for_an_event_and_cancel_via_the_mail_link(page, stack):
    events = requests.get(f"{stack.url}/api/participation/public/events", timeout=10).json()
    event = next(e for e in events if e.get("seats_left"))
    address = f"gast-{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/veranstaltungen")
    page.get_by_role("link", name=event["title"]).first.click()
    page.get_by_role("textbox", name=re.compile(r"^Name")).fill("Erika Gast")
    page.get_by_label("E-Mail-Adresse").fill(address)
    page.locator("#consent").check()
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_text("Sie sind angemeldet").is_visible()

    page.goto(_link(stack, address, "/veranstaltungen/abmelden?token="))
    page.get_by_role("button", name="Anmeldung stornieren").click()
    assert page.get_by_text("Ihre Anmeldung ist storniert").is_visible()


DEPARTMENT_USERS = {
    "programmes": "programme@kaufbeuren-aktiv.invalid",
    "finance": "finanzen@kaufbeuren-aktiv.invalid",
    "participation": "beteiligung@kaufbeuren-aktiv.invalid",
    "newsletter": "newsletter@kaufbeuren-aktiv.invalid",
}


@pytest.mark.parametrize("service", list(DEPARTMENT_USERS))
def test_staff_logs_in_and_opens_their_department_ui(page, stack, service):
    _login(page, DEPARTMENT_USERS[service], stack.admin_password)
    page.get_by_role("link", name=re.compile(".")).filter(has=page.locator(f"[href='/intern/{service}/']"))
    page.locator(f"a[href='/intern/{service}/']").first.click()
    page.wait_for_url(f"**/intern/{service}/**")
    assert page.locator("h1").first.is_visible()
    body = page.content()
    assert "Dienst nicht verfügbar" not in body and "Keine Berechtigung" not in body
    assert "Anmeldung für Mitarbeitende" not in page.locator("h1").first.inner_text()


def test_admin_opens_every_department_ui(page, stack):
    _login(page, "admin@kaufbeuren-aktiv.invalid", stack.admin_password)
    for service in DEPARTMENT_USERS:
        response = page.goto(f"/intern/{service}/")
        assert response.status == 200, f"{service}: {response.status}"
        assert page.locator("h1").first.is_visible()


def test_home_page_survives_a_stopped_service_with_a_german_notice(stack):
    stack.stop_service("participation")
    try:
        time.sleep(2.5)  # the short test cache (1 s) expires
        response = requests.get(stack.url + "/", timeout=10)
        assert response.status_code == 200
        # a German notice in place of the events: "cannot be shown", or the last known state (stale-if-error)
        assert re.search(r'<p class="notice" role="status">Veranstaltungen(:| können)', response.text), response.text
        assert "Aktuelle Programme" in response.text and "demo-biwaq" in response.text
    finally:
        stack.start_service("participation")
        stack.wait_http(f"http://127.0.0.1:{stack.ports['participation']}/healthz")


def test_department_form_submitted_through_the_gateway_passes_the_services_csrf(page, stack):
    title = f"Idee {uuid.uuid4().hex[:6]}"
    _login(page, DEPARTMENT_USERS["programmes"], stack.admin_password)
    page.goto("/intern/programmes/ideen")
    page.get_by_role("textbox", name="Titel", exact=True).fill(title)  # the label also holds the required star
    page.locator("form:has(input[name=title]) button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Idee erfasst.").is_visible()
    assert page.get_by_text(title).first.is_visible()


def test_the_send_cockpit_updates_itself_under_the_gateways_csp(page, stack):
    """The cockpit's script is a file of the service (the CSP allows no inline script): opened while the issue
    is still only scheduled, the page turns to 'versendet' by itself, without a reload and without CSP errors."""
    from datetime import UTC, datetime, timedelta

    from playwright.sync_api import expect

    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    token = _api_token(page, stack, ["newsletter.editor"])
    auth = {"Authorization": f"Bearer {token}"}
    published = requests.get(f"{stack.url}/api/newsletter/public/news", timeout=10).json()
    issue = requests.post(f"{stack.url}/api/newsletter/issues", json={
        "title": f"Cockpit {uuid.uuid4().hex[:6]}", "intro": "Hallo", "news_ids": [published[0]["id"]]},
        headers=auth, timeout=10)
    assert issue.status_code == 201, issue.text
    iid = issue.json()["id"]
    at = (datetime.now(UTC) + timedelta(seconds=6)).isoformat()
    planned = requests.post(f"{stack.url}/api/newsletter/issues/{iid}/schedule", json={"at": at}, headers=auth,
                            timeout=10)
    assert planned.status_code == 200, planned.text
    page.goto(f"/intern/newsletter/ausgaben/{iid}/versand")
    status = page.locator("[data-k=status]")
    assert status.inner_text() in ("geplant", "wird versendet")
    loaded_at = page.evaluate("performance.timeOrigin")
    expect(status).to_have_text("versendet", timeout=60000)  # polls the DOM (a string predicate would need eval)
    expect(page.locator("#meldung")).to_have_text("Der Versand ist abgeschlossen.")
    assert page.evaluate("performance.timeOrigin") == loaded_at  # the same page: no reload
    assert not csp_errors, csp_errors


def test_the_issue_editor_shows_the_mail_preview_in_its_frame(page, stack):
    """The gateway forbids framing by default; the preview allows its own origin, so the editor's frame shows
    the mail (a refused frame would stay empty or show the browser's error page)."""
    from playwright.sync_api import expect

    token = _api_token(page, stack, ["newsletter.editor"])
    published = requests.get(f"{stack.url}/api/newsletter/public/news", timeout=10).json()
    issue = requests.post(f"{stack.url}/api/newsletter/issues", json={
        "title": f"Vorschau {uuid.uuid4().hex[:6]}", "intro": "Hallo Vorschau", "news_ids": [published[0]["id"]]},
        headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert issue.status_code == 201, issue.text
    page.goto(f"/intern/newsletter/ausgaben/{issue.json()['id']}")
    frame = page.frame_locator("iframe.preview-frame")
    expect(frame.get_by_text("Hallo Vorschau")).to_be_visible(timeout=15000)
    expect(frame.get_by_text(published[0]["title"]).first).to_be_visible()
