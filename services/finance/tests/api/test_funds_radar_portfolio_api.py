"""Action funds, the runtime radar, the portfolio, the project read model, the audit log and the role matrix."""

from types import SimpleNamespace

from finance.bootstrap import SPEC
from finance.service_layer.action_funds import on_decision_made
from finance.service_layer.projects import on_project_event
from servicekit.demo import FINANCE_CLERK


def _event(data, sequence=1):
    return SimpleNamespace(data=data, sequence=sequence, source="/services/test", id="e", type="t")


def _decision(runtime, decision_id, amount, body="demo-begleitausschuss", year=2026):
    with runtime.uow() as uow:
        on_decision_made(uow, _event({"decision_id": decision_id, "number": f"BA-{decision_id}", "title": "Mikroprojekt",
                                      "body_id": body, "body_type": "committee", "outcome": "approved",
                                      "amount": amount, "year": year}))
        uow.commit()


def test_action_fund_books_what_fits_and_refuses_the_rest_with_a_reason(seeded, clerk, outbox_types):
    client, runtime = seeded
    _decision(runtime, "d1", "20000.00")
    _decision(runtime, "d2", "7000.00")
    _decision(runtime, "d3", "500.00", body="demo-steuerungsgruppe")  # no fund for that body: ignored
    fund = client.get("/api/finance/action-funds/demo-aktionsfonds-2026", headers=clerk).json
    assert fund["budget"] == "26000.00" and fund["booked"] == "20000.00" and fund["remaining"] == "6000.00"
    assert [b["decision_id"] for b in fund["bookings"]] == ["d1"]
    assert fund["refusals"][0]["reason"].startswith("Der Aktionsfonds 2026 reicht nicht")
    types = outbox_types(runtime)
    assert types.count("finance.action_fund.decision_booked.v1") == 1
    assert types[-1] == "finance.action_fund.decision_refused.v1"


def test_action_fund_create_and_bad_input(seeded, clerk):
    client, _ = seeded
    resp = client.post("/api/finance/action-funds", headers=clerk,
                       json={"body_id": "demo-begleitausschuss", "year": 2027, "budget": "27000.00"})
    assert resp.status_code == 201 and resp.json["remaining"] == "27000.00"
    dup = client.post("/api/finance/action-funds", headers=clerk,
                      json={"body_id": "demo-begleitausschuss", "year": 2027, "budget": "1.00"})
    assert dup.status_code == 409 and "schon einen Aktionsfonds 2027" in dup.json["detail"]
    bad = client.post("/api/finance/action-funds", headers=clerk, json={"year": "zwei", "budget": "-1"})
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"body_id", "year", "budget"}
    assert client.get("/api/finance/action-funds/nope", headers=clerk).status_code == 404


def test_radar_emits_ending_soon_once_per_threshold(seeded, clerk, outbox_types):
    client, runtime = seeded
    view = client.get("/api/finance/radar?today=2027-01-15", headers=clerk).json
    assert [(g["id"], g["sustainment_open"]) for g in view["ending_soon"]] == [("demo-grant-mobikids-bayern", True)]
    with runtime.uow() as uow:
        on_project_event(uow, _event({"project_id": "demo-mobikids", "title": "Mobikids", "stage": "sustained"}))
        uow.commit()
    view = client.get("/api/finance/radar?today=2027-01-15", headers=clerk).json
    assert view["ending_soon"][0]["sustainment_open"] is False
    first = client.post("/api/finance/radar/run?today=2027-01-15", headers=clerk).json
    assert [(e["grant_id"], e["threshold_months"]) for e in first] == [
        ("demo-grant-mobikids-bayern", 3), ("demo-grant-mobikids-bayern", 6)]
    assert client.post("/api/finance/radar/run?today=2027-01-20", headers=clerk).json == []
    assert outbox_types(runtime).count("finance.funding.ending_soon.v1") == 2
    later = client.post("/api/finance/radar/run?today=2027-03-05", headers=clerk).json
    assert [e["threshold_months"] for e in later] == [1]
    assert client.post("/api/finance/radar/run?today=kein-datum", headers=clerk).status_code == 422


def test_radar_flags_missing_proofs_until_submitted(seeded, clerk):
    client, _ = seeded
    late = client.get("/api/finance/radar?today=2027-05-02", headers=clerk).json["missing_proofs"]
    labels = {(m["id"], m["label"]) for m in late}
    assert ("demo-grant-neugablonz-esf", "Zwischennachweis 2026") in labels
    resp = client.post("/api/finance/proofs/submissions", headers=clerk, json={
        "project_id": "demo-stadtteilbuero-neugablonz", "funder_id": "demo-esf-plus", "kind": "interim", "year": 2026})
    assert resp.status_code == 201
    late = client.get("/api/finance/radar?today=2027-05-02", headers=clerk).json["missing_proofs"]
    assert ("demo-grant-neugablonz-esf", "Zwischennachweis 2026") not in {(m["id"], m["label"]) for m in late}
    bad = client.post("/api/finance/proofs/submissions", headers=clerk, json={
        "project_id": "p", "funder_id": "demo-esf-plus", "kind": "interim"})
    assert bad.status_code == 409 and "Haushaltsjahr" in bad.json["detail"]


def test_portfolio_by_year_field_and_district_from_the_read_model(seeded, auth_header):
    client, runtime = seeded
    with runtime.uow() as uow:
        on_project_event(uow, _event({"project_id": "demo-stadtteilbuero-neugablonz", "title": "Stadtteilbüro",
                                      "stage": "running", "fields_of_action": ["integration", "bildung"],
                                      "districts": ["neugablonz"]}, sequence=5))
        on_project_event(uow, _event({"project_id": "demo-stadtteilbuero-neugablonz", "title": "veraltet",
                                      "stage": "idea", "districts": ["haken"]}, sequence=3))
        uow.commit()
    projects = client.get("/api/finance/projects", headers=auth_header("viewer")).json
    assert [(p["title"], p["stage"]) for p in projects] == [("Stadtteilbüro", "running")]  # stale update ignored
    data = client.get("/api/finance/portfolio", headers=auth_header("viewer")).json
    assert data["years"][0] == {"year": 2026, "external": "110000.00", "municipal": "20000.00"}
    neugablonz = next(r for r in data["by_district"] if r["year"] == 2026 and r["district"] == "neugablonz")
    assert neugablonz == {"year": 2026, "district": "neugablonz", "external": "72000.00", "municipal": "8000.00"}
    assert {r["field"] for r in data["by_field"] if r["year"] == 2027} == {"integration", "bildung", "ohne"}


def test_audit_log_records_who_changed_what(seeded, clerk):
    client, _ = seeded
    trail = client.get("/api/finance/audit/journal_entry/demo-exp-1", headers=clerk).json
    assert [(a["action"], a["actor"]) for a in trail] == [
        ("booked", {"id": FINANCE_CLERK.actor, "name": "Fritz Finanzen (Demo)"})]  # the demo's clerk, by name
    assert trail[0]["changes"]["shares"] == {"demo-bund": "3120.00", "demo-esf-plus": "3900.00",
                                             "demo-stadt-kaufbeuren": "780.00"}
    assert client.get("/api/finance/audit/secrets/x", headers=clerk).status_code == 404


def test_every_endpoint_requires_a_role(make_client):
    client, _ = make_client(SPEC)
    spec = client.get("/openapi.json").json
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if method in ("get", "post", "put", "patch", "delete"):
                assert op.get("x-roles"), f"{method.upper()} {path} without roles"
                assert op.get("security") == [{"bearerAuth": []}]
    assert client.get("/api/finance/funders").status_code == 401


def test_portfolio_page_draws_charts_per_year_field_and_district(seeded, auth_header):
    client, runtime = seeded
    with runtime.uow() as uow:
        on_project_event(uow, _event({"project_id": "demo-juze-truck", "title": "Juze-Truck", "stage": "running",
                                      "fields_of_action": ["jugend"], "districts": ["haken"]}))
        uow.commit()
    page = client.get("/intern/finance/portfolio?jahr=2027", headers={**auth_header("viewer"), "Accept": "text/html"})
    assert page.status_code == 200
    fields = page.text.split('id="chart-fields-t"')[1].split("</svg>")[0]
    districts = page.text.split('id="chart-districts-t"')[1].split("</svg>")[0]
    assert "Beträge nach Handlungsfeld, 2027" in fields and "Beträge nach Stadtteil, 2027" in districts
    # each bar is labelled by the name (not the code) and carries its value beside it
    assert ">Jugend</text>" in fields and ">18.000,00 €</text>" in fields and ">12.000,00 €</text>" in fields
    assert ">Haken</text>" in districts and ">jugend<" not in page.text and ">haken<" not in page.text
