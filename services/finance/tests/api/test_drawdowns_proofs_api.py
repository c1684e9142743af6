"""Drawdowns with the server-enforced four-eyes principle; proof of use per funder as JSON, CSV and PDF."""

import io
from datetime import date, timedelta

from pypdf import PdfReader


def _drawdown(client, headers, **overrides):
    body = {"grant_id": "demo-grant-neugablonz-esf", "period_start": "2026-10-01", "period_end": "2026-12-31",
            "due_date": (date.today() + timedelta(weeks=2)).isoformat(), "amount": "5000.00", **overrides}
    return client.post("/api/finance/drawdowns", headers=headers, json=body)


def test_creator_cannot_approve_own_drawdown_and_the_refusal_is_audited(seeded, auth_header, outbox_types):
    client, runtime = seeded
    both = auth_header("finance.clerk", "finance.approver", user="anna")
    created = _drawdown(client, both)
    assert created.status_code == 201 and created.json["status"] == "draft"
    resp = client.post(f"/api/finance/drawdowns/{created.json['id']}/approval", headers=both)
    assert resp.status_code == 403 and resp.mimetype == "application/problem+json"
    assert "Vier-Augen-Prinzip" in resp.json["detail"]
    trail = client.get(f"/api/finance/audit/drawdown/{created.json['id']}", headers=both).json
    assert [(a["action"], a["actor"]["id"]) for a in trail] == [("created", "anna"), ("approval_refused", "anna")]
    assert "finance.drawdown.approved.v1" not in outbox_types(runtime)
    ok = client.post(f"/api/finance/drawdowns/{created.json['id']}/approval",
                     headers=auth_header("finance.approver", user="bernd"))
    assert ok.status_code == 200 and ok.json["status"] == "approved"
    assert ok.json["approved_by"] == {"id": "bernd", "name": "bernd"}
    assert outbox_types(runtime)[-1] == "finance.drawdown.approved.v1"


def test_drawdown_goes_draft_approved_submitted_received(seeded, clerk, approver):
    client, _ = seeded
    dd = "demo-drawdown-esf-1"  # the seed's request waiting for approval
    assert client.get("/api/finance/drawdowns?status=draft", headers=clerk).json[0]["id"] == dd
    early = client.post(f"/api/finance/drawdowns/{dd}/submission", headers=clerk)
    assert early.status_code == 409 and "Entwurf" in early.json["detail"]
    assert client.post(f"/api/finance/drawdowns/{dd}/approval", headers=approver).json["status"] == "approved"
    assert client.post(f"/api/finance/drawdowns/{dd}/submission", headers=clerk).json["status"] == "submitted"
    assert client.post(f"/api/finance/drawdowns/{dd}/receipt", headers=clerk).json["status"] == "received"
    assert client.post(f"/api/finance/drawdowns/{dd}/approval", headers=clerk).status_code == 403  # role


def test_need_rule_and_grant_limit(seeded, clerk):
    client, _ = seeded
    late = _drawdown(client, clerk, due_date=(date.today() + timedelta(weeks=10)).isoformat())
    assert late.status_code == 409 and "Bedarfsprinzip" in late.json["detail"]
    too_much = _drawdown(client, clerk, amount="170000.00")
    assert too_much.status_code == 409 and "übersteigt die bewilligten Mittel" in too_much.json["detail"]
    bad = _drawdown(client, clerk, amount="abc", grant_id=None)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"amount", "grant_id"}
    assert _drawdown(client, clerk, grant_id="nope").status_code == 404
    assert client.get("/api/finance/drawdowns/nope", headers=clerk).status_code == 404


def test_one_expense_appears_in_every_funders_proof_with_that_funders_share(seeded, clerk):
    client, _ = seeded
    shares = {}
    for funder in ("demo-esf-plus", "demo-bund", "demo-stadt-kaufbeuren"):
        resp = client.get(f"/api/finance/proofs/demo-stadtteilbuero-neugablonz/{funder}", headers=clerk)
        assert resp.status_code == 200, resp.json
        line = next(r for r in resp.json["receipts"] if r["receipt_number"] == "NG-2026-003")
        assert line["amount"] == "2350.50"
        shares[funder] = line["share"]
    assert shares == {"demo-esf-plus": "1175.25", "demo-bund": "940.20", "demo-stadt-kaufbeuren": "235.05"}


def test_proof_numbers_flag_deviations_and_receipts_follow_plan_order(seeded, clerk):
    client, _ = seeded
    report = client.get("/api/finance/proofs/demo-stadtteilbuero-neugablonz/demo-esf-plus?kind=interim&year=2026",
                        headers=clerk).json
    assert report["kind_name"] == "Zwischennachweis" and {n["year"] for n in report["numbers"]} == {2026}
    personnel = next(n for n in report["numbers"] if n["category"] == "personnel")
    assert personnel["planned"] == "24000.00" and personnel["actual"] == "7800.00" and personnel["flagged"] is True
    assert [r["position"] for r in report["receipts"]] == ["1", "1", "2", "3"]


def test_proof_csv_has_numbers_receipts_and_publicity_notice(seeded, clerk):
    client, _ = seeded
    resp = client.get("/api/finance/proofs/demo-stadtteilbuero-neugablonz/demo-bund.csv", headers=clerk)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    text = resp.data.decode("utf-8-sig")
    assert "Förderhinweis;" in text and "BIWAQ" in text
    assert "Personalausgaben;2026;19200,00;6240,00;-67,5 %;ja" in text
    assert "Pos. Finanzierungsplan;Tag der Zahlung;Empfänger" in text  # the federal layout
    assert "3;20.09.2026;Bürobedarf Müller;Büromaterial Stadtteilbüro;412,37;164,95" in text


def test_one_booking_appears_in_each_funders_own_csv_format(seeded, clerk):
    client, _ = seeded
    url = "/api/finance/proofs/demo-stadtteilbuero-neugablonz/{}.csv"
    esf = client.get(url.format("demo-esf-plus"), headers=clerk).data.decode("utf-8-sig")
    assert "Lfd. Nr.;Kostenposition;Belegnummer;Belegdatum;Zahlungsempfänger" in esf
    assert "4;3;NG-2026-004;2026-09-20;Bürobedarf Müller;Büromaterial Stadtteilbüro;412,37;412,37;206,18" in esf
    city = client.get(url.format("demo-stadt-kaufbeuren"), headers=clerk).data.decode("utf-8-sig")
    assert "Position;Beleg;Datum;Empfänger;Zweck;Betrag gesamt (EUR);Anteil Stadt (EUR)" in city
    assert "3;NG-2026-004;20.09.2026;Bürobedarf Müller;Büromaterial Stadtteilbüro;412,37;41,24" in city


def test_proof_pdf_text_contains_euro_amounts_and_umlauts(seeded, clerk):
    client, _ = seeded
    resp = client.get("/api/finance/proofs/demo-juze-truck/demo-robert-bosch-stiftung.pdf", headers=clerk)
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(resp.data)).pages)
    assert "Verwendungsnachweis" in text and "Robert-Bosch-Stiftung" in text
    assert "Zahlenmäßiger Nachweis" in text and "Belegliste" in text
    assert "Gefördert von der Robert Bosch Stiftung." in text
    assert "4.080,00 €" in text  # Bosch's 80 % share of the 5,100 € personnel receipt
    assert "Autohaus Wertach" in text


def test_proof_errors(seeded, clerk):
    client, _ = seeded
    not_funding = client.get("/api/finance/proofs/demo-juze-truck/demo-esf-plus", headers=clerk)
    assert not_funding.status_code == 404 and "finanziert dieses Projekt laut Plan nicht" in not_funding.json["detail"]
    assert client.get("/api/finance/proofs/none/demo-esf-plus", headers=clerk).status_code == 404
    bad = client.get("/api/finance/proofs/demo-juze-truck/demo-eigenmittel?kind=interim", headers=clerk)
    assert bad.status_code == 422 and "Haushaltsjahr" in str(bad.json["errors"])


def test_cost_basis_funder_drawdown_is_limited_to_booked_costs(seeded, clerk):
    client, _ = seeded
    etag = client.get("/api/finance/funders/demo-freistaat-bayern", headers=clerk).headers["ETag"]
    client.patch("/api/finance/funders/demo-freistaat-bayern", headers={**clerk, "If-Match": etag},
                 json={"rules": {"max_rate": "0.80", "basis": "cost"}})
    body = {"grant_id": "demo-grant-mobikids-bayern", "period_start": "2026-04-01", "period_end": "2026-06-30",
            "due_date": date.today().isoformat()}
    # one receipt in Q2 2026: 980 € of which the Freistaat carries 70 % = 686 €
    too_much = client.post("/api/finance/drawdowns", headers=clerk, json={**body, "amount": "700.00"})
    assert too_much.status_code == 409 and "Kostenbasis" in too_much.json["detail"]
    assert "abrufbar sind höchstens 686,00 €" in too_much.json["detail"]
    assert client.post("/api/finance/drawdowns", headers=clerk, json={**body, "amount": "686.00"}).status_code == 201
    again = client.post("/api/finance/drawdowns", headers=clerk, json={**body, "amount": "1.00"})
    assert again.status_code == 409


def test_funder_reports_together_account_for_every_cent_of_the_journal(seeded, clerk):
    client, _ = seeded
    project = "demo-stadtteilbuero-neugablonz"
    journal = client.get(f"/api/finance/expenses?project_id={project}&page_size=100", headers=clerk).json
    reports = [client.get(f"/api/finance/proofs/{project}/{f}", headers=clerk).json
               for f in ("demo-esf-plus", "demo-bund", "demo-stadt-kaufbeuren")]
    from decimal import Decimal

    assert sum(Decimal(r["actual_total"]) for r in reports) == sum(Decimal(e["amount"]) for e in journal)
    for entry in journal:
        shares = [Decimal(line["share"]) for r in reports for line in r["receipts"] if line["entry_id"] == entry["id"]]
        assert len(shares) == 3 and sum(shares) == Decimal(entry["amount"])


def test_pdf_falls_back_to_a_core_font_with_eur_when_dejavu_is_missing(seeded, clerk, monkeypatch, tmp_path):
    from finance.reports import export

    monkeypatch.setattr(export, "DEJAVU", tmp_path / "missing.ttf")
    client, _ = seeded
    resp = client.get("/api/finance/proofs/demo-mobikids/demo-freistaat-bayern.pdf", headers=clerk)
    assert resp.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(resp.data)).pages)
    assert "686,00 EUR" in text and "€" not in text
