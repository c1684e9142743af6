"""The department UI at /intern/finance/: German pages, forms submitted for real with their CSRF token."""

import re

import pytest

from servicekit.demo import FINANCE_CLERK


@pytest.fixture
def ui(seeded, auth_header):
    client, runtime = seeded

    def headers(*roles, user="anna"):
        return {**auth_header(*roles, user=user), "Accept": "text/html"}

    return client, runtime, headers


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_overview_is_german_and_needs_login(ui):
    client, _, h = ui
    page = client.get("/intern/finance/", headers=h("viewer"))
    assert page.status_code == 200 and 'lang="de"' in page.text
    assert "Freigabe-Warteschlange" in page.text and "20.000,00 €" in page.text
    anon = client.get("/intern/finance/", headers={"Accept": "text/html"})
    assert anon.status_code == 302 and anon.headers["Location"].startswith("/anmelden")


def test_clerk_creates_funder_through_the_form(ui):
    client, _, h = ui
    page = client.get("/intern/finance/foerdermittelgeber", headers=h("finance.clerk"))
    token = csrf(page.text)
    bad = client.post("/intern/finance/foerdermittelgeber", headers=h("finance.clerk"),
                      data={"csrf_token": token, "name": "", "type": "foundation", "max_rate": "150"})
    assert bad.status_code == 200 and "Bitte korrigieren Sie die Eingaben" in bad.text
    ok = client.post("/intern/finance/foerdermittelgeber", headers=h("finance.clerk"), follow_redirects=True,
                     data={"csrf_token": token, "name": "Aktion Mensch", "type": "foundation", "max_rate": "80",
                           "need_rule_weeks": "6"})
    assert ok.status_code == 200 and "Fördermittelgeber „Aktion Mensch“ angelegt." in ok.text
    assert "<dt>Höchstförderquote</dt><dd>80,0 %</dd>" in ok.text and "<dt>Bedarfsprinzip (Wochen)</dt><dd>6</dd>" in ok.text
    no_token = client.post("/intern/finance/foerdermittelgeber", headers=h("finance.clerk"),
                           data={"name": "Ohne Token", "type": "foundation"})
    assert no_token.status_code == 400


def test_plan_validation_panel_checks_without_saving_and_saves_a_version(ui, grid):
    client, _, h = ui
    url = "/intern/finance/plaene/demo-plan-neugablonz"
    page = client.get(url, headers=h("finance.clerk"))
    assert "Der Plan erfüllt alle Regeln." in page.text
    form = grid(costs=[("1", "personnel", 2027, "100.000,00", "Personal")],
                sources=[("demo-esf-plus", 2027, "60.000,00"), ("demo-bund", 2027, "40.000,00")],
                csrf_token=csrf(page.text), own_means_available="0")
    checked = client.post(url, headers=h("finance.clerk"), data={**form, "action": "check"})
    assert "(nicht gespeichert)" in checked.text
    assert "Gemeinsame Förderquote:" in checked.text and "zusammen 100 %" in checked.text
    assert "Prüfergebnis der Version" not in checked.text and "Version 2 gespeichert" not in checked.text
    saved = client.post(url, headers=h("finance.clerk"), data={**form, "action": "save", "note": "Test"},
                        follow_redirects=True)
    assert "Version 2 gespeichert – mit Regelverstößen." in saved.text
    garbage = client.post(url, headers=h("finance.clerk"), data={**form, "costs-0-year": "zwei", "action": "check"})
    assert "Ausgaben, Zeile 1, Jahr: Keine gültige, ganze Zahl." in garbage.text
    assert 'aria-describedby="costs-0-year-err"' in garbage.text


def test_journal_booking_filter_and_storno_through_the_ui(ui):
    client, _, h = ui
    page = client.get("/intern/finance/journal", headers=h("finance.clerk"))
    token = csrf(page.text)
    booked = client.post("/intern/finance/journal", headers=h("finance.clerk"), follow_redirects=True, data={
        "csrf_token": token, "project_id": "demo-juze-truck", "receipt_number": "JT-2026-077",
        "booking_date": "2026-05-02", "payee": "Tankstelle Süd", "purpose": "Diesel",
        "position": "demo-juze-truck|2", "amount": "80,50"})
    assert "Beleg JT-2026-077 gebucht." in booked.text
    refused = client.post("/intern/finance/journal", headers=h("finance.clerk"), data={
        "csrf_token": token, "project_id": "demo-juze-truck", "receipt_number": "JT-X", "booking_date": "2026-05-02",
        "payee": "X", "purpose": "Y", "position": "demo-mobikids|1", "amount": "1"})
    assert "Diese Planposition gehört nicht zum gewählten Projekt." in refused.text
    filtered = client.get("/intern/finance/journal?q=diesel", headers=h("viewer"))
    assert "JT-2026-077" in filtered.text and "NG-2026-001" not in filtered.text
    assert 'href="/intern/finance/journal.csv?q=diesel"' in filtered.text
    export = client.get("/intern/finance/journal.csv?q=diesel", headers=h("viewer"))
    assert export.mimetype == "text/csv" and "JT-2026-077" in export.data.decode("utf-8-sig")
    assert "NG-2026-001" not in export.data.decode("utf-8-sig")
    entry_id = re.search(r'/intern/finance/journal/([0-9a-f]{32})/storno', filtered.text).group(1)
    storno = client.post(f"/intern/finance/journal/{entry_id}/storno", headers=h("finance.clerk"),
                         data={"csrf_token": token, "reason": "doppelt erfasst"}, follow_redirects=True)
    assert "Storno gebucht." in storno.text and "ST-JT-2026-077" in storno.text
    other = re.search(r"/intern/finance/journal/([0-9a-f]{32}|demo-exp-6)/storno",
                      client.get("/intern/finance/journal?q=wartung", headers=h("viewer")).text).group(1)
    corrected = client.post(f"/intern/finance/journal/{other}/storno", headers=h("finance.clerk"),
                            data={"csrf_token": token, "reason": "Rechnung gekürzt", "amount": "1.200,00"},
                            follow_redirects=True)
    assert "Storno und korrigierte Buchung gebucht." in corrected.text
    rows = client.get("/intern/finance/journal?q=JT-2026-002", headers=h("viewer")).text
    assert "-1.287,45 €" in rows and "1.200,00 €" in rows and "storniert" in rows


def test_approval_queue_enforces_four_eyes_in_the_ui(ui, auth_header):
    client, _, h = ui
    # the demo drawdown was created by the demo's finance clerk: that account may not approve it
    anna = {**auth_header("finance.approver", user=FINANCE_CLERK.actor, name="Anna Amann"), "Accept": "text/html"}
    bernd = {**auth_header("finance.approver", user="bernd", name="Bernd Berger"), "Accept": "text/html"}
    page = client.get("/intern/finance/mittelabrufe", headers=anna)
    token = csrf(page.text)
    url = "/intern/finance/mittelabrufe/demo-drawdown-esf-1/freigeben"
    own = client.post(url, headers=anna, data={"csrf_token": token}, follow_redirects=True)
    assert "Vier-Augen-Prinzip" in own.text and "wartet auf Freigabe" in own.text
    assert "Freigabe verweigert (Vier-Augen-Prinzip): Anna Amann, " in own.text
    page = client.get("/intern/finance/mittelabrufe", headers=bernd)
    other = client.post(url, headers=bernd, data={"csrf_token": csrf(page.text)}, follow_redirects=True)
    assert "Mittelabruf freigegeben." in other.text and "freigegeben von Bernd Berger, " in other.text
    assert FINANCE_CLERK.actor not in other.text and "bernd<" not in other.text
    assert "erstellt von Fritz Finanzen (Demo), " in other.text  # the seeded request's creator, by name


def test_proof_preview_and_downloads_in_the_ui(ui):
    client, _, h = ui
    page = client.get("/intern/finance/nachweise?project_id=demo-juze-truck&funder_id=demo-robert-bosch-stiftung",
                      headers=h("viewer"))
    assert "Belegliste" in page.text and "4.080,00 €" in page.text and "Gefördert von der Robert Bosch" in page.text
    csv = client.get("/intern/finance/nachweise/demo-juze-truck/demo-robert-bosch-stiftung.csv?kind=final",
                     headers=h("viewer"))
    assert csv.mimetype == "text/csv" and "JT-2026-001" in csv.data.decode("utf-8-sig")
    wrong = client.get("/intern/finance/nachweise?project_id=demo-juze-truck&funder_id=demo-esf-plus",
                       headers=h("viewer"))
    assert "finanziert dieses Projekt laut Plan nicht" in wrong.text


@pytest.mark.parametrize("path, text", [
    ("/intern/finance/radar", "Laufzeit-Radar"), ("/intern/finance/portfolio", "<svg"),
    ("/intern/finance/aktionsfonds", "26.000,00 €"), ("/intern/finance/bewilligungen", "Freistaat Bayern"),
    ("/intern/finance/bewilligungen/demo-grant-mobikids-bayern", "Änderungsprotokoll"),
    ("/intern/finance/foerdermittelgeber/demo-esf-plus", "Regelversionen"), ("/intern/finance/plaene", "Juze-Truck"),
])
def test_read_pages_render(ui, path, text):
    client, _, h = ui
    resp = client.get(path, headers=h("viewer"))
    assert resp.status_code == 200 and text in resp.text
