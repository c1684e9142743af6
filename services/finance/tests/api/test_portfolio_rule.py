"""The portfolio counts money acquired (grants incl. amendments) and the city's committed co-financing (valid plan of
an approved-or-later project), one plan per project."""

from types import SimpleNamespace

from finance.service_layer.projects import on_project_event


def _stage(runtime, project_id, stage, fields_of_action=(), sequence=1):
    with runtime.uow() as uow:
        on_project_event(uow, SimpleNamespace(data={"project_id": project_id, "title": project_id, "stage": stage,
                                                    "fields_of_action": list(fields_of_action)},
                                              sequence=sequence, source="/services/test", id="e", type="t"))
        uow.commit()


def _plan(project_id, state, city, year=2030, balanced=True):
    cost = state + city if balanced else state + city + 1000
    return {"project_id": project_id, "title": f"Plan {project_id}",
            "costs": [{"position": "1", "category": "personnel", "year": year, "amount": f"{cost}.00"}],
            "sources": [{"funder_id": "demo-freistaat-bayern", "year": year, "amount": f"{state}.00"},
                        {"funder_id": "demo-stadt-kaufbeuren", "year": year, "amount": f"{city}.00"}]}


def _grant(client, clerk, project_id, amount, start, end):
    resp = client.post("/api/finance/grants", headers=clerk, json={
        "project_id": project_id, "funder_id": "demo-freistaat-bayern", "amount": amount,
        "period_start": start, "period_end": end})
    assert resp.status_code == 201, resp.json
    return resp.json["id"]


def _year(data, year):
    return next((r for r in data["years"] if r["year"] == year), {"external": "0.00", "municipal": "0.00"})


def test_portfolio_counts_grants_and_committed_co_financing_only(seeded, clerk, auth_header):
    client, runtime = seeded
    _stage(runtime, "pf-ok", "approved", ["klima"])
    _stage(runtime, "pf-rejected", "rejected")
    _stage(runtime, "pf-idea", "idea")
    _stage(runtime, "pf-invalid", "running")
    for body in (_plan("pf-ok", 80000, 20000), _plan("pf-rejected", 40000, 10000), _plan("pf-idea", 8000, 2000),
                 _plan("pf-invalid", 60000, 30000, balanced=False)):
        assert client.post("/api/finance/plans", headers=clerk, json=body).status_code == 201
    viewer = auth_header("viewer")
    data = client.get("/api/finance/portfolio", headers=viewer).json
    # planned but not granted: no money acquired; co-financing of the approved project with a valid plan only
    assert _year(data, 2030) == {"year": 2030, "external": "0.00", "municipal": "20000.00"}

    grant_id = _grant(client, clerk, "pf-ok", "80000.00", "2030-01-01", "2030-12-31")
    # the invalid plan's project still acquired its grant; spread over budget years by days (184 + 181 of 365)
    _grant(client, clerk, "pf-invalid", "36500.00", "2030-07-01", "2031-06-30")
    amended = client.post(f"/api/finance/grants/{grant_id}/amendments", headers=clerk,
                          json={"reason": "Kürzung nach Prüfung", "amount": "75000.00"})
    assert amended.status_code == 201
    data = client.get("/api/finance/portfolio", headers=viewer).json
    assert _year(data, 2030) == {"year": 2030, "external": "93400.00", "municipal": "20000.00"}
    assert _year(data, 2031) == {"year": 2031, "external": "18100.00", "municipal": "0.00"}
    klima = [r for r in data["by_field"] if r["field"] == "klima"]
    assert klima == [{"year": 2030, "field": "klima", "external": "75000.00", "municipal": "20000.00"}]


def test_a_second_plan_for_the_same_project_is_refused(seeded, clerk, auth_header):
    client, runtime = seeded
    _stage(runtime, "pf-two", "running")
    first = client.post("/api/finance/plans", headers=clerk, json=_plan("pf-two", 80000, 20000))
    assert first.status_code == 201
    second = client.post("/api/finance/plans", headers=clerk, json=_plan("pf-two", 70000, 30000))
    assert second.status_code == 409 and second.mimetype == "application/problem+json"
    assert "gibt es schon den Finanzierungsplan „Plan pf-two“" in second.json["detail"]
    assert "neue Version" in second.json["detail"]
    # a change is a new version of the one plan: counted once, with the new numbers
    new = client.post(f"/api/finance/plans/{first.json['id']}/versions", headers=clerk,
                      json={k: v for k, v in _plan("pf-two", 70000, 30000).items() if k in ("costs", "sources")})
    assert new.status_code == 201 and new.json["version"] == 2
    assert len(client.get("/api/finance/plans?project_id=pf-two", headers=clerk).json) == 1
    data = client.get("/api/finance/portfolio", headers=auth_header("viewer")).json
    assert _year(data, 2030)["municipal"] == "30000.00"


def test_ended_project_counts_only_with_a_grant(seeded, clerk, auth_header):
    client, runtime = seeded
    _stage(runtime, "pf-ended", "ended")
    assert client.post("/api/finance/plans", headers=clerk, json=_plan("pf-ended", 8000, 2000)).status_code == 201
    viewer = auth_header("viewer")
    assert _year(client.get("/api/finance/portfolio", headers=viewer).json, 2030)["municipal"] == "0.00"
    _grant(client, clerk, "pf-ended", "8000.00", "2030-01-01", "2030-12-31")
    data = client.get("/api/finance/portfolio", headers=viewer).json
    assert _year(data, 2030) == {"year": 2030, "external": "8000.00", "municipal": "2000.00"}
