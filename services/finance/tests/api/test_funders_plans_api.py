"""Funders with versioned rules and funding plans with the validation engine, through the API."""

from finance.bootstrap import SPEC

PLAN = {
    "project_id": "p-1", "title": "Quartiersprojekt",
    "costs": [{"position": "1", "category": "personnel", "year": 2027, "amount": "80000.00", "label": "Personal"},
              {"position": "2", "category": "fees", "year": 2027, "amount": "20000.00"}],
    "sources": [{"funder_id": "demo-esf-plus", "year": 2027, "amount": "50000.00"},
                {"funder_id": "demo-bund", "year": 2027, "amount": "40000.00"},
                {"funder_id": "demo-stadt-kaufbeuren", "year": 2027, "amount": "10000.00"}],
}


def test_clerk_creates_funder_and_it_is_announced(make_client, clerk, auth_header, outbox_types):
    client, runtime = make_client(SPEC)
    resp = client.post("/api/finance/funders", headers=clerk, json={
        "name": "Aktion Mensch", "type": "foundation", "public": False,
        "rules": {"max_rate": "0.8", "need_rule_weeks": 6, "eligible_categories": ["personnel", "fees"]}})
    assert resp.status_code == 201, resp.json
    assert resp.json["rules"]["max_rate"] == "0.8"
    listing = client.get("/api/finance/funders", headers=auth_header("viewer"))
    assert [f["name"] for f in listing.json] == ["Aktion Mensch"] and "X-Pagination" in listing.headers
    assert outbox_types(runtime) == ["finance.funder.created.v1"]


def test_changed_rules_become_a_new_version_and_old_ones_stay(seeded, clerk, outbox_types):
    client, runtime = seeded
    body = {"name": "Bund (BMWSB, neu)", "rules": {"joint_group": "biwaq", "joint_max_rate": "0.85"}}
    etag = client.get("/api/finance/funders/demo-bund", headers=clerk).headers["ETag"]
    missing = client.patch("/api/finance/funders/demo-bund", headers=clerk, json=body)
    assert missing.status_code == 428 and "If-Match" in missing.json["detail"]
    resp = client.patch("/api/finance/funders/demo-bund", headers={**clerk, "If-Match": etag}, json=body)
    assert resp.status_code == 200, resp.json
    assert resp.json["rules_version"] == 2 and resp.json["name"] == "Bund (BMWSB, neu)"
    assert [v["version"] for v in resp.json["rule_versions"]] == [2, 1]
    assert resp.json["rule_versions"][1]["rules"]["joint_max_rate"] == "0.90"
    assert outbox_types(runtime)[-1] == "finance.funder.updated.v1"
    stale = client.patch("/api/finance/funders/demo-bund", headers={**clerk, "If-Match": etag}, json={"name": "Alt"})
    assert stale.status_code == 412 and "inzwischen geändert" in stale.json["detail"]


def test_funder_bad_input_is_german_problem_json(make_client, clerk):
    client, _ = make_client(SPEC)
    resp = client.post("/api/finance/funders", headers=clerk,
                       json={"type": "lottery", "public": "vielleicht", "rules": {"max_rate": "1.5"}, "x": 1})
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    errors = resp.json["errors"]
    assert errors["name"] == ["Pflichtfeld fehlt."] and errors["x"] == ["Unbekanntes Feld."]
    assert errors["type"][0].startswith("Muss einer der Werte sein")
    assert "max_rate" in errors["rules"]
    missing = client.get("/api/finance/funders/nope", headers=clerk)
    assert missing.status_code == 404 and "gibt es nicht" in missing.json["detail"]


def test_only_finance_roles_change_funders(make_client, auth_header):
    client, _ = make_client(SPEC)
    body = {"name": "X e. V.", "type": "donation", "public": False}
    assert client.post("/api/finance/funders", json=body).status_code == 401
    assert client.post("/api/finance/funders", json=body, headers=auth_header("viewer")).status_code == 403
    assert client.post("/api/finance/funders", json=body,
                       headers=auth_header("programmes.editor")).status_code == 403


def test_valid_plan_is_saved_and_validated_event_emitted(seeded, clerk, outbox_types):
    client, runtime = seeded
    resp = client.post("/api/finance/plans", headers=clerk, json=PLAN)
    assert resp.status_code == 201, resp.json
    assert resp.json["valid"] is True and resp.json["failures"] == []
    assert resp.json["external_funds"] == "90000.00" and resp.json["municipal_share"] == "10000.00"
    assert outbox_types(runtime)[-1] == "finance.funding_plan.validated.v1"


def test_invalid_plan_explains_each_failure_in_german_and_versions_are_kept(seeded, clerk, auth_header):
    client, _ = seeded
    plan_id = client.post("/api/finance/plans", headers=clerk, json=PLAN).json["id"]
    bad = {k: v for k, v in PLAN.items() if k in ("costs",)}
    bad["sources"] = [{"funder_id": "demo-esf-plus", "year": 2027, "amount": "60000.00"},
                      {"funder_id": "demo-bund", "year": 2027, "amount": "35000.00"}]
    bad["note"] = "Stadt steigt aus"
    resp = client.post(f"/api/finance/plans/{plan_id}/versions", headers=clerk, json=bad)
    assert resp.status_code == 201 and resp.json["version"] == 2 and resp.json["valid"] is False
    by_rule = {f["rule"]: f["message"] for f in resp.json["failures"]}
    assert "nicht ausgeglichen" in by_rule["balance"]
    assert "höchstens 90 %" in by_rule["joint_rate"]
    detail = client.get(f"/api/finance/plans/{plan_id}", headers=auth_header("viewer")).json
    assert [v["version"] for v in detail["versions"]] == [2, 1]
    first = client.get(f"/api/finance/plans/{plan_id}?version=1", headers=clerk).json
    assert first["valid"] is True and len(first["sources"]) == 3


def test_check_endpoint_validates_without_saving(seeded, clerk):
    client, _ = seeded
    body = {"costs": PLAN["costs"], "sources": PLAN["sources"][:2], "own_means_available": "0"}
    resp = client.post("/api/finance/plans/check", headers=clerk, json=body)
    assert resp.status_code == 200 and resp.json["valid"] is False
    assert resp.json["failures"][0]["rule_name"] == "Ausgeglichenheit"
    assert len(client.get("/api/finance/plans?project_id=p-1", headers=clerk).json) == 0


def test_plan_bad_input(seeded, clerk):
    client, _ = seeded
    resp = client.post("/api/finance/plans", headers=clerk, json={"project_id": "p", "costs": [
        {"position": "1", "category": "bribes", "year": 1900, "amount": "abc"}], "sources": []})
    assert resp.status_code == 422
    line = resp.json["errors"]["costs"]["0"]
    assert set(line) == {"category", "year", "amount"}
    assert client.post("/api/finance/plans/nope/versions", headers=clerk,
                       json={"costs": PLAN["costs"], "sources": []}).status_code == 404
