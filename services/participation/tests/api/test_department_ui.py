"""The department UI, driven like a browser: get the page, take the CSRF token, submit the form."""

import re

import pytest

from participation.bootstrap import SPEC

HTML = {"Accept": "text/html"}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def ui(svc, auth_header):
    SPEC.seed(svc.runtime)
    svc.html = {**svc.editor, **HTML}
    return svc


def test_overview_lists_bodies_meetings_and_events_in_german(ui):
    page = ui.client.get("/intern/participation/", headers=ui.html)
    assert page.status_code == 200 and 'lang="de"' in page.text
    assert "Begleitausschuss „Demokratie leben!“ Kaufbeuren" in page.text
    assert "BA-2026-001" in page.text and "Engagementtag Kaufbeuren" in page.text
    anon = ui.client.get("/intern/participation/", headers=HTML)
    assert anon.status_code == 302 and anon.headers["Location"].startswith("/anmelden")


def test_person_form_creates_a_person_and_shows_german_errors(ui):
    page = ui.client.get("/intern/participation/personen", headers=ui.html)
    token = _csrf(page.text)
    bad = ui.client.post("/intern/participation/personen", headers=ui.html,
                         data={"csrf_token": token, "name": "", "email": "kaputt"})
    assert bad.status_code == 422
    assert "Bitte korrigieren Sie die Eingaben" in bad.text and 'aria-invalid="true"' in bad.text
    ok = ui.client.post("/intern/participation/personen", headers=ui.html, follow_redirects=True,
                        data={"csrf_token": token, "name": "Sabine Kurz", "email": "sabine@example.org"})
    assert ok.status_code == 200 and "Person „Sabine Kurz“ wurde angelegt." in ok.text
    assert any(p["name"] == "Sabine Kurz" for p in ui.get("/api/participation/persons").json)
    forged = ui.client.post("/intern/participation/personen", headers=ui.html, data={"name": "Ohne Token"})
    assert forged.status_code == 400


def test_person_form_saves_the_language_for_invitations(ui):
    page = ui.client.get("/intern/participation/personen", headers=ui.html)
    assert "Sprache für Einladungen und E-Mails" in page.text
    assert '<option selected value="de">Deutsch</option>' in page.text and ">Englisch</option>" in page.text
    ok = ui.client.post("/intern/participation/personen", headers=ui.html, follow_redirects=True,
                        data={"csrf_token": _csrf(page.text), "name": "Grace Hopper", "email": "grace@example.org",
                              "language": "en"})
    assert ok.status_code == 200 and "Person „Grace Hopper“ wurde angelegt." in ok.text
    [grace] = ui.get("/api/participation/persons?q=grace").json
    assert grace["language"] == "en"
    shown = ui.client.get(f"/intern/participation/personen/{grace['id']}", headers=ui.html)
    assert re.search(r"Sprache für Einladungen und E-Mails</dt><dd>Englisch</dd>", shown.text)
    demo = ui.client.get("/intern/participation/personen/demo-person-berger", headers=ui.html)
    assert re.search(r"Sprache für Einladungen und E-Mails</dt><dd>Deutsch</dd>", demo.text)
    bad = ui.client.post("/intern/participation/personen", headers=ui.html,
                         data={"csrf_token": _csrf(page.text), "name": "Marie Curie", "language": "fr"})
    assert bad.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in bad.text
    assert ui.get("/api/participation/persons?q=curie").json == []


def test_meeting_cockpit_attendance_vote_with_recusal_and_decision(ui):
    mid = ui.post("/api/participation/meetings", {"body_id": "demo-begleitausschuss", "title": "3. Sitzung 2026",
                                                  "starts_at": "2026-09-10T17:00:00+02:00"}).json["id"]
    item = ui.post(f"/api/participation/meetings/{mid}/items",
                   {"title": "Kleinprojekt Jugendforum", "applicant_organisation_id": "demo-org-stadtjugendring",
                    "amount": "900.00"}).json["id"]
    url = f"/intern/participation/sitzungen/{mid}"
    page = ui.client.get(url, headers=ui.html)
    assert "Nicht beschlussfähig" in page.text and "Noch nicht eingeladen." in page.text
    token = _csrf(page.text)
    invited = ui.client.post(f"{url}/einladungen", headers=ui.html, follow_redirects=True, data={"csrf_token": token})
    assert "6 Einladung(en) an den Newsletter-Dienst übergeben." in invited.text
    assert re.search(r"versandt von netz, \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", invited.text)
    assert len([m for m in ui.events("participation.mail.requested.v1") if m["template"] == "meeting_invitation"]) == 6
    present = ["demo-begleitausschuss-huber", "demo-begleitausschuss-yilmaz", "demo-begleitausschuss-novak"]
    r = ui.client.post(f"{url}/anwesenheit", headers=ui.html, follow_redirects=True,
                       data={"csrf_token": token, "present": present})
    assert "Anwesenheit gespeichert." in r.text and "Beschlussfähig:" in r.text
    recused = ui.client.post(f"{url}/top/{item}/stimme", headers=ui.html, follow_redirects=True,
                             data={"csrf_token": token, "membership_id": "demo-begleitausschuss-yilmaz",
                                   "choice": "yes"})
    assert "befangen" in recused.text and "Befangen: Emre Yılmaz" in recused.text
    for who in ("huber", "novak"):
        ui.client.post(f"{url}/top/{item}/stimme", headers=ui.html,
                       data={"csrf_token": token, "membership_id": f"demo-begleitausschuss-{who}", "choice": "yes"})
    decided = ui.client.post(f"{url}/top/{item}/beschluss", headers=ui.html, follow_redirects=True,
                             data={"csrf_token": token})
    assert "Beschluss BA-2026-003 gefasst." in decided.text
    assert "angenommen" in decided.text and "900,00 €" in decided.text and "Festgestellt von netz, " in decided.text
    minutes = ui.client.post(f"{url}/protokoll", headers=ui.html, follow_redirects=True,
                             data={"csrf_token": token, "text": "Jugendforum empfohlen."})
    assert "Protokollentwurf gespeichert." in minutes.text
    next_id = ui.post("/api/participation/meetings", {"body_id": "demo-begleitausschuss", "title": "4. Sitzung 2026",
                                                      "starts_at": "2026-11-05T17:00:00+01:00"}).json["id"]
    page = ui.client.get(url, headers=ui.html)
    assert "4. Sitzung 2026 (05.11.2026, 17:00 Uhr)" in page.text
    approved = ui.client.post(f"{url}/protokoll/genehmigen", headers=ui.html, follow_redirects=True,
                              data={"csrf_token": token, "approved_in": next_id})
    assert "Protokoll genehmigt." in approved.text and "Protokoll (genehmigt)" in approved.text
    viewer = ui.client.post(f"{url}/anwesenheit", headers={**ui.viewer, **HTML}, data={"csrf_token": token})
    assert viewer.status_code == 403


def test_event_form_creates_and_publishes_an_event(ui):
    page = ui.client.get("/intern/participation/veranstaltungen", headers=ui.html)
    token = _csrf(page.text)
    r = ui.client.post("/intern/participation/veranstaltungen", headers=ui.html, follow_redirects=True,
                       data={"csrf_token": token, "title": "Repair-Café", "starts_at": "2030-03-01T15:00",
                             "place": "Bürgertreff", "capacity": "20", "publish": "y"})
    assert r.status_code == 200 and "Veranstaltung „Repair-Café“ wurde angelegt." in r.text
    assert "Noch keine Anmeldungen." in r.text
    assert any(e["title"] == "Repair-Café" for e in ui.client.get("/api/participation/public/events").json)
    bad = ui.client.post("/intern/participation/veranstaltungen", headers=ui.html,
                         data={"csrf_token": token, "title": "", "starts_at": "morgen", "capacity": "0"})
    assert bad.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in bad.text


def test_body_volunteering_and_decision_pages_render(ui):
    body = ui.client.get("/intern/participation/gremien/demo-begleitausschuss", headers=ui.html)
    assert "beratend (ohne Stimme)" in body.text and "Maria Huber" in body.text
    vol = ui.client.get("/intern/participation/ehrenamt/patenschaften", headers=ui.html)
    assert "Spielplatz am Bärensee" in vol.text and "Ehrenamtsnachweis (PDF)" in vol.text
    dec = ui.client.get("/intern/participation/beschluesse", headers=ui.html)
    assert "BA-2026-002" in dec.text
    missing = ui.client.get("/intern/participation/gremien/nope", headers=ui.html)
    assert missing.status_code == 404 and "gibt es nicht" in missing.text


def test_person_page_erases_by_anonymisation_only_when_confirmed(ui):
    url = "/intern/participation/personen/demo-person-berger"
    page = ui.client.get(url, headers=ui.html)
    assert "Anna Berger" in page.text and "Gremienarbeit (Einladungen, Protokolle)" in page.text
    assert "7,50 Stunden" in page.text
    token = _csrf(page.text)
    unconfirmed = ui.client.post(f"{url}/anonymisieren", headers=ui.html, follow_redirects=True,
                                 data={"csrf_token": token})
    assert "Bitte bestätigen Sie die Anonymisierung" in unconfirmed.text and "Anna Berger" in unconfirmed.text
    done = ui.client.post(f"{url}/anonymisieren", headers=ui.html, follow_redirects=True,
                          data={"csrf_token": token, "confirm": "ja"})
    assert "Die Person wurde anonymisiert." in done.text and "Anna Berger" not in done.text
    vol = ui.client.get("/intern/participation/ehrenamt/patenschaften", headers=ui.html)
    assert "anonymisiert" in vol.text and "Anna Berger" not in vol.text
    audit = ui.client.get("/intern/participation/audit?bereich=person", headers=ui.html)
    assert "Person anonymisiert (Art. 17 DSGVO)" in audit.text and "Anna Berger" not in audit.text
    assert 'href="/intern/participation/personen/demo-person-berger">anonymisiert</a>' in audit.text
    viewer = ui.client.post(f"{url}/anonymisieren", headers={**ui.viewer, **HTML}, data={"csrf_token": token})
    assert viewer.status_code == 403


def test_schedule_a_meeting_and_add_an_agenda_item_linked_to_a_project(ui):
    from types import SimpleNamespace

    from participation.service_layer.inbound import on_project

    with ui.runtime.uow() as w:
        on_project(w, SimpleNamespace(sequence=4, data={"project_id": "demo-mobikids", "title": "Mobikids",
                                                         "stage": "application", "programme_id": None}))
        w.commit()
    body_url = "/intern/participation/gremien/demo-steuerungsgruppe"
    token = _csrf(ui.client.get(body_url, headers=ui.html).text)
    bad = ui.client.post(f"{body_url}/sitzungen", headers=ui.html, data={"csrf_token": token, "title": "x"})
    assert bad.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in bad.text
    ok = ui.client.post(f"{body_url}/sitzungen", headers=ui.html, follow_redirects=True,
                        data={"csrf_token": token, "title": "Winterklausur", "starts_at": "2026-12-03T09:30",
                              "place": "Bürgerhaus"})
    assert "Sitzung „Winterklausur“ wurde angelegt." in ok.text
    meeting = next(m for m in ui.get("/api/participation/meetings?body_id=demo-steuerungsgruppe").json
                   if m["title"] == "Winterklausur")
    url = f"/intern/participation/sitzungen/{meeting['id']}"
    page = ui.client.get(url, headers=ui.html)
    assert '<option value="demo-mobikids">Mobikids (Antrag)</option>' in page.text
    added = ui.client.post(f"{url}/top", headers=ui.html, follow_redirects=True,
                           data={"csrf_token": _csrf(page.text), "title": "Antrag Mobikids",
                                 "project_id": "demo-mobikids", "applicant_organisation_id": "demo-org-caritas",
                                 "amount": "1200.00"})
    assert "TOP 1 „Antrag Mobikids“ wurde ergänzt." in added.text
    assert '<a href="/intern/programmes/projekte/demo-mobikids">Mobikids</a> (Antrag)' in added.text
    assert "1.200,00 €" in added.text and "application" not in added.text
    [scheduled] = [e for e in ui.events("participation.meeting.scheduled.v1") if e["title"] == "Winterklausur"]
    assert scheduled["starts_at"] == "2026-12-03T09:30:00+01:00"  # typed in Kaufbeuren, winter time


def test_membership_and_hours_forms(ui):
    body_url = "/intern/participation/gremien/demo-arbeitskreis"
    page = ui.client.get(body_url, headers=ui.html)
    token = _csrf(page.text)
    bad = ui.client.post(f"{body_url}/mitglieder", headers=ui.html,
                         data={"csrf_token": token, "person_id": "demo-person-weber", "role": "kaiser"})
    assert bad.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in bad.text
    ok = ui.client.post(f"{body_url}/mitglieder", headers=ui.html, follow_redirects=True,
                        data={"csrf_token": token, "person_id": "demo-person-weber", "role": "advisory",
                              "organisation_id": "", "valid_from": "2026-02-01"})
    assert "Mitgliedschaft wurde eingetragen." in ok.text
    members = ui.get("/api/participation/bodies/demo-arbeitskreis/memberships").json
    assert ("Lena Weber", "advisory", False) in [(m["person_name"], m["role"], m["voting"]) for m in members]
    vol = ui.client.get("/intern/participation/ehrenamt", headers=ui.html)
    token = _csrf(vol.text)
    logged = ui.client.post("/intern/participation/ehrenamt", headers=ui.html, follow_redirects=True,
                            data={"csrf_token": token, "person_id": "demo-person-weber",
                                  "opportunity_id": "demo-lesepaten", "day": "2026-10-01", "hours": "2.5"})
    assert "Stunden wurden erfasst." in logged.text
    assert [h["hours"] for h in ui.get("/api/participation/hours?person_id=demo-person-weber").json] == ["2.50"]
    wrong = ui.client.post("/intern/participation/ehrenamt", headers=ui.html,
                           data={"csrf_token": token, "person_id": "demo-person-weber", "day": "", "hours": "30"})
    assert wrong.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in wrong.text
