import io
from datetime import date

from pypdf import PdfReader

PUBLIC = "/api/participation/public"


def _opportunity(svc, **extra):
    resp = svc.post("/api/participation/opportunities", {"title": "Lesepatenschaft", "description": "Vorlesen",
                                                          "district": "haken", "field_of_action": "bildung", **extra})
    assert resp.status_code == 201, resp.json
    return resp.json


def test_public_sign_up_is_double_confirmed_by_mail(svc):
    o = _opportunity(svc)
    resp = svc.client.post(f"{PUBLIC}/opportunities/{o['id']}/signups",
                           json={"name": "Hanna Roth", "email": "hanna@example.org", "consent": True,
                                 "message": "Dienstags kann ich."})
    assert (resp.status_code, resp.json) == (202, {"status": "pending"})
    assert svc.events("participation.volunteer.registered.v1") == []
    [mail] = svc.events("participation.mail.requested.v1")
    assert mail["template"] == "volunteer_confirmation" and mail["to"] == "hanna@example.org"
    link = mail["context"]["confirm_link"]
    assert link.startswith("http://127.0.0.1:8080/engagement/bestaetigen?token=")
    token = link.split("token=")[1]
    confirmed = svc.client.post(f"{PUBLIC}/signups/confirm", json={"token": token})
    assert (confirmed.status_code, confirmed.json) == (200, {"status": "confirmed"})
    assert svc.client.post(f"{PUBLIC}/signups/confirm", json={"token": token}).json == {"status": "confirmed"}
    [registered] = svc.events("participation.volunteer.registered.v1")
    assert registered["opportunity_id"] == o["id"]
    signups = svc.get(f"/api/participation/opportunities/{o['id']}/signups").json
    assert [(s["name"], s["status"]) for s in signups] == [("Hanna Roth", "confirmed")]
    assert [p["name"] for p in svc.get("/api/participation/persons?q=hanna").json] == ["Hanna Roth"]
    bad = svc.client.post(f"{PUBLIC}/signups/confirm", json={"token": "falsch-falsch-falsch"})
    assert bad.status_code == 422 and "ungültig" in bad.json["detail"]


def test_a_volunteer_who_signed_up_in_english_is_written_to_in_english(svc):
    o = _opportunity(svc)
    svc.client.post(f"{PUBLIC}/opportunities/{o['id']}/signups",
                    json={"name": "Grace Hopper", "email": "grace@example.org", "consent": True, "language": "en"})
    [mail] = svc.events("participation.mail.requested.v1")
    assert (mail["template"], mail["language"]) == ("volunteer_confirmation", "en")
    token = mail["context"]["confirm_link"].split("token=")[1]
    assert svc.client.post(f"{PUBLIC}/signups/confirm", json={"token": token}).status_code == 200
    [person] = svc.get("/api/participation/persons?q=grace").json
    assert person["language"] == "en"
    german = svc.client.post(f"{PUBLIC}/opportunities/{o['id']}/signups",
                             json={"name": "Hanna Roth", "email": "hanna@example.org", "consent": True})
    assert german.status_code == 202
    token = svc.events("participation.mail.requested.v1")[-1]["context"]["confirm_link"].split("token=")[1]
    svc.client.post(f"{PUBLIC}/signups/confirm", json={"token": token})
    assert [p["language"] for p in svc.get("/api/participation/persons?q=hanna").json] == ["de"]


def test_public_opportunities_filter_and_hide_unpublished(svc):
    org = svc.post("/api/participation/organisations", {"name": "Caritas", "kind": "traeger"}).json
    o = _opportunity(svc, organisation_id=org["id"])
    _opportunity(svc, title="Intern", published=False)
    listing = svc.client.get(f"{PUBLIC}/opportunities").json
    assert listing == [{"id": o["id"], "title": "Lesepatenschaft", "description": "Vorlesen",
                        "organisation": "Caritas", "district": "haken", "field_of_action": "bildung",
                        "kind": "opportunity"}]
    assert svc.client.get(f"{PUBLIC}/opportunities?district=neugablonz").json == []
    hidden = svc.get("/api/participation/opportunities?q=intern").json[0]
    refused = svc.client.post(f"{PUBLIC}/opportunities/{hidden['id']}/signups",
                              json={"name": "Hanna", "email": "h@example.org", "consent": True})
    assert refused.status_code == 404
    no_consent = svc.client.post(f"{PUBLIC}/opportunities/{o['id']}/signups",
                                 json={"name": "Hanna", "email": "h@example.org"})
    assert no_consent.status_code == 422 and no_consent.json["errors"]["consent"] == ["Pflichtfeld fehlt."]


def test_sponsorships_hours_and_certificate(svc):
    o = _opportunity(svc, title="Spielplatzpaten", kind="sponsorship")
    p = svc.post("/api/participation/persons", {"name": "Jörg Müller"}).json
    s = svc.post("/api/participation/sponsorships", {"person_id": p["id"], "opportunity_id": o["id"],
                                                     "object": "Spielplatz Am Bärensee", "since": "2025-04-01"})
    assert s.status_code == 201
    assert svc.get("/api/participation/sponsorships").json[0]["person_name"] == "Jörg Müller"
    for day, h in (("2026-04-18", "3.50"), ("2026-06-20", "4.00")):
        r = svc.post("/api/participation/hours", {"person_id": p["id"], "opportunity_id": o["id"], "day": day,
                                                  "hours": h, "note": "Kontrollgang"})
        assert r.status_code == 201, r.json
    listed = svc.get(f"/api/participation/hours?person_id={p['id']}").json
    assert [x["hours"] for x in listed] == ["3.50", "4.00"]
    future = svc.post("/api/participation/hours", {"person_id": p["id"], "day": date(2099, 1, 1).isoformat(),
                                                   "hours": "2"})
    assert future.status_code == 422 and "Zukunft" in future.json["errors"]["day"][0]
    too_many = svc.post("/api/participation/hours", {"person_id": p["id"], "day": "2026-01-01", "hours": "25"})
    assert too_many.status_code == 422
    pdf = svc.get(f"/api/participation/persons/{p['id']}/certificate.pdf", headers=svc.editor)
    assert pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Ehrenamtsnachweis" in text and "Jörg Müller" in text and "Gesamt: 7,50 Stunden" in text
    backwards = svc.post("/api/participation/sponsorships", {"person_id": p["id"], "object": "Spielplatz X",
                                                             "since": "2026-01-01", "until": "2025-01-01"})
    assert backwards.status_code == 422


def test_public_decisions_list_funded_micro_projects_only(svc):
    from participation.bootstrap import SPEC

    SPEC.seed(svc.runtime)
    rows = svc.client.get(f"{PUBLIC}/decisions").json
    assert {r["number"] for r in rows} == {"BA-2026-001", "BA-2026-002"}
    assert set(rows[0]) == {"number", "title", "outcome", "amount", "decided_on", "body"}
    assert {r["amount"] for r in rows} == {"2500.00", "1800.00"}
    assert svc.client.get(f"{PUBLIC}/decisions?q=fest").json[0]["number"] == "BA-2026-002"
