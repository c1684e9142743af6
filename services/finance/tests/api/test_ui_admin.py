"""Department UI forms for plans, grants, action funds, the radar, proof submissions and funder rules."""

import re
from datetime import date

import pytest

from finance.domain.radar import due_thresholds


@pytest.fixture
def ui(seeded, auth_header):
    client, runtime = seeded

    def h(*roles, user="anna"):
        return {**auth_header(*roles, user=user), "Accept": "text/html"}

    def token(path, *roles):
        page = client.get(path, headers=h(*roles))
        assert page.status_code == 200, page.text
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)

    return client, h, token


def test_grant_award_and_amendment_forms(ui):
    client, h, token = ui
    from types import SimpleNamespace

    from finance.service_layer.projects import on_project_event
    from servicekit.web.app import runtime_of

    with runtime_of(client.application).uow() as uow:
        on_project_event(uow, SimpleNamespace(data={"project_id": "demo-apfelkern", "title": "Stadtteiltreff Apfelkern",
                                                    "stage": "approved"}, sequence=1))
        uow.commit()
    t = token("/intern/finance/bewilligungen", "finance.clerk")
    form = client.get("/intern/finance/bewilligungen", headers=h("finance.clerk")).text
    assert '<option value="demo-apfelkern">Stadtteiltreff Apfelkern</option>' in form  # picked by name
    award = client.post("/intern/finance/bewilligungen", headers=h("finance.clerk"), follow_redirects=True, data={
        "csrf_token": t, "project_id": "demo-apfelkern", "funder_id": "demo-freistaat-bayern", "amount": "8.000,00",
        "period_start": "2026-01-01", "period_end": "2026-12-31", "reference": "AZ-1"})
    assert "Bewilligung erfasst." in award.text
    assert "8.000,00 € für Stadtteiltreff Apfelkern, 01.01.2026 – 31.12.2026" in award.text
    url = re.search(r"/intern/finance/bewilligungen/[0-9a-f]{32}", award.request.path).group(0)
    amended = client.post(url, headers=h("finance.clerk"), follow_redirects=True, data={
        "csrf_token": token(url, "finance.clerk"), "reason": "Mehrbedarf Miete", "amount": "9000"})
    assert "Änderungsbescheid als Version 2 erfasst." in amended.text and "Mehrbedarf Miete" in amended.text
    backwards = client.post(url, headers=h("finance.clerk"), data={
        "csrf_token": token(url, "finance.clerk"), "reason": "Fehler", "period_end": "2025-01-01"})
    assert "vor seinem Beginn" in backwards.text


def test_action_fund_form(ui):
    client, h, token = ui
    t = token("/intern/finance/aktionsfonds", "finance.clerk")
    ok = client.post("/intern/finance/aktionsfonds", headers=h("finance.clerk"), follow_redirects=True,
                     data={"csrf_token": t, "body_id": "demo-begleitausschuss", "year": "2027", "budget": "27.500"})
    assert "Aktionsfonds angelegt." in ok.text and "27.500,00 €" in ok.text
    dup = client.post("/intern/finance/aktionsfonds", headers=h("finance.clerk"),
                      data={"csrf_token": t, "body_id": "demo-begleitausschuss", "year": "2027", "budget": "1"})
    assert "schon einen Aktionsfonds 2027" in dup.text


def test_radar_can_be_run_from_the_ui_once(ui):
    client, h, token = ui
    t = token("/intern/finance/radar", "finance.clerk")
    first = client.post("/intern/finance/radar", headers=h("finance.clerk"), data={"csrf_token": t},
                        follow_redirects=True)
    expected = len(due_thresholds(date.today(), date(2027, 3, 31)))  # the demo's Mobikids grant ends then
    assert f"Radar ausgeführt: {expected} neue Hinweis(e) verschickt." in first.text
    again = client.post("/intern/finance/radar", headers=h("finance.clerk"), data={"csrf_token": t},
                        follow_redirects=True)
    assert "Radar ausgeführt: 0 neue Hinweis(e) verschickt." in again.text


def test_proof_submission_is_recorded_from_the_preview(ui):
    client, h, token = ui
    page = "/intern/finance/nachweise?project_id=demo-mobikids&funder_id=demo-freistaat-bayern&kind=interim&year=2026"
    t = token(page, "finance.clerk")
    resp = client.post("/intern/finance/nachweise/eingereicht", headers=h("finance.clerk"), follow_redirects=True,
                       data={"csrf_token": t, "project_id": "demo-mobikids", "funder_id": "demo-freistaat-bayern",
                             "kind": "interim", "year": "2026"})
    assert "Einreichung des Nachweises vermerkt" in resp.text and "Zwischennachweis 2026" in resp.text


def test_funder_rules_form_saves_a_new_version(ui):
    client, h, token = ui
    url = "/intern/finance/foerdermittelgeber/demo-robert-bosch-stiftung/regeln"
    page = client.get(url, headers=h("finance.clerk"))
    assert 'value="80,00"' in page.text  # the rate as a German clerk reads and types it
    resp = client.post(url, headers=h("finance.clerk"), follow_redirects=True, data={
        "csrf_token": token(url, "finance.clerk"), "max_rate": "75", "min_own_share": "10",
        "eligible_categories": ["personnel", "fees"], "basis": "expense", "report_format": "standard",
        "interim_due": "30.04.",
        "final_due_months": "6", "taper": "75; 50"})
    assert "Regeln als Version 2 gespeichert." in resp.text
    assert "<dt>Höchstförderquote</dt><dd>75,0 %</dd>" in resp.text
    assert "<dd>Personalausgaben, Honorare</dd>" in resp.text and "<dd>75,0 %, 50,0 %</dd>" in resp.text
    assert "<dd>Standard (Belegliste nach Planpositionen)</dd>" in resp.text
    bad = client.post(url, headers=h("finance.clerk"), data={
        "csrf_token": token(url, "finance.clerk"), "max_rate": "175", "basis": "expense", "report_format": "esf",
        "interim_due": "13-40",
        "final_due_months": "6"})
    assert "Bitte korrigieren Sie die Eingaben" in bad.text


def test_finance_templates_have_no_inline_script_and_no_inline_handlers():
    """The gateway sends script-src 'self': inline code would be blocked, so there must be none."""
    from pathlib import Path

    import finance.ui

    templates = sorted((Path(finance.ui.__file__).parent / "templates").rglob("*.html"))
    assert templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            assert "src=" in tag, f"{path.name}: inline <script> {tag}"
        assert not re.search(r"\son[a-z]+\s*=", text, flags=re.I), f"{path.name}: inline event handler"


def _funder_form(page_text):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_text).group(1)
    version = re.search(r'id="version" name="version" type="hidden" value="([^"]+)"', page_text).group(1)
    return {"csrf_token": token, "version": version}


def test_funder_master_data_are_edited_in_the_ui(ui, auth_header):
    client, h, _ = ui
    url = "/intern/finance/foerdermittelgeber/demo-robert-bosch-stiftung"
    page = client.get(url, headers=h("finance.clerk"))
    assert 'value="Robert-Bosch-Stiftung"' in page.text and "Stammdaten ändern" in page.text
    form = {**_funder_form(page.text), "name": "Robert Bosch Stiftung GmbH", "short_name": "RBS",
            "type": "foundation", "publicity_notice": "Gefördert von der Robert Bosch Stiftung GmbH."}  # public: off
    saved = client.post(url, headers=h("finance.clerk"), data=form, follow_redirects=True)
    assert "Stammdaten von „Robert Bosch Stiftung GmbH“ gespeichert." in saved.text
    api = client.get("/api/finance/funders/demo-robert-bosch-stiftung", headers=auth_header("viewer")).json
    assert (api["name"], api["short_name"], api["type"], api["public"], api["publicity_notice"]) == (
        "Robert Bosch Stiftung GmbH", "RBS", "foundation", False, "Gefördert von der Robert Bosch Stiftung GmbH.")
    assert api["rules_version"] == 1  # master data only: the rules keep their version


def test_stale_funder_form_is_refused_with_a_german_message(ui):
    client, h, _ = ui
    url = "/intern/finance/foerdermittelgeber/demo-freistaat-bayern"
    page = client.get(url, headers=h("finance.clerk"))
    mine = {**_funder_form(page.text), "name": "Freistaat Bayern (StMAS)", "type": "state", "public": "y"}
    theirs = {**_funder_form(page.text), "name": "Freistaat Bayern (StMI)", "type": "state", "public": "y"}
    assert client.post(url, headers=h("finance.clerk", user="bernd"), data=theirs).status_code == 302
    stale = client.post(url, headers=h("finance.clerk"), data=mine)
    assert stale.status_code == 200
    assert ("„Freistaat Bayern (StMI)“ wurde inzwischen von jemand anderem geändert. Bitte laden Sie die Seite neu "
            "und tragen Sie Ihre Änderungen erneut ein.") in stale.text
    fresh = client.get(url, headers=h("viewer"))
    assert "<h1>Freistaat Bayern (StMI)</h1>" in fresh.text and "Stammdaten speichern" not in fresh.text
    english = client.post(url + "?lang=en", headers=h("finance.clerk"), data=mine)
    assert "was changed by someone else in the meantime" in english.text


def test_viewer_cannot_change_funder_master_data(ui):
    client, h, token = ui
    url = "/intern/finance/foerdermittelgeber/demo-bund"
    page = client.get(url, headers=h("finance.clerk"))
    resp = client.post(url, headers=h("viewer"), follow_redirects=True, data={
        **_funder_form(page.text), "name": "Gekapert", "type": "federal"})
    assert "Nur die Sachbearbeitung Finanzen darf Fördermittelgeber ändern." in resp.text and "Gekapert" not in resp.text


RULES_URL = "/intern/finance/foerdermittelgeber/demo-robert-bosch-stiftung/regeln"
RULES_FORM = {"max_rate": "80", "min_own_share": "10", "eligible_categories": ["personnel", "material", "fees"],
              "basis": "expense", "report_format": "standard", "interim_due": "30.04.", "final_due_months": "6",
              "taper": "80; 60"}


def _rules(client):
    from finance import queries
    from servicekit.web.app import runtime_of

    with runtime_of(client.application).engine.connect() as conn:
        detail = queries.funder_detail(conn, "demo-robert-bosch-stiftung")
    return detail["rules_version"], detail["rules"]


def test_overrun_allowance_is_set_in_percent_and_kept_when_other_rules_are_saved(ui):
    client, h, token = ui
    form = client.get(RULES_URL, headers=h("finance.clerk")).text
    assert '<label for="position_overrun_tolerance">Erlaubte Überschreitung je Kostenposition in %</label>' in form
    saved = client.post(RULES_URL, headers=h("finance.clerk"), follow_redirects=True, data={
        **RULES_FORM, "csrf_token": token(RULES_URL, "finance.clerk"), "position_overrun_tolerance": "20"})
    assert "Regeln als Version 2 gespeichert." in saved.text
    assert "<dt>Erlaubte Überschreitung je Kostenposition</dt><dd>20,0 %</dd>" in saved.text  # on the funder page
    from decimal import Decimal

    assert Decimal(_rules(client)[1]["position_overrun_tolerance"]) == Decimal("0.2")  # stored as the fraction
    again = client.get(RULES_URL, headers=h("finance.clerk")).text
    assert 'id="position_overrun_tolerance" inputmode="decimal" name="position_overrun_tolerance" type="text" ' \
           'value="20,00"' in again  # prefilled the way it was typed
    # the clerk changes another rule and saves the prefilled form: the allowance stays
    client.post(RULES_URL, headers=h("finance.clerk"), data={
        **RULES_FORM, "csrf_token": token(RULES_URL, "finance.clerk"), "max_rate": "75",
        "position_overrun_tolerance": "20,00"})
    version, rules = _rules(client)
    assert (version, Decimal(rules["max_rate"]), Decimal(rules["position_overrun_tolerance"])) == (
        3, Decimal("0.75"), Decimal("0.2"))
    # a form opened before the field existed does not send it: the rule it did not show is not dropped
    client.post(RULES_URL, headers=h("finance.clerk"), data={
        **RULES_FORM, "csrf_token": token(RULES_URL, "finance.clerk"), "min_own_share": "12,5"})
    version, rules = _rules(client)
    assert (version, Decimal(rules["min_own_share"]), Decimal(rules["position_overrun_tolerance"])) == (
        4, Decimal("0.125"), Decimal("0.2"))
    # emptied on purpose: no limit, an overrun is only warned about
    cleared = client.post(RULES_URL, headers=h("finance.clerk"), follow_redirects=True, data={
        **RULES_FORM, "csrf_token": token(RULES_URL, "finance.clerk"), "position_overrun_tolerance": ""})
    assert _rules(client)[1]["position_overrun_tolerance"] is None
    assert ("<dt>Erlaubte Überschreitung je Kostenposition</dt><dd>keine Grenze (Überschreitung wird nur "
            "gewarnt)</dd>") in cleared.text


@pytest.mark.parametrize("typed", ["zwanzig", "-5", "150"])
def test_a_bad_overrun_allowance_is_a_german_field_error_and_nothing_is_saved(ui, typed):
    client, h, token = ui
    before = _rules(client)
    resp = client.post(RULES_URL, headers=h("finance.clerk"), data={
        **RULES_FORM, "csrf_token": token(RULES_URL, "finance.clerk"), "position_overrun_tolerance": typed})
    assert ('<p class="error" id="position_overrun_tolerance-err">Bitte einen Prozentwert zwischen 0 und 100 '
            'angeben, z. B. „20“ oder „12,5“.</p>') in resp.text
    assert f'value="{typed}"' in resp.text  # what was typed stays in the field to be corrected
    assert _rules(client) == before


def test_the_joint_rate_group_names_its_partners_and_a_differently_written_name_is_the_same_group(ui):
    client, h, token = ui
    url = "/intern/finance/foerdermittelgeber/demo-bund/regeln"
    form = client.get(url, headers=h("finance.clerk")).text
    assert "Derzeit in dieser Gruppe außerdem: Europäischer Sozialfonds Plus" in form
    assert '<datalist id="joint-groups"><option value="biwaq"></option></datalist>' in form
    page = client.get("/intern/finance/foerdermittelgeber/demo-bund", headers=h("finance.clerk")).text
    assert "<dt>Gruppe der gemeinsamen Höchstquote</dt><dd>biwaq – gemeinsam mit Europäischer Sozialfonds Plus</dd>" in page
    assert "<h1>Bund (BMWSB)</h1>" in page  # the short name is part of the name: not repeated beside it
    client.post(url, headers=h("finance.clerk"), data={
        "csrf_token": token(url, "finance.clerk"), "joint_group": "BIWAQ ", "joint_max_rate": "90",
        "eligible_categories": ["personnel"], "basis": "expense", "report_format": "bund", "interim_due": "30.04.",
        "final_due_months": "6"})
    from finance import queries
    from servicekit.web.app import runtime_of

    with runtime_of(client.application).engine.connect() as conn:
        assert queries.funder_detail(conn, "demo-bund")["rules"]["joint_group"] == "biwaq"  # still one group


def test_the_action_fund_form_proposes_the_coming_year(ui):
    client, h, _token = ui
    page = client.get("/intern/finance/aktionsfonds", headers=h("finance.clerk")).text
    [year] = re.findall(r'<input[^>]*name="year"[^>]*>', page)
    assert f'value="{date.today().year + 1}"' in year, year
    assert '<label for="q">Bezeichnung oder Gremium</label>' in page
