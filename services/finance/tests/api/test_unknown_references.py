"""What the fuzzer found (#19): a reference or an id the request names that does not fit is a German problem+json
that names the field and writes nothing, never a 500; and a grant's project title is documented as it comes."""

from types import SimpleNamespace

import pytest

from finance.service_layer.projects import on_project_event

FUNDS = "/api/finance/action-funds"


def test_an_action_fund_for_a_body_finance_never_heard_of_is_a_422_on_body_id_and_nothing_is_written(seeded, clerk):
    client, _ = seeded
    before = client.get(FUNDS, headers=clerk).json
    resp = client.post(FUNDS, headers=clerk, json={"body_id": "5", "year": 2000, "budget": "707845666"})
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    assert resp.json["errors"] == {"body_id": ["Das Gremium „5“ ist in der Finanzverwaltung nicht bekannt. Bitte ein "
                                               "Gremium wählen, das die Bürgerbeteiligung angelegt hat."]}
    assert client.get(FUNDS, headers=clerk).json == before


def test_a_body_participation_announced_gets_its_first_fund_through_the_api(seeded, clerk):
    client, runtime = seeded
    from finance.service_layer.bodies import on_body_event

    with runtime.uow() as uow:
        on_body_event(uow, SimpleNamespace(data={"body_id": "b-neu", "name": "Jugendforum", "body_type": "forum"},
                                           sequence=1, source="/services/participation", id="e", type="t"))
        uow.commit()
    resp = client.post(FUNDS, headers=clerk, json={"body_id": "b-neu", "year": 2027, "budget": "5000.00"})
    assert resp.status_code == 201, resp.json


def test_an_action_fund_id_that_is_taken_is_a_409_and_the_fund_stays_as_it_was(seeded, clerk):
    client, _ = seeded
    taken = "demo-aktionsfonds-2026"
    resp = client.post(FUNDS, headers=clerk, json={"id": taken, "body_id": "demo-begleitausschuss", "year": 2031,
                                                   "budget": "1.00"})
    assert resp.status_code == 409 and resp.mimetype == "application/problem+json"
    assert "Kennung „demo-aktionsfonds-2026“ gibt es schon" in resp.json["detail"]
    fund = client.get(f"{FUNDS}/{taken}", headers=clerk).json
    assert (fund["year"], fund["budget"]) == (2026, "26000.00")
    assert client.get(f"{FUNDS}?year=2031", headers=clerk).json == []


def test_a_drawdown_id_that_is_taken_is_a_409(seeded, clerk):
    client, _ = seeded
    resp = client.post("/api/finance/drawdowns", headers=clerk, json={
        "id": "demo-drawdown-esf-1", "grant_id": "demo-grant-neugablonz-esf", "period_start": "2026-10-01",
        "period_end": "2026-12-31", "due_date": "2026-12-20", "amount": "1.00"})
    assert resp.status_code == 409 and "Mittelabruf mit der Kennung" in resp.json["detail"], resp.json
    assert client.get("/api/finance/drawdowns/demo-drawdown-esf-1", headers=clerk).json["amount"] == "20000.00"


@pytest.mark.parametrize("role", ["finance.clerk", "finance.approver", "viewer"])
def test_a_grants_project_title_is_null_until_programmes_announces_the_project_and_the_schema_says_so(
        seeded, auth_header, role):
    client, runtime = seeded
    headers = auth_header(role, user="leser")
    document = client.get("/openapi.json").json
    title = document["components"]["schemas"]["GrantListOut"]["properties"]["project_title"]
    assert title["type"] == "string" and title["nullable"] is True
    grants = {g["id"]: g for g in client.get("/api/finance/grants", headers=headers).json}
    assert grants["demo-grant-mobikids-bayern"]["project_title"] is None
    with runtime.uow() as uow:
        on_project_event(uow, SimpleNamespace(data={"project_id": "demo-mobikids", "title": "Mobikids",
                                                    "stage": "funded"}, sequence=1))
        uow.commit()
    grants = {g["id"]: g for g in client.get("/api/finance/grants", headers=headers).json}
    assert grants["demo-grant-mobikids-bayern"]["project_title"] == "Mobikids"
    assert client.get("/api/finance/grants/demo-grant-mobikids-bayern",
                      headers=headers).json["project_title"] == "Mobikids"
