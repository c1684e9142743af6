"""The network office's journey in Debian's chromium (issue 12): as Bea Beteiligung, create a body with its programme
and fields of action, members, a meeting typed in Kaufbeuren time, an agenda item with a project and a German
amount, attendance, votes and a decision, with pickers only: no identifier is typed, none is shown, and the pages fit
a 1366 px screen. Waits are Playwright's bounded ``expect``; no sleeps."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .test_journeys import _login

pytestmark = pytest.mark.browser

BASE = "/intern/participation"
IDENTIFIER = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|demo-",
                        re.I)


def _field(scope, label: str):
    """The field labelled ``label`` (a required field's label ends in the star)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def _pick(select, contains: str | None = None) -> str:
    """Choose an option of a picker by (part of) its visible name, as a clerk does; returns the name. Without
    ``contains``, the first real option (not the "– … –" placeholder)."""
    names = [t.strip() for t in select.locator("option").all_inner_texts()]
    wanted = [n for n in names if not n.startswith("–") and (contains is None or contains in n)]
    assert wanted, f"no option {contains!r} in {names}"
    select.select_option(label=wanted[0])
    return wanted[0]


def _fits_and_names_only(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366, page.url
    text = page.locator("main").inner_text()
    assert not IDENTIFIER.search(text), (page.url, IDENTIFIER.findall(text))


def test_a_body_with_members_a_meeting_a_vote_and_a_decision_with_pickers_only(page, stack):
    page.set_viewport_size({"width": 1366, "height": 900})
    suffix = uuid.uuid4().hex[:5].upper()
    body_name = f"Begleitausschuss Test {suffix}"
    people = [f"Paula Probe {suffix}", f"Karl Kontrolle {suffix}", f"Vera Versuch {suffix}"]
    _login(page, "beteiligung@kaufbeuren-aktiv.invalid", stack.admin_password)

    for name in people:  # the members-to-be, by name
        page.goto(f"{BASE}/personen")
        _field(page, "Name").fill(name)
        _field(page, "E-Mail").fill(name.split()[0].lower() + f"-{suffix.lower()}@example.org")
        page.get_by_role("button", name="Person anlegen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(name)

    page.goto(f"{BASE}/gremien")
    form = page.locator("form", has=page.get_by_role("button", name="Gremium anlegen"))
    _field(form, "Name").fill(body_name)
    _field(form, "Gremienart").select_option(label="Begleitausschuss")
    programme = _field(form, "Förderprogramm")
    expect(programme.locator("option")).not_to_have_count(1)  # programmes' events have arrived
    programme_name = _pick(programme, "Demokratie")
    form.get_by_role("checkbox", name="Jugend").check()
    form.get_by_role("checkbox", name="Integration").check()
    form.get_by_role("button", name="Gremium anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(body_name)
    expect(page.locator("dl.facts")).to_contain_text(programme_name)
    expect(page.locator("dl.facts")).to_contain_text("Jugend, Integration")
    _fits_and_names_only(page)

    member_form = page.locator("form", has=page.get_by_role("button", name="Mitglied eintragen"))
    for name, role in zip(people, ("Vorsitz", "Mitglied", "Mitglied"), strict=True):
        _field(member_form, "Person").select_option(label=name)
        _field(member_form, "Rolle").select_option(label=role)
        member_form.get_by_role("button", name="Mitglied eintragen").click()
        expect(page.locator(".flash-success")).to_have_text("Mitgliedschaft wurde eingetragen.")
        expect(page.get_by_role("region", name="Tabelle: Mitglieder")).to_contain_text(name)

    meeting_form = page.locator("form", has=page.get_by_role("button", name="Sitzung anlegen"))
    _field(meeting_form, "Titel").fill("Erste Sitzung")
    _field(meeting_form, "Beginn").fill("2026-12-17T18:00")
    _field(meeting_form, "Ort").fill("Rathaus, Sitzungssaal")
    meeting_form.get_by_role("button", name="Sitzung anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erste Sitzung")
    expect(page.locator("dl.facts").first).to_contain_text("17.12.2026, 18:00 Uhr")  # as typed, Berlin time

    item_form = page.locator("form", has=page.get_by_role("button", name="TOP ergänzen"))
    _field(item_form, "Titel des Tagesordnungspunkts").fill("Kleinprojekt Jugendforum")
    project = _pick(_field(item_form, "Verknüpftes Projekt"))
    _field(item_form, "Beantragter Betrag (€)").fill("1.500,00")
    item_form.get_by_role("button", name="TOP ergänzen").click()
    expect(page.locator(".flash-success")).to_have_text("TOP 1 „Kleinprojekt Jugendforum“ wurde ergänzt.")

    attendance = page.get_by_role("group", name="Anwesende Mitglieder")
    for name in people:
        attendance.get_by_label(re.compile(re.escape(name))).check()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    expect(page.get_by_role("status").filter(has_text="stimmberechtigten")).to_contain_text("Beschlussfähig:")

    item = page.locator("article", has=page.get_by_role("heading", name="TOP 1: Kleinprojekt Jugendforum"))
    expect(item).to_contain_text(project.rsplit(" (", 1)[0])
    for name in people[:2]:
        _field(item, "Mitglied").select_option(label=name)
        _field(item, "Stimme").select_option(label="Ja")
        item.get_by_role("button", name="Stimme erfassen").click()
        expect(page.locator(".flash-success")).to_have_text("Stimme gespeichert.")
    item = page.locator("article", has=page.get_by_role("heading", name="TOP 1: Kleinprojekt Jugendforum"))
    item.get_by_role("button", name="Beschluss feststellen").click()
    expect(page.locator(".flash-success")).to_have_text(re.compile(r"^Beschluss BA-\d{4}-\d{3} gefasst\.$"))
    item = page.locator("article", has=page.get_by_role("heading", name="TOP 1: Kleinprojekt Jugendforum"))
    expect(item.locator(".decision")).to_contain_text("angenommen")
    expect(item.locator(".decision")).to_contain_text("1.500,00 €")
    expect(item).to_contain_text("Festgestellt von Bea Beteiligung")
    number = re.search(r"BA-\d{4}-\d{3}", item.locator(".decision").inner_text()).group(0)
    _fits_and_names_only(page)

    page.get_by_role("navigation", name="Brotkrumen").get_by_role("link", name=body_name).click()  # back to its body
    expect(page.get_by_role("heading", level=1)).to_have_text(body_name)
    expect(page.get_by_role("region", name="Tabelle: Sitzungen")).to_contain_text("17.12.2026, 18:00 Uhr")

    page.goto(f"{BASE}/beschluesse")
    page.get_by_label("Suche nach Nummer, Titel oder Projekt").fill(number)
    page.get_by_role("button", name="Filtern").click()
    row = page.get_by_role("row", name=re.compile(number))
    expect(row).to_contain_text(body_name)
    link = row.get_by_role("link", name=project.rsplit(" (", 1)[0])
    expect(link).to_have_attribute("href", re.compile(r"^/intern/programmes/projekte/"))
    _fits_and_names_only(page)
