"""Lists, the issue editor and the audit log on the department screens (issue 12): search, filters and pages done in
SQL; times typed and read in Kaufbeuren time; the audit log by name and in words, never JSON or an id; a viewer
reads no subscriber's data."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from sqlalchemy import select, update

from newsletter.adapters.orm import bounce, consent, issue, news_item, subscriber
from newsletter.service_layer import issues, news
from newsletter.service_layer.common import new_id, now

from ..helpers import confirmed_subscriber, send_all
from .screens import IDENTIFIER, csrf, project_published, ui, visible


def _many_news(rt, count: int) -> list[str]:
    ids = []
    for n in range(count):
        ids.append(news.create_news(rt.uow(), title=f"Meldung Nummer {n:02d}", summary="Kurz.", actor="nina")["id"])
    return ids


def test_the_news_list_is_searched_filtered_and_paged(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    ids = _many_news(rt, 30)
    news.decide(rt.uow(), ids[3], approve=True, actor="nina")
    with rt.engine.begin() as conn:  # one item written last winter
        conn.execute(update(news_item).where(news_item.c.id == ids[7])
                     .values(created_at=datetime(2025, 12, 24, 22, 30, tzinfo=UTC)))  # 23:30 in Kaufbeuren
    first = visible(client.get("/intern/newsletter/meldungen", headers=h).text)
    assert "Seite 1 von 2 (30 Einträge)" in first and first.count("Meldung Nummer") == 25
    second = client.get("/intern/newsletter/meldungen?page=2", headers=h).text
    assert visible(second).count("Meldung Nummer") == 5 and "Seite 2 von 2" in visible(second)
    found = visible(client.get("/intern/newsletter/meldungen?q=nummer+1", headers=h).text)
    assert found.count("Meldung Nummer") == 10 and "Meldung Nummer 21" not in found  # 10 … 19
    approved = visible(client.get("/intern/newsletter/meldungen?status=approved", headers=h).text)
    assert approved.count("Meldung Nummer") == 1 and "Meldung Nummer 03" in approved
    winter = visible(client.get("/intern/newsletter/meldungen?von=2025-12-24&bis=24.12.2025", headers=h).text)
    assert winter.count("Meldung Nummer") == 1 and "Meldung Nummer 07" in winter
    assert "24.12.2025, 23:30 Uhr" in winter  # the Berlin day and time, not 22:30 UTC
    bad = visible(client.get("/intern/newsletter/meldungen?von=gestern", headers=h).text)
    assert "„gestern“ ist kein Datum (Feld „ab“); bitte z. B. 07.12.2026 eingeben." in bad
    assert bad.count("Meldung Nummer") == 25  # the bad day filters nothing
    pager = client.get("/intern/newsletter/meldungen?q=Meldung&status=draft", headers=h).text
    assert 'href="/intern/newsletter/meldungen?q=Meldung&amp;status=draft&amp;page=2"' in pager  # filters kept
    api = client.get("/api/newsletter/news?q=nummer&page=2&page_size=10", headers={"Authorization": h["Authorization"]})
    assert len(api.json) == 10 and '"total": 30' in api.headers["X-Pagination"]


def test_issues_bounces_and_archive_are_searched_and_paged(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    confirmed_subscriber(rt, "lea@example.org", "Lea")
    nid = _many_news(rt, 1)[0]
    news.decide(rt.uow(), nid, approve=True, actor="nina")
    sent = issues.create_issue(rt.uow(), title="Sommerausgabe", news_ids=[nid], actor="nina")["id"]
    issues.create_issue(rt.uow(), title="Herbstausgabe", actor="nina")
    issues.schedule(rt.uow(), sent, at=None, actor="nina")
    send_all(rt)
    listing = visible(client.get("/intern/newsletter/ausgaben?q=sommer", headers=h).text)
    assert "Sommerausgabe" in listing and "Herbstausgabe" not in listing and "versendet am" in listing
    drafts = visible(client.get("/intern/newsletter/ausgaben?status=draft", headers=h).text)
    assert "Herbstausgabe" in drafts and "Sommerausgabe" not in drafts.split("Neue Ausgabe")[0]
    archive = visible(client.get("/intern/newsletter/archiv?q=herbst", headers=h).text)
    assert "Sommerausgabe" not in archive and "Nichts gefunden." in archive
    assert "Sommerausgabe" in visible(client.get("/intern/newsletter/archiv?q=sommer", headers=h).text)
    with rt.engine.begin() as conn:
        conn.execute(bounce.insert(), [{"email": f"weg{n}@example.net", "kind": "hard" if n % 2 else "soft",
                                        "status": "5.1.1", "diagnostic": "User unknown", "received_at": now(),
                                        "source": "api"} for n in range(30)])
    page = visible(client.get("/intern/newsletter/ruecklaeufer?art=hard", headers=h).text)
    assert page.count("User unknown") == 15 and "Seite 1 von 1 (15 Einträge)" in page
    one = visible(client.get("/intern/newsletter/ruecklaeufer?q=weg13@", headers=h).text)
    assert one.count("User unknown") == 1


def test_subscribers_are_filtered_by_topic_in_sql_and_stay_with_the_department(make_client, smtp_sink,
                                                                                auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    with rt.engine.begin() as conn:
        conn.execute(subscriber.insert(), [{
            "id": new_id(), "email": f"person{n:02d}@example.org", "name": f"Person {n:02d}", "language": "de",
            "topics": ["jugend", "haken"] if n % 3 == 0 else ["senioren"], "status": "confirmed",
            "created_at": now(), "soft_bounces": 0, "demo": False} for n in range(60)])
    youth = visible(client.get("/intern/newsletter/abonnenten?topic=jugend", headers=h).text)
    assert "20 Abonnenten" in youth and "Person 03" in youth and "Person 01" not in youth
    assert "Jugend, Haken" in youth  # topics by name
    first = visible(client.get("/intern/newsletter/abonnenten", headers=h).text)
    assert "Seite 1 von 2 (60 Einträge)" in first and first.count("@example.org") == 50
    api = client.get("/api/newsletter/subscribers?topic=jugend&page_size=5",
                     headers={"Authorization": h["Authorization"]})
    assert len(api.json) == 5 and '"total": 20' in api.headers["X-Pagination"]
    viewer = {**auth_header("viewer", user="v", name="Vera Viewer"), "Accept": "text/html"}
    assert client.get("/intern/newsletter/abonnenten", headers=viewer).status_code == 403
    overview = client.get("/intern/newsletter/", headers=viewer).text
    assert "/intern/newsletter/abonnenten" not in overview and "/intern/newsletter/ruecklaeufer" not in overview


def test_the_issue_editor_names_everything_and_takes_the_sending_time_in_kaufbeuren_time(
        make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    a, b = _many_news(rt, 2)
    for nid in (a, b):
        news.decide(rt.uow(), nid, approve=True, actor="nina")
    old = issues.create_issue(rt.uow(), title="Maiausgabe", news_ids=[b], actor="nina")["id"]
    with rt.engine.begin() as conn:
        conn.execute(update(issue).where(issue.c.id == old).values(status="sent", finished_at=now()))
    listing = client.get("/intern/newsletter/ausgaben", headers=h).text
    assert f'value="{a}"' in listing and f'value="{b}"' not in listing  # sent in May already: not offered again
    assert 'type="checkbox"' in listing and "<select multiple" not in listing
    created = client.post("/intern/newsletter/ausgaben", headers=h, data={
        "csrf_token": csrf(listing), "title": "Weihnachtsausgabe", "news_ids": [a], "topics": ["jugend"]})
    assert created.status_code == 302
    iid = created.headers["Location"].rsplit("/", 1)[1]
    editor = client.get(created.headers["Location"], headers=h).text
    text = visible(editor)
    assert "Angelegt Nina Newsletter, " in text and "Meldungen „Meldung Nummer 00“" in text
    assert "Empfänger Jugend" in text and not IDENTIFIER.search(text), IDENTIFIER.search(text)
    past = client.post(f"/intern/newsletter/ausgaben/{iid}/planen", headers=h, follow_redirects=True,
                       data={"csrf_token": csrf(editor), "at": "2020-01-01T10:00"})
    assert "Dieser Zeitpunkt ist schon vorbei." in past.text
    planned = client.post(f"/intern/newsletter/ausgaben/{iid}/planen", headers=h, follow_redirects=True,
                          data={"csrf_token": csrf(editor), "at": "2030-12-24T10:00"})
    assert "Der Versand ist geplant." in planned.text
    with rt.engine.connect() as conn:
        at = conn.execute(select(issue.c.scheduled_at).where(issue.c.id == iid)).scalar_one()
    assert at.replace(tzinfo=UTC) == datetime(2030, 12, 24, 9, 0, tzinfo=UTC)  # 10:00 in Kaufbeuren is 09:00 UTC
    cockpit = visible(planned.text)
    assert "Geplant für 24.12.2030, 10:00 Uhr (von Nina Newsletter)" in cockpit and "(UTC)" not in cockpit
    assert "geplant für 24.12.2030, 10:00 Uhr" in visible(client.get("/intern/newsletter/ausgaben", headers=h).text)
    again = client.get(f"/intern/newsletter/ausgaben/{iid}", headers=h).text
    assert 'value="2030-12-24T10:00"' in again  # the form shows the Berlin time back


def test_the_audit_log_reads_by_name_in_words_without_json_or_ids(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    sid = confirmed_subscriber(rt, "lea@example.org", "Lea", ["jugend"])
    project_published(rt)
    editor_page = client.get("/intern/newsletter/meldungen/neu", headers=h)
    client.post("/intern/newsletter/meldungen/neu", headers=h, data={
        "csrf_token": csrf(editor_page.text), "title": "Grüße aus Neugablonz", "summary": "Schöne Tage."})
    with rt.engine.connect() as conn:
        nid = conn.execute(select(news_item.c.id).where(news_item.c.title == "Grüße aus Neugablonz")).scalar_one()
    token = csrf(editor_page.text)
    client.post(f"/intern/newsletter/meldungen/{nid}/entscheidung", headers=h, data={"csrf_token": token,
                                                                                   "approve": "Freigeben"})
    listing = client.get("/intern/newsletter/ausgaben", headers=h).text
    client.post("/intern/newsletter/ausgaben", headers=h, data={"csrf_token": csrf(listing), "title": "Juniausgabe",
                                                               "news_ids": [nid], "topics": ["jugend", "haken"]})
    page = client.get("/intern/newsletter/protokoll", headers=h).text
    text = visible(page)
    assert "{" not in text and "\\u00" not in text and '"' not in text  # no JSON
    assert not IDENTIFIER.search(text), IDENTIFIER.search(text)
    assert re.search(r"Nina Newsletter, \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr Ausgabe Juniausgabe angelegt "
                     r"Titel: Juniausgabe Meldungen: Grüße aus Neugablonz Themen: Haken, Jugend", text), text[:2000]
    assert "Meldung Grüße aus Neugablonz freigegeben" in text
    assert "automatisch (Programmbüro)" in text and "Entwurf aus einem Ereignis angelegt Titel: Neues Projekt: Juze-Truck" in text
    assert "Abonnent/in lea@example.org Anmeldung bestätigt (Double-Opt-in)" in text
    assert "Abonnent/in selbst (Link in der Mail)" in text and "Quelle: Website" in text
    assert f'href="/intern/newsletter/abonnenten/{sid}"' in page
    only_issues = visible(client.get("/intern/newsletter/protokoll?bereich=issue", headers=h).text)
    assert "Juniausgabe angelegt" in only_issues and "lea@example.org" not in only_issues
    assert "Nina Newsletter" in visible(client.get("/intern/newsletter/protokoll?q=nina", headers=h).text)
    english = visible(client.get("/intern/newsletter/protokoll?lang=en", headers=h).text)
    assert "Issue Juniausgabe created Title: Juniausgabe" in english and "Topics: Haken, Jugend" in english
    assert "angelegt" not in english and "subscription confirmed (double opt-in)" in english

    viewer = {**auth_header("viewer", user="v", name="Vera Viewer"), "Accept": "text/html"}
    seen = client.get("/intern/newsletter/protokoll?lang=de", headers=viewer).text
    assert "lea@example.org" not in seen and "/intern/newsletter/abonnenten/" not in seen  # not a viewer's data
    assert "Abonnent/in" in visible(seen) and "Juniausgabe" in visible(seen)
    assert "lea" not in visible(client.get("/intern/newsletter/protokoll?q=lea", headers=viewer).text)


def test_no_page_of_the_department_shows_an_id(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    confirmed_subscriber(rt, "lea@example.org", "Lea", ["jugend"])
    project_published(rt)
    nid = _many_news(rt, 1)[0]
    news.decide(rt.uow(), nid, approve=True, actor="nina")
    iid = issues.create_issue(rt.uow(), title="Juniausgabe", news_ids=[nid], actor="nina")["id"]
    issues.schedule(rt.uow(), iid, at=None, actor="nina")
    send_all(rt)
    with rt.engine.connect() as conn:
        sid = conn.execute(select(subscriber.c.id)).scalar_one()
        draft = conn.execute(select(news_item.c.id).where(news_item.c.status == "draft")).scalar_one()
    pages = ["/", "/meldungen", f"/meldungen/{draft}", f"/meldungen/{nid}", "/ausgaben", f"/ausgaben/{iid}",
             f"/ausgaben/{iid}/versand", "/archiv", "/protokoll", "/abonnenten", f"/abonnenten/{sid}",
             f"/abonnenten/{sid}/einwilligung", "/ruecklaeufer", "/abonnenten/import", "/meldungen/neu"]
    for path in pages:
        for lang in ("de", "en"):
            resp = client.get(f"/intern/newsletter{path}?lang={lang}", headers=h)
            assert resp.status_code == 200, path
            found = IDENTIFIER.search(visible(resp.text))
            assert not found, (path, lang, found)


def test_the_csv_import_reads_german_headings_topic_names_and_kaufbeuren_time(make_client, smtp_sink, auth_header):
    client, rt, h = ui(make_client, smtp_sink, auth_header)
    page = client.get("/intern/newsletter/abonnenten/import", headers=h)
    text = visible(page.text)
    assert "Pflichtspalten: „E-Mail-Adresse“, „Einwilligung am“, „Form der Einwilligung“, „Nachweis der " \
           "Einwilligung“" in text
    assert "consent_at" not in text and "consent_evidence" not in text  # no column codes on the screen
    template = client.get("/intern/newsletter/abonnenten/import/vorlage.csv", headers=h)
    assert template.headers["Content-Disposition"] == "attachment; filename=Newsletter-Import_Vorlage.csv"
    headings = template.get_data(as_text=True).lstrip("\ufeff").strip()
    assert headings.startswith("E-Mail-Adresse;Name;Sprache;Themen;Einwilligung am;Form der Einwilligung")
    filled = (headings + "\r\nolena@example.org;Olena K.;Englisch;Jugend, Neugablonz;01.03.2026 18:30;"
              "Papierformular Stadtteilfest;2026-01;Ordner ÖA-2026, Blatt 3\r\n").encode("utf-8")
    done = client.post("/intern/newsletter/abonnenten/import", headers=h, content_type="multipart/form-data",
                       data={"csrf_token": csrf(page.text), "file": (io.BytesIO(filled), "liste.csv")})
    assert "1 importiert, 0 abgelehnt." in visible(done.text)
    with rt.engine.connect() as conn:
        row = conn.execute(select(subscriber.c.language, subscriber.c.topics, subscriber.c.id)).one()
        at = conn.execute(select(consent.c.requested_at)).scalar_one()
    assert row.language == "en" and sorted(row.topics) == ["jugend", "neugablonz"]
    assert at.replace(tzinfo=UTC) == datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # 18:30 in Kaufbeuren
    proof = visible(client.get(f"/intern/newsletter/abonnenten/{row.id}/einwilligung", headers=h).text)
    assert "Angefordert am 01.03.2026, 18:30 Uhr" in proof and "Themen Jugend, Neugablonz" in proof
