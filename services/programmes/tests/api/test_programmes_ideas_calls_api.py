from sqlalchemy import select


def test_programme_create_update_with_etag_and_publication(api):
    body = {"name": "Demokratie leben!", "status": "acquisition", "fields_of_action": ["jugend"],
            "period_start": "2025-01-01", "period_end": "2032-12-31", "summary": "Kurz"}
    created = api.client.post("/api/programmes/programmes", json=body, headers=api.editor)
    assert created.status_code == 201 and created.json["readability"]["label"] == "zu kurz für eine Bewertung"
    url = f"/api/programmes/programmes/{created.json['id']}"
    got = api.client.get(url, headers=api.viewer)
    assert api.client.patch(url, json={"status": "running"}, headers=api.editor).status_code == 428
    ok = api.client.patch(url, json={"status": "running"}, headers={**api.editor, "If-Match": got.headers["ETag"]})
    assert ok.status_code == 200 and ok.json["version"] == 2
    stale = api.client.patch(url, json={"status": "completed"}, headers={**api.editor, "If-Match": got.headers["ETag"]})
    assert stale.status_code == 412
    assert api.client.post(url + "/publish", headers=api.editor).json["published"] is True
    assert api.client.delete(url + "/publish", headers=api.editor).json["published"] is False
    outbox = api.runtime.metadata.tables["outbox"]
    with api.runtime.engine.connect() as conn:
        types = [r.type for r in conn.execute(select(outbox.c.type).order_by(outbox.c.position))]
    assert types[:3] == ["programmes.programme.created.v1", "programmes.programme.updated.v1",
                         "programmes.programme.started.v1"]
    filtered = api.client.get("/api/programmes/programmes?status=running&q=demokratie", headers=api.viewer).json
    assert [p["id"] for p in filtered] == [created.json["id"]]


def test_programme_validation_and_missing(api):
    bad = api.client.post("/api/programmes/programmes", headers=api.editor, json={
        "name": "X", "status": "planned", "period_start": "2026-01-01", "period_end": "2025-01-01"})
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"name", "status"}
    order = api.client.post("/api/programmes/programmes", headers=api.editor, json={
        "name": "XY", "status": "running", "period_start": "2026-01-01", "period_end": "2025-01-01"})
    assert order.json["errors"]["period_end"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    assert api.client.get("/api/programmes/programmes/nope", headers=api.viewer).status_code == 404
    assert api.client.post("/api/programmes/programmes/nope/publish", headers=api.editor).status_code == 404


def test_long_jargon_summary_gets_a_readability_warning(api):
    text = ("Die Implementierung innovativer sozialraumorientierter Partizipationsinstrumente gewährleistet "
            "unter Berücksichtigung intersektoraler Kooperationsstrukturen eine nachhaltige Verstetigung.")
    resp = api.client.post("/api/programmes/programmes", json={"name": "Antragslyrik", "status": "applied",
                                                               "summary": text}, headers=api.editor)
    assert "Kürzere Sätze" in resp.json["readability"]["warning"]


def test_calls_match_ideas_and_validate_budget(api):
    call = {"title": "Engagement stärken", "deadline": "2099-03-31", "fields_of_action": ["jugend"],
            "budget_min": "5000.00", "budget_max": "1000.00", "link": "https://example.org"}
    assert api.client.post("/api/programmes/calls", json=call, headers=api.editor).status_code == 409
    created = api.client.post("/api/programmes/calls", json={**call, "budget_max": "50000"}, headers=api.editor)
    assert created.status_code == 201 and created.json["budget_max"] == "50000.00"
    assert api.client.post("/api/programmes/calls", json={"title": "X"}, headers=api.editor).json["errors"][
        "deadline"] == ["Pflichtfeld fehlt."]
    assert len(api.client.get("/api/programmes/calls?field=jugend", headers=api.viewer).json) == 1
    youth, family = api.project()["id"], api.project(fields_of_action=["familie"])["id"]
    assert [c["title"] for c in api.client.get(f"/api/programmes/calls?project={youth}",
                                               headers=api.viewer).json] == ["Engagement stärken"]
    assert api.client.get(f"/api/programmes/calls?project={family}", headers=api.viewer).json == []
    assert api.client.get("/api/programmes/calls?idea=nope", headers=api.viewer).status_code == 404
    kinds = [i["kind"] for i in api.client.get("/api/programmes/radar?months=36", headers=api.viewer).json]
    assert "call_deadline" not in kinds  # 2099 is beyond the horizon


def test_idea_library_and_proposal(api):
    idea = api.client.post("/api/programmes/ideas", headers=api.editor, json={
        "title": "Repair-Café", "source": "best_practice", "best_practice": True, "fields_of_action": ["familie"],
        "description": "Vorbild aus Augsburg"}).json
    api.client.post("/api/programmes/ideas", headers=api.editor, json={"title": "Jugendforum", "source": "newsletter"})
    library = api.client.get("/api/programmes/ideas?best_practice=true&q=augsburg", headers=api.viewer).json
    assert [i["title"] for i in library] == ["Repair-Café"]
    bad = api.client.post("/api/programmes/ideas", headers=api.editor, json={"title": "X y", "source": "tv"})
    assert bad.status_code == 422 and bad.json["errors"]["source"][0].startswith("Muss einer der Werte sein")
    etag = api.client.get(f"/api/programmes/ideas/{idea['id']}", headers=api.viewer).headers["ETag"]
    patched = api.client.patch(f"/api/programmes/ideas/{idea['id']}", json={"best_practice": False},
                               headers={**api.editor, "If-Match": etag})
    assert patched.json["best_practice"] is False
    proposed = api.client.post(f"/api/programmes/ideas/{idea['id']}/proposal", json={"districts": ["haken"]},
                               headers=api.editor)
    assert proposed.status_code == 201 and proposed.json["stage"] == "idea"
    assert proposed.json["source"] == "best_practice" and proposed.json["districts"] == ["haken"]
    again = api.client.post(f"/api/programmes/ideas/{idea['id']}/proposal", json={}, headers=api.editor)
    assert again.status_code == 409
    assert api.client.get(f"/api/programmes/ideas/{idea['id']}", headers=api.viewer).json["project_id"] == \
        proposed.json["id"]
    assert api.client.get("/api/programmes/ideas/nope", headers=api.viewer).status_code == 404


def test_reference_data_endpoints(api):
    for path in ("districts", "target-groups"):
        url = f"/api/programmes/{path}"
        assert api.client.post(url, json={"code": "neu-1", "name": "Neu"}, headers=api.editor).status_code == 201
        assert api.client.post(url, json={"code": "neu-1", "name": "Neu"}, headers=api.editor).status_code == 409
        assert "neu-1" in [r["code"] for r in api.client.get(url, headers=api.viewer).json]


def test_tracking_endpoints_answer_404_and_422(api):
    pid = api.project()["id"]
    assert api.client.get(f"/api/programmes/projects/{pid}/evaluation", headers=api.viewer).status_code == 404
    assert api.client.get(f"/api/programmes/projects/{pid}/sustainment", headers=api.viewer).status_code == 404
    assert api.client.get("/api/programmes/projects/nope/indicators", headers=api.viewer).status_code == 404
    assert api.client.post("/api/programmes/indicators/nope/measurements", headers=api.editor,
                           json={"measured_on": "2026-01-01", "value": "1"}).status_code == 404
    bad = api.client.post(f"/api/programmes/projects/{pid}/indicators", headers=api.editor,
                          json={"name": "Teilnehmende", "baseline": "viele"})
    assert bad.json["errors"] == {"baseline": ["Keine gültige Zahl."], "target": ["Pflichtfeld fehlt."]}
    ind = api.client.post(f"/api/programmes/projects/{pid}/indicators", headers=api.editor,
                          json={"name": "Teilnehmende", "baseline": "0", "target": "10"}).json
    future = api.client.post(f"/api/programmes/indicators/{ind['id']}/measurements", headers=api.editor,
                             json={"measured_on": "2999-01-01", "value": "1"})
    assert future.status_code == 409 and "Zukunft" in future.json["detail"]
    assert api.client.patch("/api/programmes/reports/nope", json={"status": "accepted"},
                            headers={**api.editor, "If-Match": '"x"'}).status_code == 404
    plan = api.client.put(f"/api/programmes/projects/{pid}/sustainment", headers=api.editor,
                          json={"continued_by": "Verein", "funding": "Spenden", "from_date": "2027-01-01"})
    assert plan.status_code == 200
    assert api.client.get(f"/api/programmes/projects/{pid}/sustainment", headers=api.viewer).json["funding"] == \
        "Spenden"
    early = api.client.put(f"/api/programmes/projects/{pid}/evaluation", headers=api.editor,
                           json={"goal_attainment": "zu früh", "criteria": api.criteria()})
    assert early.status_code == 409


def test_report_due_is_announced_once(api):
    pid = api.project()["id"]
    api.client.post(f"/api/programmes/projects/{pid}/reports", headers=api.editor,
                    json={"title": "Zwischenbericht", "kind": "interim", "due_date": "2027-06-30"})
    outbox = api.runtime.metadata.tables["outbox"]

    def due_events():
        with api.runtime.engine.connect() as conn:
            return conn.execute(select(outbox.c.payload).where(outbox.c.type == "programmes.report.due.v1")).all()
    assert due_events() == []
    resp = api.client.post("/api/programmes/radar/announcements", headers=api.editor)
    assert resp.json == {"announced": 0}
    api.client.post(f"/api/programmes/projects/{pid}/reports", headers=api.editor,
                    json={"title": "Sachbericht", "kind": "interim", "due_date": "2026-01-01"})
    assert len(due_events()) == 1
    listing = api.client.get("/api/programmes/reports?status=planned", headers=api.viewer).json
    assert [r["title"] for r in listing] == ["Sachbericht", "Zwischenbericht"]  # earliest due first
    assert api.client.get("/api/programmes/reports?status=accepted", headers=api.viewer).json == []
    assert api.client.post("/api/programmes/radar/announcements", headers=api.editor).json == {"announced": 0}
