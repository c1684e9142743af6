"""English as the second locale of the department UI: ``?lang=en`` or the ``aktiv_lang`` cookie switch every
screen to English; German stays the default; the API keeps answering in German."""

import re
from datetime import date, timedelta

import pytest

BASE = "/intern/programmes"


@pytest.fixture
def ui(api):
    html = {"Accept": "text/html"}
    api.ed = {**api.editor, **html}
    api.view = {**api.viewer, **html}
    return api


def english(ui):
    ui.client.set_cookie("aktiv_lang", "en")


def token(page_text: str) -> str:
    return re.search(r'name="(?:[a-z]+-)?csrf_token"(?: type="hidden")? value="([^"]+)"', page_text).group(1)


def test_german_is_the_default_and_lang_en_switches_the_overview(ui):
    german = ui.client.get(f"{BASE}/", headers=ui.view)
    assert 'lang="de"' in german.text and "<h1>Programme und Projekte</h1>" in german.text
    assert "Fristen-Radar" in german.text and "Deadline radar" not in german.text
    page = ui.client.get(f"{BASE}/?lang=en", headers=ui.view)
    assert page.status_code == 200 and 'lang="en"' in page.text
    assert "<h1>Programmes and projects</h1>" in page.text
    for text in ("Overview", "Funding calls", "Deadline radar", "Stage board", "Master data", "Audit log",
                 "0 projects in the portfolio.", "Deadlines in the next three months", "Fields of action"):
        assert text in page.text, text
    assert "Fristen" not in page.text
    # the header shows the service title from the spec in English too
    assert '<span class="dept">Programmes and projects</span>' in page.text
    # the choice is remembered in the cookie: the next page without ?lang= is English as well
    assert "aktiv_lang=en" in page.headers["Set-Cookie"]
    assert "<h1>Funding programmes</h1>" in ui.client.get(f"{BASE}/programme", headers=ui.view).text


def test_lists_and_board_in_english_with_the_cookie(ui):
    ui.project(title="Juze-Truck")
    english(ui)
    projects = ui.client.get(f"{BASE}/projekte", headers=ui.ed).text
    for text in ("<h1>Projects</h1>", "New project", ">Search</label>", ">Stage</label>", ">District</label>",
                 "<option value=\"idea\">Idea</option>", "Juze-Truck", ">Filter</button>"):
        assert text in projects, text
    assert "Keine Projekte" not in projects and "Phase</th>" not in projects
    assert "No programmes found." in ui.client.get(f"{BASE}/programme", headers=ui.ed).text
    board = ui.client.get(f"{BASE}/board", headers=ui.ed).text
    assert "<h1>Stage board</h1>" in board
    for label in ("Idea", "Assessed", "Concept", "Application", "Approved", "Running", "Sustained", "Withdrawn"):
        assert f'">{label} <span class="badge">' in board, label
    ideas = ui.client.get(f"{BASE}/ideen", headers=ui.ed).text
    assert "Ideas and best-practice library" in ideas and "Record an idea" in ideas
    assert '<option value="newsletter">Newsletter</option>' in ideas and "Internet research" in ideas
    reports = ui.client.get(f"{BASE}/berichte", headers=ui.ed).text
    assert "<h1>Reporting</h1>" in reports and "No reports." in reports and ">Planned</option>" in reports
    reference = ui.client.get(f"{BASE}/stammdaten", headers=ui.ed).text
    assert "<h2>Fields of action</h2>" in reference and "Pass mark (out of 21 points)" in reference
    assert "Jugend" in reference  # user data (the names of the fields of action) stays as entered
    audit = ui.client.get(f"{BASE}/protokoll", headers=ui.ed).text
    assert "Who changed what and when, newest entries first." in audit and "created" in audit


def test_project_page_in_english_and_german_by_default(ui):
    pid = ui.project(title="Juze-Truck", summary="Ein Bus bringt Jugendarbeit in die Stadtteile.")["id"]
    url = f"{BASE}/projekte/{pid}"
    german = ui.client.get(url, headers=ui.ed).text
    assert "Phase wechseln" in german and 'aria-current="page">Überblick</a>' in german
    assert "Noch keine Indikatoren." in ui.client.get(url + "?tab=indikatoren", headers=ui.ed).text
    ind = ui.client.post(f"/api/programmes/projects/{pid}/indicators", headers=ui.editor, json={
        "name": "Besuche", "baseline": "1234.5", "target": "2234.5"}).json["id"]
    ui.client.post(f"/api/programmes/indicators/{ind}/measurements", headers=ui.editor,
                   json={"measured_on": "2026-01-10", "value": "1634.5"})
    german = ui.client.get(url + "?tab=indikatoren", headers=ui.ed).text
    assert "1.234,5" in german and "<td>10.01.2026</td><td class=\"num\">1.634,5</td>" in german
    assert "40,0 %" in german and "<svg" in german
    pages = {tab: ui.client.get(f"{url}?tab={tab}&lang=en", headers=ui.ed).text
             for tab in ("ueberblick", "werkstatt", "indikatoren", "finanzen", "berichte", "bearbeiten")}
    expected = {
        "ueberblick": ("Stage: <strong>Idea</strong>", "Not published", "<h3>Change stage</h3>",
                       "Assess in the idea workshop", ">New stage", '<option value="assessed">Assessed</option>',
                       "No stage changes yet.", "Readability (Amstad):", "Juze-Truck",
                       "Ein Bus bringt Jugendarbeit in die Stadtteile.", 'aria-current="page">Overview</a>'),
        "werkstatt": ("Not assessed yet.", "Passed from 14 of 21 points."),
        "indikatoren": ("Create indicator", ">Baseline", "1,234.5", "<td>10 Jan 2026</td>", "1,634.5", "40.0%",
                        ">Edit</a>", ">Delete</a>", "Besuche"),
        "finanzen": ("plan against actual",
                     f'href="/intern/finance/soll-ist/{pid}"', "No grant yet."),
        "berichte": ("No reports yet.", "Create report", ">Due on", '<option value="final">Final report</option>'),
        "bearbeiten": (">Fields of action</legend>", "– no programme –"),
    }
    for tab, texts in expected.items():
        for text in texts:
            assert text in pages[tab], (tab, text)
        for german_text in ("Phase wechseln", "Noch keine", "Speichern<", "Verstetigung<", "1.234,5", "Überblick"):
            assert german_text not in pages[tab], (tab, german_text)
    # evaluation and sustainment only from closure on and after the evaluation: not tabs of an idea
    assert "Evaluation" not in pages["ueberblick"] and "Sustainment" not in pages["ueberblick"]


def test_forms_with_validation_errors_in_english(ui):
    english(ui)
    form = ui.client.get(f"{BASE}/projekte/neu", headers=ui.ed)
    assert "<h1>New project</h1>" in form.text and ">Title <span class=\"req\"" in form.text
    assert ">Create</button>" in form.text and ">Districts</legend>" in form.text
    bad = ui.client.post(f"{BASE}/projekte/neu", headers=ui.ed, data={
        "csrf_token": token(form.text), "title": "", "programme_id": "", "start_date": "2026-07-01",
        "end_date": "2026-01-01"})
    assert bad.status_code == 422
    assert "Please correct your entries" in bad.text and "This field is required." in bad.text
    assert "The end may not lie before the start." in bad.text
    calls = ui.client.get(f"{BASE}/aufrufe", headers=ui.ed)
    bad_call = ui.client.post(f"{BASE}/aufrufe", headers=ui.ed, data={
        "csrf_token": token(calls.text), "title": "Aufruf", "deadline": "", "link": "kein-link"})
    assert bad_call.status_code == 422
    assert "Please enter a date." in bad_call.text and "Please enter a valid address." in bad_call.text
    assert "Bitte" not in bad_call.text
    workshop = ui.client.get(f"{BASE}/projekte/{ui.project()['id']}/werkstatt", headers=ui.ed)
    assert "Active participation: points (0–3)" in workshop.text and "Passed from 14 of 21 points" in workshop.text


def test_lifecycle_refusals_show_their_reason_in_english(ui):
    pid = ui.project(title="Juze-Truck")["id"]
    english(ui)
    url = f"{BASE}/projekte/{pid}"
    page = ui.client.get(url, headers=ui.ed)
    illegal = ui.client.post(url + "/phase", headers=ui.ed, data={
        "transition-csrf_token": token(page.text), "transition-to": "running", "transition-reason": "schneller"})
    assert illegal.status_code == 409
    assert "A project cannot move from “Idea” to “Running”." in illegal.text
    ui.assess(pid, score=1)  # 7 of 21 points: assessed, but not passed
    refused = ui.client.post(url + "/phase", headers=ui.ed, data={
        "transition-csrf_token": token(page.text), "transition-to": "concept", "transition-reason": "weiter"})
    assert refused.status_code == 409
    assert "No concept without a passed assessment in the idea workshop." in refused.text
    workshop_tab = ui.client.get(url + "?tab=werkstatt", headers=ui.ed).text
    assert "7 of 21 points (pass mark 14)" in workshop_tab and "not passed" in workshop_tab
    # the API keeps the German reason (problem+json for machines and logs)
    api = ui.move(pid, "concept")
    assert api.status_code == 409 and api.json["detail"] == \
        "Ohne bestandene Bewertung in der Ideenwerkstatt gibt es kein Konzept."
    # a successful step: the flash message after the redirect is English
    done = ui.client.post(url + "/phase", headers=ui.ed, data={
        "transition-csrf_token": token(page.text), "transition-to": "idea", "transition-reason": "überarbeiten"})
    assert done.status_code == 303
    assert "Stage changed." in ui.client.get(done.headers["Location"], headers=ui.ed).text
    missing = ui.client.get(f"{BASE}/projekte/gibt-es-nicht", headers=ui.ed)
    assert missing.status_code == 404 and "The project “gibt-es-nicht” does not exist." in missing.text


def test_radar_and_dashboard_in_english(ui):
    ui.project(title="Ohne Plan", end_date="2026-12-31")
    created = ui.client.post("/api/programmes/calls", headers=ui.editor, json={
        "title": "Engagement stärken", "deadline": (date.today() + timedelta(days=60)).isoformat(),
        "fields_of_action": ["jugend"]})
    assert created.status_code == 201
    german = ui.client.get(f"{BASE}/radar?months=36", headers=ui.view).text
    assert "Projekt endet ohne Verstetigungsplan" in german
    english(ui)
    radar = ui.client.get(f"{BASE}/radar?months=36", headers=ui.view).text
    assert "<h1>Deadline radar</h1>" in radar and ">Period in months</label>" in radar
    assert "Project ends without a sustainment plan" in radar and "Deadlines of the next 36 months" in radar
    assert "Funding call: Engagement stärken" in radar  # the call's title is user data and stays German
    assert "Deadlines of the next month" in ui.client.get(f"{BASE}/radar?months=1", headers=ui.view).text
    dashboard = ui.client.get(f"{BASE}/dashboard", headers=ui.view).text
    for text in ("<h1>Portfolio dashboard</h1>", "1 project · external funds €0.00 · municipal share €0.00",
                 "<title id=\"chart-stage-title\">Projects by stage</title>", ">Idea</text>",
                 "Projects by field of action", "Projects by district", "External funds and municipal share",
                 ">Municipal share</text>", "Figures as a table"):
        assert text in dashboard, text
    assert "Projekte nach Phase" not in dashboard
    # the SVG of the API follows the chosen language too; without a choice it is German
    svg = ui.client.get("/api/programmes/dashboard/stage.svg", headers=ui.viewer)
    assert "Projects by stage" in svg.text
    ui.client.delete_cookie("aktiv_lang")
    assert "Projekte nach Phase" in ui.client.get("/api/programmes/dashboard/stage.svg", headers=ui.viewer).text


def test_stale_reference_edit_is_refused_in_english(ui):
    url = f"{BASE}/stammdaten/district/haken"
    english(ui)
    page = ui.client.get(url, headers=ui.ed)
    ui.client.patch("/api/programmes/districts/haken", json={"name": "Haken (Kaufbeuren)"},
                    headers={**ui.editor, "If-Match": ui.client.get("/api/programmes/districts/haken",
                                                                    headers=ui.viewer).headers["ETag"]})
    stale = ui.client.post(url, headers=ui.ed, data={"csrf_token": token(page.text), "name": "Haken alt",
                                                     "active": "y", "version": "1"})
    assert stale.status_code == 409
    assert "Someone else has changed this record in the meantime." in stale.text and "inzwischen" not in stale.text
