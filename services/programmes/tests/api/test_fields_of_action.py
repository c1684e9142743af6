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
