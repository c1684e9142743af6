"""Booking is checked before it is saved (plan position and funder share; the funder's rule decides warning or
refusal), future receipts and duplicate receipt numbers are refused at their field, plan against actual adds up
on a known plan, actors come back by name, and downloads are named by the thing."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from finance.adapters.orm import funder_rules, journal_entry
from finance.service_layer import funders
from servicekit.demo import FINANCE_CLERK


@pytest.fixture
def anna(auth_header):
    return auth_header("finance.clerk", user="anna", name="Anna Amann")


@pytest.fixture
def bernd(auth_header):
    return auth_header("finance.approver", user="bernd", name="Bernd Berger")


def html(headers):
    return {**headers, "Accept": "text/html"}


def csrf(text):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text).group(1)


def tolerance(runtime, funder_id, value):
    """Give the funder the rule ``position_overrun_tolerance`` (a new rules version)."""
    with runtime.engine.connect() as conn:
        rules = conn.execute(select(funder_rules.c.rules).where(funder_rules.c.funder_id == funder_id)
                             .order_by(funder_rules.c.version.desc())).scalar()
    funders.update_funder(runtime.uow(), funder_id, actor="t", rules={**rules, "position_overrun_tolerance": value})


def expense(amount, receipt="JT-2026-100", day="2026-06-01", position="2"):
    return {"project_id": "demo-juze-truck", "receipt_number": receipt, "booking_date": day, "payee": "Autohaus",
            "purpose": "Reparatur", "category": "material", "position": position, "amount": amount}


def bookings(runtime):
    with runtime.engine.connect() as conn:
        return conn.execute(select(journal_entry.c.receipt_number)).scalars().all()


# Juze-Truck's plan: position 2 "Betrieb des Trucks" (Sachausgaben) 9.000,00 € in 2026, 1.287,45 € booked.

def test_an_overrun_within_the_funders_tolerance_warns_and_beyond_it_is_refused(seeded, anna):
    client, runtime = seeded
    tolerance(runtime, "demo-robert-bosch-stiftung", "0.20")
    within = client.post("/api/finance/expenses", headers=anna, json=expense("8000.00"))
    assert within.status_code == 201
    assert within.json["warnings"][0].startswith("Position 2 „Betrieb des Trucks“ ist im Jahr 2026 mit 9.000,00 € "
                                                 "geplant, gebucht sind 1.287,45 €; mit dieser Ausgabe wären es "
                                                 "9.287,45 €, 287,45 € (3,2 %) über dem Ansatz.")
    assert "Bosch-Stiftung lässt bis zu 20 % Überschreitung einer Position zu" in within.json["warnings"][1]
    beyond = client.post("/api/finance/expenses", headers=anna, json=expense("2000.00", receipt="JT-2026-101"))
    assert beyond.status_code == 409 and beyond.mimetype == "application/problem+json"
    assert "lässt höchstens 20 % Überschreitung einer Position zu" in beyond.json["errors"]["amount"][1]
    assert "JT-2026-101" not in bookings(runtime)  # nothing half-written


def test_the_demos_freistaat_allows_twenty_percent_over_a_position_and_refuses_beyond(seeded, anna):
    """The demo shows both outcomes: the Freistaat Bayern co-finances Mobikids with the ANBest-P rule (20 %).
    Mobikids' position 2 "Material" is planned with 8.000,00 € in 2026, nothing booked yet."""
    client, _ = seeded
    rules = client.get("/api/finance/funders/demo-freistaat-bayern", headers=anna).json["rules"]
    assert Decimal(rules["position_overrun_tolerance"]) == Decimal("0.20")
    mobikids = {"project_id": "demo-mobikids", "booking_date": "2026-06-10", "payee": "Spiellandschaft Allgäu",
                "purpose": "Spielgeräte", "category": "material", "position": "2"}
    within = client.post("/api/finance/expenses/check", headers=anna,
                         json={**mobikids, "receipt_number": "MK-2026-100", "amount": "9000.00"})
    assert within.json["bookable"] is True
    assert "Freistaat lässt bis zu 20 % Überschreitung einer Position zu" in str(within.json["warnings"])
    beyond = client.post("/api/finance/expenses/check", headers=anna,
                         json={**mobikids, "receipt_number": "MK-2026-101", "amount": "9700.00"})
    assert beyond.json["bookable"] is False
    assert "Freistaat lässt höchstens 20 % Überschreitung einer Position zu" in str(beyond.json["refusals"])


def test_without_the_rule_an_overrun_only_warns(seeded, anna):
    client, _ = seeded
    resp = client.post("/api/finance/expenses", headers=anna, json=expense("20000.00"))
    assert resp.status_code == 201 and "über dem Ansatz" in resp.json["warnings"][0]
    check = client.post("/api/finance/expenses/check", headers=anna, json=expense("10.00", receipt="JT-2026-200"))
    assert check.status_code == 200 and check.json["bookable"] is True
    assert check.json["warnings"][0]["field"] == "amount"
    assert "Den Mehrbetrag trägt die Stadt" not in str(check.json)  # the grant still has room


def test_the_check_endpoint_reports_before_booking_and_books_nothing(seeded, anna):
    client, runtime = seeded
    tolerance(runtime, "demo-robert-bosch-stiftung", "0.20")
    refused = client.post("/api/finance/expenses/check", headers=anna, json=expense("10000.00"))
    assert refused.status_code == 200 and refused.json["bookable"] is False
    assert refused.json["refusals"][0]["field"] == "amount"
    assert refused.json["shares"] == {"demo-eigenmittel": "2000.00", "demo-robert-bosch-stiftung": "8000.00"}
    dup = client.post("/api/finance/expenses/check", headers=anna, json=expense("10.00", receipt="JT-2026-001"))
    assert dup.json["refusals"][0]["field"] == "receipt_number"
    assert "JT-2026-100" not in bookings(runtime)


def test_a_receipt_dated_in_the_future_is_refused_with_a_german_field_error(seeded, anna):
    client, runtime = seeded
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    resp = client.post("/api/finance/expenses", headers=anna, json=expense("10.00", day=tomorrow))
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    assert resp.json["errors"]["booking_date"][0].startswith("Das Belegdatum ")
    assert "liegt in der Zukunft" in resp.json["errors"]["booking_date"][0]
    page = client.get("/intern/finance/journal", headers=html(anna))
    ui = client.post("/intern/finance/journal", headers=html(anna), data={
        **expense("10,00", day=tomorrow), "position": "demo-juze-truck|2", "csrf_token": csrf(page.text)})
    error = re.search(r'<p class="error" id="booking_date-err">([^<]+)</p>', ui.text).group(1)
    assert "liegt in der Zukunft" in error and 'aria-describedby="booking_date-err"' in ui.text
    assert "JT-2026-100" not in bookings(runtime)


def test_a_duplicate_receipt_number_is_reported_on_its_field(seeded, anna):
    client, _ = seeded
    api = client.post("/api/finance/expenses", headers=anna, json=expense("10.00", receipt="JT-2026-001"))
    assert api.status_code == 409 and "schon gebucht" in api.json["errors"]["receipt_number"][0]
    page = client.get("/intern/finance/journal", headers=html(anna))
    ui = client.post("/intern/finance/journal", headers=html(anna), data={
        **expense("10,00", receipt="JT-2026-001"), "position": "demo-juze-truck|2", "csrf_token": csrf(page.text)})
    error = re.search(r'<p class="error" id="receipt_number-err">([^<]+)</p>', ui.text).group(1)
    assert "Die Belegnummer „JT-2026-001“ ist in diesem Projekt schon gebucht" in error
    assert 'aria-describedby="receipt_number-err"' in ui.text and 'value="JT-2026-001"' in ui.text
    assert 'flash-error' not in ui.text  # at the field, not as a page-level message


def test_the_journal_form_warns_and_asks_before_it_books_an_overrun(seeded, anna):
    client, runtime = seeded
    page = client.get("/intern/finance/journal", headers=html(anna))
    form = {**expense("9.000,00"), "position": "demo-juze-truck|2", "csrf_token": csrf(page.text)}
    asked = client.post("/intern/finance/journal", headers=html(anna), data=form)
    assert "Bitte prüfen Sie vor dem Buchen:" in asked.text and "über dem Ansatz" in asked.text
    assert '<label for="confirm">Trotzdem buchen</label>' in asked.text
    assert "JT-2026-100" not in bookings(runtime)
    digest = re.search(r'name="confirm_digest" value="([0-9a-f]+)"', asked.text).group(1)
    stale = client.post("/intern/finance/journal", headers=html(anna),
                        data={**form, "amount": "9.500,00", "confirm": "y", "confirm_digest": digest})
    assert "Bitte prüfen Sie vor dem Buchen:" in stale.text  # another amount, other warnings: asked again
    assert "JT-2026-100" not in bookings(runtime)
    booked = client.post("/intern/finance/journal", headers=html(anna), follow_redirects=True,
                         data={**form, "confirm": "y", "confirm_digest": digest})
    assert "Beleg JT-2026-100 gebucht." in booked.text and "JT-2026-100" in bookings(runtime)
    assert "Anna Amann, " in booked.text  # booked by, by name


def test_the_journal_form_refuses_at_the_amount_when_the_funder_rule_says_so(seeded, anna):
    client, runtime = seeded
    tolerance(runtime, "demo-robert-bosch-stiftung", "0.20")
    page = client.get("/intern/finance/journal", headers=html(anna))
    form = {**expense("10.000,00"), "position": "demo-juze-truck|2", "csrf_token": csrf(page.text)}
    refused = client.post("/intern/finance/journal", headers=html(anna), data={**form, "confirm": "y"})
    error = re.search(r'<p class="error" id="amount-err">([^<]+)</p>', refused.text).group(1)
    assert "Bosch-Stiftung lässt höchstens 20 % Überschreitung einer Position zu" in error
    assert "Trotzdem buchen" not in refused.text and "JT-2026-100" not in bookings(runtime)
    live = client.post("/intern/finance/journal/live-pruefung", headers=html(anna), data=form)
    assert live.status_code == 200 and "<html" not in live.text
    assert "So kann die Ausgabe nicht gebucht werden:" in live.text
    warn = client.post("/intern/finance/journal/live-pruefung", headers=html(anna),
                       data={**form, "amount": "8.000,00"})
    assert "Bitte prüfen Sie vor dem Buchen:" in warn.text and 'name="confirm_digest"' in warn.text
    quiet = client.post("/intern/finance/journal/live-pruefung", headers=html(anna), data={**form, "amount": "10"})
    assert quiet.text.strip() == ""  # fits the plan: nothing to say
    assert client.post("/intern/finance/journal/live-pruefung", headers=html(anna),
                       data={**form, "csrf_token": ""}).status_code == 400


def test_plan_against_actual_on_the_juze_truck_plan(seeded, anna, bernd):
    client, _ = seeded
    created = client.post("/api/finance/drawdowns", headers=anna, json={
        "grant_id": "demo-grant-juze-truck-bosch", "period_start": "2026-04-01", "period_end": "2026-06-30",
        "due_date": date.today().isoformat(), "amount": "3000.00"})
    assert created.status_code == 201, created.json
    client.post(f"/api/finance/drawdowns/{created.json['id']}/approval", headers=bernd)
    client.post(f"/api/finance/drawdowns/{created.json['id']}/submission", headers=bernd)
    client.post("/api/finance/drawdowns", headers=anna, json={  # a draft is not drawn yet
        "grant_id": "demo-grant-juze-truck-bosch", "period_start": "2026-07-01", "period_end": "2026-09-30",
        "due_date": date.today().isoformat(), "amount": "500.00"})
    body = client.get("/api/finance/budget/demo-juze-truck", headers=anna).json
    assert body["totals"] == {"planned": "60000.00", "granted": "42000.00", "booked": "6387.45", "drawn": "3000.00",
                              "external_open": "36890.04"}
    bosch, own = body["funders"]
    assert (bosch["funder_name"], bosch["planned"], bosch["granted"], bosch["booked"], bosch["drawn"],
            bosch["open"], bosch["open_share"]) == ("Robert-Bosch-Stiftung", "42000.00", "42000.00", "5109.96",
                                                     "3000.00", "36890.04", "0.8783")
    assert (own["funder_name"], own["planned"], own["granted"], own["booked"], own["open"]) == (
        "Eigenmittel", "18000.00", "0.00", "1277.49", "16722.51")
    assert body["years"] == [
        {"year": 2026, "planned": "30000.00", "granted": "24000.00", "booked": "6387.45", "drawn": "3000.00"},
        {"year": 2027, "planned": "30000.00", "granted": "18000.00", "booked": "0.00", "drawn": "0.00"}]
    first = body["positions"][0]
    assert (first["position"], first["label"], first["category_name"], first["year"], first["planned"],
            first["booked"], first["rest"], first["over"]) == ("1", "Mobile Jugendarbeit", "Personalausgaben", 2026,
                                                             "21000.00", "5100.00", "15900.00", False)
    assert client.get("/api/finance/budget/unbekannt", headers=anna).status_code == 404


def test_the_plan_against_actual_page_draws_bars_with_their_values(seeded, anna):
    client, _ = seeded
    page = client.get("/intern/finance/soll-ist/demo-juze-truck", headers=html(anna))
    assert page.status_code == 200 and "<h1>Soll-Ist-Vergleich: 4 Job – Juze-Truck</h1>" in page.text
    chart = page.text.split('<title id="chart-funders-t">')[1].split("</svg>")[0]
    assert '<rect class="granted"' in chart and ">42.000,00 €</text>" in chart and ">5.109,96 €</text>" in chart
    assert "style=" not in page.text  # CSP: classes and SVG attributes only
    assert '<th scope="row">Robert-Bosch-Stiftung</th>' in page.text and ">87,8 %</td>" in page.text
    assert "demo-" not in re.sub(r'(href|value|action)="[^"]*"', "", page.text)  # no id is shown
    listing = client.get("/intern/finance/soll-ist?q=juze", headers=html(anna))
    assert "4 Job – Juze-Truck" in listing.text and "Mobikids" not in listing.text
    plan = client.get("/intern/finance/plaene/demo-plan-juze-truck", headers=html(anna))
    assert 'href="/intern/finance/soll-ist/demo-juze-truck"' in plan.text


def test_actors_come_back_as_id_and_name_and_the_drawdown_log_shows_names(seeded, anna, bernd):
    client, _ = seeded
    created = client.post("/api/finance/drawdowns", headers=anna, json={
        "grant_id": "demo-grant-juze-truck-bosch", "period_start": "2026-04-01", "period_end": "2026-06-30",
        "due_date": date.today().isoformat(), "amount": "1000.00"}).json
    assert created["created_by"] == {"id": "anna", "name": "Anna Amann"} and created["approved_by"] is None
    approved = client.post(f"/api/finance/drawdowns/{created['id']}/approval", headers=bernd).json
    assert approved["approved_by"] == {"id": "bernd", "name": "Bernd Berger"}
    listed = client.get("/api/finance/drawdowns?project_id=demo-juze-truck", headers=anna).json
    assert listed[0]["created_by"]["name"] == "Anna Amann" and listed[0]["project_id"] == "demo-juze-truck"
    booked = client.post("/api/finance/expenses", headers=anna, json=expense("10.00")).json
    assert booked["booked_by"] == {"id": "anna", "name": "Anna Amann"}
    assert client.get(f"/api/finance/expenses/{booked['id']}", headers=anna).json["booked_by"]["name"] == "Anna Amann"
    plan = client.post("/api/finance/plans/demo-plan-mobikids/versions", headers=anna, json={
        "costs": [{"position": "1", "category": "fees", "year": 2026, "amount": "100.00"}],
        "sources": [{"funder_id": "demo-stadt-kaufbeuren", "year": 2026, "amount": "100.00"}]})
    assert plan.status_code == 201
    detail = client.get("/api/finance/plans/demo-plan-mobikids", headers=anna).json
    assert detail["created_by"] == {"id": "anna", "name": "Anna Amann"}
    assert detail["versions"][0]["created_by"] == {"id": "anna", "name": "Anna Amann"}
    assert detail["versions"][-1]["created_by"] == {"id": FINANCE_CLERK.actor, "name": "Fritz Finanzen (Demo)"}
    trail = client.get(f"/api/finance/audit/drawdown/{created['id']}", headers=anna).json
    assert [a["actor"] for a in trail] == [{"id": "anna", "name": "Anna Amann"}, {"id": "bernd", "name": "Bernd Berger"}]
    page = client.get("/intern/finance/mittelabrufe?project_id=demo-juze-truck", headers=html(anna)).text
    assert "erstellt von Anna Amann, " in page and "freigegeben von Bernd Berger, " in page
    assert re.search(r"freigegeben von Bernd Berger, \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", page)
    assert ">bernd<" not in page and "(bernd)" not in page


def test_downloads_are_named_by_project_funder_and_years(seeded, anna):
    client, _ = seeded
    pdf = client.get("/api/finance/proofs/demo-juze-truck/demo-robert-bosch-stiftung.pdf", headers=anna)
    disposition = pdf.headers["Content-Disposition"]
    assert pdf.mimetype == "application/pdf" and "demo-" not in disposition
    assert "filename=Verwendungsnachweis_4-Job-Juze-Truck_Bosch-Stiftung_2026-2027.pdf" in disposition
    interim = client.get("/intern/finance/nachweise/demo-stadtteilbuero-neugablonz/demo-esf-plus.csv"
                         "?kind=interim&year=2026", headers=html(anna))
    disposition = interim.headers["Content-Disposition"]
    assert "filename=Zwischennachweis_BIWAQ-Stadtteilbuero-Neugablonz_ESF-Plus_2026.csv" in disposition
    assert "filename*=UTF-8''Zwischennachweis_BIWAQ-Stadtteilb%C3%BCro-Neugablonz_ESF-Plus_2026.csv" in disposition
    journal = client.get("/intern/finance/journal.csv?project_id=demo-juze-truck&year=2026", headers=html(anna))
    assert "filename=Ausgabenjournal_4-Job-Juze-Truck_2026.csv" in journal.headers["Content-Disposition"]


def test_journal_list_is_searched_filtered_and_paged_in_sql_and_shows_names(seeded, anna):
    client, _ = seeded
    page = client.get("/intern/finance/journal?funder_id=demo-robert-bosch-stiftung", headers=html(anna)).text
    assert "<caption>2 Buchungen</caption>" in page and "JT-2026-002" in page and "NG-2026-001" not in page
    assert 'Bosch-Stiftung: <span class="nowrap">4.080,00 €</span>' in page
    assert "Pos. 1 – Mobile Jugendarbeit · Personalausgaben" in page
    by_category = client.get("/intern/finance/journal?category=fees&year=2026", headers=html(anna)).text
    assert "<caption>2 Buchungen</caption>" in by_category and "MK-2026-001" in by_category
    assert "Seite 1 von 1 (2 Einträge)" in by_category
    dates = client.get("/intern/finance/journal?from=2026-09-01&to=2026-09-30", headers=html(anna)).text
    assert "<caption>2 Buchungen</caption>" in dates
    labels = re.findall(r'<div class="field"><label for="f-(\w+)">', page)
    assert labels == ["project", "funder", "category", "year", "from", "to"]  # each label with its field


def test_booking_warns_when_a_funders_share_is_used_up():
    from finance.domain.budget import funder_notices
    from finance.domain.funders import Funder

    esf = Funder("esf", "Europäischer Sozialfonds Plus", "eu", True, short_name="ESF Plus")
    city = Funder("city", "Stadt", "municipality", True)
    found = funder_notices({"esf": esf, "city": city}, shares={"esf": Decimal("600"), "city": Decimal("400")},
                           booked={"esf": Decimal("9700"), "city": Decimal("50000")},
                           granted={"esf": Decimal("10000")}, planned={"esf": Decimal("12000")})
    assert len(found) == 1 and not found[0].refused  # the city's own share never warns here
    assert str(found[0].problems[0]) == (
        "ESF Plus: vom Anteil (10.000,00 € bewilligt) sind 9.700,00 € gebucht, offen 300,00 €; der Anteil dieser "
        "Ausgabe (600,00 €) übersteigt ihn um 300,00 €. Den Mehrbetrag trägt die Stadt, wenn nichts nachbewilligt "
        "wird.")
