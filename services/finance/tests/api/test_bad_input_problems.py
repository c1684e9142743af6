"""Bad input on the write endpoints the first audit left untested: problem+json with German field errors."""

import pytest

COSTS = [{"position": "1", "category": "personnel", "year": 2027, "amount": "1000.00"}]
SOURCES = [{"funder_id": "demo-stadt-kaufbeuren", "year": 2027, "amount": "1000.00"}]


def _problem(resp, status=422):
    assert resp.status_code == status, resp.json
    assert resp.mimetype == "application/problem+json"
    assert resp.json["status"] == status and resp.json["title"]
    return resp.json.get("errors", {})


def test_patch_funder_bad_input(seeded, clerk):
    client, _ = seeded
    etag = client.get("/api/finance/funders/demo-bund", headers=clerk).headers["ETag"]
    errors = _problem(client.patch("/api/finance/funders/demo-bund", headers={**clerk, "If-Match": etag}, json={
        "name": "B", "type": "lottery", "public": "vielleicht", "rules": {"max_rate": "1.5", "need_rule_weeks": 99,
                                                                          "interim_due": "13-45"}, "farbe": "rot"}))
    assert errors["name"] == ["Länge muss zwischen 2 und 200 Zeichen liegen."]
    assert errors["type"][0].startswith("Muss einer der Werte sein")
    assert errors["public"] == ["Kein gültiger Wahrheitswert."]
    assert errors["farbe"] == ["Unbekanntes Feld."]
    assert set(errors["rules"]) == {"max_rate", "need_rule_weeks", "interim_due"}
    assert errors["rules"]["need_rule_weeks"] == ["Muss zwischen 1 und 52 liegen."]
    assert errors["rules"]["interim_due"] == ["Ungültiges Format: MM-TT, z. B. 04-30."]
    assert errors["rules"]["max_rate"] == ["Darf höchstens 1 sein."]
    # nothing was changed: the same ETag still fits
    assert client.get("/api/finance/funders/demo-bund", headers=clerk).headers["ETag"] == etag
    not_json = client.patch("/api/finance/funders/demo-bund", headers={**clerk, "If-Match": etag}, data="{",
                            content_type="application/json")
    assert not_json.status_code in (400, 422) and not_json.mimetype == "application/problem+json"


def test_grant_amendment_bad_input(seeded, clerk):
    client, _ = seeded
    url = "/api/finance/grants/demo-grant-mobikids-bayern/amendments"
    errors = _problem(client.post(url, headers=clerk, json={"amount": "-3", "period_end": "2027-02-30",
                                                            "reference": "x" * 121, "grund": "?"}))
    assert errors["reason"] == ["Pflichtfeld fehlt."]
    assert set(errors) == {"reason", "amount", "period_end", "reference", "grund"}
    assert errors["period_end"] == ["Kein gültiges Datum (JJJJ-MM-TT)."]
    assert errors["grund"] == ["Unbekanntes Feld."]
    assert errors["reference"] == ["Höchstens 120 Zeichen."] and errors["amount"] == ["Muss größer als 0 sein."]
    short = _problem(client.post(url, headers=clerk, json={"reason": "x", "amount": 1.005}))
    assert set(short) == {"reason", "amount"}  # never rounded through a binary float: 1.005 is not 1.00 or 1.01
    assert short["amount"] == ['Höchstens zwei Nachkommastellen (Cent), z. B. "1234.50".']
    cents = _problem(client.post(url, headers=clerk, json={"reason": "Kürzung", "amount": "17000.001"}))
    assert cents == {"amount": ['Höchstens zwei Nachkommastellen (Cent), z. B. "1234.50".']}
    backwards = client.post(url, headers=clerk, json={"reason": "Verkürzung", "period_end": "2025-01-01"})
    _problem(backwards, 409)
    assert "vor seinem Beginn" in backwards.json["detail"]


def test_reversal_bad_input(seeded, clerk):
    client, _ = seeded
    url = "/api/finance/expenses/demo-exp-1/reversal"
    errors = _problem(client.post(url, headers=clerk, json={"reason": "", "correction": {
        "receipt_number": "", "booking_date": "gestern", "payee": "P", "purpose": "Z", "category": "bribes",
        "position": "1", "amount": "0"}}))
    assert set(errors) == {"reason", "correction"}
    assert set(errors["correction"]) == {"receipt_number", "booking_date", "category", "amount"}
    assert errors["correction"]["booking_date"] == ["Kein gültiges Datum (JJJJ-MM-TT)."]
    missing = _problem(client.post(url, headers=clerk, json={}))
    assert missing == {"reason": ["Pflichtfeld fehlt."]}
    bad_type = _problem(client.post(url, headers=clerk, json={"reason": "Tippfehler", "correction": "neu"}))
    assert set(bad_type) == {"correction"}
    # still not reversed: a proper storno goes through afterwards
    assert client.post(url, headers=clerk, json={"reason": "Doppelt erfasst"}).status_code == 201


@pytest.mark.parametrize("path", ["/api/finance/plans/demo-plan-mobikids/versions", "/api/finance/plans/check"])
def test_plan_version_and_check_bad_input(seeded, clerk, path):
    client, _ = seeded
    errors = _problem(client.post(path, headers=clerk, json={
        "costs": [{"position": "", "category": "bribes", "year": 1999, "amount": "abc"}],
        "sources": [{"funder_id": "demo-bund", "year": "zwei", "amount": "-1", "position": ""}],
        "own_means_available": "-5"}))
    assert set(errors) == {"costs", "sources", "own_means_available"}
    assert set(errors["costs"]["0"]) == {"position", "category", "year", "amount"}
    assert set(errors["sources"]["0"]) == {"year", "amount", "position"}
    assert errors["costs"]["0"]["category"][0].startswith("Muss einer der Werte sein")
    assert errors["sources"]["0"]["year"] == ["Keine gültige ganze Zahl."]
    assert errors["costs"]["0"]["year"] == ["Muss zwischen 2000 und 2100 liegen."]
    assert errors["costs"]["0"]["amount"] == ["Keine gültige Zahl."]
    empty = _problem(client.post(path, headers=clerk, json={"costs": [], "sources": SOURCES}))
    assert empty == {"costs": ["Länge muss zwischen 1 und 5000 Zeilen liegen."]}
    missing = _problem(client.post(path, headers=clerk, json={}))
    assert missing["costs"] == ["Pflichtfeld fehlt."] and missing["sources"] == ["Pflichtfeld fehlt."]
    floats = _problem(client.post(path, headers=clerk, json={"costs": [{**COSTS[0], "amount": 1000.005}],
                                                             "sources": SOURCES}))
    assert set(floats["costs"]["0"]) == {"amount"}
    huge = _problem(client.post(path, headers=clerk, json={"costs": COSTS * 2, "sources": SOURCES, "x": 1}))
    assert huge == {"x": ["Unbekanntes Feld."]}
