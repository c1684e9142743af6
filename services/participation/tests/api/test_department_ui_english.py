"""English as the second locale of the department UI: the same screens with ``?lang=en`` or the ``aktiv_lang``
cookie, German stays the default. User content (names, agenda titles) and the demo data stay as entered."""

import re

import pytest

from participation.bootstrap import SPEC

HTML = {"Accept": "text/html"}
BASE = "/intern/participation"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def ui(svc, auth_header):
    SPEC.seed(svc.runtime)
    svc.html = {**svc.editor, **HTML}
    return svc


def test_german_is_the_default_and_english_is_remembered_in_the_cookie(ui):
    german = ui.client.get(f"{BASE}/", headers=ui.html)
    assert 'lang="de"' in german.text and "Beteiligung und Gremien" in german.text
    assert "Letzte Beschlüsse" in german.text and "Begleitausschuss" in german.text
    english = ui.client.get(f"{BASE}/?lang=en", headers=ui.html)
    assert 'lang="en"' in english.text and "aktiv_lang=en" in english.headers["Set-Cookie"]
    assert "Participation and committees" in english.text  # the header shows the service title translated
    assert "Latest decisions" in english.text and "Monitoring committee" in english.text
    assert "Steering group" in english.text and "Working group" in english.text
    assert ">Overview</a>" in english.text and ">Volunteering</a>" in english.text and ">Audit log</a>" in english.text
    assert "Letzte Beschlüsse" not in english.text and "Übersicht" not in english.text
    # user content and demo data stay as they were entered
    assert "Begleitausschuss „Demokratie leben!“ Kaufbeuren" in english.text and "BA-2026-001" in english.text
    remembered = ui.client.get(f"{BASE}/beschluesse", headers=ui.html)  # no ?lang: the cookie decides
    assert "<h1>Decisions</h1>" in remembered.text and "approved" in remembered.text
    back = ui.client.get(f"{BASE}/beschluesse?lang=de", headers=ui.html)
    assert "<h1>Beschlüsse</h1>" in back.text and "angenommen" in back.text


def test_people_and_a_person_in_english(ui):
    ui.client.set_cookie("aktiv_lang", "en")
    people = ui.client.get(f"{BASE}/personen", headers=ui.html)
    assert "<h1>People</h1>" in people.text and "Add person" in people.text and "Organisations" in people.text
    assert ">Stadtjugendring Kaufbeuren</option>" in people.text  # the organisation is picked by name
    assert "all organisations" in people.text and "Search by name or e-mail" in people.text
    token = _csrf(people.text)
    bad = ui.client.post(f"{BASE}/personen", headers=ui.html, data={"csrf_token": token, "name": "", "email": "x"})
    assert bad.status_code == 422 and "Please correct your entries" in bad.text
    assert "Not a valid email address." in bad.text and "Email" in bad.text
    assert "Language for invitations and emails" in people.text
    assert '<option selected value="de">German</option>' in people.text and ">English</option>" in people.text
    ok = ui.client.post(f"{BASE}/personen", headers=ui.html, follow_redirects=True,
                        data={"csrf_token": token, "name": "Sabine Kurz", "email": "sabine@example.org",
                              "language": "en"})
    assert "Person “Sabine Kurz” created." in ok.text
    [sabine] = ui.get("/api/participation/persons?q=sabine").json
    assert sabine["language"] == "en"
    shown = ui.client.get(f"{BASE}/personen/{sabine['id']}", headers=ui.html)
    assert "Language for invitations and emails</dt><dd>English</dd>" in shown.text
    page = ui.client.get(f"{BASE}/personen/demo-person-berger", headers=ui.html)
    assert "Anna Berger" in page.text and "Consents" in page.text and "in writing" in page.text
    assert "7.50 hours of volunteering" in page.text and "Erasure under Art. 17 GDPR" in page.text
    assert "Volunteering certificate (PDF)" in page.text and "(in German)" not in page.text
    assert "/export.pdf?lang=en" in page.text and "Committee work (invitations, minutes)" in page.text
    unconfirmed = ui.client.post(f"{BASE}/personen/demo-person-berger/anonymisieren", headers=ui.html,
                                 follow_redirects=True, data={"csrf_token": _csrf(page.text)})
    assert "Please confirm the anonymisation by ticking the box." in unconfirmed.text
    done = ui.client.post(f"{BASE}/personen/demo-person-berger/anonymisieren", headers=ui.html,
                          follow_redirects=True, data={"csrf_token": _csrf(page.text), "confirm": "ja"})
    assert "The person has been anonymised. Decisions and minutes remain valid." in done.text
    assert "<h1>anonymised <small>(anonymised)</small></h1>" in done.text and "Anna Berger" not in done.text
    again = ui.client.post(f"{BASE}/personen/demo-person-berger/anonymisieren", headers=ui.html,
                           follow_redirects=True, data={"csrf_token": _csrf(page.text), "confirm": "ja"})
    assert "The person is already anonymised." in again.text  # a domain refusal, translated on screen


def test_a_body_in_english(ui):
    page = ui.client.get(f"{BASE}/gremien/demo-begleitausschuss?lang=en", headers=ui.html)
    assert "Monitoring committee" in page.text and "more than 50 % of the voting members present" in page.text
    assert "Funding programme" in page.text and "Youth, Integration" in page.text
    assert "advisory (no vote)" in page.text and "Chair" in page.text and "Maria Huber" in page.text
    assert "Add member" in page.text and "Schedule meeting" in page.text and "Organisation represented" in page.text
    assert "The member has a conflict of interest on applications from this organisation." in page.text
    assert "beratend" not in page.text and "Sitzung anlegen" not in page.text
    token = _csrf(page.text)
    ok = ui.client.post(f"{BASE}/gremien/demo-begleitausschuss/sitzungen?lang=en", headers=ui.html,
                        follow_redirects=True, data={"csrf_token": token, "title": "Winterklausur",
                                                     "starts_at": "2026-12-03T09:30"})
    assert "Meeting “Winterklausur” created." in ok.text
    missing = ui.client.get(f"{BASE}/gremien/nope?lang=en", headers=ui.html)
    assert missing.status_code == 404 and "The committee “nope” does not exist." in missing.text
    german = ui.client.get(f"{BASE}/gremien/nope?lang=de", headers=ui.html)
    assert "Das Gremium „nope“ gibt es nicht." in german.text


def test_meeting_cockpit_with_live_quorum_recusal_and_minutes_in_english(ui):
    mid = ui.post("/api/participation/meetings", {"body_id": "demo-begleitausschuss", "title": "3. Sitzung 2026",
                                                  "starts_at": "2026-09-10T17:00:00+02:00"}).json["id"]
    item = ui.post(f"/api/participation/meetings/{mid}/items",
                   {"title": "Kleinprojekt Jugendforum", "applicant_organisation_id": "demo-org-stadtjugendring",
                    "amount": "900.00"}).json["id"]
    url = f"{BASE}/sitzungen/{mid}"
    ui.client.set_cookie("aktiv_lang", "en")
    page = ui.client.get(url, headers=ui.html)
    assert "<h2 id=\"quorum-h\">Quorum</h2>" in page.text
    assert "Quorum not reached:" in page.text and "0 of 5 voting members present (needed: 3)." in page.text
    assert "Not invited yet." in page.text and "Send invitations" in page.text and "Record vote" not in page.text
    assert "Only present voting members can vote: please save the attendance first." in page.text
    assert "Item 1: Kleinprojekt Jugendforum" in page.text and "Requested</dt><dd>€900.00" in page.text
    assert "Add agenda item" in page.text and "Defer instead of voting" in page.text
    token = _csrf(page.text)
    no_quorum = ui.client.post(f"{url}/top/{item}/beschluss", headers=ui.html, follow_redirects=True,
                               data={"csrf_token": token})
    assert "Quorum not reached: 0 of 5 voting members present, 3 needed." in no_quorum.text
    invited = ui.client.post(f"{url}/einladungen", headers=ui.html, follow_redirects=True, data={"csrf_token": token})
    assert "6 invitation(s) handed over to the newsletter service." in invited.text
    assert re.search(r"sent by netz, \d{1,2} \w{3} \d{4}, \d\d:\d\d", invited.text)
    present = ["demo-begleitausschuss-huber", "demo-begleitausschuss-yilmaz", "demo-begleitausschuss-novak"]
    r = ui.client.post(f"{url}/anwesenheit", headers=ui.html, follow_redirects=True,
                       data={"csrf_token": token, "present": present})
    assert "Attendance saved." in r.text and "Record vote" in r.text
    assert '<option value="abstain">Abstention</option>' in r.text
    assert "Quorum reached:" in r.text and "3 of 5 voting members present (needed: 3)." in r.text
    recused = ui.client.post(f"{url}/top/{item}/stimme", headers=ui.html, follow_redirects=True,
                             data={"csrf_token": token, "membership_id": "demo-begleitausschuss-yilmaz",
                                   "choice": "yes"})
    assert ("The member has a conflict of interest: their organisation is the applicant for this agenda item. "
            "The recusal has been recorded and the vote was not counted.") in recused.text
    assert "Conflict of interest: Emre Yılmaz – the organisation they represent, “Stadtjugendring Kaufbeuren”, " \
           "is the applicant." in recused.text
    assert "befangen" not in recused.text.lower()
    for who in ("huber", "novak"):
        voted = ui.client.post(f"{url}/top/{item}/stimme", headers=ui.html, follow_redirects=True,
                               data={"csrf_token": token, "membership_id": f"demo-begleitausschuss-{who}",
                                     "choice": "yes"})
        assert "Vote saved." in voted.text
    assert "Votes: Maria Huber: Yes" in voted.text
    decided = ui.client.post(f"{url}/top/{item}/beschluss", headers=ui.html, follow_redirects=True,
                             data={"csrf_token": token})
    assert "Decision BA-2026-003 taken." in decided.text
    assert "Decision BA-2026-003: approved" in decided.text and "(Yes 2, No 0, Abstention 0)" in decided.text
    assert "A decision on this agenda item has already been taken." in ui.client.post(
        f"{url}/top/{item}/stimme", headers=ui.html, follow_redirects=True,
        data={"csrf_token": token, "membership_id": "demo-begleitausschuss-huber", "choice": "no"}).text
    minutes = ui.client.post(f"{url}/protokoll", headers=ui.html, follow_redirects=True,
                             data={"csrf_token": token, "text": "Jugendforum empfohlen."})
    assert "Draft minutes saved." in minutes.text and "Minutes (draft)" in minutes.text
    assert f'href="/api/participation/meetings/{mid}/minutes.pdf?lang=en">Minutes as PDF</a>' in minutes.text
    next_id = ui.post("/api/participation/meetings", {"body_id": "demo-begleitausschuss", "title": "4. Sitzung 2026",
                                                      "starts_at": "2026-11-05T17:00:00+01:00"}).json["id"]
    approved = ui.client.post(f"{url}/protokoll/genehmigen", headers=ui.html, follow_redirects=True,
                              data={"csrf_token": token, "approved_in": next_id})
    assert "Minutes approved." in approved.text and "Minutes (approved)" in approved.text
    # the minutes PDF is in the reader's language
    pdf = ui.client.get(f"/api/participation/meetings/{mid}/minutes.pdf?lang=en", headers=ui.viewer)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    # the same cockpit without the cookie is German again
    ui.client.delete_cookie("aktiv_lang")
    german = ui.client.get(url, headers=ui.html)
    assert "Befangen: Emre Yılmaz" in german.text and "Protokoll (genehmigt)" in german.text


def test_action_fund_refusal_is_shown_in_english(ui):
    from types import SimpleNamespace

    from participation.service_layer.decisions import on_decision_refused

    [decision] = [d for d in ui.get("/api/participation/decisions").json if d["number"] == "BA-2026-002"]
    with ui.runtime.uow() as w:
        on_decision_refused(w, SimpleNamespace(data={
            "decision_id": decision["id"], "remaining": "300.00",
            "reason": "Der Aktionsfonds 2026 reicht nicht: beschlossen 1.500,00 €, verfügbar sind nur noch "
                      "300,00 € von 5.000,00 €."}))
        w.commit()
    page = ui.client.get(f"{BASE}/beschluesse?lang=en", headers=ui.html)
    assert ("Refused by the action fund: The 2026 action fund is not sufficient: 1.500,00 € decided, only 300,00 € "
            "of 5.000,00 € still available. (remaining 300.00 €)") in page.text
    german = ui.client.get(f"{BASE}/beschluesse?lang=de", headers=ui.html)
    assert "Vom Aktionsfonds abgelehnt: Der Aktionsfonds 2026 reicht nicht" in german.text


def test_volunteering_events_and_registrations_in_english(ui):
    ui.client.set_cookie("aktiv_lang", "en")
    vol = ui.client.get(f"{BASE}/ehrenamt", headers=ui.html)
    assert "<title>Volunteering · Kaufbeuren aktiv</title>" in vol.text
    assert "<h1>Volunteering</h1>" in vol.text and "Sponsorships (2)" in vol.text and "Sponsorship" in vol.text
    sponsors = ui.client.get(f"{BASE}/ehrenamt/patenschaften", headers=ui.html)
    assert "Spielplatz am Bärensee" in sponsors.text and "Volunteering certificate (PDF)" in sponsors.text
    assert "Record hours" in vol.text and "– general –" in vol.text
    token = _csrf(vol.text)
    future = ui.client.post(f"{BASE}/ehrenamt", headers=ui.html,
                            data={"csrf_token": token, "person_id": "demo-person-weber", "day": "2999-01-01",
                                  "hours": "2"})
    assert future.status_code == 422 and "Hours cannot be recorded for the future." in future.text
    logged = ui.client.post(f"{BASE}/ehrenamt", headers=ui.html, follow_redirects=True,
                            data={"csrf_token": token, "person_id": "demo-person-weber", "day": "2026-10-01",
                                  "hours": "2.5"})
    assert "Hours recorded." in logged.text
    events = ui.client.get(f"{BASE}/veranstaltungen", headers=ui.html)
    assert "<h1>Events</h1>" in events.text and "Create event" in events.text and "Publish immediately" in events.text
    made = ui.client.post(f"{BASE}/veranstaltungen", headers=ui.html, follow_redirects=True,
                          data={"csrf_token": _csrf(events.text), "title": "Repair-Café",
                                "starts_at": "2030-03-01T15:00", "place": "Bürgertreff", "capacity": "2",
                                "publish": "y"})
    assert "Event “Repair-Café” created." in made.text and "No registrations yet." in made.text
    assert "2 of 2 places free" in made.text and "Calendar entry (iCal)" in made.text
    event_id = next(e["id"] for e in ui.client.get("/api/participation/public/events").json
                    if e["title"] == "Repair-Café")
    for name, lang in (("Ada Lovelace", "en"), ("Bert Brecht", "de")):
        ui.client.post(f"/api/participation/public/events/{event_id}/registrations",
                       json={"name": name, "email": f"{name.split()[0].lower()}@example.org", "seats": 2,
                             "consent": True, "language": lang})
    page = ui.client.get(f"{BASE}/veranstaltungen/{event_id}", headers=ui.html)
    assert "<h1>Repair-Café</h1>" in page.text and "0 of 2 places free" in page.text
    assert re.search(r"Ada Lovelace</td><td>2</td>\s*<td>confirmed</td>", page.text)
    assert re.search(r"Bert Brecht</td><td>2</td>\s*<td>waiting list</td>", page.text)
    listing = ui.client.get(f"{BASE}/veranstaltungen", headers=ui.html)
    assert "0 of 2" in listing.text and "published" in listing.text
    ui.client.delete_cookie("aktiv_lang")
    german = ui.client.get(f"{BASE}/veranstaltungen/{event_id}", headers=ui.html)
    assert "0 von 2 Plätzen frei" in german.text and "Warteliste" in german.text


def test_transactional_mails_carry_the_registrants_language(ui):
    """participation.mail.requested tells the newsletter service which language to write in: the one the public
    form sent (registration, waiting list, promotion, volunteer sign-up); invitations to members go out in the
    language recorded for the person."""
    event = ui.post("/api/participation/events", {"title": "Stadtspaziergang", "capacity": 1,
                                                  "starts_at": "2030-05-01T10:00:00+02:00"}).json
    ui.post(f"/api/participation/events/{event['id']}/publish")
    url = f"/api/participation/public/events/{event['id']}/registrations"
    first = ui.client.post(url, json={"name": "Grace Hopper", "email": "grace@example.org", "consent": True,
                                      "language": "en"})
    assert first.status_code in (200, 201), first.json
    ui.client.post(url, json={"name": "Alan Turing", "email": "alan@example.org", "consent": True,
                              "language": "en"})
    mails = {m["to"]: m for m in ui.events("participation.mail.requested.v1")}
    assert mails["grace@example.org"]["template"] == "registration_confirmation"
    assert mails["grace@example.org"]["language"] == "en"
    assert (mails["alan@example.org"]["template"], mails["alan@example.org"]["language"]) == \
        ("registration_waiting", "en")
