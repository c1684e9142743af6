"""Grants with amendments and the append-only expense journal with storno and the cent-exact split."""

EXPENSE = {"project_id": "demo-stadtteilbuero-neugablonz", "receipt_number": "NG-2026-100",
           "booking_date": "2026-10-05", "payee": "Druckerei Holzer", "purpose": "Flyer Quartiersfest",
           "category": "material", "position": "3", "amount": "100.01"}


def test_grant_amendment_is_a_new_version_and_the_old_stays(seeded, clerk, outbox_types):
    client, runtime = seeded
    resp = client.post("/api/finance/grants", headers=clerk, json={
        "project_id": "p-9", "funder_id": "demo-freistaat-bayern", "amount": "12000.00",
        "period_start": "2026-01-01", "period_end": "2026-12-31", "reference": "StMAS-1"})
    assert resp.status_code == 201, resp.json
    grant_id = resp.json["id"]
    amended = client.post(f"/api/finance/grants/{grant_id}/amendments", headers=clerk,
                          json={"reason": "Verlängerung um ein Quartal", "period_end": "2027-03-31",
                                "amount": "15000.00"})
    assert amended.status_code == 201, amended.json
    assert amended.json["version"] == 2 and amended.json["amount"] == "15000.00"
    detail = client.get(f"/api/finance/grants/{grant_id}", headers=clerk).json
    assert [(v["version"], v["amount"], v["period_end"]) for v in detail["versions"]] == [
        (2, "15000.00", "2027-03-31"), (1, "12000.00", "2026-12-31")]
    assert outbox_types(runtime)[-2:] == ["finance.grant.awarded.v1", "finance.grant.amended.v1"]


def test_grant_bad_input(seeded, clerk):
    client, _ = seeded
    resp = client.post("/api/finance/grants", headers=clerk, json={
        "project_id": "p", "funder_id": "demo-bund", "amount": "-5", "period_start": "2026-13-01",
        "period_end": "2026-01-01"})
    assert resp.status_code == 422 and set(resp.json["errors"]) == {"amount", "period_start"}
    backwards = client.post("/api/finance/grants", headers=clerk, json={
        "project_id": "p", "funder_id": "demo-bund", "amount": "5", "period_start": "2027-01-01",
        "period_end": "2026-01-01"})
    assert backwards.status_code == 409 and "vor seinem Beginn" in backwards.json["detail"]
    unknown = client.post("/api/finance/grants", headers=clerk, json={
        "project_id": "p", "funder_id": "nope", "amount": "5", "period_start": "2026-01-01",
        "period_end": "2026-02-01"})
    assert unknown.status_code == 404
    assert client.post("/api/finance/grants/nope/amendments", headers=clerk,
                       json={"reason": "weil"}).status_code == 404


def test_expense_is_split_cent_exact_over_the_plan_funders(seeded, clerk, outbox_types):
    client, runtime = seeded
    resp = client.post("/api/finance/expenses", headers=clerk, json=EXPENSE)
    assert resp.status_code == 201, resp.json
    # 100.01 € at 50/40/10 → 50.005 / 40.004 / 10.001: the leftover cent goes to ESF Plus (largest remainder)
    assert resp.json["shares"] == {"demo-bund": "40.00", "demo-esf-plus": "50.01", "demo-stadt-kaufbeuren": "10.00"}
    assert outbox_types(runtime)[-1] == "finance.expense.booked.v1"


def test_journal_has_no_update_or_delete_and_corrections_are_reversals(seeded, clerk):
    client, _ = seeded
    entry = client.post("/api/finance/expenses", headers=clerk, json=EXPENSE).json
    assert client.put(f"/api/finance/expenses/{entry['id']}", headers=clerk, json=EXPENSE).status_code == 405
    assert client.delete(f"/api/finance/expenses/{entry['id']}", headers=clerk).status_code == 405
    resp = client.post(f"/api/finance/expenses/{entry['id']}/reversal", headers=clerk, json={
        "reason": "Betrag falsch erfasst", "correction": {**{k: v for k, v in EXPENSE.items() if k != "project_id"},
                                                          "amount": "110.00"}})
    assert resp.status_code == 201, resp.json
    reversal, correction = resp.json["reversal"], resp.json["correction"]
    assert reversal["reverses"] == entry["id"] and reversal["amount"] == "-100.01"
    assert reversal["shares"] == {k: "-" + v for k, v in entry["shares"].items()}
    assert correction["amount"] == "110.00" and correction["reverses"] is None
    again = client.post(f"/api/finance/expenses/{entry['id']}/reversal", headers=clerk, json={"reason": "nochmal"})
    assert again.status_code == 409 and "bereits storniert" in again.json["detail"]
    storno_of_storno = client.post(f"/api/finance/expenses/{reversal['id']}/reversal", headers=clerk,
                                   json={"reason": "zurück"})
    assert storno_of_storno.status_code == 409 and "Storno kann nicht storniert" in storno_of_storno.json["detail"]
    listing = client.get(f"/api/finance/expenses?q={EXPENSE['receipt_number']}", headers=clerk).json
    by_id = {r["id"]: r for r in listing}
    assert by_id[entry["id"]]["reversed"] is True and len(listing) == 3


def test_journal_filters(seeded, clerk, auth_header):
    client, _ = seeded
    viewer = auth_header("viewer")
    everything = client.get("/api/finance/expenses?page_size=100", headers=viewer)
    assert len(everything.json) == 7
    bosch = client.get("/api/finance/expenses?funder_id=demo-robert-bosch-stiftung", headers=viewer).json
    assert {r["project_id"] for r in bosch} == {"demo-juze-truck"}
    fees = client.get("/api/finance/expenses?category=fees&from=2026-09-01&to=2026-09-30", headers=viewer).json
    assert [r["receipt_number"] for r in fees] == ["NG-2026-003"]
    bad = client.get("/api/finance/expenses?category=bribes&from=gestern", headers=viewer)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"category", "from"}


def test_expense_refused_when_position_is_not_in_the_plan(seeded, clerk):
    client, _ = seeded
    resp = client.post("/api/finance/expenses", headers=clerk, json={**EXPENSE, "position": "99"})
    assert resp.status_code == 409 and "Planposition „99“" in resp.json["detail"]
    wrong_category = client.post("/api/finance/expenses", headers=clerk, json={**EXPENSE, "category": "personnel"})
    assert wrong_category.status_code == 409 and "gehört zur Kategorie" in wrong_category.json["detail"]
    no_plan = client.post("/api/finance/expenses", headers=clerk, json={**EXPENSE, "project_id": "ohne-plan"})
    assert no_plan.status_code == 409 and "keinen Finanzierungsplan" in no_plan.json["detail"]
    bad = client.post("/api/finance/expenses", headers=clerk, json={**EXPENSE, "amount": "0", "booking_date": "x"})
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"amount", "booking_date"}
    assert client.post("/api/finance/expenses", headers=clerk, json={**EXPENSE, "amount": 12.5}).status_code == 201


def test_journal_export_for_auditors_lists_bookings_stornos_and_shares(seeded, clerk, auth_header):
    client, _ = seeded
    client.post("/api/finance/expenses/demo-exp-4/reversal", headers=clerk, json={"reason": "falsche Kostenstelle"})
    resp = client.get("/api/finance/expenses/export?project_id=demo-stadtteilbuero-neugablonz",
                      headers=auth_header("viewer"))
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    lines = resp.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Belegnummer;Belegdatum;Projekt;Empfänger;Zweck;Kategorie;Planposition;Betrag (EUR)")
    assert lines[0].endswith("Anteil Bund (BMWSB) (EUR);Anteil Europäischer Sozialfonds Plus (EUR);"
                             "Anteil Stadt Kaufbeuren (EUR)")  # funders by name, never by id
    assert len(lines) == 1 + 5  # four bookings and one storno
    storno = next(line for line in lines if line.startswith("ST-NG-2026-004;"))
    assert ";Sachausgaben;3;-412,37;NG-2026-004;anna;" in storno and storno.endswith(";-164,95;-206,18;-41,24")
    assert "demo-" not in resp.data.decode("utf-8-sig")
    bad = client.get("/api/finance/expenses/export?from=gestern", headers=clerk)
    assert bad.status_code == 422 and "from" in bad.json["errors"]
