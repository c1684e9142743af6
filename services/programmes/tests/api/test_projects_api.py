import json

from sqlalchemy import select

from programmes.domain.assessment import CRITERIA


def outbox_types(runtime):
    table = runtime.metadata.tables["outbox"]
    with runtime.engine.connect() as conn:
        return [r.type for r in conn.execute(select(table.c.type).order_by(table.c.position))]


def test_project_walks_the_lifecycle_with_every_step_recorded(api):
    p = api.project()
    assert p["stage"] == "idea" and p["allowed_stages"] == ["assessed", "rejected", "withdrawn"]
    api.assess(p["id"])
    assert api.move(p["id"], "concept").json["stage"] == "concept"
    assert api.move(p["id"], "application").status_code == 200
    approved = api.move(p["id"], "approved", reason="Stadtrat hat zugestimmt", decision_reference="StR 2026/14")
    assert approved.status_code == 200 and approved.json["stage"] == "approved"
    history = api.client.get(f"/api/programmes/projects/{p['id']}/transitions", headers=api.viewer).json
    assert [h["to_stage"] for h in history] == ["assessed", "concept", "application", "approved"]
    assert history[-1]["actor"] == {"id": "anna", "name": "Anna Berger"} and "StR 2026/14" in history[-1]["reason"]
    types = outbox_types(api.runtime)
    assert types[0] == "programmes.project.proposed.v1"
    assert "programmes.project.assessed.v1" in types and types.count("programmes.project.stage_changed.v1") == 4


def test_concept_without_passed_assessment_is_a_german_409(api):
    p = api.project()
    api.assess(p["id"], score=1)
    resp = api.move(p["id"], "concept")
    assert resp.status_code == 409 and resp.mimetype == "application/problem+json"
    assert "bestandene Bewertung" in resp.json["detail"]


def test_threshold_is_configurable(api):
    assert api.client.get("/api/programmes/workshop", headers=api.viewer).json == {"threshold": 14}
    resp = api.client.put("/api/programmes/workshop", json={"threshold": 7}, headers=api.editor)
    assert resp.status_code == 200
    p = api.project()
    assert api.assess(p["id"], score=1)["passed"] is True


def test_illegal_transition_is_409_and_approval_needs_a_basis(api):
    p = api.project()
    assert api.move(p["id"], "running").status_code == 409
    api.assess(p["id"])
    api.move(p["id"], "concept")
    api.move(p["id"], "application")
    resp = api.move(p["id"], "approved")
    assert resp.status_code == 409 and "Zuwendungsbescheid" in resp.json["detail"]


def test_assessment_field_errors_are_german(api):
    p = api.project()
    body = {k: {"score": 2, "reason": "ok ok"} for k in CRITERIA}
    body["impulse"] = {"score": 5}
    resp = api.client.post(f"/api/programmes/projects/{p['id']}/assessments", json={**body, "assessors": []},
                           headers=api.editor)
    assert resp.status_code == 422
    assert resp.json["errors"]["impulse"]["reason"] == ["Pflichtfeld fehlt."]
    assert resp.json["errors"]["impulse"]["score"] == ["Die Punktzahl muss zwischen 0 und 3 liegen."]
    assert "assessors" in resp.json["errors"]


def test_project_input_errors_list_fields(api):
    resp = api.client.post("/api/programmes/projects", json={"fields_of_action": ["mond"], "x": 1},
                           headers=api.editor)
    assert resp.status_code == 422
    assert resp.json["errors"]["title"] == ["Pflichtfeld fehlt."] and resp.json["errors"]["x"] == ["Unbekanntes Feld."]
    resp = api.client.post("/api/programmes/projects", json={"title": "Mondfahrt", "fields_of_action": ["mond"]},
                           headers=api.editor)
    assert resp.status_code == 422 and resp.json["errors"]["fields_of_action"] == ["Unbekannte Kürzel: mond."]
    resp = api.client.post("/api/programmes/projects", json={"title": "Mondfahrt", "programme_id": "nasa",
                                                             "partner_ids": ["o-404"]}, headers=api.editor)
    assert resp.json["errors"] == {"programme_id": ["Unbekanntes Programm."],
                                   "partner_ids": ["Unbekannte Organisationen: o-404."]}


def test_etag_guards_concurrent_edits(api):
    p = api.project()
    url = f"/api/programmes/projects/{p['id']}"
    got = api.client.get(url, headers=api.viewer)
    etag = got.headers["ETag"]
    assert api.client.patch(url, json={"title": "Juze-Truck 2"}, headers=api.editor).status_code == 428
    ok = api.client.patch(url, json={"title": "Juze-Truck 2"}, headers={**api.editor, "If-Match": etag})
    assert ok.status_code == 200 and ok.json["title"] == "Juze-Truck 2"
    stale = api.client.patch(url, json={"title": "Juze-Truck 3"}, headers={**api.editor, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"


def test_roles_and_missing_records(api, auth_header):
    assert api.client.get("/api/programmes/projects").status_code == 401
    assert api.client.post("/api/programmes/projects", json={"title": "X y"}, headers=api.viewer).status_code == 403
    finance = auth_header("finance.clerk")
    assert api.client.get("/api/programmes/projects", headers=finance).status_code == 200
    assert api.client.post("/api/programmes/projects", json={"title": "X y"}, headers=finance).status_code == 403
    assert api.client.get("/api/programmes/projects/nope", headers=api.viewer).status_code == 404
    assert api.move("nope", "assessed").status_code == 404


def test_list_filters_by_stage_field_district_and_text(api):
    a = api.project(title="Stadtteilbüro Haken", districts=["haken"], fields_of_action=["familie"])
    api.project(title="Juze-Truck")
    url = "/api/programmes/projects"
    assert [p["id"] for p in api.client.get(url + "?district=haken", headers=api.viewer).json] == [a["id"]]
    assert [p["id"] for p in api.client.get(url + "?field=familie", headers=api.viewer).json] == [a["id"]]
    assert len(api.client.get(url + "?q=juze", headers=api.viewer).json) == 1
    assert len(api.client.get(url + "?stage=idea", headers=api.viewer).json) == 2


def test_closing_and_evaluation_need_report_and_measurements(api):
    p = api.project()
    pid = p["id"]
    api.assess(pid)
    for stage in ("concept", "application"):
        api.move(pid, stage)
    api.move(pid, "approved", decision_reference="Bescheid vom 1.7.2026")
    api.move(pid, "running")
    assert "Abschlussbericht" in api.move(pid, "closing").json["detail"]
    rep = api.client.post(f"/api/programmes/projects/{pid}/reports", headers=api.editor,
                          json={"title": "Abschlussbericht", "kind": "final", "due_date": "2026-12-31"}).json
    if_match = {"If-Match": api.client.get(f"/api/programmes/reports/{rep['id']}", headers=api.viewer).headers["ETag"]}
    refused = api.client.patch(f"/api/programmes/reports/{rep['id']}", json={"status": "submitted"},
                               headers={**api.editor, **if_match})
    assert refused.status_code == 409
    api.client.patch(f"/api/programmes/reports/{rep['id']}", json={"status": "submitted", "text": "Alles gut."},
                     headers={**api.editor, **if_match})
    assert api.move(pid, "closing").json["stage"] == "closing"
    ind = api.client.post(f"/api/programmes/projects/{pid}/indicators", headers=api.editor,
                          json={"name": "Erreichte Jugendliche", "unit": "Personen", "baseline": "0",
                                "target": "200"}).json
    evaluation = {"goal_attainment": "Ziele weitgehend erreicht", "attainment_percent": 80, "criteria": api.criteria()}
    no_data = api.client.put(f"/api/programmes/projects/{pid}/evaluation", json=evaluation, headers=api.editor)
    assert no_data.status_code == 409 and "Messwerte" in no_data.json["detail"]
    m = api.client.post(f"/api/programmes/indicators/{ind['id']}/measurements", headers=api.editor,
                        json={"measured_on": "2026-01-15", "value": "150"})
    assert m.status_code == 201
    assert api.client.put(f"/api/programmes/projects/{pid}/evaluation", json=evaluation,
                          headers=api.editor).status_code == 200
    inds = api.client.get(f"/api/programmes/projects/{pid}/indicators", headers=api.viewer).json
    assert inds[0]["attainment_percent"] == 75
    assert api.move(pid, "sustained").status_code == 409
    plan = {"continued_by": "Stadtjugendring", "funding": "Haushalt Jugendamt", "from_date": "2027-01-01",
            "amount": "12000.00"}
    assert api.client.put(f"/api/programmes/projects/{pid}/sustainment", json=plan,
                          headers=api.editor).status_code == 200
    assert api.move(pid, "sustained").json["stage"] == "sustained"
    assert "programmes.project.closed.v1" in outbox_types(api.runtime)
    assert "programmes.project.evaluated.v1" in outbox_types(api.runtime)


def outbox_events(runtime, type_: str) -> list[dict]:
    table = runtime.metadata.tables["outbox"]
    with runtime.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(table).where(table.c.type == type_)
                                              .order_by(table.c.position)).mappings()]


def test_editing_an_unpublished_project_reaches_the_read_models(api):
    """Finance (portfolio by field/district) and participation (agenda links) keep project read models;
    an edit of an unpublished project must reach them too, with a per-project sequence."""
    p = api.project()
    url = f"/api/programmes/projects/{p['id']}"
    etag = api.client.get(url, headers=api.viewer).headers["ETag"]
    resp = api.client.patch(url, json={"title": "Juze-Truck Haken", "districts": ["haken"],
                                       "fields_of_action": ["familie"]}, headers={**api.editor, "If-Match": etag})
    assert resp.status_code == 200 and resp.json["published"] is False
    [updated] = outbox_events(api.runtime, "programmes.project.updated.v1")
    [proposed] = outbox_events(api.runtime, "programmes.project.proposed.v1")
    assert updated["subject"] == p["id"] and updated["sequence"] > proposed["sequence"]
    data = json.loads(updated["payload"])["data"]
    assert data["title"] == "Juze-Truck Haken" and data["districts"] == ["haken"]
    assert data["fields_of_action"] == ["familie"] and data["stage"] == "idea"
    assert "programmes.project.published.v1" not in outbox_types(api.runtime)
    # saving without a change publishes nothing
    etag = api.client.get(url, headers=api.viewer).headers["ETag"]
    api.client.patch(url, json={"title": "Juze-Truck Haken"}, headers={**api.editor, "If-Match": etag})
    assert len(outbox_events(api.runtime, "programmes.project.updated.v1")) == 1
