"""English as the second language of the department UI: ``?lang=en`` or the ``aktiv_lang`` cookie switch every
page of /intern/newsletter/ to English; German stays the default. Mails keep the recipient's language."""

import io
import re
from pathlib import Path

from sqlalchemy import select

from newsletter.adapters.orm import subscriber
from newsletter.bootstrap import SPEC
from newsletter.service_layer import issues, news
from newsletter.service_layer.bounces import record_dsn

from ..conftest import body_text
from ..helpers import add_topics, confirmed_subscriber, send_all, sink_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HARD_TEXT = ("Die Inanspruchnahme der Zuwendungsmittel erfordert die fristgerechte Einreichung sämtlicher "
             "zuwendungsrechtlich relevanter Verwendungsnachweisunterlagen einschließlich Belegaufstellungen.")


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _flat(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def _ui(make_client, smtp_sink, auth_header, role="newsletter.editor", english=True):
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    if english:
        client.set_cookie("aktiv_lang", "en")
    headers = {**auth_header(role, user="pr", name="Petra Rau"), "Accept": "text/html"}
    return client, rt, headers


def _approved_news(rt, title="Repair-Café öffnet", body="Bringen Sie kaputte Dinge mit. Wir helfen gern."):
    nid = news.create_news(rt.uow(), title=title, summary="Jeden Samstag reparieren wir.", body=body,
                           actor="pr")["id"]
    news.decide(rt.uow(), nid, approve=True, actor="pr")
    return nid


def test_german_is_the_default_and_lang_en_switches_and_is_remembered(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header, role="viewer", english=False)
    confirmed_subscriber(rt, "a@example.org", "A")
    german = client.get("/intern/newsletter/", headers=h)
    assert 'lang="de"' in german.text and "Letzte Ausgaben" in german.text and ">Meldungen</a>" in german.text
    assert ">Abonnenten</a>" not in german.text  # subscribers are personal data: not in a viewer's navigation
    assert "bestätigt</dt><dd>1</dd>" in _flat(german.text).replace("> <", "><")
    assert "Latest issues" not in german.text

    english = client.get("/intern/newsletter/?lang=en", headers=h)
    text = _flat(english.text).replace("> <", "><")
    assert 'lang="en"' in text and "Latest issues" in text and "No issue yet." in text
    assert ">News items</a>" in text and ">Issues</a>" in text and ">Subscribers</a>" not in text
    assert ">Audit log</a>" in text and "confirmed</dt><dd>1</dd>" in text
    assert "0 news items awaiting approval" in text
    assert "Sign out" in text  # the kit's "Abmelden" (log out) is not overridden by the newsletter catalogue
    assert "aktiv_lang=en" in english.headers.get("Set-Cookie", "")

    remembered = client.get("/intern/newsletter/ausgaben", headers=h)  # the cookie alone, no ?lang
    assert 'lang="en"' in remembered.text and "<h1>Issues</h1>" in remembered.text
    back = client.get("/intern/newsletter/ausgaben?lang=de", headers=h)
    assert 'lang="de"' in back.text and "<h1>Ausgaben</h1>" in back.text


def test_subscribers_with_filters_form_and_validation_in_english(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    sid = confirmed_subscriber(rt, "olena@example.org", "Olena K.", ["jugend"], language="en")
    confirmed_subscriber(rt, "sepp@example.org", "Sepp", ["senioren"])
    page = client.get("/intern/newsletter/abonnenten?status=confirmed&topic=jugend", headers=h)
    text = _flat(page.text)
    assert page.status_code == 200 and "<h1>Subscribers</h1>" in text
    assert "Search (email or name)" in text and ">Filter</button>" in text
    assert '<option value="confirmed" selected>confirmed</option>' in text
    assert '<option value="pending">unconfirmed</option>' in text and ">undeliverable</option>" in text
    assert "<caption>1 subscriber</caption>" in text and "olena@example.org" in text and "sepp@" not in text
    assert "CSV export with proof of consent" in text and "Add an address with documented consent" in text
    assert "Where is the proof kept?" in text and "e.g. folder ÖA-2026, sheet 14" in text
    assert '<option value="de">German</option>' in text and '<option value="en">English</option>' in text
    assert '>Subscribe and send confirmation email</button>' in text

    bad = client.post("/intern/newsletter/abonnenten", headers=h, data={"csrf_token": _csrf(page.text),
                                                                         "email": "kaputt"})
    assert bad.status_code == 422
    assert "Please correct your entries" in bad.text and "Not a valid email address." in bad.text
    assert "This field is required." in bad.text  # WTForms' own messages follow the UI language too
    assert "Keine gültige E-Mail-Adresse." not in bad.text

    ok = client.post("/intern/newsletter/abonnenten", headers=h, follow_redirects=True, data={
        "csrf_token": _csrf(page.text), "email": "papier@example.org", "name": "Paula", "language": "de",
        "consent_form": "Papierformular Stadtteilfest", "consent_text_version": "2026-01",
        "consent_evidence": "Ordner ÖA-2026, Blatt 3"})
    assert "papier@example.org has been added; the confirmation email is on its way." in ok.text

    detail = _flat(client.get(f"/intern/newsletter/abonnenten/{sid}", headers=h).text)
    assert "<dt>Language</dt><dd>English</dd>" in detail and "<dt>Status</dt><dd>confirmed</dd>" in detail
    assert "Consent record (printable)" in detail and "GDPR data access (JSON)" in detail
    assert "0 issues, 0 of them delivered." in detail
    assert "Unsubscribe from the newsletter</button>" in detail and "Erase all personal data</button>" in detail
    unticked = client.post(f"/intern/newsletter/abonnenten/{sid}/abmelden", headers=h, follow_redirects=True,
                           data={"csrf_token": _csrf(detail)})
    assert "Please confirm the action by ticking the box." in unticked.text
    done = client.post(f"/intern/newsletter/abonnenten/{sid}/abmelden", headers=h, follow_redirects=True,
                       data={"csrf_token": _csrf(detail), "confirm": "y"})
    assert "The address is unsubscribed." in done.text and "<dd>unsubscribed</dd>" in _flat(done.text)


def test_the_consent_record_stays_german_inside_an_english_page(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    sid = confirmed_subscriber(rt, "olena@example.org", "Olena K.", language="en")
    proof = client.get(f"/intern/newsletter/abonnenten/{sid}/einwilligung", headers=h)
    text = _flat(proof.text)
    assert "<title>Consent record olena@example.org" in text and ">Print</button>" in text
    assert "always issued in German" in text
    assert '<article class="print" lang="de">' in text and "Nachweis der Einwilligung in den Newsletter-Versand" in text
    assert "<dt>Aktueller Status</dt><dd>bestätigt</dd>" in text and "jederzeit" in text
    record = text[text.index("<article"):text.index("</article>")]
    assert re.search(r"<dt>Angefordert am</dt><dd>\d\d\.\d\d\.\d{4}(, \d\d:\d\d Uhr)?</dd>", record)  # German dates
    german = client.get(f"/intern/newsletter/abonnenten/{sid}/einwilligung?lang=de", headers=h).text
    assert "always issued in German" not in german and "Rechtsdokument" not in german and ">Drucken</button>" in german


def test_csv_import_refusals_are_english_in_the_ui_and_german_in_the_api(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    page = client.get("/intern/newsletter/abonnenten/import", headers=h)
    assert "Import subscribers from CSV" in page.text and "Required columns:" in page.text
    csv = b"email,consent_at,consent_form,consent_evidence\nimport@example.org,2026-02-01,Liste,Ordner 1\n" \
          b"ohne@example.org,,,\n"
    resp = client.post("/intern/newsletter/abonnenten/import", headers=h, content_type="multipart/form-data",
                       data={"csrf_token": _csrf(page.text), "file": (io.BytesIO(csv), "liste.csv")})
    assert resp.status_code == 200 and "1 imported, 1 refused." in resp.text
    assert "“Einwilligung am” is missing or not a date (e.g. 01.02.2026)" in resp.text
    assert "“Nachweis der Einwilligung” is missing" in resp.text and "fehlt" not in resp.text
    no_columns = client.post("/intern/newsletter/abonnenten/import", headers=h, content_type="multipart/form-data",
                             data={"csrf_token": _csrf(page.text), "file": (io.BytesIO(b"email\nx@y.org\n"), "a.csv")})
    assert no_columns.status_code == 422
    assert "The CSV file lacks these columns: Einwilligung am, Form der Einwilligung, Nachweis der Einwilligung" \
        in no_columns.text

    api_headers = {k: v for k, v in h.items() if k != "Accept"}
    api = client.post("/api/newsletter/subscribers/import?lang=en", headers=api_headers,
                      data=b"email,consent_at,consent_form,consent_evidence\nzwei@example.org,,,\n",
                      content_type="text/csv")
    assert api.status_code == 200  # the API stays German whatever the UI language is
    assert api.json["errors"][0]["errors"][-1] == "„Nachweis der Einwilligung“ fehlt"


def test_news_queue_and_editor_with_readability_in_english(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    hard = news.create_news(rt.uow(), title="Verwendungsnachweis", body=HARD_TEXT, actor="pr")["id"]
    easy = news.create_news(rt.uow(), title="Repair-Café öffnet", summary="Jeden Samstag reparieren wir.",
                            body="Bringen Sie kaputte Dinge mit. Wir helfen gern.", actor="pr")["id"]
    queue = client.get("/intern/newsletter/meldungen?status=draft", headers=h)
    text = _flat(queue.text)
    assert "<h1>News items</h1>" in text and "Write a news item" in text and 'aria-label="Filter by status"' in text
    assert 'aria-current="page">Draft (awaiting approval)</a>' in text and ">approved</a>" in text
    assert '<th scope="col" class="num">Readability</th>' in text and "written by hand" in text
    assert "<small>very difficult</small>" in text and "<small>medium</small>" in text
    assert 'aria-label="Approve “Repair-Café öffnet”"' in text and ">Approve</button>" in text

    editor = _flat(client.get(f"/intern/newsletter/meldungen/{hard}", headers=h).text)
    assert "<h2 id=\"lesbarkeit\">Readability</h2>" in editor and "Amstad score 0.0 of 100: very difficult to read." in editor
    assert ("The text is very difficult to read (Amstad 0, target at least 60). Shorter sentences and simpler "
            "words help.") in editor
    assert "<dt>Status</dt><dd><strong>Draft (awaiting approval)</strong></dd>" in editor
    assert ">Headline <span" in editor and ">Funding notice</label>" in editor and ">Save</button>" in editor
    assert ">Save and approve</button>" in editor and ">Reject news item</button>" in editor
    assert "Amstad-Wert" not in editor and "Kürzere Sätze" not in editor
    german = client.get(f"/intern/newsletter/meldungen/{hard}?lang=de", headers=h).text
    assert "Amstad-Wert 0,0 von 100: sehr schwer zu lesen." in german and "Kürzere Sätze" in german

    decided = client.post(f"/intern/newsletter/meldungen/{easy}/entscheidung?lang=en", headers=h,
                          follow_redirects=True, data={"csrf_token": _csrf(queue.text), "approve": "1"})
    assert "The news item is approved." in decided.text
    refused = client.post(f"/intern/newsletter/meldungen/{easy}/entscheidung?lang=en", headers=h,
                          follow_redirects=True, data={"csrf_token": _csrf(queue.text), "reject": "1"})
    assert "An approved news item can no longer be rejected." in refused.text  # a domain refusal, translated
    api = client.post(f"/api/newsletter/news/{easy}/decision?lang=en", json={"approve": False},
                      headers={k: v for k, v in h.items() if k != "Accept"})
    assert api.status_code == 409  # the same refusal stays German in problem+json
    assert api.json["detail"] == "Eine freigegebene Meldung kann nicht mehr abgelehnt werden."


def test_issue_editor_preview_test_send_and_cockpit_in_english(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    confirmed_subscriber(rt, "leser@example.org", "Lea")
    confirmed_subscriber(rt, "olena@example.org", "Olena", language="en")
    send_all(rt)
    smtp_sink.messages.clear()
    nid = _approved_news(rt)
    empty = issues.create_issue(rt.uow(), title="Leere Ausgabe", actor="pr")["id"]

    listing = _flat(client.get("/intern/newsletter/ausgaben", headers=h).text)
    assert '<h2 id="neu">New issue</h2>' in listing and ">Title of the issue <span" in listing
    assert "Only approved news items can be chosen" in listing and "<td>Draft</td>" in listing
    created = client.post("/intern/newsletter/ausgaben", headers=h, data={
        "csrf_token": _csrf(listing), "title": "Ausgabe August", "intro": "Hallo Sommer.", "news_ids": [nid]})
    iid = created.headers["Location"].rsplit("/", 1)[1]
    editor = client.get(created.headers["Location"], headers=h)
    text = _flat(editor.text)
    assert "The issue has been created." in text and "<dt>Status</dt><dd><strong>Draft</strong>" in text
    assert "<h2>Test sending</h2>" in text and ">Test recipient <span" in text and ">Send test email</button>" in text
    assert ">Language of the test email</label>" in text and "Preview for English-speaking subscribers" in text
    assert 'title="Preview of the issue Ausgabe August"' in text and ">Kaufbeuren local time</p>" in text
    assert ">Schedule sending</button>" in text and "Sending time (empty = now)" in text

    # the preview is the mail itself: German by default, English for English-speaking subscribers
    preview_de = client.get(f"/intern/newsletter/ausgaben/{iid}/vorschau", headers=h).text
    preview_en = client.get(f"/intern/newsletter/ausgaben/{iid}/vorschau?sprache=en", headers=h).text
    assert "Newsletter abbestellen" in preview_de and 'lang="de"' in preview_de
    assert "Unsubscribe (one click, free of charge)" in preview_en and 'lang="en"' in preview_en
    assert "Repair-Café öffnet" in preview_en  # the news text itself is not translated

    test = client.post(f"/intern/newsletter/ausgaben/{iid}/test", headers=h, follow_redirects=True, data={
        "csrf_token": _csrf(editor.text), "to": "pruefer@example.org", "language": "en"})
    assert "The test email to pruefer@example.org is on its way." in test.text
    bad_test = client.post(f"/intern/newsletter/ausgaben/{iid}/test", headers=h, follow_redirects=True,
                           data={"csrf_token": _csrf(editor.text), "to": "kaputt"})
    assert "Test email: Not a valid email address." in bad_test.text

    refused = client.post(f"/intern/newsletter/ausgaben/{empty}/planen", headers=h, follow_redirects=True,
                          data={"csrf_token": _csrf(editor.text), "at": ""})
    assert "The issue does not contain any news item yet." in refused.text

    planned = client.post(f"/intern/newsletter/ausgaben/{iid}/planen", headers=h, follow_redirects=True,
                          data={"csrf_token": _csrf(editor.text), "at": ""})
    cockpit = _flat(planned.text)
    assert "Sending is starting." in cockpit and "<h1>Sending: Ausgabe August</h1>" in cockpit
    assert '<label for="balken">Progress</label>' in cockpit and "<dt>Sent / total</dt>" in cockpit
    assert "<dt>Estimated time remaining</dt>" in cockpit and "emails/s" in cockpit
    assert '<dd data-k="status">scheduled</dd>' in cockpit and '"sending": "being sent"' in cockpit

    send_all(rt)
    mails = {m["To"].addresses[0].addr_spec: m for m in smtp_sink.parsed()}
    assert sorted(mails) == ["leser@example.org", "olena@example.org", "pruefer@example.org"]
    assert mails["pruefer@example.org"]["Subject"] == "[Test] Ausgabe August"
    assert "Unsubscribe (one click, free of charge)" in body_text(mails["pruefer@example.org"])
    # every subscriber gets the issue in their own language, whatever language the editor's UI had
    assert "Hello Olena," in body_text(mails["olena@example.org"])
    assert "Hallo Lea," in body_text(mails["leser@example.org"])
    assert "Newsletter abbestellen" in body_text(mails["leser@example.org"])

    done = _flat(client.get(f"/intern/newsletter/ausgaben/{iid}/versand", headers=h).text)
    assert '<dd data-k="status">sent</dd>' in done and '<span data-k="sent">2</span>' in done
    archive = _flat(client.get("/intern/newsletter/archiv", headers=h).text)
    assert "<h1>Archive of sent issues</h1>" in archive and "Ausgabe August" in archive
    assert "Public: archive and RSS feed on the website" in archive
    overview = _flat(client.get("/intern/newsletter/", headers=h).text)
    assert "<td>sent</td>" in overview


def test_bounces_page_and_form_in_english(make_client, smtp_sink, auth_header):
    client, rt, h = _ui(make_client, smtp_sink, auth_header)
    confirmed_subscriber(rt, "alt.nutzer@example.net", "Alt")
    page = client.get("/intern/newsletter/ruecklaeufer", headers=h)
    text = _flat(page.text)
    assert "<h1>Bounces</h1>" in text and "No bounces." in text and "Hard bounces (5.x.x) block the address" in text
    assert "Analyse a bounce email by hand" in text and ">Bounce email (raw text) <span" in text
    not_a_dsn = client.post("/intern/newsletter/ruecklaeufer", headers=h,
                            data={"csrf_token": _csrf(page.text), "raw": "Hallo, nur eine Mail."})
    assert not_a_dsn.status_code == 422
    assert "This is not a delivery status notification (DSN) with failed recipients." in not_a_dsn.text
    raw = (FIXTURES / "postfix_hard_550.eml").read_text().replace("{MESSAGE_ID}", "<x@y>")
    recorded = client.post("/intern/newsletter/ruecklaeufer", headers=h, follow_redirects=True,
                           data={"csrf_token": _csrf(page.text), "raw": raw})
    listing = _flat(recorded.text)
    assert "1 bounce recorded." in listing and "<td>hard</td>" in listing and "Server message" in listing
    with rt.engine.connect() as conn:
        sid = conn.execute(select(subscriber.c.id)).scalar_one()
    detail = _flat(client.get(f"/intern/newsletter/abonnenten/{sid}", headers=h).text)
    assert "<dd>undeliverable</dd>" in detail and "<dt>Soft bounces</dt>" in detail
    record_dsn(rt.uow(), (FIXTURES / "exim_soft_mailbox_full.eml").read_bytes().replace(b"{MESSAGE_ID}", b"<z@y>"),
               source="test", actor="test")
    assert "<td>soft</td>" in _flat(client.get("/intern/newsletter/ruecklaeufer", headers=h).text)
