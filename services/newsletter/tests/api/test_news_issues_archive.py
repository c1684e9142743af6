"""Editorial flow: news queue with readability, issue editor, preview, test send, schedule, archive and RSS."""

import xml.etree.ElementTree as ET

from newsletter.bootstrap import SPEC

from ..conftest import body_text
from ..helpers import add_topics, confirmed_subscriber, send_all, sink_settings

NEWS = {"title": "Lesepaten gesucht", "summary": "Kinder freuen sich auf Geschichten.",
        "body": "Im Familienstützpunkt lesen wir vor. Wer Zeit hat, kommt einfach vorbei. Wir freuen uns.",
        "funder_notice": "Gefördert vom Freistaat Bayern.", "link": "https://example.org/lesen",
        "topics": ["familie"]}


def test_news_item_waits_for_approval_and_shows_readability(make_client, smtp_sink, auth_header):
    client, _ = make_client(SPEC, **sink_settings(smtp_sink))
    h = auth_header("newsletter.editor", user="pr")
    created = client.post("/api/newsletter/news", json=NEWS, headers=h)
    assert created.status_code == 201, created.json
    item = created.json
    assert item["status"] == "draft" and item["readability"]["score"] is not None
    assert item["readability"]["label"]
    assert client.get("/api/newsletter/public/news").json == []
    approved = client.post(f"/api/newsletter/news/{item['id']}/decision", json={"approve": True}, headers=h)
    assert approved.json["status"] == "approved"
    public = client.get("/api/newsletter/public/news?q=lesepaten").json
    assert [n["title"] for n in public] == ["Lesepaten gesucht"]
    assert client.get("/api/newsletter/public/news?q=nichtda").json == []
    bad = client.post("/api/newsletter/news", json={"title": "x", "link": "kein link", "unbekannt": 1}, headers=h)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"title", "link", "unbekannt"}
    assert client.post("/api/newsletter/news", json=NEWS, headers=auth_header("viewer")).status_code == 403
    assert client.get("/api/newsletter/news/nope", headers=h).status_code == 404


def test_issue_editor_preview_test_send_schedule_and_archive(make_client, smtp_sink, auth_header):
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    confirmed_subscriber(rt, "leser@example.org", "Lea Leser", ["familie"])
    send_all(rt)
    smtp_sink.messages.clear()
    h = auth_header("newsletter.editor", user="pr")
    draft = client.post("/api/newsletter/news", json=NEWS, headers=h).json
    refused = client.post("/api/newsletter/issues", json={"title": "Ausgabe Juli", "news_ids": [draft["id"]]},
                          headers=h)
    assert refused.status_code == 409 and "freigegebene" in refused.json["detail"]
    client.post(f"/api/newsletter/news/{draft['id']}/decision", json={"approve": True}, headers=h)
    issue = client.post("/api/newsletter/issues", json={"title": "Ausgabe Juli", "intro": "Sommerzeit.",
                                                        "topics": ["familie"], "news_ids": [draft["id"]]},
                        headers=h).json
    assert issue["status"] == "draft" and issue["news_ids"] == [draft["id"]]
    preview = client.get(f"/api/newsletter/issues/{issue['id']}/preview", headers=h)
    assert preview.status_code == 200 and "Hallo Erika Mustermann," in preview.text
    assert "Gefördert vom Freistaat Bayern." in preview.text
    assert client.post(f"/api/newsletter/issues/{issue['id']}/test", json={"to": "pruefer@example.org"},
                       headers=h).status_code == 202
    send_all(rt)
    [test_mail] = smtp_sink.parsed()
    assert test_mail["Subject"] == "[Test] Ausgabe Juli" and test_mail["To"].addresses[0].addr_spec == \
        "pruefer@example.org"
    smtp_sink.messages.clear()
    assert client.get(f"/api/newsletter/public/issues/{issue['id']}").status_code == 404  # not sent yet
    sched = client.post(f"/api/newsletter/issues/{issue['id']}/schedule", json={"at": "2020-01-01T08:00:00+01:00"},
                        headers=h)
    assert sched.status_code == 200 and sched.json["status"] == "scheduled"
    naive = client.post(f"/api/newsletter/issues/{issue['id']}/schedule", json={"at": "2020-01-01T08:00:00"},
                        headers=h)
    assert naive.status_code == 422
    send_all(rt)
    [mail] = smtp_sink.parsed()
    assert "Hallo Lea Leser," in body_text(mail)
    progress = client.get(f"/api/newsletter/issues/{issue['id']}/progress", headers=h).json
    assert (progress["status"], progress["sent"], progress["total"], progress["percent"]) == ("sent", 1, 1, 100.0)
    again = client.patch(f"/api/newsletter/issues/{issue['id']}", json={"title": "Neu"}, headers=h)
    assert again.status_code == 409
    paged = client.get("/api/newsletter/public/issues?page=1&page_size=10")
    assert paged.status_code == 200 and "X-Pagination" in paged.headers
    archive = paged.json
    assert [a["title"] for a in archive] == ["Ausgabe Juli"] and archive[0]["summary"] == "Sommerzeit."
    detail = client.get(f"/api/newsletter/public/issues/{issue['id']}").json
    assert detail["items"] == [{"title": "Lesepaten gesucht", "body": NEWS["body"],
                                "funder_notice": "Gefördert vom Freistaat Bayern.", "link": NEWS["link"]}]
    assert "leser@example.org" not in str(detail) and "leser@example.org" not in str(archive)
    rss = client.get("/api/newsletter/public/feed.rss")
    assert rss.status_code == 200 and rss.mimetype == "application/rss+xml"
    feed = ET.fromstring(rss.data)  # noqa: S314 - our own feed
    items = feed.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Ausgabe Juli"]
    assert items[0].findtext("link").endswith(f"/newsletter/archiv/{issue['id']}")


def test_issue_without_items_cannot_be_scheduled(make_client, smtp_sink, auth_header):
    client, _ = make_client(SPEC, **sink_settings(smtp_sink))
    h = auth_header("newsletter.editor")
    issue = client.post("/api/newsletter/issues", json={"title": "Leer"}, headers=h).json
    resp = client.post(f"/api/newsletter/issues/{issue['id']}/schedule", json={}, headers=h)
    assert resp.status_code == 409 and "keine Meldung" in resp.json["detail"]
