"""The finance journey (issue 12): the clerk creates a funder, enters a funding plan in the grid (rows added and
removed in place, checked live with the sums beside it), records the grant, books an expense that exceeds its
plan position (warned before saving, booked after "Trotzdem buchen"), drafts a drawdown request that the second
account approves (four-eyes, both by name in the log), and downloads the proof of use, named by the thing.
Everything is picked by name: no identifier is typed or shown, and no page is wider than the 1366 px screen."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .test_journeys import _login

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 900}
CLERK = "finanzen@kaufbeuren-aktiv.invalid"  # Fritz Finanzen (Demo), finance.clerk
APPROVER = "freigabe@kaufbeuren-aktiv.invalid"  # Frieda Freigabe (Demo), finance.approver
IDENTIFIER = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\bdemo-[a-z]")


def _person(chromium, stack, email):
    context = chromium.new_context(base_url=stack.url, locale="de-DE", viewport=SCREEN, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    _login(page, email, stack.admin_password)
    return context, page


@pytest.fixture
def clerk(chromium, stack):
    context, page = _person(chromium, stack, CLERK)
    yield page
    context.close()


@pytest.fixture
def approver(chromium, stack):
    context, page = _person(chromium, stack, APPROVER)
    yield page
    context.close()


def _looks_right(page) -> None:
    """No page wider than the screen, no identifier in what a person reads."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SCREEN["width"], f"{page.url} is {width} px wide"
    text = page.locator("body").inner_text()
    found = IDENTIFIER.search(text)
    assert found is None, f"{page.url} shows an identifier: {found.group(0)!r}"


def _nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Bereichsnavigation").get_by_role("link", name=name, exact=True).click()


def test_funder_plan_grid_grant_expense_four_eyes_drawdown_and_proof(clerk, approver, stack):
    page = clerk
    mark = uuid.uuid4().hex[:4].upper()  # only inside names the clerk writes, never typed as a reference
    funder, short = f"Stiftung Bürgersinn {mark}", f"Bürgersinn {mark}"
    year = date.today().year

    # 1. a funder, by its name
    page.goto("/intern/finance/")
    _nav(page, "Fördermittelgeber")
    new = page.locator("form[method=post]")
    new.get_by_role("textbox", name=re.compile(r"^Name")).fill(funder)
    new.get_by_label("Kurzname").fill(short)
    new.get_by_label("Art", exact=True).select_option(label="Stiftung")
    new.get_by_label("Höchstförderquote in %").fill("80")
    new.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_text(f"Fördermittelgeber „{funder}“ angelegt.")).to_be_visible()
    _looks_right(page)

    # 2. the funding plan in the grid: project and funders by name, German amounts, rows added and removed
    _nav(page, "Finanzierungspläne")
    page.get_by_role("link", name="Neuen Finanzierungsplan anlegen").click()
    projects = [t for t in page.locator("#project_id option").all_inner_texts() if not t.startswith("–")]
    assert projects, "programmes' projects without a funding plan are missing from finance's read model"
    project = projects[0]
    page.get_by_role("combobox", name=re.compile(r"^Projekt")).select_option(label=project)
    costs = (("Personalausgaben", "12.000,00", "Quartiersarbeit"), ("Sachausgaben", "3.000", "Material"))
    for n, (category, amount, label) in enumerate(costs, start=1):
        page.get_by_label(f"Kategorie, Ausgabe, Zeile {n}").select_option(label=category)
        page.get_by_label(f"Jahr, Ausgabe, Zeile {n}").fill(str(year))
        page.get_by_label(f"Betrag (€), Ausgabe, Zeile {n}").fill(amount)
        page.get_by_label(f"Bezeichnung, Ausgabe, Zeile {n}").fill(label)
    page.get_by_role("button", name="Ausgabenzeile hinzufügen").click()  # a fourth row, in place
    expect(page.get_by_label("Pos., Ausgabe, Zeile 4")).to_be_focused()
    page.get_by_role("button", name="Entfernen: Ausgabe, Zeile 4", exact=True).click()
    expect(page.get_by_label("Betrag (€), Ausgabe, Zeile 4")).to_have_count(0)
    for n, (name, amount) in enumerate(((funder, "12.000,00"), ("Eigenmittel", "3.000,00")), start=1):
        page.get_by_label(f"Fördermittelgeber, Finanzierung, Zeile {n}").select_option(label=name)
        page.get_by_label(f"Jahr, Finanzierung, Zeile {n}").fill(str(year))
        page.get_by_label(f"Betrag (€), Finanzierung, Zeile {n}").fill(amount)
    position = page.get_by_label("Für Position, Finanzierung, Zeile 1")
    expect(position.locator("option", has_text="Pos. 2 – Material")).to_have_count(1)  # positions by name
    panel = page.locator("#panel")
    expect(panel).to_contain_text("Der Plan erfüllt alle Regeln.")  # checked live, nothing saved yet
    expect(panel.locator("table", has_text="Summen je Jahr")).to_contain_text("15.000,00 €")
    expect(panel.locator("table", has_text="Summen je Geber")).to_contain_text("80,0 %")
    _looks_right(page)
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_text("Finanzierungsplan angelegt – er ist gültig.")).to_be_visible()
    expect(page.get_by_text("Fritz Finanzen (Demo)").first).to_be_visible()  # who saved the version
    _looks_right(page)

    # 3. the grant, project and funder by name
    _nav(page, "Bewilligungen")
    form = page.locator("form[method=post]").last
    form.get_by_role("combobox", name=re.compile(r"^Projekt")).select_option(label=project)
    form.get_by_role("combobox", name=re.compile(r"^Fördermittelgeber")).select_option(label=funder)
    form.get_by_label("Bewilligter Betrag (€)").fill("12.000,00")
    form.get_by_label("Bewilligungszeitraum von").fill(f"{year}-01-01")
    form.get_by_label("Bewilligungszeitraum bis").fill(f"{year}-12-31")
    form.get_by_label("Aktenzeichen").fill(f"BS-{year}-{mark}")
    form.get_by_role("button", name="Bewilligung erfassen").click()
    expect(page.get_by_text("Bewilligung erfasst.")).to_be_visible()
    _looks_right(page)

    # 4. an expense above its plan position: warned before it is saved, booked after "Trotzdem buchen"
    _nav(page, "Ausgabenjournal")
    booking = page.locator("#booking-form")
    booking.get_by_role("combobox", name=re.compile(r"^Projekt")).select_option(label=project)
    picker = booking.get_by_role("combobox", name=re.compile(r"^Planposition"))
    mine = picker.locator(f'optgroup[label="{project}"] option', has_text="Pos. 2 – Material · Sachausgaben")
    expect(mine).to_be_enabled()  # the chosen project's positions, by name
    picker.select_option(mine.get_attribute("value"))
    booking.get_by_label("Belegnummer").fill(f"BS-{mark}-1")
    booking.get_by_label("Belegdatum").fill(date.today().isoformat())
    booking.get_by_label("Empfänger").fill("Werkstatt am Markt")
    booking.get_by_label("Zweck").fill("Regale für den Treff")
    booking.get_by_label("Betrag (€)").fill("3.500,00")
    warning = booking.locator("[data-booking-check-result]")
    expect(warning).to_contain_text("Bitte prüfen Sie vor dem Buchen:")
    expect(warning).to_contain_text("500,00 € (16,7 %) über dem Ansatz")
    _looks_right(page)
    booking.get_by_label("Trotzdem buchen").check()
    booking.get_by_role("button", name="Buchen").click()
    expect(page.get_by_text(f"Beleg BS-{mark}-1 gebucht.")).to_be_visible()
    row = page.locator("table.journal tbody tr", has_text=f"BS-{mark}-1")
    expect(row).to_contain_text(f"{short}: 2.800,00 €")  # the split, by funder name
    expect(row).to_contain_text("Fritz Finanzen (Demo), ")
    _looks_right(page)

    # 5. a drawdown request drafted by the clerk …
    _nav(page, "Mittelabrufe")
    request = page.locator("section", has=page.get_by_role("heading", name="Neuer Mittelabruf"))
    grant = request.get_by_role("combobox", name=re.compile(r"^Bewilligung"))
    grant.select_option(label=next(t for t in grant.locator("option").all_inner_texts()
                                   if t.startswith(f"{project} – {short}")))
    request.get_by_label("Zeitraum von").fill(f"{year}-10-01")
    request.get_by_label("Zeitraum bis").fill(f"{year}-12-31")
    request.get_by_label("Zahlung fällig am").fill((date.today() + timedelta(days=14)).isoformat())
    request.get_by_label("Betrag (€)").fill("2.000,00")
    request.get_by_label("Zweck").fill(f"Regale {mark}")
    request.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_text("Mittelabruf angelegt; er wartet auf die Freigabe durch eine zweite Person.")).to_be_visible()
    _looks_right(page)

    # … and approved by the second account
    other = approver
    other.goto("/intern/finance/mittelabrufe")
    other.get_by_role("combobox", name="Projekt", exact=True).first.select_option(label=project)
    other.get_by_role("button", name="Filtern").click()
    line = other.locator("table.drawdowns tbody tr", has_text=f"Regale {mark}")
    expect(line).to_contain_text("erstellt von Fritz Finanzen (Demo), ")
    line.get_by_role("button", name=re.compile("^Freigeben")).click()
    expect(other.get_by_text("Mittelabruf freigegeben.")).to_be_visible()
    line = other.locator("table.drawdowns tbody tr", has_text=f"Regale {mark}")
    expect(line).to_contain_text(re.compile(r"freigegeben von Frieda Freigabe \(Demo\), \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr"))
    _looks_right(other)

    # 6. the proof of use, previewed and downloaded, its file named by project, funder and year
    other.goto("/intern/finance/nachweise")
    other.get_by_role("combobox", name="Projekt", exact=True).first.select_option(label=project)
    other.get_by_role("combobox", name="Geber", exact=True).first.select_option(label=short)
    other.get_by_role("button", name="Vorschau").click()
    expect(other.get_by_role("heading", level=2, name=re.compile(f"Verwendungsnachweis: {re.escape(project)}"))) \
        .to_be_visible()
    expect(other.get_by_text(f"BS-{mark}-1")).to_be_visible()
    _looks_right(other)
    with other.expect_download() as download:
        other.get_by_role("link", name="Als PDF herunterladen").click()
    expected = f"Verwendungsnachweis_{project.replace(' ', '-')}_{short.replace(' ', '-')}_{year}.pdf"
    assert download.value.suggested_filename == expected

    # the plan against actual of the project shows what happened
    page.goto("/intern/finance/plaene")
    page.get_by_role("link", name=re.compile(rf"^Soll-Ist\W+{re.escape(project)}$")).click()
    expect(page.get_by_role("heading", level=1, name=f"Soll-Ist-Vergleich: {project}")).to_be_visible()
    figures = page.locator("dl.figures")
    expect(figures).to_contain_text("15.000,00 €")
    expect(figures).to_contain_text("3.500,00 €")
    expect(page.locator("tr.over", has_text="Material")).to_have_count(1)
    _looks_right(page)
