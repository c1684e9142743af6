"""Every write endpoint with a body refuses unknown fields and missing/invalid values with German
problem+json field errors, before anything changes."""

from sqlalchemy import func, select


def test_every_write_endpoint_lists_german_field_errors(api):
    prog = api.client.post("/api/programmes/programmes", json={"name": "BIWAQ", "status": "running"},
                           headers=api.editor).json
    pid = api.project()["id"]
    idea = api.client.post("/api/programmes/ideas", json={"title": "Idee", "source": "newsletter"},
                           headers=api.editor).json
    ind = api.client.post(f"/api/programmes/projects/{pid}/indicators", headers=api.editor,
                          json={"name": "Teilnehmende", "baseline": "0", "target": "10"}).json
    rep = api.client.post(f"/api/programmes/projects/{pid}/reports", headers=api.editor,
                          json={"title": "Bericht", "kind": "interim", "due_date": "2027-01-01"}).json
    etag = {"If-Match": api.client.get(f"/api/programmes/projects/{pid}", headers=api.viewer).headers["ETag"]}
    prog_etag = {"If-Match": api.client.get(f"/api/programmes/programmes/{prog['id']}",
                                            headers=api.viewer).headers["ETag"]}
    etags = {f"/api/programmes/{kind}/{key}": {"If-Match": api.client.get(f"/api/programmes/{kind}/{key}",
                                                                       headers=api.viewer).headers["ETag"]}
             for kind, key in (("ideas", idea["id"]), ("reports", rep["id"]))}
    cases = [
        ("POST", "/api/programmes/fields-of-action", {}, "code"),
        ("POST", "/api/programmes/districts", {}, "name"),
        ("POST", "/api/programmes/target-groups", {}, "code"),
        ("POST", "/api/programmes/programmes", {}, "name"),
        ("PATCH", f"/api/programmes/programmes/{prog['id']}", {"status": "?"}, "status"),
        ("POST", "/api/programmes/calls", {}, "title"),
        ("POST", "/api/programmes/ideas", {}, "source"),
        ("PATCH", f"/api/programmes/ideas/{idea['id']}", {"source": "?"}, "source"),
        ("POST", f"/api/programmes/ideas/{idea['id']}/proposal", {"start_date": "morgen"}, "start_date"),
        ("POST", "/api/programmes/projects", {}, "title"),
        ("PATCH", f"/api/programmes/projects/{pid}", {"end_date": "bald"}, "end_date"),
        ("POST", f"/api/programmes/projects/{pid}/transitions", {"to": "mond"}, "to"),
        ("POST", f"/api/programmes/projects/{pid}/assessments", {}, "participation"),
        ("PUT", "/api/programmes/workshop", {"threshold": 22}, "threshold"),
        ("POST", f"/api/programmes/projects/{pid}/indicators", {}, "name"),
        ("POST", f"/api/programmes/indicators/{ind['id']}/measurements", {}, "measured_on"),
        ("POST", f"/api/programmes/projects/{pid}/reports", {}, "due_date"),
        ("PATCH", f"/api/programmes/reports/{rep['id']}", {"status": "verloren"}, "status"),
        ("PUT", f"/api/programmes/projects/{pid}/evaluation", {}, "goal_attainment"),
        ("PUT", f"/api/programmes/projects/{pid}/sustainment", {"amount": "-5"}, "amount"),
    ]
    audit = api.runtime.metadata.tables["audit_log"]
    with api.runtime.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(audit)).scalar()
    for method, url, body, field in cases:
        headers = {**api.editor, **(etag if "/projects/" in url and method == "PATCH" else {}),
                   **(prog_etag if "/programmes/programmes/" in url and method == "PATCH" else {}),
                   **etags.get(url, {})}
        resp = api.client.open(url, method=method, json={**body, "unbekannt": 1}, headers=headers)
        assert resp.status_code == 422, (method, url, resp.status_code, resp.json)
        assert resp.mimetype == "application/problem+json" and resp.json["title"] == "Eingaben ungültig"
        assert resp.json["errors"]["unbekannt"] == ["Unbekanntes Feld."], (method, url)
        assert field in resp.json["errors"], (method, url, resp.json["errors"])
    with api.runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit)).scalar() == before  # nothing changed
