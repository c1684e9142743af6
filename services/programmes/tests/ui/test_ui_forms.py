"""The department UI: every form is fetched, filled (with the CSRF token) and submitted."""

import re

import pytest
from sqlalchemy import select

from programmes.adapters.orm import district, idea, indicator, project, report

BASE = "/intern/programmes"


@pytest.fixture
def ui(api):
    html = {"Accept": "text/html"}
    api.ed = {**api.editor, **html}
    api.view = {**api.viewer, **html}
    return api


def token(client, url, headers):
    page = client.get(url, headers=headers)
    assert page.status_code == 200, page.text[:500]
    assert page.text.count('id="csrf_token"') <= 1  # no duplicate ids when a page holds several forms
    return re.search(r'name="(?:[a-z]+-)?csrf_token"(?: type="hidden")? value="([^"]+)"', page.text).group(1)


def submit(ui, page_url, data, action=None, expect=303, prefix=""):
    """Fetch ``page_url``, take its CSRF token and post ``data`` (names prefixed like the page's form)."""
    p = f"{prefix}-" if prefix else ""
    body = {f"{p}csrf_token": token(ui.client, page_url, ui.ed), **{f"{p}{k}": v for k, v in data.items()}}
    resp = ui.client.post(action or page_url, data=body, headers=ui.ed)
    assert resp.status_code == expect, resp.text[:3000]
    return resp


def project_row(ui, title):
    with ui.runtime.engine.connect() as conn:
        return conn.execute(select(project).where(project.c.title == title)).mappings().one()


def test_create_and_edit_programme_and_publish_it(ui):
    bad = submit(ui, f"{BASE}/programme/neu", {"name": "", "status": "running", "period_start": "2026-07-01",
                                               "period_end": "2026-01-01"}, expect=422)
    assert "Bitte korrigieren Sie die Eingaben" in bad.text and "Das Ende darf nicht vor dem Beginn liegen." in bad.text
    resp = submit(ui, f"{BASE}/programme/neu", {"name": "BIWAQ", "status": "running", "fields_of_action": "jugend",
                                                "summary": "Das ist gut. Wir helfen hier. Alle machen mit."})
    detail_url = resp.headers["Location"]
    page = ui.client.get(detail_url, headers=ui.ed)
    assert "Programm „BIWAQ“ angelegt." in page.text and "Amstad-Wert" in page.text
    submit(ui, detail_url, {"name": "BIWAQ 2026", "status": "running", "summary": "Kurz.", "version": "1"})
    stale = submit(ui, detail_url, {"name": "BIWAQ alt", "status": "running", "version": "1"}, expect=409)
    assert "inzwischen von jemand anderem geändert" in stale.text
    submit(ui, detail_url, {"published": "y"}, action=detail_url + "/veroeffentlichung")
    listing = ui.client.get(f"{BASE}/programme?q=2026", headers=ui.view)
    assert "BIWAQ 2026" in listing.text
    assert ui.client.get("/api/programmes/public/programmes").json[0]["name"] == "BIWAQ 2026"


def test_funding_call_and_idea_with_proposal(ui):
    bad = submit(ui, f"{BASE}/aufrufe", {"title": "Aufruf", "deadline": "", "link": "kein-link"}, expect=422)
    assert "Bitte ein Datum angeben." in bad.text and "Bitte eine gültige Adresse angeben." in bad.text
    submit(ui, f"{BASE}/aufrufe", {"title": "Engagement stärken", "deadline": "2099-01-31",
                                   "fields_of_action": "jugend", "budget_min": "1000", "budget_max": "5000",
                                   "link": "https://example.org/aufruf"})
    submit(ui, f"{BASE}/ideen", {"title": "Jugendforum", "source": "newsletter", "best_practice": "y",
                                 "fields_of_action": "jugend", "description": "Jugend berät den Stadtrat."})
    library = ui.client.get(f"{BASE}/ideen?best_practice=1&q=forum", headers=ui.view).text
    assert "Jugendforum" in library and "Engagement stärken" in library  # the matching call is shown
    with ui.runtime.engine.connect() as conn:
        idea_id = conn.execute(select(idea.c.id)).scalar()
    edit_url = f"{BASE}/ideen/{idea_id}"
    assert submit(ui, edit_url, {"title": "", "source": "newsletter"}, expect=422).status_code == 422
    submit(ui, edit_url, {"title": "Jugendforum", "source": "newsletter", "best_practice": "",
                          "fields_of_action": "jugend"})
    assert "Jugendforum" not in ui.client.get(f"{BASE}/ideen?best_practice=1", headers=ui.view).text
    resp = submit(ui, f"{BASE}/ideen", {}, action=f"{BASE}/ideen/{idea_id}/vorschlag")
    assert "/projekte/" in resp.headers["Location"]
    assert project_row(ui, "Jugendforum")["source"] == "newsletter"


def test_project_from_form_through_workshop_to_sustainment(ui):
    bad = submit(ui, f"{BASE}/projekte/neu", {"title": "", "programme_id": ""}, expect=422)
    assert "Titel" in bad.text and 'aria-invalid="true"' in bad.text
    assert '="None"' not in bad.text  # no dangling ARIA references on valid fields
    submit(ui, f"{BASE}/projekte/neu", {"title": "Juze-Truck", "programme_id": "", "fields_of_action": "jugend",
                                        "districts": ["neugablonz", "haken"], "target_groups": "jugendliche",
                                        "summary": "Ein Bus kommt. Jugendliche machen mit."})
    pid = project_row(ui, "Juze-Truck")["id"]
    url = f"{BASE}/projekte/{pid}"
    illegal = submit(ui, url, {"to": "running", "reason": "schneller"}, action=url + "/phase", prefix="transition",
                     expect=409)
    assert "Von „Idee“ geht es nicht nach „Laufend“." in illegal.text
    workshop_bad = submit(ui, url + "/werkstatt", {"assessors": "Anna"}, expect=422)
    assert "Bitte Punkte angeben." in workshop_bad.text
    scores = {}
    for key in ("participation", "partners", "indicators", "subsidiarity", "overall_concept", "impulse",
                "added_value"):
        scores[f"{key}_score"] = "3"
        scores[f"{key}_reason"] = "In der Werkstatt besprochen"
    done = submit(ui, url + "/werkstatt", {"assessors": "Anna, Tom", **scores})
    assert "21 von 21 Punkten, bestanden" in ui.client.get(done.headers["Location"], headers=ui.ed).text
    for stage in ("concept", "application"):
        submit(ui, url, {"to": stage, "reason": "weiter"}, action=url + "/phase", prefix="transition")
    refused = submit(ui, url, {"to": "approved", "reason": "Bitte"}, action=url + "/phase", prefix="transition",
                     expect=409)
    assert "Zuwendungsbescheid" in refused.text
    submit(ui, url, {"to": "approved", "reason": "Stadtrat", "decision_reference": "StR 2026/14"},
           action=url + "/phase", prefix="transition")
    submit(ui, url, {"to": "running", "reason": "Start"}, action=url + "/phase", prefix="transition")
    submit(ui, url, {"title": "Juze-Truck mobil", "programme_id": "", "start_date": "2025-01-01",
                     "summary": "Ein Bus kommt. Jugendliche machen mit.",
                     "end_date": "2026-12-31"}, action=url + "/bearbeiten", prefix="edit")
    submit(ui, url, {"name": "Erreichte Jugendliche", "unit": "Personen", "baseline": "0", "target": "100"},
           action=url + "/indikatoren", prefix="indicator")
    with ui.runtime.engine.connect() as conn:
        ind = conn.execute(select(indicator.c.id)).scalar()
    submit(ui, url, {"indicator_id": ind, "measured_on": "2026-01-10", "value": "40"}, action=url + "/messwerte",
           prefix="measurement")
    submit(ui, url, {"title": "Abschlussbericht", "kind": "final", "funder_id": "", "due_date": "2026-12-31"},
           action=url + "/berichte", prefix="report")
    with ui.runtime.engine.connect() as conn:
        rep = conn.execute(select(report.c.id)).scalar()
    no_text = submit(ui, url, {"status": "submitted", "text": ""}, action=f"{BASE}/berichte/{rep}", expect=409)
    assert "ohne Text" in no_text.text
    submit(ui, url, {"status": "submitted", "text": "Das Jahr war gut."}, action=f"{BASE}/berichte/{rep}")
    submit(ui, url, {"to": "closing", "reason": "Ende"}, action=url + "/phase", prefix="transition")
    unreasoned = submit(ui, url, {"goal_attainment": "Ziel fast erreicht", "impulse_score": "2"},
                        action=url + "/evaluation", prefix="evaluation", expect=422)
    assert "Bitte begründen Sie die Punktzahl." in unreasoned.text and "Bitte Punkte angeben." in unreasoned.text
    rescored = {k: ("2" if k.endswith("_score") else v) for k, v in scores.items()}
    rescored["impulse_reason"] = "Andere Städte fragen nach"
    evaluated = submit(ui, url, {"goal_attainment": "Ziel fast erreicht", "attainment_percent": "40",
                                 "lessons_learned": "Früher starten", **rescored},
                       action=url + "/evaluation", prefix="evaluation")
    shown = ui.client.get(evaluated.headers["Location"], headers=ui.ed).text
    assert "Evaluation gespeichert: Neubewertung 14 von 21 Punkten, bestanden." in shown
    assert "Neubewertung der sieben Kriterien: 14 von 21 Punkten, bestanden (Schwelle 14)." in shown
    submit(ui, url, {"continued_by": "Stadtjugendring", "funding": "Haushalt", "from_date": "2027-01-01",
                     "amount": "5000"}, action=url + "/verstetigung", prefix="sustainment")
    submit(ui, url, {"to": "sustained", "reason": "Plan steht"}, action=url + "/phase", prefix="transition")
    submit(ui, url, {"published": "y"}, action=url + "/veroeffentlichung")
    page = ui.client.get(url, headers=ui.view).text
    assert "Verstetigt" in page and "Anna Berger" in page  # the phase history names who moved it
    assert "Stadtjugendring" in ui.client.get(url + "?tab=verstetigung", headers=ui.view).text
    assert "40,0 %" in ui.client.get(url + "?tab=evaluation", headers=ui.view).text
    assert "Impulse/Modellprojekte: 2 Punkte – Andere Städte fragen nach" in ui.client.get(
        url + "?tab=evaluation", headers=ui.view).text
    assert project_row(ui, "Juze-Truck mobil")["published"] is True
    board = ui.client.get(f"{BASE}/board", headers=ui.view).text
    assert "Juze-Truck mobil" in board
    audit = ui.client.get(f"{BASE}/protokoll?entity=project&entity_id={pid}", headers=ui.view).text
    assert "Phase gewechselt" in audit and "Anna Berger" in audit and "stage_changed" not in audit


def test_reference_data_and_threshold_forms(ui):
    dup = submit(ui, f"{BASE}/stammdaten", {"kind": "district", "name": "haken "}, expect=422)
    assert "Einen Stadtteil mit dem Namen „haken“ gibt es schon." in dup.text
    made = submit(ui, f"{BASE}/stammdaten", {"kind": "district", "name": "Kaufbeuren-Altstadt"})
    assert made.headers["Location"].endswith("/stammdaten?tab=district")
    submit(ui, f"{BASE}/stammdaten", {"threshold": "10"}, action=f"{BASE}/stammdaten/schwelle")
    page = ui.client.get(f"{BASE}/stammdaten?tab=district", headers=ui.ed).text
    assert "Kaufbeuren-Altstadt" in page and "Die Bestehensschwelle ist jetzt 10 Punkte." in page
    assert "Kürzel" not in page and "kaufbeuren-altstadt<" not in page  # nobody types or reads the code
    with ui.runtime.engine.connect() as conn:
        assert conn.execute(select(district.c.code).where(district.c.name == "Kaufbeuren-Altstadt")).scalar() \
            == "kaufbeuren-altstadt"


def test_overview_radar_and_dashboard_render_for_viewers_who_cannot_change(ui):
    ui.project(end_date="2026-12-31")
    for path in ("/", "/radar?months=12", "/dashboard", "/projekte?stage=idea&district=neugablonz", "/ideen",
                 "/aufrufe", "/programme", "/stammdaten", "/board"):
        page = ui.client.get(BASE + path, headers=ui.view)
        assert page.status_code == 200 and 'lang="de"' in page.text, path
    assert "ohne Verstetigungsplan" in ui.client.get(f"{BASE}/radar?months=36", headers=ui.view).text
    assert "<svg" in ui.client.get(f"{BASE}/dashboard", headers=ui.view).text
    assert "Idee erfassen" not in ui.client.get(f"{BASE}/ideen", headers=ui.view).text
    tok = token(ui.client, f"{BASE}/ideen", ui.ed)
    resp = ui.client.post(f"{BASE}/ideen", data={"csrf_token": tok, "title": "X", "source": "newsletter"},
                          headers=ui.view)
    assert resp.status_code == 403
    assert ui.client.get(f"{BASE}/projekte/neu", headers=ui.view).status_code == 403


def test_forms_without_csrf_token_are_refused(ui):
    resp = ui.client.post(f"{BASE}/projekte/neu", data={"title": "Ohne Token"}, headers=ui.ed)
    assert resp.status_code in (400, 422)
    with ui.runtime.engine.connect() as conn:
        assert conn.execute(select(project.c.id)).first() is None


def test_project_list_pages_keep_the_filters(ui):
    for n in range(27):
        ui.project(title=f"Projekt {n:02d}")
    first = ui.client.get(f"{BASE}/projekte?stage=idea", headers=ui.view).text
    assert "Seite 1 von 2 (27 Einträge)" in first and "Projekt 24" in first and "Projekt 25" not in first
    assert 'href="/intern/programmes/projekte?stage=idea&amp;page=2"' in first
    second = ui.client.get(f"{BASE}/projekte?stage=idea&page=2", headers=ui.view).text
    assert "Projekt 26" in second and "Projekt 00" not in second


def test_programme_keeps_funders_finance_has_not_announced_yet(ui):
    created = ui.client.post("/api/programmes/programmes", headers=ui.editor, json={
        "name": "ELTERN TALK", "status": "running", "funder_ids": ["demo-freistaat-bayern"]}).json
    url = f"{BASE}/programme/{created['id']}"
    page = ui.client.get(url, headers=ui.ed).text
    assert "Fördermittelgeber, den die Kämmerei noch nicht gemeldet hat" in page
    assert "demo-freistaat-bayern<" not in page and "demo-freistaat-bayern (" not in page
    submit(ui, url, {"name": "ELTERN TALK Bayern", "status": "running", "funder_ids": "demo-freistaat-bayern",
                     "version": "1"})
    again = ui.client.get(f"/api/programmes/programmes/{created['id']}", headers=ui.viewer).json
    assert again["funder_ids"] == ["demo-freistaat-bayern"] and again["name"] == "ELTERN TALK Bayern"


def test_report_idea_and_plan_forms_refuse_a_stale_version(ui):
    """The forms carry the version that was shown; a save in between makes the second one a German 409."""
    pid = ui.project(title="Stadtteiltreff Apfelkern")["id"]
    url = f"{BASE}/projekte/{pid}"
    submit(ui, url, {"title": "Zwischenbericht", "kind": "interim", "funder_id": "", "due_date": "2027-03-31"},
           action=url + "/berichte", prefix="report")
    with ui.runtime.engine.connect() as conn:
        rep = conn.execute(select(report.c.id)).scalar()
    assert 'name="version" value="1"' in ui.client.get(url + "?tab=berichte", headers=ui.ed).text
    submit(ui, url, {"status": "in_progress", "text": "Anna schreibt.", "version": "1"},
           action=f"{BASE}/berichte/{rep}")
    stale = submit(ui, url, {"status": "in_progress", "text": "Tom schreibt.", "version": "1"},
                   action=f"{BASE}/berichte/{rep}", expect=409)
    assert "inzwischen von jemand anderem geändert" in stale.text
    plan = {"continued_by": "Stadtjugendring", "funding": "Haushalt", "from_date": "2027-01-01", "version": ""}
    submit(ui, url, plan, action=url + "/verstetigung", prefix="sustainment")
    submit(ui, url, {**plan, "version": "1", "funding": "Stiftung"}, action=url + "/verstetigung",
           prefix="sustainment")
    stale = submit(ui, url, {**plan, "version": "1"}, action=url + "/verstetigung", prefix="sustainment", expect=409)
    assert "inzwischen von jemand anderem geändert" in stale.text
    idea_row = ui.client.post("/api/programmes/ideas", headers=ui.editor,
                              json={"title": "Repair-Café", "source": "newsletter"}).json
    edit_url = f"{BASE}/ideen/{idea_row['id']}"
    submit(ui, edit_url, {"title": "Repair-Café Haken", "source": "newsletter", "version": "1"})
    stale = submit(ui, edit_url, {"title": "Repair-Café alt", "source": "newsletter", "version": "1"}, expect=409)
    assert "inzwischen von jemand anderem geändert" in stale.text


def test_rename_and_deactivate_reference_data_in_the_ui(ui):
    pid = ui.project(title="Stadtteilbüro Haken", districts=["haken"])["id"]
    page = ui.client.get(f"{BASE}/stammdaten?tab=district", headers=ui.ed).text
    assert f'href="{BASE}/stammdaten/district/haken"' in page
    url = f"{BASE}/stammdaten/district/haken"
    assert submit(ui, url, {"name": "", "active": "y"}, expect=422).status_code == 422
    resp = submit(ui, url, {"name": "Haken (Kaufbeuren)"})  # no "active": the checkbox is unticked
    shown = ui.client.get(resp.headers["Location"], headers=ui.ed).text
    assert "nicht mehr in Auswahllisten" in shown and "nicht mehr aktiv" in shown
    new_form = ui.client.get(f"{BASE}/projekte/neu", headers=ui.ed).text
    assert 'value="haken"' not in new_form and 'value="neugablonz"' in new_form
    detail = ui.client.get(f"{BASE}/projekte/{pid}", headers=ui.ed).text
    assert "Haken (Kaufbeuren)" in detail  # the existing project keeps it, with its new name
    edit = ui.client.get(f"{BASE}/projekte/{pid}?tab=bearbeiten", headers=ui.ed).text
    assert "Haken (Kaufbeuren) (nicht mehr aktiv)" in edit  # and its edit form can keep it
    assert ui.client.get(f"{BASE}/stammdaten/district/mond", headers=ui.ed).status_code == 404
    assert ui.client.get(url, headers=ui.view).status_code == 403


def test_report_form_refuses_an_unknown_funder(ui):
    pid = ui.project(title="Spielplatz aktiv")["id"]
    url = f"{BASE}/projekte/{pid}"
    bad = submit(ui, url, {"title": "Sachbericht", "kind": "interim", "funder_id": "erfunden",
                           "due_date": "2027-01-31"}, action=url + "/berichte", prefix="report", expect=422)
    assert "Unbekannter Fördermittelgeber." in bad.text
    with ui.runtime.engine.connect() as conn:
        assert conn.execute(select(report.c.id)).first() is None


def test_reference_edit_form_refuses_a_stale_save(ui):
    """The edit form carries the version: a save after someone else's change is refused (409, German reason)."""
    url = f"{BASE}/stammdaten/district/haken"
    assert 'name="version" type="hidden" value="1"' in ui.client.get(url, headers=ui.ed).text
    submit(ui, url, {"name": "Haken (Kaufbeuren)", "active": "y", "version": "1"})
    stale = submit(ui, url, {"name": "Haken alt", "active": "y", "version": "1"}, expect=409)
    assert "inzwischen von jemand anderem geändert" in stale.text
    with ui.runtime.engine.connect() as conn:
        row = conn.execute(select(district).where(district.c.code == "haken")).mappings().one()
    assert row["name"] == "Haken (Kaufbeuren)" and row["version"] == 2
