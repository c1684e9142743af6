"""Finance screens a clerk reads all day: names instead of ids, the change log in words, lists searched and paged
in SQL, portfolio bars with their values, English on English screens, exports in the reader's language."""

import csv
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from finance.reports.export import to_csv, to_pdf
from finance.reports.proof import proof_of_use
from finance.service_layer.projects import on_project_event
from servicekit.demo import FINANCE_CLERK

UUID_OR_HEX = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{32}\b")
PROJECTS = {"demo-juze-truck": "Juze-Truck", "demo-mobikids": "Spielplatz aktiv – Mobikids",
            "demo-stadtteilbuero-neugablonz": "Stadtteilbüro Neugablonz"}


def visible(html: str) -> str:
    """The text a person sees: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def ui(seeded, auth_header):
    client, runtime = seeded
    with runtime.uow() as uow:
        for sequence, (pid, title) in enumerate(PROJECTS.items(), start=1):
            on_project_event(uow, SimpleNamespace(data={"project_id": pid, "title": title, "stage": "running",
                                                        "fields_of_action": ["jugend"], "districts": ["haken"]},
                                                  sequence=sequence))
        uow.commit()

    def h(*roles, user="anna", name="Anna Kämmerer"):
        return {**auth_header(*roles, user=user, name=name), "Accept": "text/html"}

    def token(path, *roles):
        page = client.get(path, headers=h(*roles))
        assert page.status_code == 200, page.text
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)

    api = auth_header("finance.clerk", user="anna", name="Anna Kämmerer")
    return SimpleNamespace(client=client, runtime=runtime, h=h, token=token, api=api)


def test_a_grant_page_reads_amount_for_the_project_and_shows_no_id(ui):
    made = ui.client.post("/api/finance/grants", headers=ui.api, json={
        "project_id": "demo-juze-truck", "funder_id": "demo-robert-bosch-stiftung", "amount": "16000.00",
        "period_start": "2026-01-01", "period_end": "2026-12-31"})
    assert made.status_code == 201 and UUID_OR_HEX.fullmatch(made.json["id"])  # a generated id …
    page = ui.client.get(f"/intern/finance/bewilligungen/{made.json['id']}", headers=ui.h("viewer"))
    assert "16.000,00 € für Juze-Truck, 01.01.2026 – 31.12.2026" in page.text
    assert "<h1>Bewilligung Bosch-Stiftung für Juze-Truck</h1>" in page.text
    main = page.text.split("<main")[1]  # (the header's language switch links back to this very URL)
    assert not UUID_OR_HEX.search(main), UUID_OR_HEX.search(main)  # … that the page never shows
    assert "demo-" not in visible(page.text)
    listed = ui.client.get("/intern/finance/bewilligungen?q=juze", headers=ui.h("viewer"))
    assert ">Juze-Truck</a>" in listed.text and "demo-juze-truck<" not in listed.text


def test_funder_pages_name_funders_projects_and_people(ui):
    page = ui.client.get("/intern/finance/foerdermittelgeber/demo-esf-plus", headers=ui.h("viewer"))
    text = visible(page.text)
    assert "Stadtteilbüro Neugablonz" in text and "180.000,00 €" in text  # the funder's grants by project name
    assert "<dt>Nicht kombinierbar mit</dt><dd>–</dd>" in page.text
    assert "<dt>Zwischennachweis fällig</dt><dd>30.04.</dd>" in page.text
    assert not UUID_OR_HEX.search(text) and "demo-" not in text
    listing = ui.client.get("/intern/finance/foerdermittelgeber", headers=ui.h("viewer"))
    assert "<td>EU</td>" in listing.text and "<td>Bund</td>" in listing.text and "<td>eu</td>" not in listing.text


def test_the_change_log_reads_as_names_time_actions_and_values_not_json(ui):
    made = ui.client.post("/api/finance/grants", headers=ui.api, json={
        "project_id": "demo-mobikids", "funder_id": "demo-freistaat-bayern", "amount": "8000.00",
        "period_start": "2026-01-01", "period_end": "2026-12-31", "reference": "AZ-1"})
    url = f"/intern/finance/bewilligungen/{made.json['id']}"
    ui.client.post(url, headers=ui.h("finance.clerk", user="frieda", name="Frieda Freigabe"), data={
        "csrf_token": ui.token(url, "finance.clerk"), "reason": "Mehrbedarf für Übernachtungen", "amount": "9.000,00"})
    page = ui.client.get(url, headers=ui.h("viewer")).text
    log = page.split('id="audit-h"')[1]
    who = r'</strong> – <span class="audit-who">{}</span>, <span class="audit-when">\d\d\.\d\d\.\d{{4}}, \d\d:\d\d Uhr</span>'
    assert re.search("Änderungsbescheid erfasst" + who.format("Frieda Freigabe"), log)
    assert re.search("Bewilligung erfasst" + who.format("Anna Kämmerer"), log)
    assert log.index("Änderungsbescheid erfasst") < log.index("Bewilligung erfasst")  # newest first
    assert "<li>Betrag: 8.000,00 € → 9.000,00 €</li>" in log
    assert "<li>Anlass: Mehrbedarf für Übernachtungen</li>" in log
    assert "<li>Projekt: Spielplatz aktiv – Mobikids</li>" in log
    assert "<li>Fördermittelgeber: Freistaat Bayern</li>" in log
    assert "{" not in log and "\\u00" not in log and "amended" not in log and "awarded" not in log
    versions = page.split("<h2>Bescheide</h2>")[1].split("</table>")[0]
    assert "Frieda Freigabe, " in versions and "Anna Kämmerer, " in versions  # who recorded each notice


def test_the_change_log_in_english(ui):
    page = ui.client.get("/intern/finance/foerdermittelgeber/demo-robert-bosch-stiftung?lang=en",
                         headers=ui.h("viewer")).text
    log = page.split('id="audit-h"')[1]
    assert ">Change log</h2>" in page  # the demo's funder was created by the demo's finance clerk, by name
    assert ">Created</strong> – <span class=\"audit-who\">Fritz Finanzen (Demo)</span>, <span class=\"audit-when\">" in log
    assert "<li>Type: Foundation</li>" in log and "<li>Public funds: No</li>" in log
    assert "Maximum funding rate: 80.0%" in log and "Eligible categories: Staff costs, Material costs, Fees" in log


def test_lists_search_filter_and_page_in_sql_with_more_rows_than_a_page(ui):
    for n in range(30):
        resp = ui.client.post("/api/finance/funders", headers=ui.api, json={
            "name": f"Stiftung Nummer {n:02d}", "type": "foundation" if n % 2 else "donation", "public": False})
        assert resp.status_code == 201
    first = ui.client.get("/intern/finance/foerdermittelgeber", headers=ui.h("viewer")).text
    assert "Seite 1 von 2 (36 Einträge)" in first and first.count('href="/intern/finance/foerdermittelgeber/') == 25
    second = ui.client.get("/intern/finance/foerdermittelgeber?page=2", headers=ui.h("viewer")).text
    assert "Seite 2 von 2 (36 Einträge)" in second and second.count('href="/intern/finance/foerdermittelgeber/') == 11
    found = ui.client.get("/intern/finance/foerdermittelgeber?q=nummer+0&art=foundation", headers=ui.h("viewer")).text
    assert "(5 Einträge)" in found and "Stiftung Nummer 01" in found and "Stiftung Nummer 02" not in found
    assert 'href="/intern/finance/foerdermittelgeber?q=nummer+0&amp;art=foundation&amp;page=' not in found  # 1 page
    api = ui.client.get("/api/finance/funders?q=nummer&type=donation&page=2&page_size=10", headers=ui.api)
    assert api.status_code == 200 and len(api.json) == 5 and '"total": 15' in api.headers["X-Pagination"]

    for n in range(27):
        ui.client.post("/api/finance/grants", headers=ui.api, json={
            "project_id": "demo-mobikids", "funder_id": "demo-freistaat-bayern", "amount": f"{100 + n}.00",
            "period_start": "2029-01-01", "period_end": "2029-12-31", "reference": f"AZ-{n:02d}"})
    grants = ui.client.get("/intern/finance/bewilligungen?jahr=2029", headers=ui.h("viewer")).text
    assert "27 Bewilligungen" in grants and "Seite 1 von 2 (27 Einträge)" in grants
    assert 'href="/intern/finance/bewilligungen?jahr=2029&amp;page=2"' in grants
    assert "Seite 2 von 2" in ui.client.get("/intern/finance/bewilligungen?jahr=2029&page=2", headers=ui.h("viewer")).text
    one = ui.client.get("/intern/finance/bewilligungen?q=AZ-07", headers=ui.h("viewer")).text
    assert "1 Bewilligung<" in one and "107,00 €" in one
    upcoming = ui.client.get("/api/finance/grants?state=kuenftig&funder_type=state", headers=ui.api)
    assert len(upcoming.json) == 10 and '"total": 27' in upcoming.headers["X-Pagination"]


def test_portfolio_bars_carry_their_values_and_the_total_matches_the_years(ui):
    page = ui.client.get("/intern/finance/portfolio", headers=ui.h("viewer")).text
    years = page.split('id="chart-years-t"')[1].split("</svg>")[0]
    assert ">2026</text>" in years and ">110.000,00 €</text>" in years and ">20.000,00 €</text>" in years
    assert "Drittmittel insgesamt: 383.500,00 €" in page
    types = page.split('id="chart-types-t"')[1].split("</svg>")[0]
    assert ">EU</text>" in types and ">180.000,00 €</text>" in types and ">Eigenmittel</text>" in types
    assert ">eu</text>" not in types and ">federal</text>" not in types
    data = ui.client.get("/api/finance/portfolio", headers=ui.api).json
    assert data["totals"]["external"] == "383500.00"
    assert sum(float(y["external"]) for y in data["years"]) == 383500.0
    assert {r["funder_type"] for r in data["by_funder_type"]} >= {"eu", "federal", "state", "foundation"}


def test_action_funds_are_picked_and_shown_by_name(ui):
    page = ui.client.get("/intern/finance/aktionsfonds", headers=ui.h("finance.clerk")).text
    assert ('<option value="demo-begleitausschuss">Gremium des „Aktionsfonds Demokratie leben! 2026“</option>'
            in page)
    assert "demo-begleitausschuss" not in visible(page)
    bad = ui.client.post("/intern/finance/aktionsfonds", headers=ui.h("finance.clerk"), data={
        "csrf_token": ui.token("/intern/finance/aktionsfonds", "finance.clerk"), "body_id": "", "year": "2027",
        "budget": "12.000,5x"})
    assert "Bitte ein Gremium wählen." in bad.text and "Bitte einen Betrag wie" in bad.text
    assert ui.client.get("/api/finance/action-funds?year=2027", headers=ui.api).json == []  # nothing half-written


def test_grant_form_refuses_what_is_not_chosen_from_the_list(ui):
    bad = ui.client.post("/intern/finance/bewilligungen", headers=ui.h("finance.clerk"), data={
        "csrf_token": ui.token("/intern/finance/bewilligungen", "finance.clerk"), "project_id": "3508e666",
        "funder_id": "", "amount": "16.000,00", "period_start": "2026-01-01", "period_end": "2026-12-31"})
    assert "Bitte korrigieren Sie die Eingaben" in bad.text and "Bitte einen Fördermittelgeber wählen." in bad.text
    assert 'value="16.000,00"' in bad.text  # the amount as typed, to correct the rest
    assert len(ui.client.get("/api/finance/grants?project_id=3508e666", headers=ui.api).json) == 0


def test_funder_rules_are_typed_the_german_way_and_excluded_funders_are_checkboxes(ui):
    url = "/intern/finance/foerdermittelgeber/demo-freistaat-bayern/regeln"
    page = ui.client.get(url, headers=ui.h("finance.clerk")).text
    assert 'type="checkbox" value="demo-robert-bosch-stiftung"' in page and "Robert-Bosch-Stiftung</label>" in page
    resp = ui.client.post(url, headers=ui.h("finance.clerk"), follow_redirects=True, data={
        "csrf_token": ui.token(url, "finance.clerk"), "max_rate": "72,5", "eligible_categories": ["fees"],
        "excluded_funders": ["demo-robert-bosch-stiftung"], "basis": "expense", "report_format": "standard",
        "interim_due": "31.5.", "final_due_months": "6", "taper": "80,5; 60"})
    assert "Regeln als Version 2 gespeichert." in resp.text
    rules = ui.client.get("/api/finance/funders/demo-freistaat-bayern", headers=ui.api).json["rules"]
    assert rules["max_rate"] == "0.725" and rules["excluded_funders"] == ["demo-robert-bosch-stiftung"]
    assert rules["interim_due"] == "05-31" and [Decimal(t) for t in rules["taper"]] == [Decimal("0.805"), Decimal("0.6")]
    assert "<dt>Nicht kombinierbar mit</dt><dd>Robert-Bosch-Stiftung</dd>" in resp.text


def test_english_screens_show_english_labels(ui):
    funders = ui.client.get("/intern/finance/foerdermittelgeber?lang=en", headers=ui.h("viewer")).text
    assert ">Name or short name</label>" in funders and "<td>Federal government</td>" in funders
    assert "Fördermittelgeber und ihre" not in funders
    grants = ui.client.get("/intern/finance/bewilligungen?lang=en", headers=ui.h("viewer")).text
    assert "4 grants" in grants and ">As of today</label>" in grants and re.search(r'<option value="laufend"\s*>running', grants)
    index = ui.client.get("/intern/finance/?lang=en", headers=ui.h("viewer")).text
    assert "Third-party funds in total: €383,500.00" in index and "<td>Stadtteilbüro Neugablonz</td>" in index
    assert "Fritz Finanzen (Demo)" in index and "unknown account" not in index  # the demo drawdown's creator
    assert FINANCE_CLERK.actor not in index  # by name, never the account id
    radar = ui.client.get("/intern/finance/radar?lang=en", headers=ui.h("viewer")).text
    assert ">Spielplatz aktiv – Mobikids</a></td>" in radar and "3 months" in radar and "Continuation open" in radar


def test_exports_follow_the_reader_with_german_figures(ui):
    with ui.runtime.engine.connect() as conn:
        report = proof_of_use(conn, "demo-stadtteilbuero-neugablonz", "demo-bund")
    german = list(csv.reader(io.StringIO(to_csv(report, lang="de")), delimiter=";"))
    assert german[0] == ["Verwendungsnachweis: Stadtteilbüro Neugablonz – Bund (BMWSB)"]
    assert ["Kategorie", "Jahr", "Plan (EUR)", "Ist (EUR)", "Abweichung", "Über 20 %"] in german
    assert ["Personalausgaben", "2026", "19200,00", "6240,00", "-67,5 %", "ja"] in german
    english = to_csv(report, lang="en")
    assert english.startswith("Proof of use: Stadtteilbüro Neugablonz – Bund (BMWSB)")
    assert "Category;Year;Planned (EUR);Actual (EUR);Deviation;Over 20 %" in english
    assert "Funding plan item;Date of payment;Payee" in english and "20.09.2026" in english  # German figures
    pdf = PdfReader(io.BytesIO(to_pdf(report, lang="en")))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Numerical proof" in text and "Receipt list" in text and "Zahlenmäßiger" not in text
    assert "6.240,00 €" in text
    journal = ui.client.get("/intern/finance/journal.csv", headers=ui.h("viewer")).data.decode("utf-8-sig")
    assert journal.splitlines()[0].startswith("Belegnummer;Belegdatum;Projekt;")
    assert ";Juze-Truck;" in journal and "demo-" not in journal
