"""The web layer as a client sees it: problem+json in German, ETag, pagination, metrics, health."""

import pytest

from ..web_spec import NOTES, SPEC


@pytest.fixture
def client(make_client):
    NOTES.clear()
    client, _ = make_client(SPEC)
    return client


def test_problem_json_for_every_error_status(client, auth_header):
    editor = auth_header("programmes.editor")
    cases = {
        400: client.post("/api/websvc/notes", data="{not json", headers={**editor, "Content-Type": "application/json"}),
        401: client.get("/api/websvc/notes"),
        403: client.post("/api/websvc/notes", json={"text": "x"}, headers=auth_header("viewer")),
        404: client.get("/api/websvc/notes/99", headers=auth_header("viewer")),
        409: client.post("/api/websvc/notes", json={"text": "conflict"}, headers=editor),
        422: client.post("/api/websvc/notes", json={"text": ""}, headers=editor),
        500: client.post("/api/websvc/notes", json={"text": "boom"}, headers=editor),
    }
    for status, resp in cases.items():
        assert resp.status_code == status, (status, resp.data)
        assert resp.mimetype == "application/problem+json", status
        body = resp.json
        assert body["status"] == status and body["title"] and body["detail"] and body["instance"]
    assert cases[401].headers["WWW-Authenticate"].startswith("Bearer")
    assert cases[409].json["detail"] == "Diese Notiz gibt es schon."
    assert cases[422].json["errors"] == {"text": ["Länge muss zwischen 1 und 50 liegen."]}
    assert "secret internal detail" not in cases[500].text
    assert cases[500].json["title"] == "Interner Fehler"


def test_problem_speaks_english_when_asked(client):
    resp = client.get("/api/websvc/notes", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert resp.json["title"] == "Authentication required"


def test_tampered_or_foreign_token_is_refused(client, auth_header, tmp_path):
    from servicekit.auth.tokens import TokenIssuer, generate_keypair

    good = auth_header("viewer")["Authorization"]
    tampered = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    generate_keypair(tmp_path / "k.pem", tmp_path / "k.pub.pem")
    foreign = TokenIssuer((tmp_path / "k.pem").read_bytes(), "aktiv-gateway", "aktiv-services").issue("x", ["admin"])
    for header in (tampered, "Bearer " + foreign, "Bearer nonsense"):
        resp = client.get("/api/websvc/notes", headers={"Authorization": header})
        assert resp.status_code == 401
        assert "ungültig oder abgelaufen" in resp.json["detail"]


def test_expired_token_is_refused(client, issuer):
    token = issuer.issue("x", ["viewer"], ttl=-30)
    assert client.get("/api/websvc/notes", headers={"Authorization": "Bearer " + token}).status_code == 401


def test_etag_requires_if_match_and_refuses_stale_versions(client, auth_header):
    editor, viewer = auth_header("programmes.editor"), auth_header("viewer")
    client.post("/api/websvc/notes", json={"text": "erste", "amount": "12.50"}, headers=editor)
    got = client.get("/api/websvc/notes/1", headers=viewer)
    etag = got.headers["ETag"]
    assert client.put("/api/websvc/notes/1", json={"text": "zweite"}, headers=editor).status_code == 428
    ok = client.put("/api/websvc/notes/1", json={"text": "zweite"}, headers={**editor, "If-Match": etag})
    assert ok.status_code == 200 and ok.json["text"] == "zweite"
    stale = client.put("/api/websvc/notes/1", json={"text": "dritte"}, headers={**editor, "If-Match": etag})
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"


def test_pagination_header(client, auth_header):
    editor = auth_header("programmes.editor")
    for i in range(5):
        client.post("/api/websvc/notes", json={"text": f"n{i}"}, headers=editor)
    resp = client.get("/api/websvc/notes?page=2&page_size=2", headers=auth_header("viewer"))
    assert [n["text"] for n in resp.json] == ["n2", "n3"]
    assert '"total": 5' in resp.headers["X-Pagination"]


def test_money_is_never_a_float(client, auth_header):
    resp = client.post("/api/websvc/notes", json={"text": "geld", "amount": "0.10"},
                       headers=auth_header("programmes.editor"))
    assert resp.json["amount"] == "0.10"


def test_metrics_count_requests_by_route_template(client, auth_header):
    def count():
        text = client.get("/metrics").text
        needle = 'aktiv_http_requests_total{method="GET",route="/api/websvc/notes/<int:note_id>",service="websvc",status="404"}'
        for line in text.splitlines():
            if line.startswith(needle):
                return float(line.split()[-1])
        return 0.0

    before = count()
    client.get("/api/websvc/notes/41", headers=auth_header("viewer"))
    client.get("/api/websvc/notes/42", headers=auth_header("viewer"))
    assert count() == before + 2
    assert "/api/websvc/notes/42" not in client.get("/metrics").text


def test_health_and_openapi(client):
    assert client.get("/healthz").json["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json
    assert ready.json["checks"] == {"database": "ok", "broker": "ok"}
    spec = client.get("/openapi.json").json
    post = spec["paths"]["/api/websvc/notes"]["post"]
    assert post["x-roles"] == ["programmes.editor"]
    assert post["security"] == [{"bearerAuth": []}]


def test_request_id_is_echoed(client):
    resp = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert resp.headers["X-Request-ID"] == "abc-123"


def test_department_pages_speak_german_first_and_english_on_request(client):
    html = {"Accept": "text/html"}
    german = client.get("/intern/websvc/gibt-es-nicht", headers=html)
    assert german.status_code == 404 and 'lang="de"' in german.text
    assert "Nicht gefunden" in german.text and "Zur Übersicht" in german.text and ">English</a>" in german.text
    english = client.get("/intern/websvc/gibt-es-nicht?lang=en", headers=html)
    assert 'lang="en"' in english.text and "Not found" in english.text and "Back to the overview" in english.text
    assert "Skip to content" in english.text and ">Deutsch</a>" in english.text
    assert "aktiv_lang=en" in english.headers["Set-Cookie"]  # the choice is remembered …
    client.set_cookie("aktiv_lang", "en")
    again = client.get("/intern/websvc/gibt-es-nicht", headers=html)
    assert "Back to the overview" in again.text  # … for the next page


def test_a_domain_message_is_german_everywhere_and_translated_on_screen(make_client):
    from servicekit.web.i18n import Msg, tr

    message = Msg("Angemeldet als %(name)s", name="Anna")
    assert message == "Angemeldet als Anna" and tr(message) == message  # no request: German
    client, _ = make_client(SPEC)
    with client.application.test_request_context("/intern/websvc/?lang=en"):
        assert tr(message) == "Signed in as Anna"
        assert tr("Zurück") == "Back" and tr("ein Text ohne Übersetzung") == "ein Text ohne Übersetzung"
        nested = Msg("Angemeldet als %(name)s", name=Msg("Zur Übersicht"))  # a label inside a message
        assert nested == "Angemeldet als Zur Übersicht" and tr(nested) == "Signed in as Back to the overview"


def test_dates_and_money_are_written_the_readers_way(make_client):
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from servicekit.web.ui import datum, euro, prozent

    when, amount = datetime(2026, 12, 24, 13, 0, tzinfo=UTC), Decimal("-1800.5")  # 14:00 in Kaufbeuren
    assert (datum(when), datum(date(2026, 3, 1)), euro(amount), prozent(12.345)) == \
        ("24.12.2026, 14:00 Uhr", "01.03.2026", "-1.800,50 €", "12,3 %")
    client, _ = make_client(SPEC)
    with client.application.test_request_context("/intern/websvc/?lang=en"):
        assert (datum(when), datum(date(2026, 3, 1)), euro(amount), prozent(12.345)) == \
            ("24 Dec 2026, 14:00", "1 Mar 2026", "-€1,800.50", "12.3%")
        assert datum(when, "de") == "24.12.2026, 14:00 Uhr"  # a record that stays German


def test_an_error_page_shows_a_domain_message_in_the_readers_language(client):
    """A ``Msg`` raised in the domain reaches the HTML error page as itself, not as a plain string."""
    from servicekit.web.i18n import Msg, tr
    from servicekit.web.problems import message_of

    message = Msg("Angemeldet als %(name)s", name="Bea")
    assert message_of(LookupError(message)) is message
    assert message_of(KeyError("a", "b")) == str(KeyError("a", "b"))
    with client.application.test_request_context("/intern/websvc/?lang=en"):
        assert tr(message_of(LookupError(message))) == "Signed in as Bea"
