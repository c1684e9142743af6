"""The funding-plan grid: project and funders picked by name, German amounts, per-cell errors, spare rows, the
live panel with the sums, and a new version prefilled with the current one."""

import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from finance.adapters.orm import plan_cost, plan_source, plan_version
from finance.service_layer.projects import on_project_event


@pytest.fixture
def ui(seeded, auth_header):
    client, runtime = seeded

    def h(*roles, user="anna", name="Anna Amann"):
        return {**auth_header(*roles, user=user, name=name), "Accept": "text/html"}

    def token(path, *roles):
        page = client.get(path, headers=h(*roles))
        assert page.status_code == 200, page.text
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)

    return SimpleNamespace(client=client, runtime=runtime, h=h, token=token)


class _Fields(HTMLParser):
    """The values a browser submits for one form: inputs, the selected option of each select."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.select, self.fields = form_id, False, None, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif self.inside and tag == "template":
            self.inside = "template"
        elif self.inside is True and tag == "input" and a.get("name") and a.get("type") not in ("checkbox", "submit"):
            self.fields[a["name"]] = a.get("value", "")
        elif self.inside is True and tag == "select":
            self.select = a["name"]
            self.fields.setdefault(self.select, "")
        elif self.inside is True and tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "template" and self.inside == "template":
            self.inside = True
        elif tag == "form":
            self.inside = False


def form_fields(html, form_id):
    parser = _Fields(form_id)
    parser.feed(html)
    return parser.fields


def _project(runtime, project_id, title, stage="concept"):
    with runtime.uow() as uow:
        on_project_event(uow, SimpleNamespace(data={"project_id": project_id, "title": title, "stage": stage},
                                              sequence=1, source="/t", id=project_id, type="t"))
        uow.commit()


def _lines(runtime, plan_id, version):
    with runtime.engine.connect() as conn:
        costs = [tuple(r) for r in conn.execute(
            select(plan_cost.c.position, plan_cost.c.category, plan_cost.c.year, plan_cost.c.amount,
                   plan_cost.c.label).where(plan_cost.c.plan_id == plan_id, plan_cost.c.version == version)
            .order_by(plan_cost.c.seq))]
        sources = [tuple(r) for r in conn.execute(
            select(plan_source.c.funder_id, plan_source.c.year, plan_source.c.amount, plan_source.c.position)
            .where(plan_source.c.plan_id == plan_id, plan_source.c.version == version).order_by(plan_source.c.seq))]
        who = conn.execute(select(plan_version.c.created_by, plan_version.c.created_by_name).where(
            plan_version.c.plan_id == plan_id, plan_version.c.version == version)).first()
    return costs, sources, tuple(who)


def test_new_plan_picks_the_project_by_name_is_checked_then_created_like_the_api(ui, grid, clerk):
    _project(ui.runtime, "p-apfelkern", "Stadtteiltreff Apfelkern")
    _project(ui.runtime, "p-haken", "Stadtteilbüro Haken")
    page = ui.client.get("/intern/finance/plaene/neu", headers=ui.h("finance.clerk"))
    assert '<option value="p-apfelkern">Stadtteiltreff Apfelkern</option>' in page.text
    assert "demo-juze-truck" not in page.text  # it has a plan already: one plan per project
    assert '<option value="demo-stadt-kaufbeuren">Stadt Kaufbeuren</option>' in page.text  # funders by name
    assert ">personnel<" not in page.text and ">Personalausgaben</option>" in page.text  # categories by name
    form = grid(costs=[("", "material", 2026, "1.000,00", "Miete"), ("", "fees", 2026, "500", "Kurse")],
                sources=[("demo-stadt-kaufbeuren", 2026, "1.400")],
                csrf_token=ui.token("/intern/finance/plaene/neu", "finance.clerk"), project_id="p-apfelkern")
    checked = ui.client.post("/intern/finance/plaene/neu", headers=ui.h("finance.clerk"),
                             data={**form, "action": "check"})
    assert "Ausgeglichenheit:" in checked.text and "Differenz -100,00 €" in checked.text
    assert "Summen je Jahr" in checked.text and "<td class=\"num\">1.500,00 €</td>" in checked.text
    form["sources-0-amount"] = "1.500,00"
    created = ui.client.post("/intern/finance/plaene/neu", headers=ui.h("finance.clerk"),
                             data={**form, "action": "save"}, follow_redirects=True)
    assert "Finanzierungsplan angelegt – er ist gültig." in created.text
    assert "<h1>Finanzierungsplan Stadtteiltreff Apfelkern</h1>" in created.text
    plan_id = re.search(r'/intern/finance/soll-ist/p-apfelkern', created.text) and \
        re.search(r'href="\?version=1"', created.text)
    assert plan_id
    ui_plan = ui.client.get("/api/finance/plans?project_id=p-apfelkern", headers=clerk).json[0]
    api = ui.client.post("/api/finance/plans", headers=clerk, json={
        "project_id": "p-haken", "title": "Haken", "costs": [
            {"position": "1", "category": "material", "year": 2026, "amount": "1000.00", "label": "Miete"},
            {"position": "2", "category": "fees", "year": 2026, "amount": "500.00", "label": "Kurse"}],
        "sources": [{"funder_id": "demo-stadt-kaufbeuren", "year": 2026, "amount": "1500.00"}]})
    assert api.status_code == 201
    ui_lines = _lines(ui.runtime, ui_plan["id"], 1)
    api_lines = _lines(ui.runtime, api.json["id"], 1)
    assert ui_lines[:2] == api_lines[:2]  # the same plan, whether typed in the grid or sent as JSON
    assert ui_lines[2] == ("anna", "Anna Amann")  # who saved it, by name, stored with the version


def test_german_amounts_in_the_grid_and_a_bad_one_is_a_german_error_at_its_cell(ui, grid):
    url = "/intern/finance/plaene/demo-plan-mobikids"
    form = grid(costs=[("1", "fees", 2026, "12.000,00", "Honorare"), ("2", "material", 2026, "12000", "Material"),
                       ("3", "material", 2026, "12000,5", "Miete")],
                sources=[("demo-stadt-kaufbeuren", 2026, "36.000,50")], csrf_token=ui.token(url, "finance.clerk"))
    ok = ui.client.post(url, headers=ui.h("finance.clerk"), data={**form, "action": "check"})
    assert "Der Plan erfüllt alle Regeln." in ok.text
    assert "Gesamtausgaben 36.000,50 €" in ok.text
    bad = ui.client.post(url, headers=ui.h("finance.clerk"), data={**form, "costs-1-amount": "12.000,0,0",
                                                                      "action": "save"})
    cell = re.search(r'<td class="has-error">(.*?)</td>', bad.text, re.S).group(1)
    assert 'id="costs-1-amount"' in cell and 'aria-describedby="costs-1-amount-err"' in cell
    assert 'aria-invalid="true"' in cell and 'value="12.000,0,0"' in cell  # what was typed stays to correct
    error = re.search(r'<p class="error" id="costs-1-amount-err">([^<]+)</p>', bad.text).group(1)
    assert "Betrag" in error and "amount" not in error.lower()  # a German sentence
    assert '<a href="#costs-1-amount">Ausgaben, Zeile 2, Betrag (€): ' in bad.text  # the summary links the cell
    assert "Version 2 gespeichert" not in bad.text  # nothing half-written
    missing = ui.client.post(url, headers=ui.h("finance.clerk"),
                             data={**form, "costs-2-year": "", "sources-0-funder_id": "", "action": "check"})
    assert "Ausgaben, Zeile 3, Jahr: Bitte das Jahr angeben." in missing.text
    assert "Finanzierung, Zeile 1, Fördermittelgeber: Bitte einen Fördermittelgeber wählen." in missing.text


def test_blank_rows_are_ignored_and_more_rows_come_without_javascript(ui, grid):
    url = "/intern/finance/plaene/demo-plan-mobikids"
    form = grid(costs=[("1", "fees", 2026, "100", "Honorar"), ("", "", "", "", "")],
                sources=[("demo-stadt-kaufbeuren", 2026, "100"), ("", "", "", "")],
                csrf_token=ui.token(url, "finance.clerk"))
    checked = ui.client.post(url, headers=ui.h("finance.clerk"), data={**form, "action": "check"})
    assert "Der Plan erfüllt alle Regeln." in checked.text and "Bitte korrigieren" not in checked.text
    more = ui.client.post(url, headers=ui.h("finance.clerk"), data={**form, "action": "more"})
    assert 'name="costs-4-amount"' in more.text and 'name="sources-4-amount"' in more.text  # 2 + 3 more rows
    assert 'value="Honorar"' in more.text and "Bitte korrigieren" not in more.text
    assert '<button type="submit" name="action" value="more"' in more.text


def test_a_new_version_is_prefilled_with_the_current_one(ui, clerk):
    url = "/intern/finance/plaene/demo-plan-juze-truck"
    page = ui.client.get(url, headers=ui.h("finance.clerk"))
    assert 'name="costs-0-amount" type="text" value="21.000,00"' in page.text  # German, as a clerk types it
    assert 'value="Mobile Jugendarbeit"' in page.text
    source = re.search(r'<select id="sources-0-funder_id".*?</select>', page.text, re.S).group(0)
    assert '<option selected value="demo-robert-bosch-stiftung">Robert-Bosch-Stiftung</option>' in source
    assert re.search(r'<option value="1">Pos\. 1 – Mobile Jugendarbeit</option>', page.text)  # positions by name
    assert 'name="costs-4-amount"' in page.text and 'name="costs-6-amount"' not in page.text  # 4 lines + 2 spare
    form = form_fields(page.text, "plan-form")  # what the browser would send back unchanged
    assert form["costs-0-year"] == "2026" and form["sources-0-funder_id"] == "demo-robert-bosch-stiftung"
    saved = ui.client.post(url, headers=ui.h("finance.clerk"), follow_redirects=True,
                           data={**form, "action": "save", "note": "unverändert"})
    assert "Version 2 gespeichert – der Plan ist gültig." in saved.text, re.findall(r'class="error"[^>]*>([^<]+)', saved.text)
    assert "von Anna Amann, " in saved.text  # the versions list names who saved
    one, two = _lines(ui.runtime, "demo-plan-juze-truck", 1), _lines(ui.runtime, "demo-plan-juze-truck", 2)
    assert one[:2] == two[:2]


def test_viewer_may_check_but_not_save(ui, grid):
    url = "/intern/finance/plaene/demo-plan-mobikids"
    resp = ui.client.post(url, headers=ui.h("viewer"), follow_redirects=True, data=grid(
        costs=[("1", "fees", 2026, "100")], sources=[("demo-stadt-kaufbeuren", 2026, "100")],
        csrf_token=ui.token(url, "viewer"), action="save"))
    assert "Nur die Sachbearbeitung Finanzen darf Pläne speichern." in resp.text
    assert "Version 2 gespeichert" not in resp.text


def test_live_check_answers_with_the_panel_and_the_sums_per_year_and_funder(ui, grid):
    url = "/intern/finance/plaene/live-pruefung"
    t = ui.token("/intern/finance/plaene/neu", "viewer")
    resp = ui.client.post(url, headers={**ui.h("viewer"), "X-Panel": "1"}, data=grid(
        costs=[("1", "fees", 2026, "100"), ("1", "fees", 2027, "50")],
        sources=[("demo-freistaat-bayern", 2026, "100"), ("demo-freistaat-bayern", 2027, "30"),
                 ("demo-stadt-kaufbeuren", 2027, "20")], csrf_token=t, action="check"))
    assert resp.status_code == 200 and resp.text.lstrip().startswith("<section") and "<html" not in resp.text
    assert "Prüfergebnis (nicht gespeichert)" in resp.text and "höchstens 80 %" in resp.text
    years = resp.text.split("Summen je Jahr")[1].split("</table>")[0]
    assert '<th scope="row">2026</th><td class="num">100,00 €</td><td class="num">100,00 €</td>' in years
    assert '<th scope="row">2027</th><td class="num">50,00 €</td>' in years
    funders = resp.text.split("Summen je Geber")[1].split("</table>")[0]
    assert '<th scope="row">Freistaat</th><td class="num">130,00 €</td><td class="num">86,7 %</td>' in funders
    assert '<th scope="row">Stadt</th><td class="num">20,00 €</td><td class="num">13,3 %</td>' in funders
    unfinished = ui.client.post(url, headers=ui.h("viewer"), data=grid(
        costs=[("1", "fees", "zwanzig", "100"), ("2", "material", 2026, "40")],
        sources=[("demo-stadt-kaufbeuren", 2026, "40")], csrf_token=t))
    assert unfinished.status_code == 200 and "lassen sich noch nicht prüfen" in unfinished.text
    assert '<a href="#costs-0-year">Ausgaben, Zeile 1, Jahr: Keine gültige, ganze Zahl.</a>' in unfinished.text
    assert "Summen je Jahr" in unfinished.text  # the rows that can be read are summed already
    assert ui.client.post(url, headers=ui.h("viewer"), data=grid(costs=[("1", "fees", 2026, "1")])).status_code \
        == 400  # no CSRF token


def test_plan_pages_load_their_scripts_and_the_grid_template(ui):
    for url in ("/intern/finance/plaene/demo-plan-mobikids", "/intern/finance/plaene/neu"):
        page = ui.client.get(url, headers=ui.h("viewer"))
        assert '<script src="/intern/finance/_static/plan-panel.js" defer></script>' in page.text
        assert '<script src="/intern/finance/_static/plan-grid.js" defer></script>' in page.text
        form = re.search(r'<form[^>]*id="plan-form"[^>]*>', page.text, re.S).group(0)
        assert 'data-live-check="/intern/finance/plaene/live-pruefung"' in form and 'data-panel="panel"' in form
        assert 'data-label-checking="Plan wird geprüft …"' in form
        assert '<template data-row-template="costs">' in page.text and 'name="costs-__i__-amount"' in page.text
    english = ui.client.get("/intern/finance/plaene/neu?lang=en", headers=ui.h("viewer"))
    assert 'data-label-checking="Checking the plan …"' in english.text
    for name in ("plan-panel.js", "plan-grid.js"):
        script = ui.client.get(f"/intern/finance/_static/{name}")
        assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")
    assert "data-row-template" in ui.client.get("/intern/finance/_static/plan-grid.js").text


def test_plan_list_is_searched_filtered_and_paged_in_sql(ui):
    page = ui.client.get("/intern/finance/plaene?q=juze", headers=ui.h("viewer"))
    assert "4 Job – Juze-Truck" in page.text and "BIWAQ Stadtteilbüro Neugablonz" not in page.text
    by_funder = ui.client.get("/intern/finance/plaene?funder_id=demo-freistaat-bayern", headers=ui.h("viewer"))
    assert "Spielplatz aktiv – Mobikids" in by_funder.text and "4 Job – Juze-Truck" not in by_funder.text
    by_year = ui.client.get("/intern/finance/plaene?year=2028", headers=ui.h("viewer"))
    assert "BIWAQ Stadtteilbüro Neugablonz" in by_year.text and "Mobikids" not in by_year.text
    invalid = ui.client.get("/intern/finance/plaene?status=verstoesse", headers=ui.h("viewer"))
    assert "Keine Finanzierungspläne gefunden." in invalid.text
    assert "Seite 1 von 1 (3 Einträge)" in ui.client.get("/intern/finance/plaene", headers=ui.h("viewer")).text
