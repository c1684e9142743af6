"""The network office's forms (issue #5 §8): organisations, bodies and memberships, consents, volunteering
opportunities and sponsorships, events (draft, publish, cancel, registrations) and the amount of a decision.
Driven like a browser: get the page, take the CSRF token, submit the form."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from participation.bootstrap import SPEC

HTML = {"Accept": "text/html"}
BASE = "/intern/participation"
FIX = "Bitte korrigieren Sie die Eingaben"


def _csrf(html: str, name: str = "csrf_token") -> str:
    return re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def ui(svc):
    SPEC.seed(svc.runtime)
    svc.html = {**svc.editor, **HTML}
    svc.page = lambda url: svc.client.get(url, headers=svc.html)
    svc.submit = lambda url, data, **kw: svc.client.post(url, headers=svc.html, data=data, **kw)
    return svc


def _audit(ui, entity, entity_id) -> list[tuple[str, str]]:
    log = SPEC.metadata.tables["audit_log"]
    with ui.runtime.engine.connect() as conn:
        rows = conn.execute(select(log.c.action, log.c.actor).where(log.c.entity == entity,
                                                                    log.c.entity_id == entity_id)).all()
    return [tuple(r) for r in rows]


def test_organisations_are_created_and_edited(ui):
    page = ui.page(f"{BASE}/organisationen")
    assert page.status_code == 200 and "<h1>Organisationen</h1>" in page.text
    assert "Stadtjugendring Kaufbeuren" in page.text and "Organisation anlegen" in page.text
    token = _csrf(page.text)
    bad = ui.submit(f"{BASE}/organisationen", {"csrf_token": token, "name": "X", "kind": "sekte", "email": "kaputt"})
    assert bad.status_code == 422 and FIX in bad.text and 'aria-invalid="true"' in bad.text
    assert "Keine gültige E-Mail-Adresse." in bad.text
    ok = ui.submit(f"{BASE}/organisationen", {"csrf_token": token, "name": "TSV Neugablonz", "kind": "verein",
                                              "email": "info@tsv.example", "phone": "08341 1",
                                              "address": "Sportplatzweg 1"}, follow_redirects=True)
    assert ok.status_code == 200 and "Organisation „TSV Neugablonz“ wurde angelegt." in ok.text
    [tsv] = ui.get("/api/participation/organisations?q=tsv").json
    assert (tsv["kind"], tsv["email"], tsv["address"]) == ("verein", "info@tsv.example", "Sportplatzweg 1")
    assert [e["name"] for e in ui.events("participation.organisation.created.v1")][-1] == "TSV Neugablonz"

    url = f"{BASE}/organisationen/{tsv['id']}"
    edit = ui.page(url)
    assert "Organisation bearbeiten" in edit.text and 'value="info@tsv.example"' in edit.text
    assert '<option selected value="verein">Verein</option>' in edit.text
    wrong = ui.submit(url, {"csrf_token": _csrf(edit.text), "name": "", "kind": "verein"})
    assert wrong.status_code == 422 and FIX in wrong.text
    saved = ui.submit(url, {"csrf_token": _csrf(edit.text), "name": "TSV Neugablonz e. V.", "kind": "partner",
                            "email": "", "phone": "08341 2", "address": "Sportplatzweg 1"}, follow_redirects=True)
    assert "Organisation „TSV Neugablonz e. V.“ wurde gespeichert." in saved.text
    assert "Kooperationspartner" in saved.text
    got = ui.get(f"/api/participation/organisations/{tsv['id']}").json
    assert (got["name"], got["kind"], got["email"], got["phone"]) == ("TSV Neugablonz e. V.", "partner", None,
                                                                      "08341 2")
    assert [e["name"] for e in ui.events("participation.organisation.updated.v1")] == ["TSV Neugablonz e. V."]
    assert _audit(ui, "organisation", tsv["id"]) == [("created", "netz"), ("updated", "netz")]
    viewer = ui.client.post(url, headers={**ui.viewer, **HTML}, data={"csrf_token": _csrf(edit.text)})
    assert viewer.status_code == 403


def test_a_body_is_created_with_programme_fields_and_quorum_rule(ui):
    from types import SimpleNamespace

    from participation.service_layer.inbound import on_programme

    with ui.runtime.uow() as w:  # programmes.programme.created arrived: the programme can be picked by its name
        on_programme(w, SimpleNamespace(sequence=1, data={
            "programme_id": "demo-demokratie-leben", "name": "Demokratie leben! – Partnerschaft für Demokratie",
            "short_name": "Demokratie leben!", "status": "running"}))
        w.commit()
    page = ui.page(f"{BASE}/gremien")
    assert "Gremium anlegen" in page.text and "Steuerungsgruppe Kaufbeuren aktiv" in page.text
    assert '<option value="demo-demokratie-leben">Demokratie leben! – Partnerschaft für Demokratie</option>' \
        in page.text and "Kennung" not in page.text
    assert re.search(r'<input id="fields_of_action-0" name="fields_of_action" type="checkbox" value="jugend"> '
                     r'<label for="fields_of_action-0">Jugend</label>', page.text)  # a checkbox by its name
    token = _csrf(page.text)
    bad = ui.submit(f"{BASE}/gremien", {"csrf_token": token, "name": "Rat", "type": "stadtrat",
                                        "quorum_percent": "100", "programme_id": "irgendwas",
                                        "fields_of_action": ["jugend", "umwelt"]})
    assert bad.status_code == 422 and FIX in bad.text
    assert bad.text.count('aria-invalid="true"') >= 3  # kind, quorum, programme; the unknown field of action too
    assert ui.get("/api/participation/bodies").json[-1]["name"] != "Rat"
    ok = ui.submit(f"{BASE}/gremien", {"csrf_token": token, "name": "Impulswerkstatt Altstadt",
                                       "type": "impulswerkstatt", "programme_id": "demo-demokratie-leben",
                                       "fields_of_action": ["jugend", "kultur"], "quorum_percent": "66",
                                       "description": "Ideen für die Altstadt."}, follow_redirects=True)
    assert "Gremium „Impulswerkstatt Altstadt“ wurde angelegt." in ok.text
    assert "Jugend, Kultur" in ok.text and "Demokratie leben! – Partnerschaft für Demokratie" in ok.text
    assert "demo-demokratie-leben" not in ok.text.replace('value="demo-demokratie-leben"', "")
    assert "mehr als 66 % der stimmberechtigten Mitglieder anwesend" in ok.text
    listed = ui.page(f"{BASE}/gremien?programm=demo-demokratie-leben")
    assert "Impulswerkstatt Altstadt" in listed.text and "Steuerungsgruppe Kaufbeuren aktiv" not in listed.text
    [made] = [b for b in ui.get("/api/participation/bodies").json if b["name"] == "Impulswerkstatt Altstadt"]
    assert (made["type"], made["prefix"], made["programme_id"], made["fields_of_action"], made["quorum_percent"]) == \
        ("impulswerkstatt", "IW", "demo-demokratie-leben", ["jugend", "kultur"], 66)
    assert _audit(ui, "body", made["id"]) == [("created", "netz")]


def test_a_membership_is_ended_on_its_last_day(ui):
    url = f"{BASE}/gremien/demo-begleitausschuss"
    page = ui.page(url)
    assert "Mitgliedschaft beenden" in page.text and "seit 01.01.2026" in page.text
    assert 'id="valid_until-demo-begleitausschuss-weber"' in page.text  # one form per member, ids unique
    token = _csrf(page.text)
    end = f"{url}/mitglieder/demo-begleitausschuss-weber/beenden"
    missing = ui.submit(end, {"csrf_token": token, "valid_until": ""}, follow_redirects=True)
    assert "Mitgliedschaft nicht beendet: Letzter Tag der Mitgliedschaft:" in missing.text
    early = ui.submit(end, {"csrf_token": token, "valid_until": "2025-12-31"}, follow_redirects=True)
    assert "Das Ende der Mitgliedschaft liegt vor ihrem Beginn." in early.text
    ok = ui.submit(end, {"csrf_token": token, "valid_until": "2026-06-30"}, follow_redirects=True)
    assert "Mitgliedschaft endet am 30.06.2026." in ok.text and "bis 30.06.2026" in ok.text
    assert 'id="valid_until-demo-begleitausschuss-weber"' not in ok.text
    weber = next(m for m in ui.get("/api/participation/bodies/demo-begleitausschuss/memberships").json
                 if m["id"] == "demo-begleitausschuss-weber")
    assert weber["valid_until"] == "2026-06-30"
    again = ui.submit(end, {"csrf_token": token, "valid_until": "2026-07-31"}, follow_redirects=True)
    assert "Die Mitgliedschaft ist bereits beendet (zum 30.06.2026)." in again.text
    assert _audit(ui, "membership", "demo-begleitausschuss-weber")[-1] == ("ended", "netz")
    # the API does the same
    api = ui.post("/api/participation/bodies/demo-arbeitskreis/memberships/demo-arbeitskreis-fischer/end",
                  {"valid_until": "2026-09-30"})
    assert api.status_code == 200 and api.json["valid_until"] == "2026-09-30"
    assert ui.post("/api/participation/bodies/demo-arbeitskreis/memberships/demo-begleitausschuss-huber/end",
                   {"valid_until": "2026-09-30"}).status_code == 404
    assert ui.post("/api/participation/bodies/demo-arbeitskreis/memberships/demo-arbeitskreis-novak/end",
                   {}).status_code == 422


def test_consents_are_recorded_and_withdrawn_on_the_person_page(ui):
    url = f"{BASE}/personen/demo-person-weber"
    page = ui.page(url)
    assert "Einwilligung erfassen" in page.text and "Widerrufen" in page.text
    token = _csrf(page.text)
    bad = ui.submit(f"{url}/einwilligungen", {"csrf_token": token, "purpose": "", "text_version": "",
                                              "method": "telepathie"})
    assert bad.status_code == 422 and FIX in bad.text and "Wie erteilt" in bad.text
    ok = ui.submit(f"{url}/einwilligungen", {"csrf_token": token, "purpose": "fotos", "text_version": "2026-03",
                                             "method": "email", "given_on": "2026-03-02"}, follow_redirects=True)
    assert "Einwilligung „Fotos und Veröffentlichungen“ wurde erfasst." in ok.text and "per E-Mail" in ok.text
    assert "02.03.2026, 12:00 Uhr" in ok.text  # a day without a time: noon in Kaufbeuren
    consents = ui.get("/api/participation/persons/demo-person-weber/consents").json
    fotos = next(c for c in consents if c["purpose"] == "fotos")
    assert (fotos["text_version"], fotos["method"], fotos["withdrawn_at"]) == ("2026-03", "email", None)
    assert fotos["given_at"].startswith("2026-03-02")
    withdraw = f"{url}/einwilligungen/{fotos['id']}/widerrufen"
    forged = ui.submit(withdraw, {})
    assert forged.status_code == 400  # no CSRF token: refused, nothing changed
    assert next(c for c in ui.get("/api/participation/persons/demo-person-weber/consents").json
                if c["id"] == fotos["id"])["withdrawn_at"] is None
    done = ui.submit(withdraw, {"csrf_token": token}, follow_redirects=True)
    assert "Einwilligung wurde widerrufen." in done.text
    again = ui.submit(withdraw, {"csrf_token": token}, follow_redirects=True)
    assert "Die Einwilligung wurde bereits widerrufen." in again.text
    other = ui.submit(f"{BASE}/personen/demo-person-huber/einwilligungen/{fotos['id']}/widerrufen",
                      {"csrf_token": token})
    assert other.status_code == 404  # a consent of another person
    assert [a for a, _ in _audit(ui, "consent", fotos["id"])] == ["recorded", "withdrawn"]


def test_opportunities_and_sponsorships_are_created(ui):
    page = ui.page(f"{BASE}/ehrenamt")
    assert "Angebot anlegen" in page.text and '<option value="neugablonz">Neugablonz</option>' in page.text
    token = _csrf(page.text, "angebot-csrf_token")
    bad = ui.submit(f"{BASE}/ehrenamt/angebote", {"angebot-csrf_token": token, "angebot-title": "R",
                                                  "angebot-kind": "opportunity", "angebot-district": "Neu Gablonz"})
    assert bad.status_code == 422 and FIX in bad.text and 'id="angebot-district" name="angebot-district"' in bad.text
    ok = ui.submit(f"{BASE}/ehrenamt/angebote", {
        "angebot-csrf_token": token, "angebot-title": "Repair-Café-Team", "angebot-kind": "opportunity",
        "angebot-description": "Wir reparieren gemeinsam.", "angebot-organisation_id": "demo-org-kulturverein",
        "angebot-district": "neugablonz", "angebot-field_of_action": "kultur", "angebot-published": "y"},
        follow_redirects=True)
    assert "Angebot „Repair-Café-Team“ wurde angelegt." in ok.text
    public = ui.client.get("/api/participation/public/opportunities?district=neugablonz").json
    repair = next(o for o in public if o["title"] == "Repair-Café-Team")
    assert (repair["organisation"], repair["field_of_action"]) == ("Kulturverein Neugablonz e. V.", "kultur")
    hidden = ui.submit(f"{BASE}/ehrenamt/angebote", {"angebot-csrf_token": token, "angebot-title": "Intern",
                                                     "angebot-kind": "sponsorship"}, follow_redirects=True)
    assert "Angebot „Intern“ wurde angelegt." in hidden.text
    assert "Intern" not in [o["title"] for o in ui.client.get("/api/participation/public/opportunities").json]

    sponsors = ui.page(f"{BASE}/ehrenamt/patenschaften")
    assert "Patenschaft eintragen" in sponsors.text
    token = _csrf(sponsors.text, "patenschaft-csrf_token")
    wrong = ui.submit(f"{BASE}/ehrenamt/patenschaften", {
        "patenschaft-csrf_token": token, "patenschaft-person_id": "demo-person-weber",
        "patenschaft-object": "Spielplatz Haken", "patenschaft-since": "2026-05-01",
        "patenschaft-until": "2026-04-01"})
    assert wrong.status_code == 422 and "Das Ende liegt vor dem Beginn." in wrong.text
    made = ui.submit(f"{BASE}/ehrenamt/patenschaften", {
        "patenschaft-csrf_token": token, "patenschaft-person_id": "demo-person-weber",
        "patenschaft-opportunity_id": "demo-spielplatz-aktiv", "patenschaft-object": "Spielplatz Haken",
        "patenschaft-since": "2026-05-01"}, follow_redirects=True)
    assert "Patenschaft für „Spielplatz Haken“ wurde eingetragen." in made.text
    assert ("Lena Weber", "Spielplatz Haken", "demo-spielplatz-aktiv") in [
        (s["person_name"], s["object"], s["opportunity_id"]) for s in ui.get("/api/participation/sponsorships").json]


def _register(ui, event_id, name):
    return ui.client.post(f"/api/participation/public/events/{event_id}/registrations",
                          json={"name": name, "email": f"{name.lower()}@example.org", "consent": True,
                                "language": "en" if name == "Grace" else "de"})


def test_event_draft_is_published_registrations_cancelled_and_the_event_called_off(ui):
    page = ui.page(f"{BASE}/veranstaltungen")
    created = ui.submit(f"{BASE}/veranstaltungen", {"csrf_token": _csrf(page.text), "title": "Lesenacht",
                                                    "starts_at": "2030-02-01T19:00", "place": "Stadtbücherei",
                                                    "capacity": "2"}, follow_redirects=True)
    assert "Veranstaltung „Lesenacht“ wurde angelegt." in created.text
    assert "Entwurf: noch nicht auf der Website." in created.text
    event_id = next(e["id"] for e in ui.get("/api/participation/events").json if e["title"] == "Lesenacht")
    url = f"{BASE}/veranstaltungen/{event_id}"
    token = _csrf(created.text)
    assert ui.client.get(f"/api/participation/public/events/{event_id}").status_code == 404
    published = ui.submit(f"{url}/veroeffentlichen", {"csrf_token": token}, follow_redirects=True)
    assert "Veranstaltung „Lesenacht“ ist veröffentlicht." in published.text
    assert "Veröffentlicht: auf der Website sichtbar" in published.text
    assert [e["title"] for e in ui.events("participation.event.published.v1")][-1] == "Lesenacht"
    twice = ui.submit(f"{url}/veroeffentlichen", {"csrf_token": token}, follow_redirects=True)
    assert "Die Veranstaltung ist bereits veröffentlicht." in twice.text

    for name in ("Anna", "Ben", "Grace"):
        assert _register(ui, event_id, name).status_code == 201
    regs = {r["name"]: r for r in ui.get(f"/api/participation/events/{event_id}/registrations").json}
    assert regs["Grace"]["status"] == "waiting"
    page = ui.page(url)
    assert "Anmeldung Nr. 1 stornieren" in page.text
    cancelled = ui.submit(f"{url}/anmeldungen/{regs['Anna']['id']}/stornieren", {"csrf_token": token},
                          follow_redirects=True)
    assert "Anmeldung Nr. 1 wurde storniert; 1 Anmeldung(en) rücken von der Warteliste nach." in cancelled.text
    statuses = {r["name"]: r["status"] for r in ui.get(f"/api/participation/events/{event_id}/registrations").json}
    assert statuses == {"Anna": "cancelled", "Ben": "confirmed", "Grace": "confirmed"}
    promoted = [m for m in ui.events("participation.mail.requested.v1") if m["template"] == "registration_promoted"]
    assert [m["to"] for m in promoted] == ["grace@example.org"]
    confirmed = [e["registration_id"] for e in ui.events("participation.registration.confirmed.v1")
                 if e["event_id"] == event_id]
    assert confirmed == [regs["Anna"]["id"], regs["Ben"]["id"], regs["Grace"]["id"]]
    again = ui.submit(f"{url}/anmeldungen/{regs['Anna']['id']}/stornieren", {"csrf_token": token},
                      follow_redirects=True)
    assert "Die Anmeldung ist bereits storniert." in again.text

    unconfirmed = ui.submit(f"{url}/absagen", {"csrf_token": token, "reason": "Die Autorin ist erkrankt."})
    assert unconfirmed.status_code == 422 and "Bitte bestätigen Sie die Absage mit dem Häkchen." in unconfirmed.text
    called_off = ui.submit(f"{url}/absagen", {"csrf_token": token, "reason": "Die Autorin ist erkrankt.",
                                              "confirm": "y"}, follow_redirects=True)
    assert "Veranstaltung „Lesenacht“ wurde abgesagt; 2 Angemeldete werden per E-Mail benachrichtigt." \
        in called_off.text and "Abgesagt von netz, " in called_off.text
    assert {r["status"] for r in ui.get(f"/api/participation/events/{event_id}/registrations").json} == {"cancelled"}
    notices = {m["to"]: m for m in ui.events("participation.mail.requested.v1") if m["template"] == "generic"}
    assert set(notices) == {"ben@example.org", "grace@example.org"}
    assert notices["ben@example.org"]["context"]["subject"] == "Abgesagt: Lesenacht"
    assert "Die Autorin ist erkrankt." in notices["ben@example.org"]["context"]["body"]
    assert notices["grace@example.org"]["language"] == "en"
    assert notices["grace@example.org"]["context"]["subject"] == "Cancelled: Lesenacht"
    assert event_id not in [e["id"] for e in ui.client.get("/api/participation/public/events").json]
    assert _register(ui, event_id, "Cem").status_code == 404
    assert ui.get(f"/api/participation/events/{event_id}").json["cancelled_at"]
    assert "abgesagt" in ui.page(f"{BASE}/veranstaltungen").text
    assert [a for a, _ in _audit(ui, "event", event_id)] == ["created", "published", "cancelled"]
    assert ui.post(f"/api/participation/events/{event_id}/cancel", {}).status_code == 409


def test_the_decision_form_takes_the_amount_decided_as_decimal(ui):
    mid = ui.post("/api/participation/meetings", {"body_id": "demo-begleitausschuss", "title": "Sondersitzung",
                                                  "starts_at": "2026-09-24T17:00:00+02:00"}).json["id"]
    item = ui.post(f"/api/participation/meetings/{mid}/items",
                   {"title": "Kleinprojekt Stadtteilzeitung", "applicant_organisation_id": "demo-org-kulturverein",
                    "amount": "900.00"}).json["id"]
    ui.put(f"/api/participation/meetings/{mid}/attendance",
           {"present": ["demo-begleitausschuss-huber", "demo-begleitausschuss-yilmaz",
                        "demo-begleitausschuss-schmid"]})
    for who in ("huber", "yilmaz"):
        ui.post(f"/api/participation/meetings/{mid}/items/{item}/votes",
                {"membership_id": f"demo-begleitausschuss-{who}", "choice": "yes"})
    url = f"{BASE}/sitzungen/{mid}"
    page = ui.page(url)
    assert "Beschlossener Betrag (€)" in page.text and f'id="amount-{item}"' in page.text
    token = _csrf(page.text)
    for amount, message in (("12,345", "Höchstens zwei Nachkommastellen (Cent)"),
                            ("-5", "Beschluss nicht gefasst: Beschlossener Betrag (€):"),
                            ("zwölf", "Beschluss nicht gefasst: Beschlossener Betrag (€):")):
        refused = ui.submit(f"{url}/top/{item}/beschluss", {"csrf_token": token, "amount": amount},
                            follow_redirects=True)
        assert message in refused.text, amount
    zero = ui.submit(f"{url}/top/{item}/beschluss", {"csrf_token": token, "amount": "0"}, follow_redirects=True)
    assert "Der Betrag muss größer als 0 sein." in zero.text
    assert ui.events("participation.decision.made.v1")[-1]["title"] != "Kleinprojekt Stadtteilzeitung"
    ok = ui.submit(f"{url}/top/{item}/beschluss", {"csrf_token": token, "amount": "1.750,50"}, follow_redirects=True)
    assert re.search(r"Beschluss BA-2026-\d{3} gefasst\.", ok.text) and "1.750,50 €" in ok.text
    event = ui.events("participation.decision.made.v1")[-1]
    assert (event["title"], event["amount"]) == ("Kleinprojekt Stadtteilzeitung", "1750.50")
    from participation.adapters.orm import decision

    with ui.runtime.engine.connect() as conn:
        stored = conn.execute(select(decision.c.amount).where(decision.c.item_id == item)).scalar_one()
    assert isinstance(stored, Decimal) and stored == Decimal("1750.50")


def test_the_new_forms_in_english(ui):
    page = ui.page(f"{BASE}/organisationen?lang=en")
    assert "<h1>Organisations</h1>" in page.text and "Add organisation" in page.text
    assert ">Association</option>" in page.text and ">Committees</a>" in page.text
    bad = ui.submit(f"{BASE}/organisationen", {"csrf_token": _csrf(page.text), "name": "", "kind": "verein",
                                               "email": "kaputt"})
    assert bad.status_code == 422 and "Please correct your entries" in bad.text
    assert "Not a valid email address." in bad.text
    ok = ui.submit(f"{BASE}/organisationen", {"csrf_token": _csrf(page.text), "name": "Repair Café",
                                              "kind": "verein"}, follow_redirects=True)
    assert "Organisation “Repair Café” created." in ok.text
    body = ui.page(f"{BASE}/gremien")
    assert "Add committee" in body.text and "Quorate with more than" in body.text
    person = ui.page(f"{BASE}/personen/demo-person-weber")
    assert "Record consent" in person.text and "Withdraw" in person.text
    event = ui.page(f"{BASE}/veranstaltungen/demo-engagementtag")
    assert "Cancel event" in event.text and "Yes, cancel the event" in event.text
    vol = ui.page(f"{BASE}/ehrenamt")
    assert "Add opportunity" in vol.text and "Add sponsorship" in ui.page(f"{BASE}/ehrenamt/patenschaften").text
