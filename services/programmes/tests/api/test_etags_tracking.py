"""Two editors must not overwrite each other: reports, ideas, evaluation and sustainment plan carry an ETag
like projects and calls (428 without If-Match, 412 when someone saved in between)."""

import pytest


@pytest.fixture
def closing_project(api):
    """A project in "closing" with a measurement, so it can be evaluated."""
    pid = api.project()["id"]
    api.assess(pid)
    for stage in ("concept", "application"):
        api.move(pid, stage)
    api.move(pid, "approved", decision_reference="Bescheid vom 1.7.2026")
    api.move(pid, "running")
    rep = api.client.post(f"/api/programmes/projects/{pid}/reports", headers=api.editor,
                          json={"title": "Abschlussbericht", "kind": "final", "due_date": "2026-12-31"}).json
    etag = api.client.get(f"/api/programmes/reports/{rep['id']}", headers=api.viewer).headers["ETag"]
    assert api.client.patch(f"/api/programmes/reports/{rep['id']}", json={"status": "submitted", "text": "Gut."},
                            headers={**api.editor, "If-Match": etag}).status_code == 200
    assert api.move(pid, "closing").status_code == 200
    ind = api.client.post(f"/api/programmes/projects/{pid}/indicators", headers=api.editor,
                          json={"name": "Erreichte Jugendliche", "baseline": "0", "target": "200"}).json
    api.client.post(f"/api/programmes/indicators/{ind['id']}/measurements", headers=api.editor,
                    json={"measured_on": "2026-01-15", "value": "150"})
    return pid


def _guarded(api, method, url, first: dict, second: dict):
    """GET the ETag, then: no If-Match → 428, current → 200, the same (now stale) ETag again → 412."""
    etag = api.client.get(url, headers=api.viewer).headers["ETag"]
    missing = api.client.open(url, method=method, json=first, headers=api.editor)
    assert missing.status_code == 428 and missing.mimetype == "application/problem+json"
    ok = api.client.open(url, method=method, json=first, headers={**api.editor, "If-Match": etag})
    assert ok.status_code == 200, ok.json
    assert ok.headers["ETag"] != etag
    stale = api.client.open(url, method=method, json=second, headers={**api.editor, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    fresh = api.client.open(url, method=method, json=second, headers={**api.editor, "If-Match": ok.headers["ETag"]})
    assert fresh.status_code == 200, fresh.json
    return fresh.json


def test_report_patch_needs_the_current_etag(api):
    pid = api.project()["id"]
    rep = api.client.post(f"/api/programmes/projects/{pid}/reports", headers=api.editor,
                          json={"title": "Zwischenbericht", "kind": "interim", "due_date": "2027-03-31"}).json
    assert rep["version"] == 1
    last = _guarded(api, "PATCH", f"/api/programmes/reports/{rep['id']}", {"text": "Entwurf Anna"},
                    {"text": "Entwurf Tom"})
    assert last["text"] == "Entwurf Tom" and last["version"] == 3
    assert api.client.get("/api/programmes/reports/nope", headers=api.viewer).status_code == 404


def test_idea_patch_needs_the_current_etag(api):
    idea = api.client.post("/api/programmes/ideas", headers=api.editor,
                           json={"title": "Repair-Café", "source": "best_practice"}).json
    last = _guarded(api, "PATCH", f"/api/programmes/ideas/{idea['id']}", {"title": "Repair-Café Haken"},
                    {"best_practice": True})
    assert last["title"] == "Repair-Café Haken" and last["best_practice"] is True


def test_evaluation_put_overwrites_only_with_the_current_etag(api, closing_project):
    url = f"/api/programmes/projects/{closing_project}/evaluation"
    body = {"goal_attainment": "Ziele weitgehend erreicht", "attainment_percent": 80, "criteria": api.criteria()}
    first = api.client.put(url, json=body, headers=api.editor)  # nothing to overwrite yet: no If-Match needed
    assert first.status_code == 200 and first.headers.get("ETag")
    last = _guarded(api, "PUT", url, {**body, "lessons_learned": "Früher anfangen"},
                    {**body, "lessons_learned": "Mehr Partner"})
    assert last["lessons_learned"] == "Mehr Partner"


def test_sustainment_put_overwrites_only_with_the_current_etag(api):
    pid = api.project()["id"]
    url = f"/api/programmes/projects/{pid}/sustainment"
    plan = {"continued_by": "Stadtjugendring", "funding": "Haushalt Jugendamt", "from_date": "2027-01-01"}
    assert api.client.put(url, json=plan, headers=api.editor).status_code == 200
    last = _guarded(api, "PUT", url, {**plan, "amount": "12000.00"}, {**plan, "amount": "12000.00", "continued_by": "Kreisjugendring"})
    assert last["continued_by"] == "Kreisjugendring" and last["amount"] == "12000.00"


def test_evaluation_needs_all_seven_criteria_and_computes_total_and_pass(api, closing_project):
    url = f"/api/programmes/projects/{closing_project}/evaluation"
    body = {"goal_attainment": "Ziele weitgehend erreicht", "attainment_percent": 80}
    missing = api.client.put(url, json=body, headers=api.editor)
    assert missing.status_code == 422 and missing.mimetype == "application/problem+json"
    assert missing.json["errors"]["criteria"] == [
        "Alle sieben Kriterien müssen neu bewertet werden (je 0–3 Punkte mit Begründung)."]
    partial = api.criteria()
    del partial["impulse"], partial["added_value"]
    partial["partners"] = {"score": 4}
    resp = api.client.put(url, json={**body, "criteria": partial}, headers=api.editor)
    assert resp.status_code == 422
    errors = resp.json["errors"]["criteria"]
    assert errors["impulse"] == ["„Impulse/Modellprojekte“ muss neu bewertet werden (0–3 Punkte mit Begründung)."]
    assert errors["added_value"] == ["„Mehrwert“ muss neu bewertet werden (0–3 Punkte mit Begründung)."]
    assert errors["partners"]["score"] == ["Die Punktzahl muss zwischen 0 und 3 liegen."]
    assert errors["partners"]["reason"] == ["Pflichtfeld fehlt."]
    assert set(errors) == {"impulse", "added_value", "partners"}
    assert api.client.get(url, headers=api.viewer).status_code == 404  # nothing was recorded
    # 7 × 2 = 14 points: passes the default threshold of 14
    ok = api.client.put(url, json={**body, "criteria": api.criteria(2)}, headers=api.editor)
    assert ok.status_code == 200, ok.json
    assert (ok.json["total"], ok.json["threshold"], ok.json["passed"]) == (14, 14, True)
    # the threshold is the workshop's configured one
    assert api.client.put("/api/programmes/workshop", json={"threshold": 15}, headers=api.editor).status_code == 200
    again = api.client.put(url, json={**body, "criteria": api.criteria(2)},
                           headers={**api.editor, "If-Match": ok.headers["ETag"]})
    assert (again.json["total"], again.json["threshold"], again.json["passed"]) == (14, 15, False)
    got = api.client.get(url, headers=api.viewer).json
    assert got["passed"] is False and got["criteria"]["impulse"]["score"] == 2
