"""The department UI at /intern/newsletter/: every form is submitted for real (CSRF token from the page)."""

import io
import re
from pathlib import Path

from sqlalchemy import select

from newsletter.adapters.orm import issue, news_item, subscriber
from newsletter.bootstrap import SPEC

from ..helpers import add_topics, confirmed_subscriber, send_all, sink_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _ui(make_client, smtp_sink, auth_header, role="newsletter.editor"):
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    headers = {**auth_header(role, user="pr", name="Petra Rau"), "Accept": "text/html"}
    return client, rt, headers


def test_overview_is_german_and_needs_login(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header, role="viewer")
    confirmed_subscriber(rt, "a@example.org", "A")
    page = client.get("/intern/newsletter/", headers=h)
    assert page.status_code == 200 and 'lang="de"' in page.text
    assert "bestätigt</dt><dd>1</dd>" in page.text.replace("\n", "").replace("  ", "")
    anon = client.get("/intern/newsletter/", headers={"Accept": "text/html"})
    assert anon.status_code == 302 and anon.headers["Location"].startswith("/anmelden")


def test_recording_a_subscriber_with_documented_consent_and_erasing_them(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    page = client.get("/intern/newsletter/abonnenten", headers=h)
    token = _csrf(page.text)
    bad = client.post("/intern/newsletter/abonnenten", headers=h, data={"csrf_token": token, "email": "kaputt"})
    assert bad.status_code == 422 and "Bitte korrigieren Sie die Eingaben" in bad.text
    assert "Keine gültige E-Mail-Adresse." in bad.text
    no_csrf = client.post("/intern/newsletter/abonnenten", headers=h, data={"email": "x@example.org"})
    assert no_csrf.status_code in (400, 422) and "x@example.org" not in str(_all(rt))
    ok = client.post("/intern/newsletter/abonnenten", headers=h, data={
        "csrf_token": token, "email": "papier@example.org", "name": "Paula", "language": "de",
        "topics": ["jugend", "haken"], "consent_form": "Papierformular Stadtteilfest",
        "consent_text_version": "2026-01", "consent_evidence": "Ordner ÖA-2026, Blatt 3"})
    assert ok.status_code == 302
    [row] = _all(rt)
    assert row["status"] == "pending" and sorted(row["topics"]) == ["haken", "jugend"]
    send_all(rt)
    assert smtp_sink.recipients() == ["papier@example.org"]  # the opt-in mail still goes out
    listing = client.get("/intern/newsletter/abonnenten?status=pending&topic=jugend", headers=h)
    assert "papier@example.org" in listing.text
    proof = client.get(f"/intern/newsletter/abonnenten/{row['id']}/einwilligung", headers=h)
    assert "Papierformular Stadtteilfest" in proof.text and "Ordner ÖA-2026, Blatt 3" in proof.text
    assert "Nachweis der Einwilligung" in proof.text and "jederzeit" in proof.text
    detail = client.get(f"/intern/newsletter/abonnenten/{row['id']}", headers=h)
    unconfirmed = client.post(f"/intern/newsletter/abonnenten/{row['id']}/loeschen", headers=h,
                              data={"csrf_token": _csrf(detail.text)})
    assert unconfirmed.status_code == 302 and _all(rt)[0]["status"] == "pending"
    erased = client.post(f"/intern/newsletter/abonnenten/{row['id']}/loeschen", headers=h,
                         data={"csrf_token": _csrf(detail.text), "confirm": "y"})
    assert erased.status_code == 302
    assert _all(rt)[0]["status"] == "erased" and _all(rt)[0]["email"].startswith("geloescht-")


def test_csv_upload_form(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    page = client.get("/intern/newsletter/abonnenten/import", headers=h)
    csv = b"email,consent_at,consent_form,consent_evidence\nimport@example.org,2026-02-01,Liste,Ordner 1\n" \
          b"ohne@example.org,,,\n"
    resp = client.post("/intern/newsletter/abonnenten/import", headers=h, content_type="multipart/form-data",
                       data={"csrf_token": _csrf(page.text), "file": (io.BytesIO(csv), "liste.csv")})
    assert resp.status_code == 200 and "1 importiert, 1 abgelehnt." in resp.text
    assert [r["email"] for r in _all(rt)] == ["import@example.org"]


def test_news_queue_approval_issue_editor_and_send_cockpit(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    confirmed_subscriber(rt, "leser@example.org", "Lea")
    send_all(rt)
    smtp_sink.messages.clear()
    page = client.get("/intern/newsletter/meldungen/neu", headers=h)
    created = client.post("/intern/newsletter/meldungen/neu", headers=h, data={
        "csrf_token": _csrf(page.text), "title": "Repair-Café öffnet", "summary": "Jeden Samstag reparieren wir.",
        "body": "Bringen Sie kaputte Dinge mit. Wir helfen gern.", "funder_notice": "Gefördert von der Stadt.",
        "link": ""})
    assert created.status_code == 302
    edit = client.get(created.headers["Location"], headers=h)
    assert "Amstad-Wert" in edit.text and "Entwurf (wartet auf Freigabe)" in edit.text
    nid = created.headers["Location"].rsplit("/", 1)[1]
    queue = client.get("/intern/newsletter/meldungen?status=draft", headers=h)
    assert "Repair-Café öffnet" in queue.text
    approved = client.post(f"/intern/newsletter/meldungen/{nid}/entscheidung", headers=h,
                           data={"csrf_token": _csrf(queue.text), "approve": "Freigeben"})
    assert approved.status_code == 302
    with rt.engine.connect() as conn:
        assert conn.execute(select(news_item.c.status)).scalar_one() == "approved"
    issues_page = client.get("/intern/newsletter/ausgaben", headers=h)
    new_issue = client.post("/intern/newsletter/ausgaben", headers=h, data={
        "csrf_token": _csrf(issues_page.text), "title": "Ausgabe August", "intro": "Hallo Sommer.",
        "news_ids": [nid]})
    assert new_issue.status_code == 302
    editor = client.get(new_issue.headers["Location"], headers=h)
    assert "Vorschau der Ausgabe Ausgabe August" in editor.text
    iid = new_issue.headers["Location"].rsplit("/", 1)[1]
    preview = client.get(f"/intern/newsletter/ausgaben/{iid}/vorschau", headers=h)
    assert "Repair-Café öffnet" in preview.text and "Gefördert von der Stadt." in preview.text
    # the editor frames the preview (sandboxed, same origin only); the mail's own styles apply, nothing runs
    assert 'class="preview-frame" sandbox' in editor.text and 'style="' not in editor.text.split("<iframe")[1][:300]
    csp = preview.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "default-src 'none'" in csp and "script-src" not in csp
    # CSP without exceptions (#19): the preview links the mail's stylesheet, it carries no inline style
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<style" not in preview.text and 'style="' not in preview.text
    sheet = re.search(r'<link rel="stylesheet" href="([^"]+)">', preview.text).group(1)
    assert sheet == "/intern/newsletter/_static/mail.css" and ".wrap{" in client.get(sheet).text
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    test = client.post(f"/intern/newsletter/ausgaben/{iid}/test", headers=h,
                       data={"csrf_token": _csrf(editor.text), "to": "pruefer@example.org"})
    assert test.status_code == 302
    planned = client.post(f"/intern/newsletter/ausgaben/{iid}/planen", headers=h,
                          data={"csrf_token": _csrf(editor.text), "at": ""})
    assert planned.status_code == 302 and planned.headers["Location"].endswith("/versand")
    cockpit = client.get(planned.headers["Location"], headers=h)
    assert cockpit.status_code == 200 and "<progress" in cockpit.text and 'aria-live="polite"' in cockpit.text
    send_all(rt)
    assert sorted(smtp_sink.recipients()) == ["leser@example.org", "pruefer@example.org"]
    progress = client.get(f"/intern/newsletter/ausgaben/{iid}/fortschritt", headers=h).json
    assert (progress["status"], progress["sent"], progress["total"]) == ("sent", 1, 1)
    with rt.engine.connect() as conn:
        assert conn.execute(select(issue.c.status)).scalar_one() == "sent"
    assert "Ausgabe August" in client.get("/intern/newsletter/archiv", headers=h).text
    log = client.get("/intern/newsletter/protokoll", headers=h).text
    assert "Versand gestartet" in log and "Petra Rau" in log and "sending_started" not in log


def test_bounce_form_and_viewer_cannot_change_anything(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    confirmed_subscriber(rt, "alt.nutzer@example.net", "Alt")
    page = client.get("/intern/newsletter/ruecklaeufer", headers=h)
    raw = (FIXTURES / "postfix_hard_550.eml").read_text().replace("{MESSAGE_ID}", "<x@y>")
    resp = client.post("/intern/newsletter/ruecklaeufer", headers=h, data={"csrf_token": _csrf(page.text),
                                                                           "raw": raw})
    assert resp.status_code == 302
    listing = client.get("/intern/newsletter/ruecklaeufer", headers=h)
    assert "alt.nutzer@example.net" in listing.text and "5.1.1" in listing.text
    assert _all(rt)[0]["status"] == "bounced"
    viewer = {**h, **{k: v for k, v in _viewer(auth_header).items()}}
    assert client.get("/intern/newsletter/meldungen/neu", headers=viewer).status_code == 403


def _viewer(auth_header):
    return auth_header("viewer", user="v")


def _all(rt):
    with rt.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(subscriber)).mappings()]
