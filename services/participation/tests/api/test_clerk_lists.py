"""The network office's lists: search, the filters a clerk needs and pages done in SQL (a COUNT and one LIMIT page,
the same in the API's ``X-Pagination``); personal data stays with the department's editors, a viewer sees counts.
Events are typed in Kaufbeuren time, and the iCal feed carries that time with its zone."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from participation.bootstrap import SPEC

HTML = {"Accept": "text/html"}
BASE = "/intern/participation"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _rows(html: str) -> list[str]:
    """The first cell's text of each row of the page's first table body (not the "nothing found" row)."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<tr[^>]*><td(?! colspan)[^>]*>(.*?)</td>", body, re.S)]


@pytest.fixture
def office(svc):
    svc.html = {**svc.editor, **HTML}
    for n in range(1, 31):
        svc.post("/api/participation/persons", {"name": f"Helferin {n:02d}", "email": f"helferin{n}@example.org"})
    svc.post("/api/participation/persons", {"name": "Zora Ziegler", "email": "zora@example.org"})
    return svc


def test_persons_are_searched_and_paged_in_sql(office):
    first = office.client.get(f"{BASE}/personen", headers=office.html)
    assert _rows(first.text)[:2] == ["Helferin 01", "Helferin 02"] and len(_rows(first.text)) == 25
    assert "Seite 1 von 2 (31 Einträge)" in first.text and f'href="{BASE}/personen?page=2"' in first.text
    second = office.client.get(f"{BASE}/personen?page=2", headers=office.html)
    assert _rows(second.text) == [f"Helferin {n}" for n in range(26, 31)] + ["Zora Ziegler"]
    found = office.client.get(f"{BASE}/personen?q=zora", headers=office.html)
    assert _rows(found.text) == ["Zora Ziegler"] and "(1 Eintrag)" in found.text
    assert "Filter zurücksetzen" in found.text
    by_mail = office.client.get(f"{BASE}/personen?q=helferin3%40", headers=office.html)
    assert _rows(by_mail.text) == ["Helferin 03"]
    api = office.get("/api/participation/persons?page=2&page_size=10")
    assert json.loads(api.headers["X-Pagination"])["total"] == 31 and len(api.json) == 10
    assert api.json[0]["name"] == "Helferin 11"
    assert office.client.get(f"{BASE}/personen", headers={**office.viewer, **HTML}).status_code == 403


def test_erased_persons_can_be_filtered(office):
    [zora] = office.get("/api/participation/persons?q=zora").json
    office.post(f"/api/participation/persons/{zora['id']}/erase")
    erased = office.client.get(f"{BASE}/personen?status=anonymisiert", headers=office.html)
    assert _rows(erased.text) == ["anonymisiert"]
    active = office.client.get(f"{BASE}/personen?status=aktiv&page=2", headers=office.html)
    assert _rows(active.text) == [f"Helferin {n}" for n in range(26, 31)]


def test_bodies_decisions_and_meetings_are_filtered(office):
    SPEC.seed(office.runtime)
    bodies = office.client.get(f"{BASE}/gremien?art=arbeitskreis", headers=office.html)
    assert _rows(bodies.text) == ["Arbeitskreis Jugend Neugablonz"]
    searched = office.client.get(f"{BASE}/gremien?q=steuerung", headers=office.html)
    assert _rows(searched.text) == ["Steuerungsgruppe Kaufbeuren aktiv"]
    decisions = office.client.get(f"{BASE}/beschluesse?gremium=demo-begleitausschuss&ergebnis=angenommen",
                                  headers=office.html)
    assert _rows(decisions.text) == []  # the filter takes the outcome's code, not its German label
    approved = office.client.get(f"{BASE}/beschluesse?gremium=demo-begleitausschuss&ergebnis=approved&jahr=2026",
                                 headers=office.html)
    assert _rows(approved.text) == ["BA-2026-002", "BA-2026-001"]
    assert _rows(office.client.get(f"{BASE}/beschluesse?jahr=2025", headers=office.html).text) == []
    fest = office.client.get(f"{BASE}/beschluesse?q=nachbarschaftsfest", headers=office.html)
    assert _rows(fest.text) == ["BA-2026-002"]
    meetings = office.client.get(f"{BASE}/sitzungen?gremium=demo-steuerungsgruppe", headers=office.html)
    assert _rows(meetings.text) == ["Steuerungsgruppe Herbst"]
    past = office.client.get(f"{BASE}/sitzungen?zeit=vergangen&gremium=demo-begleitausschuss", headers=office.html)
    assert _rows(past.text) == ["2. Sitzung 2026", "1. Sitzung 2026"]
    api = office.get("/api/participation/decisions?outcome=approved&year=2026")
    assert [d["number"] for d in api.json] == ["BA-2026-002", "BA-2026-001"]
    assert office.get("/api/participation/decisions?outcome=angenommen").status_code == 422


def test_a_viewer_sees_counts_not_the_names_of_volunteers(office):
    SPEC.seed(office.runtime)
    viewer = {**office.viewer, **HTML}
    sponsors = office.client.get(f"{BASE}/ehrenamt/patenschaften", headers=viewer)
    assert sponsors.status_code == 200 and "2 Patenschaften. Namen sieht nur der Fachbereich" in sponsors.text
    assert "Anna Berger" not in sponsors.text and "Klaus Fischer" not in sponsors.text
    signups = office.client.get(f"{BASE}/ehrenamt/anmeldungen", headers=viewer)
    assert "0 Anmeldungen. Namen sieht nur der Fachbereich" in signups.text
    editor = office.client.get(f"{BASE}/ehrenamt/patenschaften?q=b%C3%A4rensee", headers=office.html)
    assert _rows(editor.text) == ["Anna Berger"]
    assert "Personen" not in re.search(r"<nav aria-label=\"Bereichsnavigation\">.*?</nav>", sponsors.text, re.S).group(0)


def test_an_event_is_typed_in_kaufbeuren_time_listed_by_status_and_in_the_ical_feed_with_its_zone(office):
    page = office.client.get(f"{BASE}/veranstaltungen", headers=office.html)
    made = office.client.post(f"{BASE}/veranstaltungen", headers=office.html, follow_redirects=True, data={
        "csrf_token": _csrf(page.text), "title": "Sommerfest", "starts_at": "2030-07-06T15:00",
        "ends_at": "2030-07-06T19:30", "place": "Stadtpark", "capacity": "100", "publish": "y",
        "fields_of_action": ["kultur", "vereine"], "districts": ["altstadt"]})
    assert "Veranstaltung „Sommerfest“ wurde angelegt." in made.text
    assert "06.07.2030, 15:00 Uhr" in made.text and "06.07.2030, 19:30 Uhr" in made.text
    assert "Kultur, Vereine" in made.text and "Altstadt" in made.text
    [event] = [e for e in office.get("/api/participation/events").json if e["title"] == "Sommerfest"]
    assert (event["starts_at"], event["ends_at"]) == ("2030-07-06T13:00:00+00:00", "2030-07-06T17:30:00+00:00")
    assert (event["fields_of_action"], event["districts"]) == (["kultur", "vereine"], ["altstadt"])
    wrong = office.client.post(f"{BASE}/veranstaltungen", headers=office.html, data={
        "csrf_token": _csrf(page.text), "title": "Rückwärts", "starts_at": "2030-07-06T15:00",
        "ends_at": "2030-07-06T14:00", "capacity": "5"})
    assert wrong.status_code == 422 and "Das Ende liegt vor dem Beginn." in wrong.text
    office.post("/api/participation/events", {"title": "Entwurf", "capacity": 5,
                                              "starts_at": (datetime.now(UTC) + timedelta(days=9)).isoformat()})
    drafts = office.client.get(f"{BASE}/veranstaltungen?status=entwurf", headers=office.html)
    assert _rows(drafts.text) == ["Entwurf"]
    published = office.client.get(f"{BASE}/veranstaltungen?status=veroeffentlicht&q=park", headers=office.html)
    assert _rows(published.text) == ["Sommerfest"]
    ics = office.client.get(f"/api/participation/public/events/{event['id']}.ics")
    assert b"DTSTART;TZID=Europe/Berlin:20300706T150000" in ics.data
    assert b"BEGIN:VTIMEZONE" in ics.data and b"TZID:Europe/Berlin" in ics.data
    [vevent] = Calendar.from_ical(ics.data).walk("VEVENT")
    assert vevent.decoded("dtstart").astimezone(UTC) == datetime(2030, 7, 6, 13, 0, tzinfo=UTC)
    news = [e for e in office.events("participation.event.published.v1") if e["title"] == "Sommerfest"]
    assert news[0]["starts_at"] == "2030-07-06T15:00:00+02:00"  # the newsletter prints the wall time it reads
