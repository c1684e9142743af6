"""The programme office's journey in Debian's chromium, with pickers and checkboxes only (no identifier typed):
a programme, an idea, its assessment in the idea workshop with the running total, the project in its programme,
an indicator with a measurement and its chart."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from playwright.sync_api import expect

from .test_journeys import DEPARTMENT_USERS, _login

pytestmark = pytest.mark.browser

CRITERIA = ("Aktive Beteiligung", "Kooperationspartner", "Indikatoren", "Nachrangigkeit öffentlicher Mittel",
            "Bestandteil eines Gesamtkonzeptes/Programms", "Impulse/Modellprojekte", "Mehrwert")
IDENTIFIER = re.compile(r"\b[0-9a-f]{32}\b|\bdemo-[a-z0-9-]+")


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366, page.url
    assert not IDENTIFIER.findall(page.locator("main").inner_text()), page.url


def test_programme_idea_workshop_project_indicator_and_chart_by_name(page, stack):
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.set_viewport_size({"width": 1366, "height": 900})
    tag = uuid.uuid4().hex[:5]
    programme, idea = f"Quartier gestalten {tag}", f"Nachbarschaftsgarten {tag}"
    _login(page, DEPARTMENT_USERS["programmes"], stack.admin_password)

    # a programme: status from a list, fields of action ticked by their names
    page.goto("/intern/programmes/programme/neu")
    page.get_by_role("textbox", name="Name", exact=True).fill(programme)
    page.get_by_role("combobox", name="Status").select_option(label="Laufend")
    page.get_by_role("group", name="Handlungsfelder").get_by_label("Integration").check()
    page.get_by_role("group", name="Handlungsfelder").get_by_label("Ehrenamt").check()
    page.get_by_role("textbox", name="Kurzbeschreibung in einfacher Sprache").fill("Nachbarn gestalten ihr Viertel. Alle machen mit.")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_text(f"Programm „{programme}“ angelegt.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Ehrenamt, Integration")
    _fits(page)

    # an idea, then the project proposed from it
    page.goto("/intern/programmes/ideen")
    new = page.locator("form:has(input[name=title])")  # the list's filter bar has a "Quelle" too
    new.get_by_role("textbox", name="Titel", exact=True).fill(idea)
    new.get_by_role("combobox", name="Quelle", exact=True).select_option(label="Best-Practice-Modell")
    new.get_by_role("group", name="Handlungsfelder").get_by_label("Ehrenamt").check()
    new.get_by_role("button", name="Erfassen").click()
    expect(page.get_by_text("Idee erfasst.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=idea)
    expect(row).to_contain_text("erfasst von Paula Programm")
    row.get_by_role("button", name=f"„{idea}“ als Projekt vorschlagen").click()
    expect(page.get_by_text("Projekt vorgeschlagen.")).to_be_visible()
    expect(page.locator("h1")).to_have_text(idea)

    # the workshop: the running total and the pass mark follow every click, before saving
    page.get_by_role("link", name="In der Ideenwerkstatt bewerten").first.click()
    total = page.locator("[data-sum]")
    expect(page.locator(".score-total")).to_contain_text("14 Punkte")
    expect(total).to_have_text("0")
    page.get_by_role("textbox", name="Bewertende Personen (durch Komma getrennt)").fill("Paula Programm, Steuerungsgruppe")
    for n, criterion in enumerate(CRITERIA):
        group = page.get_by_role("group", name=f"{criterion}: Punkte (0–3)")
        group.get_by_role("radio", name="2 Punkte" if n < 6 else "3 Punkte").check()
        group.get_by_role("textbox", name=f"{criterion}: Begründung").fill("In der Werkstatt besprochen")
        if n == 2:
            expect(total).to_have_text("6")
            expect(page.locator("[data-verdict]")).to_have_text("Schwelle nicht erreicht")
    expect(total).to_have_text("15")
    expect(page.locator("[data-count]")).to_have_text("7")
    expect(page.locator("[data-verdict]")).to_have_text("Schwelle erreicht")
    _fits(page)
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_text("Bewertung gespeichert: 15 von 21 Punkten, bestanden.")).to_be_visible()
    expect(page.get_by_role("link", name="Ideenwerkstatt")).to_have_attribute("aria-current", "page")

    # into the programme, chosen by name in the picker (typing filters the list)
    page.get_by_role("link", name="Stammdaten bearbeiten").click()
    search = page.get_by_role("searchbox", name=re.compile("Auswahl durchsuchen: Programm"))
    search.fill(tag)
    page.get_by_role("combobox", name="Programm", exact=True).select_option(label=programme)
    page.get_by_role("group", name="Stadtteile").get_by_label("Neugablonz").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Änderungen gespeichert.")).to_be_visible()
    page.get_by_role("link", name="Überblick").click()
    expect(page.get_by_role("link", name=programme)).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Neugablonz")
    expect(page.locator("table.history")).to_contain_text("Paula Programm")
    _fits(page)

    # an indicator and a measurement (the indicator picked by name), then its chart
    page.get_by_role("link", name="Indikatoren").click()
    page.get_by_role("textbox", name="Indikator", exact=True).fill("Aktive Gärtnerinnen und Gärtner")
    page.get_by_role("textbox", name="Einheit").fill("Personen")
    page.get_by_role("textbox", name="Ausgangswert").fill("0")
    page.get_by_role("textbox", name="Zielwert").fill("1.200")
    page.get_by_role("button", name="Indikator anlegen").click()
    expect(page.get_by_text("Indikator angelegt.")).to_be_visible()
    form = page.locator("form[action$='/messwerte']")
    form.get_by_role("combobox", name="Indikator").select_option(label="Aktive Gärtnerinnen und Gärtner")
    form.get_by_label(re.compile("^Datum")).fill(date.today().isoformat())
    form.get_by_role("textbox", name="Wert", exact=True).fill("300,5")
    form.get_by_role("button", name="Messwert erfassen").click()
    expect(page.get_by_text("Messwert erfasst.")).to_be_visible()
    chart = page.get_by_role("img", name="Aktive Gärtnerinnen und Gärtner")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(1)
    expect(chart).to_contain_text("300,5")
    expect(chart).to_contain_text("Zielwert 1.200")
    expect(page.locator("section.indicator")).to_contain_text("Zielerreichung: 25,0 %")
    _fits(page)
    assert not csp_errors, csp_errors
