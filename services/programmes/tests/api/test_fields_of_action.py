from programmes.bootstrap import SPEC


def test_editor_creates_field_of_action_and_lists_it(make_client, auth_header):
    client, _ = make_client(SPEC)
    resp = client.post("/api/programmes/fields-of-action", json={"code": "sport", "name": "Sport"},
                       headers=auth_header("programmes.editor"))
    assert resp.status_code == 201, resp.json
    listing = client.get("/api/programmes/fields-of-action", headers=auth_header("viewer"))
    assert [f["name"] for f in listing.json] == ["Sport"]
    assert "X-Pagination" in listing.headers


def test_duplicate_code_is_a_german_conflict(make_client, auth_header):
    client, _ = make_client(SPEC)
    h = auth_header("programmes.editor")
    client.post("/api/programmes/fields-of-action", json={"code": "sport", "name": "Sport"}, headers=h)
    resp = client.post("/api/programmes/fields-of-action", json={"code": "sport", "name": "Sport 2"}, headers=h)
    assert resp.status_code == 409
    assert resp.mimetype == "application/problem+json"
    assert "gibt es schon" in resp.json["detail"]


def test_bad_input_lists_german_field_errors(make_client, auth_header):
    client, _ = make_client(SPEC)
    resp = client.post("/api/programmes/fields-of-action", json={"code": "Not Valid!", "extra": 1},
                       headers=auth_header("programmes.editor"))
    assert resp.status_code == 422
    assert resp.json["errors"]["name"] == ["Pflichtfeld fehlt."]
    assert resp.json["errors"]["extra"] == ["Unbekanntes Feld."]


def test_viewer_may_not_create(make_client, auth_header):
    client, _ = make_client(SPEC)
    resp = client.post("/api/programmes/fields-of-action", json={"code": "x1", "name": "X"},
                       headers=auth_header("viewer"))
    assert resp.status_code == 403
    assert client.get("/api/programmes/fields-of-action").status_code == 401


def test_department_ui_renders_in_german(make_client, auth_header):
    client, _ = make_client(SPEC)
    resp = client.get("/intern/programmes/", headers={**auth_header("programmes.editor"), "Accept": "text/html"})
    assert resp.status_code == 200
    assert "Handlungsfelder" in resp.text and 'lang="de"' in resp.text
    anon = client.get("/intern/programmes/", headers={"Accept": "text/html"})
    assert anon.status_code == 302 and anon.headers["Location"].startswith("/anmelden")


def if_match(api, entry: str) -> dict:
    """The editor's headers with If-Match set to the current ETag of a reference entry."""
    etag = api.client.get(f"/api/programmes/{entry}", headers=api.viewer).headers["ETag"]
    return {**api.editor, "If-Match": etag}


def test_rename_and_deactivate_reference_data(api):
    """A deactivated district is no longer offered (new records, public lists) but stays on existing records."""
    p = api.project(districts=["haken"], fields_of_action=["jugend"])
    renamed = api.client.patch("/api/programmes/districts/haken", json={"name": "Kaufbeuren-Haken"},
                               headers=if_match(api, "districts/haken"))
    assert renamed.status_code == 200 and renamed.json == {**renamed.json, "name": "Kaufbeuren-Haken", "active": True}
    assert api.client.patch("/api/programmes/districts/haken", json={"active": False},
                            headers=if_match(api, "districts/haken")).json["active"] is False
    listed = {d["code"]: d for d in api.client.get("/api/programmes/districts", headers=api.viewer).json}
    assert listed["haken"]["active"] is False and listed["haken"]["name"] == "Kaufbeuren-Haken"
    public = [d["code"] for d in api.client.get("/api/programmes/public/districts").json]
    assert "haken" not in public and "neugablonz" in public
    # new records cannot take it ...
    refused = api.client.post("/api/programmes/projects", json={"title": "Neu im Haken", "districts": ["haken"]},
                              headers=api.editor)
    assert refused.status_code == 422 and refused.json["errors"]["districts"] == ["Nicht mehr aktive Kürzel: haken."]
    # ... the existing project keeps it and can still be edited with it
    url = f"/api/programmes/projects/{p['id']}"
    assert api.client.get(url, headers=api.viewer).json["districts"] == ["haken"]
    etag = api.client.get(url, headers=api.viewer).headers["ETag"]
    kept = api.client.patch(url, json={"title": "Juze-Truck 2", "districts": ["haken"]},
                            headers={**api.editor, "If-Match": etag})
    assert kept.status_code == 200 and kept.json["districts"] == ["haken"]
    # the audit log records it, and it can be activated again
    assert api.client.patch("/api/programmes/districts/haken", json={"active": True},
                            headers=if_match(api, "districts/haken")).json["active"] is True
    assert "haken" in [d["code"] for d in api.client.get("/api/programmes/public/districts").json]


def test_reference_patch_errors(api):
    bad = api.client.patch("/api/programmes/fields-of-action/jugend", json={"name": "J", "code": "x"},
                           headers=if_match(api, "fields-of-action/jugend"))
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert "name" in bad.json["errors"] and bad.json["errors"]["code"] == ["Unbekanntes Feld."]
    assert api.client.patch("/api/programmes/target-groups/mond", json={"active": False},
                            headers={**api.editor, "If-Match": '"beliebig"'}).status_code == 404
    assert api.client.patch("/api/programmes/fields-of-action/jugend", json={"active": False},
                            headers=api.viewer).status_code == 403


def test_reference_patch_needs_the_current_etag(api):
    """Two editors cannot overwrite each other's change of a reference entry: 428 without If-Match, 412 stale."""
    url = "/api/programmes/fields-of-action/jugend"
    got = api.client.get(url, headers=api.viewer)
    assert got.status_code == 200 and got.json["code"] == "jugend" and got.headers["ETag"]
    assert api.client.get("/api/programmes/districts/mond", headers=api.viewer).status_code == 404
    missing = api.client.patch(url, json={"name": "Jugend und Familie"}, headers=api.editor)
    assert missing.status_code == 428 and missing.mimetype == "application/problem+json"
    first = api.client.patch(url, json={"name": "Jugend und Familie"},
                             headers={**api.editor, "If-Match": got.headers["ETag"]})
    assert first.status_code == 200 and first.json["name"] == "Jugend und Familie"
    assert first.headers["ETag"] != got.headers["ETag"]
    stale = api.client.patch(url, json={"active": False}, headers={**api.editor, "If-Match": got.headers["ETag"]})
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert api.client.get(url, headers=api.viewer).json == {**first.json, "active": True}
    again = api.client.patch(url, json={"active": False}, headers={**api.editor, "If-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.json["active"] is False


def test_an_edit_may_keep_but_not_add_a_deactivated_code(api):
    """Projects, programmes and ideas: an edit keeps a deactivated entry it already has, but cannot add one."""
    p = api.project(districts=["haken"])
    prog = api.client.post("/api/programmes/programmes", json={"name": "BIWAQ", "status": "running"},
                           headers=api.editor).json
    idea_row = api.client.post("/api/programmes/ideas", json={"title": "Repair-Café", "source": "newsletter"},
                               headers=api.editor).json
    for entry in ("districts/haken", "fields-of-action/jugend", "target-groups/jugendliche"):
        assert api.client.patch(f"/api/programmes/{entry}", json={"active": False},
                                headers=if_match(api, entry)).status_code == 200
    cases = [(f"/api/programmes/projects/{p['id']}", {"target_groups": ["jugendliche"]}, "target_groups",
              "jugendliche"),
             (f"/api/programmes/programmes/{prog['id']}", {"fields_of_action": ["jugend"]}, "fields_of_action",
              "jugend"),
             (f"/api/programmes/ideas/{idea_row['id']}", {"fields_of_action": ["jugend"]}, "fields_of_action",
              "jugend")]
    for url, body, key, code in cases:
        etag = api.client.get(url, headers=api.viewer).headers["ETag"]
        refused = api.client.patch(url, json=body, headers={**api.editor, "If-Match": etag})
        assert refused.status_code == 422, (url, refused.json)
        assert refused.mimetype == "application/problem+json"
        assert refused.json["errors"][key] == [f"Nicht mehr aktive Kürzel: {code}."]
    url = f"/api/programmes/projects/{p['id']}"
    etag = api.client.get(url, headers=api.viewer).headers["ETag"]
    kept = api.client.patch(url, json={"districts": ["haken", "neugablonz"], "fields_of_action": ["jugend"]},
                            headers={**api.editor, "If-Match": etag})
    assert kept.status_code == 200 and kept.json["districts"] == ["haken", "neugablonz"]
