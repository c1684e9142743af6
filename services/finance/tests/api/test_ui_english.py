"""English as the second locale of the finance department UI: the same screens with ``?lang=en`` or the
``aktiv_lang`` cookie, domain explanations (plan rules, four-eyes, need rule, refusals) included; German stays the
default, and what goes to the API, the events and the funder's proof-of-use files stays German."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from babel.dates import format_date

from finance.service_layer.action_funds import on_decision_made
from finance.service_layer.projects import on_project_event
from servicekit.demo import FINANCE_CLERK


@pytest.fixture
def ui(seeded, auth_header):
    client, runtime = seeded

    def h(*roles, user="anna"):
        return {**auth_header(*roles, user=user), "Accept": "text/html"}

    def token(path, *roles, user="anna"):
        page = client.get(path, headers=h(*roles, user=user))
        assert page.status_code == 200, page.text
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)

    return SimpleNamespace(client=client, runtime=runtime, h=h, token=token)


def english_day(day: date) -> str:
    return format_date(day, "d MMM y", locale="en")


def test_german_is_the_default_and_english_is_chosen_by_lang_or_cookie(ui):
    german = ui.client.get("/intern/finance/", headers=ui.h("viewer"))
    assert 'lang="de"' in german.text and "Freigabe-Warteschlange (Vier-Augen-Prinzip)" in german.text
    assert "Finanzen und Fördermittel" in german.text and "20.000,00 €" in german.text
    assert "Approval queue" not in german.text

    english = ui.client.get("/intern/finance/?lang=en", headers=ui.h("viewer"))
    assert 'lang="en"' in english.text and "aktiv_lang=en" in english.headers["Set-Cookie"]
    assert "<h1>Finance and funding</h1>" in english.text  # also the header: the service title is a Msg
    assert '<span class="dept">Finance and funding</span>' in english.text
    assert "Approval queue (four-eyes principle)" in english.text
    assert "<td>Europäischer Sozialfonds Plus</td><td>unknown project</td><td class=\"num\">€20,000.00</td>" \
        in english.text  # the project is named (programmes has not announced it here), never shown by its id
    assert "demo-stadtteilbuero-neugablonz" not in english.text and FINANCE_CLERK.actor not in english.text
    assert "1 grant(s) ending in the next 6 months; 0 proof(s) of use overdue." in english.text
    assert '<a href="/intern/finance/mittelabrufe">Drawdown requests</a>' in english.text
    assert "Freigabe-Warteschlange" not in english.text

    ui.client.delete_cookie("aktiv_lang")
    ui.client.set_cookie("aktiv_lang", "en")
    by_cookie = ui.client.get("/intern/finance/plaene", headers=ui.h("viewer"))
    assert "<h1>Funding plans</h1>" in by_cookie.text and "Create a new funding plan" in by_cookie.text
    back = ui.client.get("/intern/finance/plaene?lang=de", headers=ui.h("viewer"))
    assert "<h1>Finanzierungspläne</h1>" in back.text and "aktiv_lang=de" in back.headers["Set-Cookie"]


def test_funders_page_labels_choices_and_flash_in_english(ui):
    page = ui.client.get("/intern/finance/foerdermittelgeber?lang=en", headers=ui.h("finance.clerk"))
    assert "<caption>Funders and their current rules</caption>" in page.text
    assert "<td>Federal government</td><td>public</td>" in page.text  # demo-bund: type and public label
    assert "<td>Foundation</td><td>private</td>\n<td class=\"num\">80.0%</td>" in page.text
    assert ">Maximum funding rate in %</label>" in page.text and ">Need rule: due within weeks</label>" in page.text
    assert '<option value="donation">Donations/sponsorship</option>' in page.text
    assert "e.g. 90 for at most 90% of the eligible expenses" in page.text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    created = ui.client.post("/intern/finance/foerdermittelgeber?lang=en", headers=ui.h("finance.clerk"),
                             follow_redirects=True, data={"csrf_token": token, "name": "Aktion Mensch",
                                                          "type": "foundation", "max_rate": "80"})
    assert "Funder “Aktion Mensch” created." in created.text
    assert "<dt>Maximum funding rate</dt><dd>80.0%</dd>" in created.text
    assert "<dt>Accounting basis</dt><dd>Expense basis</dd>" in created.text
    assert "<dd>Standard (receipt list by plan position)</dd>" in created.text
    refused = ui.client.post("/intern/finance/foerdermittelgeber?lang=en", headers=ui.h("viewer"),
                             data={"csrf_token": token, "name": "X", "type": "foundation"}, follow_redirects=True)
    assert "Only finance clerks may create funders." in refused.text


def test_funder_rule_problems_in_english(ui):
    url = "/intern/finance/foerdermittelgeber/demo-robert-bosch-stiftung/regeln?lang=en"
    resp = ui.client.post(url, headers=ui.h("finance.clerk"), data={
        "csrf_token": ui.token(url, "finance.clerk"), "max_rate": "75", "eligible_categories": ["personnel"],
        "basis": "expense", "report_format": "standard", "interim_due": "04-30", "final_due_months": "6",
        "taper": "150"})
    assert "Please correct your entries" in resp.text
    assert "The tapering (taper) needs shares between 0 and 1." in resp.text
    assert "Edit the rules of Robert-Bosch-Stiftung" in resp.text


def test_plan_validation_panel_explains_rule_failures_in_english(ui, grid):
    url = "/intern/finance/plaene/demo-plan-mobikids"
    form = grid(costs=[("1", "fees", 2026, "100")], sources=[("demo-freistaat-bayern", 2026, "100")],
                csrf_token=ui.token(url, "finance.clerk"), own_means_available="0")
    checked = ui.client.post(url + "?lang=en", headers=ui.h("finance.clerk"), data={**form, "action": "check"})
    assert "Validation result (not saved)" in checked.text
    assert ("<strong>Funding rate:</strong> Freistaat funds 100.0% of the eligible expenses (€100.00 of €100.00); "
            "at most 80.0% is allowed.") in checked.text
    assert "Total expenses €100.00, funding €100.00, external funds €100.00, municipal share €0.00." in checked.text
    assert "<caption>Totals per year</caption>" in checked.text and ">Add an expense row</button>" in checked.text
    assert '<option selected value="fees">Fees</option>' in checked.text  # the category by its English name

    ui.client.delete_cookie("aktiv_lang")  # ?lang=en was remembered; without it the screen is German
    german = ui.client.post(url, headers=ui.h("finance.clerk"), data={**form, "action": "check"})
    assert ("<strong>Förderquote:</strong> Freistaat finanziert 100 % der förderfähigen Ausgaben "
            "(100,00 € von 100,00 €); erlaubt sind höchstens 80 %.") in german.text

    ui.client.set_cookie("aktiv_lang", "en")  # the live panel posts without ?lang: the cookie decides
    fragment = ui.client.post("/intern/finance/plaene/live-pruefung", headers={**ui.h("finance.clerk"), "X-Panel": "1"},
                              data={**form, "action": "check"})
    assert fragment.text.lstrip().startswith("<section") and "at most 80.0% is allowed." in fragment.text
    bad = ui.client.post("/intern/finance/plaene/live-pruefung", headers=ui.h("finance.clerk"),
                         data={**form, "costs-0-amount": "1.00,0"})
    assert "Expenses, row 1, Amount (€): " in bad.text  # a bad amount is explained in English too

    saved = ui.client.post(url + "?lang=en", headers=ui.h("finance.clerk"), follow_redirects=True,
                           data={**form, "action": "save", "note": "zu hoch"})
    assert "Version 2 saved – with rule violations." in saved.text
    # the saved version shows its stored failures in English too
    assert "Validation result of version 2" in saved.text
    assert "<strong>Funding rate:</strong> Freistaat funds 100.0% of the eligible expenses" in saved.text
    assert ">Version 2</a> by " in saved.text and "rule violations – zu hoch" in saved.text


def test_stored_plan_failures_stay_german_in_the_api(ui, auth_header, grid):
    url = "/intern/finance/plaene/demo-plan-mobikids"
    ui.client.post(url + "?lang=en", headers=ui.h("finance.clerk"), data=grid(
        costs=[("1", "fees", 2026, "100")], sources=[("demo-freistaat-bayern", 2026, "100")],
        csrf_token=ui.token(url, "finance.clerk"), action="save"))
    detail = ui.client.get("/api/finance/plans/demo-plan-mobikids",
                           headers={**auth_header("viewer"), "Accept-Language": "en"}).json
    assert detail["version"] == 2
    assert detail["failures"] == [{
        "rule": "rate", "rule_name": "Förderquote", "funder_id": "demo-freistaat-bayern",
        "message": "Freistaat finanziert 100 % der förderfähigen Ausgaben (100,00 € von 100,00 €); erlaubt sind "
                   "höchstens 80 %."}]


def test_joint_rate_co_financing_and_subsidiarity_in_english(ui, grid):
    url = "/intern/finance/plaene/live-pruefung"
    token = ui.token("/intern/finance/plaene/neu", "finance.clerk")
    form = grid(costs=[("1", "personnel", 2027, "1000")],
                sources=[("demo-esf-plus", 2027, "600"), ("demo-bund", 2027, "400")], csrf_token=token)
    joint = ui.client.post(url + "?lang=en", headers=ui.h("finance.clerk"), data=form)
    assert ("<strong>Joint funding rate:</strong> Bund and ESF Plus together fund 100.0% of the expenses; together "
            "at most 90.0% is allowed.") in joint.text
    form = grid(costs=[("1", "personnel", 2027, "1000")],
                sources=[("demo-esf-plus", 2027, "950"), ("demo-stadt-kaufbeuren", 2027, "50")], csrf_token=token,
                own_means_available="200")
    checked = ui.client.post(url + "?lang=en", headers=ui.h("finance.clerk"), data=form)
    assert ("<strong>Co-financing:</strong> ESF Plus requires at least 10.0% national public co-financing; 5.0% "
            "(€50.00) is planned.") in checked.text
    assert ("<strong>Subsidiarity:</strong> Subsidiarity: €200.00 of own and third-party funds are available, "
            "but only €50.00 are planned. Public funds (€950.00) may only cover the need that remains after that."
            ) in checked.text


def test_grants_and_amendment_refusal_in_english(ui):
    grants = ui.client.get("/intern/finance/bewilligungen?lang=en", headers=ui.h("finance.clerk"))
    assert "<h2>Record a grant</h2>" in grants.text and ">Granted amount (€) <span" in grants.text
    assert ">Funder <span" in grants.text  # one funder to choose, not "Funders"
    assert "– please choose –" in grants.text and ">Kind of funder</label>" in grants.text
    assert "<td>1 Jan 2026 – 31 Mar 2027</td>" in grants.text
    with ui.runtime.uow() as uow:
        on_project_event(uow, SimpleNamespace(data={"project_id": "demo-mobikids", "title": "Mobikids",
                                                    "stage": "running"}, sequence=1, source="/t", id="e", type="t"))
        uow.commit()
    url = "/intern/finance/bewilligungen/demo-grant-mobikids-bayern"
    detail = ui.client.get(url + "?lang=en", headers=ui.h("finance.clerk"))
    assert "<h1>Grant from Freistaat for Mobikids</h1>" in detail.text and "<h2>Notices</h2>" in detail.text
    assert "€17,500.00 for Mobikids, 1 Jan 2026 – 31 Mar 2027" in detail.text
    assert '<td class="num">1</td><td>Grant</td>' in detail.text  # version 1's reason is the service's „Bewilligung“
    assert ">Grant recorded</strong>" in detail.text and "<li>Amount: €17,500.00</li>" in detail.text
    assert ">Change log</h2>" in detail.text
    refused = ui.client.post(url + "?lang=en", headers=ui.h("finance.clerk"), data={
        "csrf_token": ui.token(url, "finance.clerk"), "reason": "Fehler", "period_end": "2025-01-01"})
    assert "The end of the grant period is before its start." in refused.text
    amended = ui.client.post(url + "?lang=en", headers=ui.h("finance.clerk"), follow_redirects=True, data={
        "csrf_token": ui.token(url, "finance.clerk"), "reason": "Mehrbedarf", "amount": "18000"})
    assert "Amendment notice recorded as version 2." in amended.text and '<td class="num">2</td><td>Mehrbedarf</td>' in amended.text
    assert "<li>Amount: €17,500.00 → €18,000.00</li>" in amended.text


def test_journal_booking_refusal_and_storno_in_english(ui):
    page = ui.client.get("/intern/finance/journal?lang=en", headers=ui.h("finance.clerk"))
    assert "Bookings cannot be changed (GoBD). A correction is a reversal plus a new booking." in page.text
    assert "<caption>7 bookings</caption>" in page.text and "Item 1 – Mobile Jugendarbeit · Staff costs" in page.text
    assert '<option value="intermediary">Costs of intermediate bodies</option>' in page.text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    future = (date.today() + timedelta(days=3)).isoformat()
    refused = ui.client.post("/intern/finance/journal?lang=en", headers=ui.h("finance.clerk"), data={
        "csrf_token": token, "project_id": "demo-juze-truck", "receipt_number": "JT-X", "booking_date": future,
        "payee": "X", "purpose": "Y", "position": "demo-juze-truck|2", "amount": "1"})
    assert "is in the future. Book a receipt once it has been issued" in refused.text
    booked = ui.client.post("/intern/finance/journal?lang=en", headers=ui.h("finance.clerk"), follow_redirects=True,
                            data={"csrf_token": token, "project_id": "demo-juze-truck", "receipt_number": "JT-2026-077",
                                  "booking_date": "2026-05-02", "payee": "Tankstelle Süd", "purpose": "Diesel",
                                  "position": "demo-juze-truck|2", "amount": "80,50"})
    assert "Receipt JT-2026-077 booked." in booked.text and "2 May 2026" in booked.text
    entry_id = re.search(r"/intern/finance/journal/([0-9a-f]{32})/storno", booked.text).group(1)
    storno = ui.client.post(f"/intern/finance/journal/{entry_id}/storno?lang=en", headers=ui.h("finance.clerk"),
                            data={"csrf_token": token, "reason": "doppelt"}, follow_redirects=True)
    assert "Reversal booked. Book the corrected expense again if needed." in storno.text
    again = ui.client.post(f"/intern/finance/journal/{entry_id}/storno?lang=en", headers=ui.h("finance.clerk"),
                           data={"csrf_token": token, "reason": "nochmal"}, follow_redirects=True)
    assert "Booking JT-2026-077 has already been reversed." in again.text


def test_drawdown_queue_refuses_four_eyes_and_need_rule_in_english(ui, auth_header):
    anna = FINANCE_CLERK.actor  # created the demo drawdown
    url = "/intern/finance/mittelabrufe"
    h_anna = {**auth_header("finance.clerk", "finance.approver", user=anna, name="Anna Amann"), "Accept": "text/html"}
    page = ui.client.get(url, headers=h_anna)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    own = ui.client.post(f"{url}/demo-drawdown-esf-1/freigeben?lang=en", data={"csrf_token": token},
                         headers=h_anna, follow_redirects=True)
    assert ("Four-eyes principle: whoever created the drawdown request may not approve it themselves. Please have "
            "a second person approve it.") in own.text
    assert "<td>awaiting approval</td>" in own.text and '<button type="submit">Approve<span' in own.text
    assert "Approval refused (four-eyes principle): Anna Amann, " in own.text

    today = date.today()
    late = today + timedelta(weeks=20)
    refused = ui.client.post(url + "?lang=en", headers=h_anna, data={
        "csrf_token": token, "grant_id": "demo-grant-neugablonz-esf", "period_start": today.isoformat(),
        "period_end": late.isoformat(), "due_date": late.isoformat(), "amount": "1,000.00"})  # English marks
    assert (f"Need rule: funds may only be drawn down for payments due within 6 weeks (by "
            f"{english_day(today + timedelta(weeks=6))}); this payment is not due until {english_day(late)}.") \
        in refused.text

    h_bernd = {**auth_header("finance.approver", user="bernd", name="Bernd Berger"), "Accept": "text/html"}
    bernd = ui.client.post(f"{url}/demo-drawdown-esf-1/freigeben?lang=en", data={"csrf_token": token},
                           headers=h_bernd, follow_redirects=True)
    assert "Drawdown request approved." in bernd.text and "<td>approved</td>" in bernd.text
    assert "approved by Bernd Berger, " in bernd.text
    again = ui.client.post(f"{url}/demo-drawdown-esf-1/freigeben?lang=en", data={"csrf_token": token},
                           headers=h_bernd, follow_redirects=True)
    assert "A drawdown request with status “Approved” cannot be set to “Approved”." in again.text


def test_proof_of_use_preview_in_english_and_the_files_are_named_by_the_thing(ui):
    with ui.runtime.uow() as uow:
        on_project_event(uow, SimpleNamespace(data={"project_id": "demo-juze-truck", "title": "Juze-Truck",
                                                    "stage": "running"}, sequence=1, source="/t", id="e", type="t"))
        uow.commit()
    query = "project_id=demo-juze-truck&funder_id=demo-robert-bosch-stiftung"
    page = ui.client.get(f"/intern/finance/nachweise?{query}&lang=en", headers=ui.h("viewer"))
    assert "<h2>Proof of use: Juze-Truck – Robert-Bosch-Stiftung</h2>" in page.text
    assert "<h3>Numerical statement</h3>" in page.text and "<h3>Receipt list</h3>" in page.text
    assert '<td>Staff costs</td><td>2026</td><td class="num">€16,800.00</td><td class="num">€4,080.00</td>' \
        in page.text
    assert "<strong>(over 20%)</strong>" in page.text and "Share of Robert-Bosch-Stiftung" in page.text
    assert "Download as CSV" in page.text
    assert "Funding acknowledgement:</strong> Gefördert von der Robert Bosch Stiftung." in page.text  # user content
    csv = ui.client.get("/intern/finance/nachweise/demo-juze-truck/demo-robert-bosch-stiftung.csv?kind=final",
                        headers=ui.h("viewer"))  # the English reader's cookie is set
    assert "filename*=UTF-8''Proof-of-use_Juze-Truck_Bosch-Stiftung_2026-2027.csv" in csv.headers["Content-Disposition"]
    wrong = ui.client.get("/intern/finance/nachweise?project_id=demo-juze-truck&funder_id=demo-esf-plus&lang=en",
                          headers=ui.h("viewer"))
    assert "According to the plan, ESF Plus does not fund this project." in wrong.text


def test_portfolio_charts_in_english(ui):
    with ui.runtime.uow() as uow:
        on_project_event(uow, SimpleNamespace(data={"project_id": "demo-juze-truck", "title": "Juze-Truck",
                                                    "stage": "running", "fields_of_action": ["jugend"],
                                                    "districts": ["haken"]}, sequence=1, source="/t", id="e", type="t"))
        uow.commit()
    page = ui.client.get("/intern/finance/portfolio?jahr=2027&lang=en", headers=ui.h("viewer"))
    assert "<h1>Portfolio: external funds and municipal co-financing</h1>" in page.text
    assert "Third-party funds in total: €383,500.00" in page.text
    assert '<title id="chart-years-t">Third-party funds and municipal share per budget year</title>' in page.text
    fields = page.text.split('<title id="chart-fields-t">')[1].split("</svg>")[0]
    assert fields.startswith("Amounts by field of action, 2027</title>")
    assert ">Youth</text>" in fields and ">€18,000.00</text>" in fields and ">€12,000.00</text>" in fields
    assert ">no field of action</text>" in fields  # the projects without a field
    assert '<th scope="row">Federal government</th>' in page.text and ">EU</text>" in page.text  # kinds of funder
    ui.client.delete_cookie("aktiv_lang")
    german = ui.client.get("/intern/finance/portfolio?jahr=2027", headers=ui.h("viewer"))
    assert ">Jugend</text>" in german.text and ">18.000,00 €</text>" in german.text
    assert ">ohne Handlungsfeld</text>" in german.text and ">Bund</text>" in german.text


def test_action_fund_refusal_reason_and_radar_in_english(ui):
    with ui.runtime.uow() as uow:
        on_decision_made(uow, SimpleNamespace(data={
            "decision_id": "d-big", "number": "BA-1", "title": "Mikroprojekt", "body_id": "demo-begleitausschuss",
            "body_type": "committee", "outcome": "approved", "amount": "30000.00", "year": 2026},
            sequence=1, source="/t", id="e", type="t"))
        uow.commit()
    funds = ui.client.get("/intern/finance/aktionsfonds?lang=en", headers=ui.h("viewer"))
    assert "Budget €26,000.00, committed €0.00, available €26,000.00." in funds.text
    assert ('<td>Mikroprojekt</td><td class="num">€30,000.00</td><td>The action fund 2026 is not sufficient: '
            "€30,000.00 decided, only €26,000.00 of €26,000.00 still available.</td>") in funds.text
    ui.client.delete_cookie("aktiv_lang")
    german = ui.client.get("/intern/finance/aktionsfonds", headers=ui.h("viewer"))
    assert "Der Aktionsfonds 2026 reicht nicht: beschlossen 30.000,00 €" in german.text

    ui.client.set_cookie("aktiv_lang", "en")
    radar = ui.client.get("/intern/finance/radar", headers=ui.h("finance.clerk"))
    assert '<h2 id="ending-h">Grants ending in the next 6 months</h2>' in radar.text
    assert "<td>31 Mar 2027</td>" in radar.text and "unknown project" in radar.text
    assert "Run the radar now (send notices)" in radar.text
