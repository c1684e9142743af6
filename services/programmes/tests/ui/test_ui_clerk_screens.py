"""Issue 12, the programme office's screens as a clerk uses them: names instead of ids, checkboxes instead of
typed codes, tabs by phase, the workshop's running total, the audit log in words, lists paged in SQL."""

import re
from html import unescape

import pytest
from sqlalchemy import event, select

from programmes.adapters.orm import project
from programmes.bootstrap import SPEC
from programmes.domain.assessment import CRITERIA
from programmes.subscribers import event_handlers
from servicekit.messaging.envelope import Envelope

BASE = "/intern/programmes"
IDENTIFIER = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|\bdemo-[a-z0-9-]+")


@pytest.fixture
def ui(api):
    html = {"Accept": "text/html"}
    api.ed = {**api.editor, **html}
    api.view = {**api.viewer, **html}
    return api


def token(text: str) -> str:
    return re.search(r'name="(?:[a-z]+-)?csrf_token"(?: type="hidden")? value="([^"]+)"', text).group(1)


def post(ui, page_url, data, action=None, expect=303):
    page = ui.client.get(page_url, headers=ui.ed)
    assert page.status_code == 200, page.text[:500]
    resp = ui.client.post(action or page_url, data={"csrf_token": token(page.text), **data}, headers=ui.ed)
    assert resp.status_code == expect, resp.text[:3000]
    return resp


def visible(html: str) -> str:
    """The text a person reads: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def deliver(runtime, type_, data, subject="x", sequence=1):
    env = Envelope(type=type_, source="/services/test", subject=subject, data=data, sequence=sequence)
    with runtime.uow() as uow:
        event_handlers()[type_](uow, env)
        uow.commit()


def to_closing(ui, pid):
    """Through the lifecycle with the evidence every guard wants, up to the closure."""
    ui.assess(pid)
    for stage in ("concept", "application"):
        assert ui.move(pid, stage).status_code == 200
    assert ui.move(pid, "approved", decision_reference="StR 2026/14").status_code == 200
    assert ui.move(pid, "running").status_code == 200
    ind = ui.client.post(f"/api/programmes/projects/{pid}/indicators", headers=ui.editor,
                         json={"name": "Erreichte Jugendliche", "baseline": "0", "target": "100"}).json["id"]
    ui.client.post(f"/api/programmes/indicators/{ind}/measurements", headers=ui.editor,
                   json={"measured_on": "2026-01-10", "value": "40"})
    rep = ui.client.post(f"/api/programmes/projects/{pid}/reports", headers=ui.editor, json={
        "title": "Abschlussbericht", "kind": "final", "due_date": "2026-12-31"}).json
    ui.client.patch(f"/api/programmes/reports/{rep['id']}", json={"status": "submitted", "text": "Gut gelaufen."},
                    headers={**ui.editor, "If-Match": ui.client.get(f"/api/programmes/reports/{rep['id']}",
                                                                     headers=ui.viewer).headers["ETag"]})
    assert ui.move(pid, "closing").status_code == 200


def tab_names(html: str) -> list[str]:
    nav = re.search(r'<ul class="tabs">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r">([^<]+)</a>", nav)


def test_districts_and_fields_are_ticked_by_name_and_saved(ui):
    form = ui.client.get(f"{BASE}/projekte/neu", headers=ui.ed).text
    assert '<legend>Stadtteile</legend>' in form and 'type="checkbox" value="haken"' in form
    assert re.search(r'type="checkbox" value="neugablonz"> <label for="districts-\d+">Neugablonz</label>', form)
    assert "Kennung" not in form and "Kürzel" not in form
    resp = post(ui, f"{BASE}/projekte/neu", {"title": "Stadtteiltreff", "programme_id": "",
                                            "districts": ["haken", "neugablonz"], "fields_of_action": "familie"})
    with ui.runtime.engine.connect() as conn:
        row = conn.execute(select(project).where(project.c.title == "Stadtteiltreff")).mappings().one()
    assert row["districts"] == ["haken", "neugablonz"] and row["fields_of_action"] == ["familie"]
    page = ui.client.get(resp.headers["Location"], headers=ui.ed).text
    assert "<dd>Haken, Neugablonz</dd>" in page and "<dd>Familie</dd>" in page
    bad = post(ui, f"{BASE}/projekte/neu", {"title": "Mond", "programme_id": "", "districts": "mond"}, expect=422)
    assert "Bitte korrigieren Sie die Eingaben" in bad.text


def test_project_and_report_pages_show_no_identifier(ui):
    SPEC.seed(ui.runtime)
    deliver(ui.runtime, "finance.funder.created.v1", {"funder_id": "demo-robert-bosch-stiftung",
                                                      "name": "Robert-Bosch-Stiftung", "type": "foundation",
                                                      "public": True}, subject="demo-robert-bosch-stiftung")
    deliver(ui.runtime, "finance.grant.awarded.v1", {
        "grant_id": "demo-grant-juze", "project_id": "demo-juze-truck", "funder_id": "demo-robert-bosch-stiftung",
        "amount": "42000.00", "period_start": "2026-01-01", "period_end": "2027-12-31", "version": 1},
        subject="demo-grant-juze")
    reports = ui.client.get(f"{BASE}/berichte", headers=ui.view).text
    assert "Robert-Bosch-Stiftung" in reports
    pages = {"/berichte": reports, "/protokoll": ui.client.get(f"{BASE}/protokoll", headers=ui.view).text}
    for pid in ("demo-juze-truck", "demo-mobikids"):
        for tab in ("ueberblick", "werkstatt", "indikatoren", "finanzen", "berichte"):
            pages[f"/projekte/{pid}?tab={tab}"] = ui.client.get(f"{BASE}/projekte/{pid}?tab={tab}",
                                                                headers=ui.ed).text
    for path in ("/", "/programme", "/projekte", "/ideen", "/aufrufe", "/dashboard", "/radar", "/board",
                 "/programme/demo-biwaq", "/stammdaten", "/stammdaten?tab=funder"):
        pages[path] = ui.client.get(BASE + path, headers=ui.ed).text
    for path, html in pages.items():
        assert not IDENTIFIER.findall(visible(html)), (path, IDENTIFIER.findall(visible(html))[:5])
    overview = visible(pages["/projekte/demo-juze-truck?tab=ueberblick"])
    assert "Paula Programm (Demo), " in overview and "Demodaten" not in overview  # who moved the demo, by name
    assert "42.000,00 €" in pages["/projekte/demo-juze-truck?tab=finanzen"]


def test_the_project_page_has_tabs_by_phase(ui):
    pid = ui.project(title="Juze-Truck")["id"]
    url = f"{BASE}/projekte/{pid}"
    idea_tabs = tab_names(ui.client.get(url, headers=ui.ed).text)
    assert idea_tabs == ["Überblick", "Ideenwerkstatt", "Indikatoren", "Finanzen", "Berichte",
                         "Stammdaten bearbeiten"]
    as_concept = ui.client.get(url + "?tab=evaluation", headers=ui.ed).text  # no evaluation before the closure
    assert "Evaluation speichern" not in as_concept and 'aria-current="page">Überblick</a>' in as_concept
    assert "Zielerreichung" not in as_concept
    assert "Stammdaten bearbeiten" not in tab_names(ui.client.get(url, headers=ui.view).text)  # viewers
    to_closing(ui, pid)
    closing = ui.client.get(url + "?tab=evaluation", headers=ui.ed).text
    assert tab_names(closing)[-2:] == ["Evaluation", "Stammdaten bearbeiten"] and "Evaluation speichern" in closing
    assert "Verstetigung" not in tab_names(closing)  # the sustainment plan comes after the evaluation
    evaluated = post(ui, url + "?tab=evaluation", {"evaluation-goal_attainment": "Ziel fast erreicht",
                                                   **{f"evaluation-{k}_score": "2" for k in CRITERIA},
                                                   **{f"evaluation-{k}_reason": "neu bewertet" for k in CRITERIA}},
                     action=url + "/evaluation")
    assert evaluated.headers["Location"].endswith("?tab=evaluation")
    after = ui.client.get(url, headers=ui.ed).text
    assert tab_names(after)[-3:] == ["Evaluation", "Verstetigung", "Stammdaten bearbeiten"]
    assert "Plan speichern" in ui.client.get(url + "?tab=verstetigung", headers=ui.ed).text
    # a form with errors comes back on its own tab
    bad = post(ui, url, {"sustainment-continued_by": "", "sustainment-from_date": ""},
               action=url + "/verstetigung", expect=422)
    assert 'aria-current="page">Verstetigung</a>' in bad.text and "Bitte ein Datum angeben." in bad.text


def test_the_workshop_shows_the_running_total_and_the_pass_mark(ui):
    pid = ui.project(title="Repair-Café")["id"]
    url = f"{BASE}/projekte/{pid}/werkstatt"
    page = ui.client.get(url, headers=ui.ed).text
    assert 'data-score-total data-threshold="14"' in page and "Bestehensschwelle" in page and "14 Punkte" in page
    assert '<script src="/intern/programmes/_static/workshop.js" defer></script>' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and "onclick" not in page and 'style="' not in page
    assert page.count("data-criterion") == 7 and 'type="radio" value="3"' in page
    script = ui.client.get("/intern/programmes/_static/workshop.js", headers=ui.ed)
    assert script.status_code == 200 and "data-sum" in script.text and "javascript" in script.mimetype
    # without JavaScript the total shows after saving: a form sent back with errors adds up what was given
    partial = post(ui, url, {"assessors": "Anna", "participation_score": "3", "partners_score": "2",
                             "participation_reason": "viele machen mit"}, expect=422)
    assert re.search(r'data-sum>5</span>', partial.text) and re.search(r"data-count>2</span>", partial.text)
    assert "Schwelle nicht erreicht" in partial.text
    scores = {**{f"{k}_score": "2" for k in CRITERIA}, **{f"{k}_reason": "besprochen" for k in CRITERIA}}
    done = post(ui, url, {"assessors": "Anna, Tom", **scores})
    assert done.headers["Location"].endswith("?tab=werkstatt")
    shown = ui.client.get(done.headers["Location"], headers=ui.ed).text
    assert "Bewertung gespeichert: 14 von 21 Punkten, bestanden." in shown
    assert "Anna Berger" in shown and "14 von 21 Punkten (Schwelle 14)" in shown


def test_the_audit_log_reads_in_words_not_json(ui):
    pid = ui.project(title="Juze-Truck", districts=["haken"])["id"]
    ui.assess(pid)
    edit = ui.client.get(f"{BASE}/projekte/{pid}?tab=bearbeiten", headers=ui.ed).text
    saved = ui.client.post(f"{BASE}/projekte/{pid}/bearbeiten", headers=ui.ed, data={
        "edit-csrf_token": token(edit), "edit-title": "Juze-Truck mobil", "edit-programme_id": "",
        "edit-districts": ["haken", "neugablonz"], "edit-version": "2"})
    assert saved.status_code == 303, saved.text[:3000]
    page = ui.client.get(f"{BASE}/protokoll?entity=project&entity_id={pid}", headers=ui.view).text
    text = visible(page)
    assert "Phase gewechselt" in text and "geändert" in text and "angelegt" in text
    assert "Titel: Juze-Truck → Juze-Truck mobil" in " ".join(text.split())
    assert "Stadtteile: Haken → Haken, Neugablonz" in " ".join(text.split())
    assert "Phase: Idee → Bewertet" in " ".join(text.split())
    assert "Anna Berger, " in text and " Uhr" in text
    for raw in ("{", "vorher", "nachher", "\\u00", "stage_changed", "anna,", "neugablonz"):
        assert raw not in text, raw
    assert 'Wer hat was wann geändert: Projekt „Juze-Truck mobil“.' in text
    searched = visible(ui.client.get(f"{BASE}/protokoll?q=mobil", headers=ui.view).text)
    assert "Juze-Truck mobil" in searched  # found by the record's name
    english = visible(ui.client.get(f"{BASE}/protokoll?entity=project&entity_id={pid}&lang=en",
                                    headers=ui.view).text)
    assert "stage changed" in english and "Stage: Idea → Assessed" in " ".join(english.split())


def test_lists_search_filter_and_page_in_sql(ui):
    for n in range(27):
        body = {"name": f"Programm {n:02d}", "status": "running" if n % 3 else "completed",
                "fields_of_action": ["jugend"] if n % 2 else ["familie"]}
        assert ui.client.post("/api/programmes/programmes", headers=ui.editor, json=body).status_code == 201
    statements = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(ui.runtime.engine, "before_cursor_execute", seen)
    try:
        first = ui.client.get(f"{BASE}/programme", headers=ui.view).text
    finally:
        event.remove(ui.runtime.engine, "before_cursor_execute", seen)
    assert "Seite 1 von 2 (27 Einträge)" in first and "Programm 24" in first and "Programm 25" not in first
    assert any("count(*)" in s.lower() for s in statements) and any(" LIMIT " in s for s in statements)
    second = ui.client.get(f"{BASE}/programme?page=2", headers=ui.view).text
    assert "Programm 26" in second and "Programm 00" not in second
    found = ui.client.get(f"{BASE}/programme?q=programm 1&status=running&field=jugend", headers=ui.view).text
    assert re.findall(r">(Programm \d\d)</a>", found) == ["Programm 11", "Programm 13", "Programm 17",
                                                          "Programm 19"]
    assert 'href="/intern/programmes/programme?q=programm+1&amp;status=running&amp;field=jugend&amp;page=' \
        not in found  # one page only, no pager links
    api = ui.client.get("/api/programmes/programmes?page=2&page_size=10&field=familie", headers=ui.viewer)
    assert len(api.json) == 4 and '"total": 14' in api.headers["X-Pagination"]
    for path in ("/projekte?q=x&stage=idea&programme=p&field=jugend&district=haken", "/ideen?q=x&field=jugend",
                 "/aufrufe?q=x&field=jugend", "/berichte?q=x&status=planned&kind=final", "/protokoll?q=x&entity=idea",
                 "/stammdaten?tab=district&q=hak"):
        page = ui.client.get(BASE + path, headers=ui.view)
        assert page.status_code == 200 and 'role="search"' in page.text, path
    assert "Haken" in ui.client.get(f"{BASE}/stammdaten?tab=district&q=hak", headers=ui.view).text
    assert "Neugablonz" not in ui.client.get(f"{BASE}/stammdaten?tab=district&q=hak", headers=ui.view).text


def test_the_api_returns_actors_with_their_names(ui):
    idea = ui.client.post("/api/programmes/ideas", headers=ui.editor, json={"title": "Jugendforum",
                                                                         "source": "newsletter"}).json
    assert idea["created_by"] == {"id": "anna", "name": "Anna Berger"}
    pid = ui.project()["id"]
    ui.assess(pid)
    assessments = ui.client.get(f"/api/programmes/projects/{pid}/assessments", headers=ui.viewer).json
    assert assessments[0]["actor"] == {"id": "anna", "name": "Anna Berger"}
    history = ui.client.get(f"/api/programmes/projects/{pid}/transitions", headers=ui.viewer).json
    assert history[0]["actor"] == {"id": "anna", "name": "Anna Berger"}
    audit = ui.client.get("/api/programmes/audit?entity=idea", headers=ui.viewer).json
    assert audit[0]["actor"] == {"id": "anna", "name": "Anna Berger"}
    ideas = visible(ui.client.get(f"{BASE}/ideen", headers=ui.view).text)
    assert "erfasst von Anna Berger, " in ideas and " Uhr" in ideas


def test_funders_and_partners_come_from_the_other_departments_and_are_picked_by_name(ui):
    deliver(ui.runtime, "finance.funder.created.v1", {"funder_id": "f-esf", "name": "ESF Plus", "type": "eu",
                                                      "public": True}, subject="f-esf")
    deliver(ui.runtime, "participation.organisation.created.v1", {"organisation_id": "o-tsv", "name": "TSV Kaufbeuren",
                                                                  "kind": "verein"}, subject="o-tsv")
    funders = visible(ui.client.get(f"{BASE}/stammdaten?tab=funder", headers=ui.view).text)
    assert "ESF Plus" in funders and "EU" in funders
    partners = visible(ui.client.get(f"{BASE}/stammdaten?tab=organisation", headers=ui.view).text)
    assert "TSV Kaufbeuren" in partners and "Verein" in partners
    programme_form = ui.client.get(f"{BASE}/programme/neu", headers=ui.ed).text
    assert re.search(r'type="checkbox" value="f-esf"> <label for="funder_ids-\d+">ESF Plus</label>', programme_form)
    project_form = ui.client.get(f"{BASE}/projekte/neu", headers=ui.ed).text
    assert re.search(r'value="o-tsv"> <label for="partner_ids-\d+">TSV Kaufbeuren</label>', project_form)
    assert 'data-picker=""' in project_form and 'id="programme_id"' in project_form


def test_amounts_and_values_are_typed_the_german_way(ui):
    post(ui, f"{BASE}/aufrufe", {"title": "Engagement stärken", "deadline": "2099-01-31", "budget_min": "1.000",
                                 "budget_max": "25.000,50"})
    listing = ui.client.get(f"{BASE}/aufrufe", headers=ui.view).text
    assert "1.000,00 € – 25.000,50 €" in listing
    bad = post(ui, f"{BASE}/aufrufe", {"title": "Falsch", "deadline": "2099-01-31", "budget_min": "zehn"}, expect=422)
    assert "Bitte einen Betrag wie „12.000,00“ oder „12000“ eingeben." in bad.text
    pid = ui.project()["id"]
    url = f"{BASE}/projekte/{pid}"
    post(ui, url + "?tab=indikatoren", {"indicator-name": "Besuche", "indicator-baseline": "1.200",
                                        "indicator-target": "2.400,5"}, action=url + "/indikatoren")
    page = ui.client.get(url + "?tab=indikatoren", headers=ui.view).text
    assert "Ausgangswert: 1.200 · Zielwert: 2.400,5" in page
    assert '<svg class="chart"' in page and "<title id=\"ind-1-t\">Besuche</title>" in page
    assert "noch keine Messwerte" in page  # the chart's description says so in words


def test_the_dashboard_counts_granted_third_party_money(ui):
    pid = ui.project()["id"]
    deliver(ui.runtime, "finance.funder.created.v1", {"funder_id": "f-esf", "name": "ESF Plus", "type": "eu",
                                                      "public": True}, subject="f-esf")
    deliver(ui.runtime, "finance.grant.awarded.v1", {"grant_id": "g1", "project_id": pid, "funder_id": "f-esf",
                                                     "amount": "16000.00", "period_start": "2026-01-01",
                                                     "period_end": "2026-12-31", "version": 1}, subject="g1")
    page = ui.client.get(f"{BASE}/dashboard", headers=ui.view).text
    assert "Drittmittel 16.000,00 €" in page and "wie im Portfolio der Kämmerei gezählt" in page
    money = ui.client.get(f"{BASE}/projekte/{pid}?tab=finanzen", headers=ui.view).text
    assert "ESF Plus" in money and "16.000,00 €" in money
    assert f'href="/intern/finance/soll-ist/{pid}"' in money
