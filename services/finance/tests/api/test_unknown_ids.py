"""Every item endpoint answers an unknown id with a German 404 problem+json."""

import pytest


@pytest.mark.parametrize("method, path, body, says", [
    ("get", "/api/finance/funders/nope", None, "Fördermittelgeber „nope“ gibt es nicht"),
    ("get", "/api/finance/plans/nope", None, "Finanzierungsplan „nope“ gibt es nicht"),
    ("get", "/api/finance/grants/nope", None, "Bewilligung „nope“ gibt es nicht"),
    ("post", "/api/finance/grants/nope/amendments", {"reason": "Verlängerung"}, "Bewilligung „nope“"),
    ("get", "/api/finance/expenses/nope", None, "Buchung „nope“ gibt es nicht"),
    ("post", "/api/finance/expenses/nope/reversal", {"reason": "falsch"}, "Buchung „nope“"),
    ("get", "/api/finance/drawdowns/nope", None, "Mittelabruf „nope“ gibt es nicht"),
    ("post", "/api/finance/drawdowns/nope/approval", None, "Mittelabruf „nope“"),
    ("post", "/api/finance/drawdowns/nope/submission", None, "Mittelabruf „nope“"),
    ("post", "/api/finance/drawdowns/nope/receipt", None, "Mittelabruf „nope“"),
    ("get", "/api/finance/action-funds/nope", None, "Aktionsfonds „nope“ gibt es nicht"),
    ("get", "/api/finance/proofs/nope/demo-bund", None, "keinen Finanzierungsplan"),
    ("get", "/api/finance/proofs/demo-juze-truck/nope.csv", None, "Fördermittelgeber „nope“"),
    ("post", "/api/finance/proofs/submissions", {"project_id": "p", "funder_id": "nope", "kind": "final"},
     "Fördermittelgeber „nope“"),
])
def test_unknown_id_is_a_german_404(seeded, auth_header, method, path, body, says):
    client, _ = seeded
    headers = auth_header("finance.clerk", "finance.approver", user="anna")
    resp = getattr(client, method)(path, headers=headers, json=body)
    assert resp.status_code == 404, resp.json
    assert resp.mimetype == "application/problem+json" and resp.json["title"] == "Nicht gefunden"
    assert says in resp.json["detail"]
