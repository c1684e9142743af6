"""The newsletter journey (issue 12): the public-relations clerk writes a news item, edits a draft that another
department's event brought (its own site-relative link included) and approves it, puts both into an issue,
sends it and watches the cockpit turn to "versendet". Everything is chosen by name; no identifier is typed, and
no page is wider than the 1366 px screen."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .test_journeys import DEPARTMENT_USERS, _login

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 900}


@pytest.fixture
def clerk(chromium, stack):
    context = chromium.new_context(base_url=stack.url, locale="de-DE", viewport=SCREEN)
    page = context.new_page()
    page.set_default_timeout(20000)
    _login(page, DEPARTMENT_USERS["newsletter"], stack.admin_password)
    yield page
    context.close()


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SCREEN["width"], f"{page.url} is {width} px wide"


def test_write_edit_a_draft_compose_send_and_watch_the_cockpit(clerk, stack):
    page = clerk
    mark = uuid.uuid4().hex[:6].upper()  # only inside texts the clerk writes, never typed as a reference
    own_title = f"Repair-Café öffnet {mark}"
    edited_summary = f"Der Bus hält ab Mai jeden Mittwoch in Neugablonz ({mark})."
    edited_body = f"Alle Jugendlichen sind willkommen, es gibt Musik und Spiele ({mark})."

    page.goto("/intern/newsletter/")
    page.get_by_role("navigation", name="Bereichsnavigation").get_by_role("link", name="Meldungen").click()
    expect(page.get_by_role("heading", level=1, name="Meldungen")).to_be_visible()
    _fits(page)

    # 1. a news item of her own
    page.get_by_role("link", name="Neue Meldung schreiben").click()
    page.get_by_label("Überschrift").fill(own_title)
    page.get_by_label("Kurzfassung").fill("Jeden Samstag reparieren wir gemeinsam, was kaputt ist.")
    page.get_by_label("Text", exact=True).fill("Bringen Sie kaputte Dinge mit. Wir helfen gern.")
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.get_by_text("Die Meldung ist angelegt und wartet auf Freigabe.")).to_be_visible()
    page.get_by_role("button", name="Speichern und freigeben").click()
    expect(page.get_by_text("Gespeichert und freigegeben.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Nina Newsletter")  # who approved, by name
    _fits(page)

    # 2. a draft a project's publication brought, found by its origin's name, edited and approved
    page.goto("/intern/newsletter/meldungen")
    page.get_by_role("link", name="Entwurf (wartet auf Freigabe)").click()
    page.get_by_label("Herkunft").select_option(label="Projekt veröffentlicht (Programmbüro)")
    page.get_by_role("button", name="Filtern").click()
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("Projekt veröffentlicht (Programmbüro)")
    draft_link = rows.first.locator("td").first.get_by_role("link")
    draft_title = draft_link.inner_text()
    draft_link.click()
    expect(page.locator(".facts")).to_contain_text("Projekt veröffentlicht (Programmbüro)")
    link = page.get_by_label("Link")
    expect(link).to_have_value(re.compile(r"^/projekte/"))  # the draft's own link, kept as it is
    page.get_by_label("Kurzfassung").fill(edited_summary)
    page.get_by_label("Text", exact=True).fill(edited_body)
    page.get_by_role("button", name="Speichern und freigeben").click()
    expect(page.get_by_text("Gespeichert und freigegeben.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("freigegeben")
    expect(page.get_by_label("Kurzfassung")).to_have_value(edited_summary)
    _fits(page)

    # 3. both into a new issue, chosen by their titles
    page.get_by_role("navigation", name="Bereichsnavigation").get_by_role("link", name="Ausgaben").click()
    _fits(page)
    page.get_by_label("Titel der Ausgabe").fill(f"Ausgabe Dezember {mark}")
    page.get_by_label("Einleitung", exact=True).fill("Liebe Engagierte, hier sind die Neuigkeiten.")
    page.get_by_role("checkbox", name=own_title).check()
    page.get_by_role("checkbox", name=draft_title).check()
    page.get_by_role("button", name="Ausgabe anlegen").click()
    expect(page.get_by_text("Die Ausgabe ist angelegt.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text(own_title)
    expect(page.locator(".facts")).to_contain_text(draft_title)
    expect(page.frame_locator("iframe.preview-frame").get_by_text(edited_body)).to_be_visible()
    _fits(page)

    # 4. send now and watch the cockpit turn to "versendet" by itself
    page.get_by_role("button", name="Versand planen").click()
    expect(page.get_by_text("Der Versand startet.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Versand: Ausgabe Dezember {mark}")
    _fits(page)
    loaded_at = page.evaluate("performance.timeOrigin")
    expect(page.locator("[data-k=status]")).to_have_text("versendet", timeout=60000)
    expect(page.locator("#meldung")).to_have_text("Der Versand ist abgeschlossen.")
    assert page.evaluate("performance.timeOrigin") == loaded_at  # the same page: the script updated it
    expect(page.locator("[data-k=waiting]")).to_have_text("0")

    # 5. the protocol names who did it, in words
    page.get_by_role("navigation", name="Bereichsnavigation").get_by_role("link", name="Protokoll").click()
    log = page.locator("table tbody")
    expect(log).to_contain_text("Versand abgeschlossen")
    expect(log).to_contain_text(re.compile(r"Nina Newsletter( \(Demo\))?, \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr"))
    _fits(page)
