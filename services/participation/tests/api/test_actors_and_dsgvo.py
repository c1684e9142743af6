import io

from pypdf import PdfReader

from participation.bootstrap import SPEC
from servicekit.demo import PARTICIPATION


def test_organisations_emit_created_and_updated(svc):
    org = svc.post("/api/participation/organisations", {"name": "TSV Neugablonz", "kind": "verein",
                                                        "email": "info@tsv.example"})
    assert org.status_code == 201
    patched = svc.client.patch(f"/api/participation/organisations/{org.json['id']}",
                               json={"name": "TSV Neugablonz e. V."}, headers=svc.editor)
    assert patched.status_code == 200 and patched.json["name"] == "TSV Neugablonz e. V."
    assert [e["name"] for e in svc.events("participation.organisation.created.v1")] == ["TSV Neugablonz"]
    assert [e["name"] for e in svc.events("participation.organisation.updated.v1")] == ["TSV Neugablonz e. V."]
    assert svc.get("/api/participation/organisations?q=tsv").json[0]["id"] == org.json["id"]
    bad = svc.post("/api/participation/organisations", {"name": "X", "kind": "sekte", "email": "kaputt"})
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"name", "kind", "email"}
    assert bad.json["errors"]["email"] == ["Keine gültige E-Mail-Adresse."]


def test_consent_records_purpose_version_and_method_and_can_be_withdrawn(svc):
    p = svc.post("/api/participation/persons", {"name": "Eva Lang", "email": "eva@example.org"}).json
    c = svc.post(f"/api/participation/persons/{p['id']}/consents",
                 {"purpose": "newsletter", "text_version": "2026-02", "method": "online"})
    assert c.status_code == 201
    listed = svc.get(f"/api/participation/persons/{p['id']}/consents").json
    assert [(x["purpose"], x["text_version"], x["method"]) for x in listed] == [("newsletter", "2026-02", "online")]
    w = svc.post(f"/api/participation/persons/{p['id']}/consents/{c.json['id']}/withdraw")
    assert w.status_code == 200 and w.json["withdrawn_at"]
    assert svc.post(f"/api/participation/persons/{p['id']}/consents/{c.json['id']}/withdraw").status_code == 409
    bad = svc.post(f"/api/participation/persons/{p['id']}/consents", {"purpose": "x", "method": "telepathie"})
    assert bad.status_code == 422 and "text_version" in bad.json["errors"]


def test_a_person_has_a_preferred_language_german_unless_told_otherwise(svc):
    german = svc.post("/api/participation/persons", {"name": "Eva Lang", "email": "eva@example.org"})
    assert german.status_code == 201 and german.json["language"] == "de"
    english = svc.post("/api/participation/persons", {"name": "Grace Hopper", "email": "grace@example.org",
                                                      "language": "en"})
    assert english.status_code == 201 and english.json["language"] == "en"
    assert svc.get(f"/api/participation/persons/{english.json['id']}").json["language"] == "en"
    assert {p["name"]: p["language"] for p in svc.get("/api/participation/persons").json} == \
        {"Eva Lang": "de", "Grace Hopper": "en"}
    french = svc.post("/api/participation/persons", {"name": "Marie Curie", "language": "fr"})
    assert french.status_code == 422 and french.mimetype == "application/problem+json"
    assert french.json["errors"] == {"language": ["Muss einer der Werte sein: de, en."]}
    assert [p["name"] for p in svc.get("/api/participation/persons?q=curie").json] == []


def test_the_dsgvo_export_names_the_language_and_erasure_forgets_it(svc):
    p = svc.post("/api/participation/persons", {"name": "Grace Hopper", "email": "grace@example.org",
                                                "language": "en"}).json
    export = svc.get(f"/api/participation/persons/{p['id']}/export", headers=svc.editor).json
    assert export["person"]["language"] == "en"
    pdf = svc.get(f"/api/participation/persons/{p['id']}/export.pdf", headers=svc.editor)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Sprache für Einladungen und E-Mails: Englisch" in text
    assert svc.post(f"/api/participation/persons/{p['id']}/erase").status_code == 200
    erased = svc.get(f"/api/participation/persons/{p['id']}").json
    assert (erased["name"], erased["email"], erased["language"]) == ("anonymisiert", None, "de")


def _seeded(svc):
    from participation.bootstrap import SPEC

    SPEC.seed(svc.runtime)


def test_dsgvo_export_as_json_and_pdf(svc):
    _seeded(svc)
    data = svc.get("/api/participation/persons/demo-person-yilmaz/export", headers=svc.editor)
    assert data.status_code == 200
    assert data.json["person"]["name"] == "Emre Yılmaz"
    assert data.json["consents"][0]["purpose"] == "gremienarbeit"
    assert {m["body_id"] for m in data.json["memberships"]} == {"demo-begleitausschuss", "demo-arbeitskreis"}
    assert svc.get("/api/participation/persons/demo-person-yilmaz/export", headers=svc.viewer).status_code == 403
    pdf = svc.get("/api/participation/persons/demo-person-yilmaz/export.pdf", headers=svc.editor)
    assert pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Datenauskunft" in text and "Emre Yılmaz" in text and "Gremienarbeit (Einladungen, Protokolle)" in text


def test_dsgvo_erase_anonymises_but_decisions_votes_and_minutes_stay_valid(svc):
    _seeded(svc)
    before = svc.get("/api/participation/decisions?body_id=demo-begleitausschuss").json
    resp = svc.post("/api/participation/persons/demo-person-huber/erase")
    assert resp.status_code == 200 and resp.json["name"] == "anonymisiert"
    person = svc.get("/api/participation/persons/demo-person-huber").json
    assert (person["name"], person["email"], person["anonymised"]) == ("anonymisiert", None, True)
    export = svc.get("/api/participation/persons/demo-person-huber/export", headers=svc.editor).json
    assert all(c["withdrawn_at"] for c in export["consents"])
    assert svc.get("/api/participation/decisions?body_id=demo-begleitausschuss").json == before
    meeting = svc.get("/api/participation/meetings/demo-ba-sitzung-2026-03").json
    names = [a["person_name"] for a in meeting["attendance"]]
    assert "anonymisiert" in names and "Maria Huber" not in names
    item = next(i for i in meeting["items"] if i["id"] == "demo-top-interkulturelles-fest")
    assert ("anonymisiert", "yes") in [(v["name"], v["choice"]) for v in item["votes"]]
    pdf = svc.get("/api/participation/meetings/demo-ba-sitzung-2026-03/minutes.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "anonymisiert" in text and "Maria Huber" not in text and "BA-2026-002" in text
    assert svc.post("/api/participation/persons/demo-person-huber/erase").status_code == 409
    audit = svc.get("/api/participation/audit?entity=person&entity_id=demo-person-huber", headers=svc.editor).json
    assert ("anonymised", {"id": "netz", "name": "netz"}) in [(a["action"], a["actor"]) for a in audit]


def test_erase_also_anonymises_public_registrations_of_that_address(svc):
    _seeded(svc)
    svc.post("/api/participation/public/events/demo-engagementtag/registrations",
             {"name": "Lena Weber", "email": "weber@example.org", "consent": True}, headers={})
    svc.post("/api/participation/persons/demo-person-weber/erase")
    regs = svc.get("/api/participation/events/demo-engagementtag/registrations").json
    assert [(r["name"], r["email"]) for r in regs] == [("anonymisiert", None)]


def test_unknown_person_is_a_german_404(svc):
    resp = svc.get("/api/participation/persons/gibt-es-nicht")
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    assert "gibt es nicht" in resp.json["detail"]


def test_export_contains_registrations_of_the_address_without_link_tokens(svc):
    _seeded(svc)
    svc.post("/api/participation/public/events/demo-engagementtag/registrations",
             {"name": "Lena Weber", "email": "weber@example.org", "consent": True}, headers={})
    export = svc.get("/api/participation/persons/demo-person-weber/export", headers=svc.editor).json
    [reg] = export["registrations"]
    assert reg["event_id"] == "demo-engagementtag" and "token" not in reg


def _all_text(svc, urls, headers=None) -> str:
    import json

    texts = []
    for url in urls:
        resp = svc.client.get(url, headers=headers or svc.editor)
        assert resp.status_code == 200, (url, resp.status_code)
        texts.append(json.dumps(resp.json, ensure_ascii=False) if resp.is_json else resp.get_data(as_text=True))
    return "\n".join(texts)


def test_erase_removes_the_name_from_minutes_agenda_and_audit_log_everywhere(svc):
    """Emre Yılmaz is named in the demo minutes ("Herr Yılmaz war befangen"), in an agenda item's description and
    in the audit entries of his creation; after the erasure neither API, UI pages, minutes PDF nor audit log name
    him, and the decisions and minutes stay valid."""
    import json

    from sqlalchemy import select

    _seeded(svc)
    meeting = "demo-ba-sitzung-2026-03"
    svc.post(f"/api/participation/meetings/{meeting}/items",
             {"title": "Bericht Emre Yılmaz", "description": "Herr Yılmaz stellt den Jugendbeirat vor "
                                                             "(Rückfragen: yilmaz@example.org)."})
    before = svc.get("/api/participation/decisions?body_id=demo-begleitausschuss").json
    minutes_before = svc.get(f"/api/participation/meetings/{meeting}/minutes").json
    assert "Herr Yılmaz" in minutes_before["text"] and minutes_before["status"] == "approved"

    assert svc.post("/api/participation/persons/demo-person-yilmaz/erase").status_code == 200

    html = {**svc.editor, "Accept": "text/html"}
    api = _all_text(svc, ["/api/participation/persons?page_size=100", "/api/participation/persons/demo-person-yilmaz",
                          "/api/participation/persons/demo-person-yilmaz/export", f"/api/participation/meetings/{meeting}",
                          f"/api/participation/meetings/{meeting}/minutes", "/api/participation/decisions",
                          "/api/participation/bodies/demo-begleitausschuss",
                          "/api/participation/audit?entity=person&entity_id=demo-person-yilmaz"])
    ui = _all_text(svc, ["/intern/participation/", "/intern/participation/personen",
                         "/intern/participation/personen/demo-person-yilmaz", f"/intern/participation/sitzungen/{meeting}",
                         "/intern/participation/gremien/demo-begleitausschuss",
                         "/intern/participation/gremien/demo-arbeitskreis", "/intern/participation/beschluesse",
                         "/intern/participation/audit"], headers=html)
    pdf = svc.get(f"/api/participation/meetings/{meeting}/minutes.pdf")
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    log = svc.runtime.metadata.tables["audit_log"]
    with svc.runtime.engine.connect() as conn:
        audit = [dict(r) for r in conn.execute(select(log)).mappings()]
    audit_text = json.dumps(audit, ensure_ascii=False, default=str)
    for where, text in (("API", api), ("UI", ui), ("PDF", pdf_text), ("audit log", audit_text)):
        for needle in ("Yılmaz", "Emre", "yilmaz@example.org"):
            assert needle.lower() not in text.lower(), f"{needle} left in the {where}"

    # minutes and decisions stay valid: same numbers and outcomes, the approval holds, the name reads "anonymisiert"
    assert svc.get("/api/participation/decisions?body_id=demo-begleitausschuss").json == before
    minutes = svc.get(f"/api/participation/meetings/{meeting}/minutes").json
    assert minutes["status"] == "approved" and "TOP 2: anonymisiert war befangen" in minutes["text"]
    assert "TOP 2: anonymisiert war befangen" in pdf_text and "BA-2026-001" in pdf_text
    # the audit keeps who did what and when
    created = next(a for a in audit if a["entity_id"] == "demo-person-yilmaz" and a["action"] == "created")
    assert (created["actor"], created["changes"]["name"], created["changes"]["language"]) == \
        (PARTICIPATION.actor, "anonymisiert", "de")  # recorded by the demo's network officer
    erased = next(a for a in audit if a["entity_id"] == "demo-person-yilmaz" and a["action"] == "anonymised")
    assert erased["actor"] == "netz" and erased["changes"]["minutes_redacted"] == [meeting]
    assert erased["changes"]["audit_entries_redacted"] >= 1


def test_personal_data_is_for_the_department_only_not_for_viewers(svc):
    """Need to know (DSGVO Art. 5): a 'viewer' sees the network's work, not people's contact data, consents,
    sign-ups, registrations or hours; the department's editors do."""
    SPEC.seed(svc.runtime)
    personal = ["/api/participation/persons", "/api/participation/persons/demo-person-yilmaz",
                "/api/participation/persons/demo-person-yilmaz/consents",
                "/api/participation/hours?person_id=demo-person-yilmaz"]
    for url in personal:
        assert svc.get(url, headers=svc.viewer).status_code == 403, url
        assert svc.get(url, headers=svc.editor).status_code == 200, url
    for url in ["/api/participation/bodies", "/api/participation/decisions", "/api/participation/events"]:
        assert svc.get(url, headers=svc.viewer).status_code == 200, url
    html = {**svc.viewer, "Accept": "text/html"}
    assert svc.client.get("/intern/participation/personen", headers=html).status_code == 403
    event_id = svc.get("/api/participation/events").json[0]["id"]
    page = svc.client.get(f"/intern/participation/veranstaltungen/{event_id}", headers=html)
    assert page.status_code == 200 and "Namen sieht nur der Fachbereich" in page.text
