"""Checks the audit found missing: drawdown period within the grant period, the need rule again at approval and
submission, receipt numbers unique per project (a storno frees the number for the correction)."""

from datetime import date, timedelta

EXPENSE = {"project_id": "demo-stadtteilbuero-neugablonz", "receipt_number": "NG-2026-200",
           "booking_date": "2026-10-05", "payee": "Druckerei Holzer", "purpose": "Plakate",
           "category": "material", "position": "3", "amount": "250.00"}


def _drawdown(client, headers, **overrides):
    body = {"grant_id": "demo-grant-neugablonz-esf", "period_start": "2026-10-01", "period_end": "2026-12-31",
            "due_date": (date.today() + timedelta(weeks=5)).isoformat(), "amount": "5000.00", **overrides}
    return client.post("/api/finance/drawdowns", headers=headers, json=body)


def _tighten_need_rule(client, clerk, weeks=2):
    current = client.get("/api/finance/funders/demo-esf-plus", headers=clerk)
    rules = {**current.json["rules"], "need_rule_weeks": weeks}
    resp = client.patch("/api/finance/funders/demo-esf-plus", headers={**clerk, "If-Match": current.headers["ETag"]},
                        json={"rules": rules})
    assert resp.status_code == 200, resp.json


def test_drawdown_period_must_lie_within_the_grant_period(seeded, clerk):
    client, _ = seeded
    for start, end in (("2026-06-01", "2026-07-31"), ("2028-09-01", "2028-10-31"), ("2025-01-01", "2029-12-31")):
        resp = _drawdown(client, clerk, period_start=start, period_end=end)
        assert resp.status_code == 409 and resp.mimetype == "application/problem+json"
        assert "liegt nicht im Bewilligungszeitraum 01.07.2026 bis 30.09.2028" in resp.json["detail"]
    assert _drawdown(client, clerk, period_start="2026-07-01", period_end="2028-09-30").status_code == 201


def test_need_rule_is_checked_again_at_approval(seeded, clerk, approver):
    client, _ = seeded
    created = _drawdown(client, clerk)  # due in 5 weeks: fine under the 6-week rule
    assert created.status_code == 201
    _tighten_need_rule(client, clerk)  # the funder now allows 2 weeks only
    resp = client.post(f"/api/finance/drawdowns/{created.json['id']}/approval", headers=approver)
    assert resp.status_code == 409 and resp.mimetype == "application/problem+json"
    assert resp.json["detail"].startswith("Freigabe nicht möglich, das Bedarfsprinzip wurde erneut geprüft: "
                                          "Bedarfsprinzip: Mittel dürfen nur für Zahlungen abgerufen werden, die "
                                          "innerhalb von 2 Wochen fällig werden")
    assert client.get(f"/api/finance/drawdowns/{created.json['id']}", headers=clerk).json["status"] == "draft"


def test_need_rule_is_checked_again_at_submission(seeded, clerk, approver):
    client, _ = seeded
    created = _drawdown(client, clerk)
    assert client.post(f"/api/finance/drawdowns/{created.json['id']}/approval", headers=approver).status_code == 200
    _tighten_need_rule(client, clerk)
    resp = client.post(f"/api/finance/drawdowns/{created.json['id']}/submission", headers=clerk)
    assert resp.status_code == 409
    assert resp.json["detail"].startswith("Einreichung nicht möglich, das Bedarfsprinzip wurde erneut geprüft:")
    assert client.get(f"/api/finance/drawdowns/{created.json['id']}", headers=clerk).json["status"] == "approved"
    _tighten_need_rule(client, clerk, weeks=8)
    ok = client.post(f"/api/finance/drawdowns/{created.json['id']}/submission", headers=clerk)
    assert ok.status_code == 200 and ok.json["status"] == "submitted"


def test_receipt_number_is_unique_per_project_and_a_storno_frees_it_for_the_correction(seeded, clerk):
    client, _ = seeded
    first = client.post("/api/finance/expenses", headers=clerk, json=EXPENSE)
    assert first.status_code == 201
    again = client.post("/api/finance/expenses", headers=clerk, json={**EXPENSE, "amount": "260.00"})
    assert again.status_code == 409 and again.mimetype == "application/problem+json"
    assert again.json["detail"] == (
        "Die Belegnummer „NG-2026-200“ ist in diesem Projekt schon gebucht (Buchung vom 05.10.2026). Eine "
        "Belegnummer gilt je Projekt nur einmal; zum Korrigieren stornieren Sie die Buchung, danach darf die "
        "Korrektur dieselbe Nummer tragen.")
    # GoBD correction: storno + new booking with the same receipt number, in one step
    fixed = client.post(f"/api/finance/expenses/{first.json['id']}/reversal", headers=clerk, json={
        "reason": "Betrag falsch", "correction": {**{k: v for k, v in EXPENSE.items() if k != "project_id"},
                                                  "amount": "260.00"}})
    assert fixed.status_code == 201, fixed.json
    assert fixed.json["correction"]["receipt_number"] == "NG-2026-200"
    assert fixed.json["reversal"]["receipt_number"] == "ST-NG-2026-200"
    # the correction now stands: the number is taken again
    assert client.post("/api/finance/expenses", headers=clerk, json=EXPENSE).status_code == 409
    # a storno alone frees it too (the corrected expense booked later)
    storno = client.post(f"/api/finance/expenses/{fixed.json['correction']['id']}/reversal", headers=clerk,
                         json={"reason": "falscher Betrag"})
    assert storno.status_code == 201
    assert client.post("/api/finance/expenses", headers=clerk, json={**EXPENSE, "amount": "255.00"}).status_code == 201
    # another project may use the same number (its own receipts)
    other = client.post("/api/finance/expenses", headers=clerk, json={
        **EXPENSE, "project_id": "demo-juze-truck", "position": "2", "booking_date": "2026-05-02"})
    assert other.status_code == 201
