"""Department UI: funding calls and indicators are edited in prefilled forms and deleted after a confirmation
step (POST with CSRF token and the version that was shown)."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from programmes.adapters.orm import funding_call, indicator

BASE = "/intern/programmes"


@pytest.fixture
def ui(api):
    html = {"Accept": "text/html"}
    api.ed = {**api.editor, **html}
    api.view = {**api.viewer, **html}
    return api


def token(text: str) -> str:
    return re.search(r'name="(?:[a-z]+-)?csrf_token"(?: type="hidden")? value="([^"]+)"', text).group(1)


def post(ui, page_url, data, action=None, expect=303):
    """Fetch ``page_url`` (for the CSRF token) and post ``data`` to ``action`` (default: the same page)."""
    page = ui.client.get(page_url, headers=ui.ed)
    assert page.status_code == 200, page.text[:500]
    resp = ui.client.post(action or page_url, data={"csrf_token": token(page.text), **data}, headers=ui.ed)
    assert resp.status_code == expect, resp.text[:3000]
    return resp


def follow(ui, resp) -> str:
    return ui.client.get(resp.headers["Location"], headers=ui.ed).text


def checked(html: str, name: str, value: str) -> bool:
    """Is the checkbox ``name`` = ``value`` ticked in ``html``?"""
    return re.search(rf'<input checked id="{name}-\d+" name="{name}" type="checkbox" value="{value}">', html) is not None


def soon(days=40) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def make_call(ui) -> str:
    resp = ui.client.post("/api/programmes/calls", headers=ui.editor, json={
        "title": "Engagement stärken", "deadline": soon(), "fields_of_action": ["jugend"], "budget_min": "1000",
        "budget_max": "5000", "link": "https://example.org/aufruf", "funder_id": "demo-bosch"})
    assert resp.status_code == 201
    return resp.json["id"]


def call_row(ui, call_id):
    with ui.runtime.engine.connect() as conn:
        return conn.execute(select(funding_call).where(funding_call.c.id == call_id)).mappings().first()


def test_edit_a_funding_call_in_a_prefilled_form(ui):
    call_id = make_call(ui)
    listing = ui.client.get(f"{BASE}/aufrufe", headers=ui.ed).text
    assert f'href="/intern/programmes/aufrufe/{call_id}"' in listing and ">Bearbeiten</a>" in listing
    url = f"{BASE}/aufrufe/{call_id}"
    form = ui.client.get(url, headers=ui.ed).text
    assert "<h1>Förderaufruf bearbeiten: Engagement stärken</h1>" in form
    assert 'value="Engagement stärken"' in form and f'value="{soon()}"' in form and 'value="5.000,00"' in form
    # a funder finance has not announced yet is kept, not dropped, and named without its id
    assert ('<option selected value="demo-bosch">Fördermittelgeber, den die Kämmerei noch nicht gemeldet hat'
            '</option>') in form and ">demo-bosch<" not in form
    assert checked(form, "fields_of_action", "jugend") and 'name="version" type="hidden" value="1"' in form
    assert '<label for="fields_of_action-0">Jugend</label>' in form or '>Jugend</label>' in form
    bad = post(ui, url, {"title": "", "deadline": soon(), "budget_min": "9000", "budget_max": "5000",
                         "funder_id": "demo-bosch", "version": "1"}, expect=422)
    assert "Bitte korrigieren Sie die Eingaben" in bad.text
    assert "Das Mindestbudget darf nicht über dem Höchstbudget liegen." in bad.text
    saved = post(ui, url, {"title": "Engagement vor Ort", "deadline": soon(60), "fields_of_action": ["jugend", "familie"],
                           "budget_min": "2.000", "budget_max": "5000,00", "link": "", "funder_id": "demo-bosch",
                           "version": "1"})
    page = follow(ui, saved)
    assert "Förderaufruf „Engagement vor Ort“ gespeichert." in page and "Engagement vor Ort" in page
    row = call_row(ui, call_id)
    assert row["version"] == 2 and row["link"] == "" and row["funder_id"] == "demo-bosch"
    assert row["fields_of_action"] == ["jugend", "familie"] and str(row["budget_min"]) == "2000.00"
    stale = post(ui, url, {"title": "Alter Stand", "deadline": soon(), "version": "1"}, expect=409)
    assert "inzwischen von jemand anderem geändert" in stale.text
    assert call_row(ui, call_id)["title"] == "Engagement vor Ort"


def test_delete_a_funding_call_after_confirmation(ui):
    call_id = make_call(ui)
    assert "Förderaufruf: Engagement stärken" in ui.client.get(f"{BASE}/radar?months=12", headers=ui.ed).text
    url = f"{BASE}/aufrufe/{call_id}/loeschen"
    confirm = ui.client.get(url, headers=ui.ed).text
    assert "<h1>Förderaufruf löschen: Engagement stärken</h1>" in confirm
    assert "verschwindet aus der Liste, aus dem Fristen-Radar" in confirm and ">Endgültig löschen</button>" in confirm
    assert 'href="/intern/programmes/aufrufe">Abbrechen</a>' in confirm
    assert call_row(ui, call_id) is not None  # looking at the confirmation deletes nothing
    ui.client.patch(f"/api/programmes/calls/{call_id}", json={"title": "Inzwischen geändert"}, headers={
        **ui.editor, "If-Match": ui.client.get(f"/api/programmes/calls/{call_id}", headers=ui.viewer).headers["ETag"]})
    stale = ui.client.post(url, headers=ui.ed, data={"csrf_token": token(confirm), "version": "1"})
    assert stale.status_code == 409 and "inzwischen von jemand anderem geändert" in stale.text
    gone = post(ui, url, {"version": "2"})
    page = follow(ui, gone)
    assert "Förderaufruf „Inzwischen geändert“ gelöscht." in page and "Keine Förderaufrufe." in page
    assert call_row(ui, call_id) is None
    assert "Förderaufruf:" not in ui.client.get(f"{BASE}/radar?months=12", headers=ui.ed).text
    other = make_call(ui)
    no_token = ui.client.post(f"{BASE}/aufrufe/{other}/loeschen", headers=ui.ed, data={"version": "1"})
    assert no_token.status_code == 400 and call_row(ui, other) is not None  # CSRF: no token, no deletion


def test_viewers_see_no_edit_links_and_may_not_change(ui):
    call_id = make_call(ui)
    pid = ui.project()["id"]
    ind = ui.client.post(f"/api/programmes/projects/{pid}/indicators", headers=ui.editor,
                         json={"name": "Erreichte Jugendliche", "baseline": "0", "target": "100"}).json["id"]
    assert "/loeschen" not in ui.client.get(f"{BASE}/aufrufe", headers=ui.view).text
    assert "/loeschen" not in ui.client.get(f"{BASE}/projekte/{pid}?tab=indikatoren", headers=ui.view).text
    tok = token(ui.client.get(f"{BASE}/aufrufe", headers=ui.ed).text)
    for url in (f"{BASE}/aufrufe/{call_id}", f"{BASE}/aufrufe/{call_id}/loeschen", f"{BASE}/indikatoren/{ind}",
                f"{BASE}/indikatoren/{ind}/loeschen"):
        assert ui.client.get(url, headers=ui.view).status_code == 403, url
        assert ui.client.post(url, data={"csrf_token": tok, "version": "1"}, headers=ui.view).status_code == 403
    assert call_row(ui, call_id) is not None
    assert ui.client.get(f"{BASE}/aufrufe/gibt-es-nicht", headers=ui.ed).status_code == 404
    missing = ui.client.get(f"{BASE}/indikatoren/gibt-es-nicht/loeschen", headers=ui.ed)
    assert missing.status_code == 404 and "Der Indikator „gibt-es-nicht“ gibt es nicht." in missing.text


def test_edit_an_indicator_and_delete_it_only_without_measurements(ui):
    pid = ui.project(title="Juze-Truck")["id"]
    project_url = f"{BASE}/projekte/{pid}"
    made = [ui.client.post(f"/api/programmes/projects/{pid}/indicators", headers=ui.editor, json=body).json["id"]
            for body in ({"name": "Erreichte Jugendliche", "unit": "Personen", "baseline": "0", "target": "100"},
                         {"name": "Neue Kooperationen", "baseline": "0", "target": "5"})]
    measured, spare = made
    ui.client.post(f"/api/programmes/indicators/{measured}/measurements", headers=ui.editor,
                   json={"measured_on": "2026-01-10", "value": "40"})
    page = ui.client.get(project_url + "?tab=indikatoren", headers=ui.ed).text
    assert f'href="/intern/programmes/indikatoren/{measured}"' in page
    assert f'href="/intern/programmes/indikatoren/{spare}/loeschen"' in page

    url = f"{BASE}/indikatoren/{measured}"
    form = ui.client.get(url, headers=ui.ed).text
    assert "<h1>Indikator bearbeiten: Erreichte Jugendliche</h1>" in form and "Juze-Truck" in form
    assert 'value="Erreichte Jugendliche"' in form and 'value="100,00"' in form and "Die Messwerte bleiben" in form
    assert f'href="/intern/programmes/projekte/{pid}?tab=indikatoren">Abbrechen</a>' in form
    bad = post(ui, url, {"name": "Erreichte Jugendliche", "baseline": "", "target": "80", "version": "1"}, expect=422)
    assert "Bitte einen Wert angeben." in bad.text
    saved = post(ui, url, {"name": "Erreichte junge Menschen", "unit": "Personen", "baseline": "0", "target": "80",
                           "version": "1"})
    assert saved.headers["Location"].endswith(f"/projekte/{pid}?tab=indikatoren")
    after = follow(ui, saved)
    assert "Indikator „Erreichte junge Menschen“ gespeichert." in after and "50,0 %" in after

    confirm_url = f"{BASE}/indikatoren/{measured}/loeschen"
    confirm = ui.client.get(confirm_url, headers=ui.ed).text
    assert "Sie belegen die Evaluation des Projekts" in confirm and "Endgültig löschen" not in confirm
    refused = post(ui, project_url, {"version": "2"}, action=confirm_url, expect=409)
    assert "Der Indikator hat schon Messwerte." in refused.text
    with ui.runtime.engine.connect() as conn:
        assert conn.execute(select(indicator.c.id).where(indicator.c.id == measured)).first() is not None

    spare_url = f"{BASE}/indikatoren/{spare}/loeschen"
    confirm = ui.client.get(spare_url, headers=ui.ed).text
    assert "Der Indikator „Neue Kooperationen“ des Projekts „Juze-Truck“ wird gelöscht." in confirm
    gone = post(ui, spare_url, {"version": "1"})
    assert "Indikator „Neue Kooperationen“ gelöscht." in follow(ui, gone)
    with ui.runtime.engine.connect() as conn:
        assert conn.execute(select(indicator.c.id).where(indicator.c.id == spare)).first() is None


def test_edit_and_delete_screens_in_english(ui):
    call_id = make_call(ui)
    pid = ui.project()["id"]
    ind = ui.client.post(f"/api/programmes/projects/{pid}/indicators", headers=ui.editor,
                         json={"name": "Erreichte Jugendliche", "baseline": "0", "target": "100"}).json["id"]
    ui.client.post(f"/api/programmes/indicators/{ind}/measurements", headers=ui.editor,
                   json={"measured_on": "2026-01-10", "value": "40"})
    ui.client.set_cookie("aktiv_lang", "en")
    listing = ui.client.get(f"{BASE}/aufrufe", headers=ui.ed).text
    assert ">Actions</th>" in listing and ">Edit</a>" in listing and ">Delete</a>" in listing
    form = ui.client.get(f"{BASE}/aufrufe/{call_id}", headers=ui.ed).text
    assert "<h1>Edit funding call: Engagement stärken</h1>" in form and ">Budget from (€)</label>" in form
    bad = post(ui, f"{BASE}/aufrufe/{call_id}", {"title": "Engagement", "deadline": soon(), "budget_min": "9000",
                                                 "budget_max": "10", "version": "1"}, expect=422)
    assert "The minimum budget may not exceed the maximum budget." in bad.text
    confirm = ui.client.get(f"{BASE}/aufrufe/{call_id}/loeschen", headers=ui.ed).text
    assert "Delete funding call: Engagement stärken" in confirm and ">Delete permanently</button>" in confirm
    assert "disappears from the list, from the deadline radar" in confirm
    gone = post(ui, f"{BASE}/aufrufe/{call_id}/loeschen", {"version": "1"})
    assert "Funding call “Engagement stärken” deleted." in follow(ui, gone)
    refusal = ui.client.get(f"{BASE}/indikatoren/{ind}/loeschen", headers=ui.ed).text
    assert "The indicator already has measurements. They are the evidence for the evaluation of the project" in refusal
    refused = post(ui, f"{BASE}/projekte/{pid}", {"version": "1"}, action=f"{BASE}/indikatoren/{ind}/loeschen",
                   expect=409)
    assert "so it cannot be deleted." in refused.text
    edit = ui.client.get(f"{BASE}/indikatoren/{ind}", headers=ui.ed).text
    assert "Edit indicator: Erreichte Jugendliche" in edit and "The measurements are kept" in edit
