"""Funding calls and indicators can be changed (PATCH with If-Match) and deleted (DELETE with If-Match);
an indicator with measurements stays, because the measurements are the evidence of the evaluation."""

from datetime import date, timedelta

from sqlalchemy import select

CALLS = "/api/programmes/calls"


def soon(days: int = 40) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def audit_actions(api, entity: str, entity_id: str) -> list[str]:
    table = api.runtime.metadata.tables["audit_log"]
    with api.runtime.engine.connect() as conn:
        return list(conn.execute(select(table.c.action).where(table.c.entity == entity,
                                                              table.c.entity_id == entity_id)
                                 .order_by(table.c.id)).scalars())


def new_call(api, **fields) -> dict:
    body = {"title": "Engagement stärken", "deadline": soon(), "fields_of_action": ["jugend"],
            "budget_min": "1000", "budget_max": "5000", "link": "https://example.org/aufruf", **fields}
    resp = api.client.post(CALLS, json=body, headers=api.editor)
    assert resp.status_code == 201, resp.json
    assert resp.json["version"] == 1
    return resp.json


def radar_texts(api) -> list[str]:
    return [i["text"] for i in api.client.get("/api/programmes/radar?months=12", headers=api.viewer).json]


def test_funding_call_update_with_etag_and_delete_removes_it_from_the_radar(api):
    call = new_call(api)
    url = f"{CALLS}/{call['id']}"
    got = api.client.get(url, headers=api.viewer)
    assert got.status_code == 200 and got.json["title"] == "Engagement stärken" and got.headers["ETag"]
    etag = got.headers["ETag"]
    assert api.client.patch(url, json={"title": "Engagement vor Ort"}, headers=api.editor).status_code == 428
    changed = api.client.patch(url, json={"title": "Engagement vor Ort", "deadline": soon(50), "link": None,
                                          "fields_of_action": ["jugend", "familie"]},
                               headers={**api.editor, "If-Match": etag})
    assert changed.status_code == 200, changed.json
    assert changed.json["version"] == 2 and changed.json["title"] == "Engagement vor Ort"
    assert changed.json["link"] == "" and changed.json["fields_of_action"] == ["jugend", "familie"]
    assert changed.headers["ETag"] != etag
    stale = api.client.patch(url, json={"title": "Zu spät"}, headers={**api.editor, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert api.client.get(url, headers=api.viewer).json["title"] == "Engagement vor Ort"
    assert "Förderaufruf: Engagement vor Ort" in radar_texts(api)
    family = api.project(fields_of_action=["familie"])["id"]
    assert [c["id"] for c in api.client.get(f"{CALLS}?project={family}", headers=api.viewer).json] == [call["id"]]

    assert api.client.delete(url, headers=api.editor).status_code == 428
    assert api.client.delete(url, headers={**api.editor, "If-Match": etag}).status_code == 412
    current = api.client.get(url, headers=api.viewer).headers["ETag"]
    gone = api.client.delete(url, headers={**api.editor, "If-Match": current})
    assert gone.status_code == 204 and gone.data == b""
    missing = api.client.get(url, headers=api.viewer)
    assert missing.status_code == 404 and missing.json["detail"] == f"Der Förderaufruf „{call['id']}“ gibt es nicht."
    assert api.client.get(CALLS, headers=api.viewer).json == []
    assert not [t for t in radar_texts(api) if t.startswith("Förderaufruf")]
    assert api.client.get(f"{CALLS}?project={family}", headers=api.viewer).json == []
    assert audit_actions(api, "funding_call", call["id"]) == ["created", "updated", "deleted"]


def test_funding_call_update_refuses_bad_input_with_field_errors(api):
    call = new_call(api)
    url = f"{CALLS}/{call['id']}"
    headers = {**api.editor, "If-Match": api.client.get(url, headers=api.viewer).headers["ETag"]}
    bad = api.client.patch(url, headers=headers, json={
        "title": "X", "deadline": "31.12.2026", "link": "kein-link", "budget_min": "-5", "farbe": "rot"})
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    errors = bad.json["errors"]
    assert set(errors) == {"title", "deadline", "link", "budget_min", "farbe"}
    assert errors["deadline"] == ["Kein gültiges Datum (JJJJ-MM-TT)."]
    assert errors["budget_min"] == ["Der Betrag darf nicht negativ sein."]
    assert errors["farbe"] == ["Unbekanntes Feld."]
    unknown = api.client.patch(url, headers=headers, json={"fields_of_action": ["mond"]})
    assert unknown.status_code == 422 and unknown.json["errors"] == {"fields_of_action": ["Unbekannte Kürzel: mond."]}
    budget = api.client.patch(url, headers=headers, json={"budget_min": "9000"})  # above the stored maximum
    assert budget.status_code == 409
    assert budget.json["detail"] == "Das Mindestbudget darf nicht über dem Höchstbudget liegen."
    assert api.client.get(url, headers=api.viewer).json["version"] == 1  # nothing was changed


def test_funding_call_and_indicator_changes_need_the_editor_role_and_an_existing_record(api, auth_header):
    call = new_call(api)
    pid = api.project()["id"]
    ind = api.client.post(f"/api/programmes/projects/{pid}/indicators", headers=api.editor,
                          json={"name": "Erreichte Jugendliche", "baseline": "0", "target": "100"}).json
    for url in (f"{CALLS}/{call['id']}", f"/api/programmes/indicators/{ind['id']}"):
        etag = api.client.get(url, headers=api.viewer).headers["ETag"]
        for method in ("PATCH", "DELETE"):
            assert api.client.open(url, method=method, json={}).status_code == 401
            for role in ("viewer", "finance.clerk"):
                denied = api.client.open(url, method=method, json={},
                                         headers={**auth_header(role), "If-Match": etag})
                assert denied.status_code == 403 and denied.mimetype == "application/problem+json"
        assert api.client.get(url).status_code == 401
    for url in (f"{CALLS}/gibt-es-nicht", "/api/programmes/indicators/gibt-es-nicht"):
        assert api.client.get(url, headers=api.viewer).status_code == 404
        for method in ("PATCH", "DELETE"):
            resp = api.client.open(url, method=method, json={}, headers={**api.editor, "If-Match": '"egal"'})
            assert resp.status_code == 404 and resp.json["title"] == "Nicht gefunden", (method, url)


def test_indicator_update_and_delete_only_without_measurements(api):
    pid = api.project()["id"]
    created = api.client.post(f"/api/programmes/projects/{pid}/indicators", headers=api.editor,
                              json={"name": "Erreichte Jugendliche", "unit": "Personen", "baseline": "0",
                                    "target": "100"})
    assert created.status_code == 201 and created.json["version"] == 1
    ind = created.json["id"]
    url = f"/api/programmes/indicators/{ind}"
    api.client.post(f"{url}/measurements", headers=api.editor, json={"measured_on": "2026-01-10", "value": "40"})
    got = api.client.get(url, headers=api.viewer)
    assert got.json["attainment_percent"] == 40 and len(got.json["measurements"]) == 1
    assert api.client.patch(url, json={"target": "80"}, headers=api.editor).status_code == 428
    changed = api.client.patch(url, json={"name": "Erreichte junge Menschen", "target": "80", "unit": None},
                               headers={**api.editor, "If-Match": got.headers["ETag"]})
    assert changed.status_code == 422 and set(changed.json["errors"]) == {"unit"}
    changed = api.client.patch(url, json={"name": "Erreichte junge Menschen", "target": "80"},
                               headers={**api.editor, "If-Match": got.headers["ETag"]})
    assert changed.status_code == 200, changed.json
    assert changed.json["version"] == 2 and changed.json["target"] == "80.00"
    assert changed.json["attainment_percent"] == 50  # the measurement stays, the attainment follows the target
    stale = api.client.patch(url, json={"target": "60"}, headers={**api.editor, "If-Match": got.headers["ETag"]})
    assert stale.status_code == 412
    bad = api.client.patch(url, json={"name": "", "baseline": "viel"},
                           headers={**api.editor, "If-Match": changed.headers["ETag"]})
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"name", "baseline"}

    refused = api.client.delete(url, headers={**api.editor, "If-Match": changed.headers["ETag"]})
    assert refused.status_code == 409 and refused.mimetype == "application/problem+json"
    assert refused.json["detail"] == ("Der Indikator hat schon Messwerte. Sie belegen die Evaluation des Projekts, "
                                      "deshalb kann er nicht gelöscht werden.")
    assert api.client.get(url, headers=api.viewer).status_code == 200

    spare = api.client.post(f"/api/programmes/projects/{pid}/indicators", headers=api.editor,
                            json={"name": "Neue Kooperationen", "baseline": "0", "target": "5"}).json["id"]
    spare_url = f"/api/programmes/indicators/{spare}"
    assert api.client.delete(spare_url, headers=api.editor).status_code == 428
    etag = api.client.get(spare_url, headers=api.viewer).headers["ETag"]
    assert api.client.delete(spare_url, headers={**api.editor, "If-Match": etag}).status_code == 204
    assert api.client.get(spare_url, headers=api.viewer).status_code == 404
    names = [i["name"] for i in api.client.get(f"/api/programmes/projects/{pid}/indicators", headers=api.viewer).json]
    assert names == ["Erreichte junge Menschen"]
    assert audit_actions(api, "indicator", ind) == ["created", "measured", "updated"]
    assert audit_actions(api, "indicator", spare) == ["created", "deleted"]
