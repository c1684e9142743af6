"""Links in mails are absolute (issue 12): an auto-drafted news item links its project site-relatively
(``/projekte/p-juze``), which works on the web archive but not in a mail program; the mail puts the public
address (AKTIV_PUBLIC_URL) in front. Checked on the mail as the SMTP server received it."""

from __future__ import annotations

import re

from sqlalchemy import select

from newsletter.adapters.orm import news_item
from newsletter.bootstrap import SPEC
from newsletter.mail import absolute_url, render_transactional
from newsletter.service_layer import issues, news

from ..conftest import body_html, body_text
from ..helpers import add_topics, confirmed_subscriber, send_all, sink_settings
from .screens import project_published

PUBLIC = "https://aktiv.kaufbeuren.example"


def test_absolute_url():
    assert absolute_url("/projekte/p-juze", PUBLIC) == f"{PUBLIC}/projekte/p-juze"
    assert absolute_url("/projekte/p-juze", PUBLIC + "/") == f"{PUBLIC}/projekte/p-juze"
    assert absolute_url("https://www.kaufbeuren.de/x?y=1", PUBLIC) == "https://www.kaufbeuren.de/x?y=1"
    assert absolute_url("/veranstaltungen?q=fest#top", PUBLIC) == f"{PUBLIC}/veranstaltungen?q=fest#top"
    for no_link in ("", None, "javascript:alert(1)", "//fremde-seite.example/x", "mailto:x@example.org"):
        assert absolute_url(no_link, PUBLIC) == "", no_link


def test_a_sent_issue_has_only_absolute_http_links(make_client, smtp_sink, auth_header):
    client, rt = make_client(SPEC, public_url=PUBLIC, **sink_settings(smtp_sink))
    add_topics(rt)
    confirmed_subscriber(rt, "lea@example.org", "Lea Leser")
    confirmed_subscriber(rt, "olena@example.org", "Olena K.", language="en")
    send_all(rt)
    smtp_sink.messages.clear()
    project_published(rt)  # the auto-drafted item links "/projekte/p-juze"
    with rt.engine.connect() as conn:
        nid = conn.execute(select(news_item.c.id).where(news_item.c.source_id == "p-juze")).scalar_one()
    news.decide(rt.uow(), nid, approve=True, actor="nina")
    iid = issues.create_issue(rt.uow(), title="Ausgabe Mai", news_ids=[nid], actor="nina")["id"]
    preview = client.get(f"/api/newsletter/issues/{iid}/preview", headers=auth_header("newsletter.editor"))
    assert f'href="{PUBLIC}/projekte/p-juze"' in preview.text
    issues.schedule(rt.uow(), iid, at=None, actor="nina")
    send_all(rt)

    mails = smtp_sink.parsed()
    assert len(mails) == 2
    for mail in mails:
        page, text = body_html(mail), body_text(mail)
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert f"{PUBLIC}/projekte/p-juze" in hrefs and len(hrefs) >= 3  # item, archive, unsubscribe
        assert all(re.match(r"https?://[^/]", h) for h in hrefs), hrefs
        assert f": {PUBLIC}/projekte/p-juze" in text and " /projekte/" not in text
    # the archive on the site keeps the site-relative link
    detail = client.get(f"/api/newsletter/public/issues/{iid}").json
    assert detail["items"][0]["link"] == "/projekte/p-juze"


def test_a_transactional_mail_makes_a_relative_link_absolute():
    mail = render_transactional("generic", "de", "Lea", {"subject": "Unterlagen", "body": "Bitte lesen.",
                                                        "link": "/beteiligung/sitzungen"}, PUBLIC)
    assert f"{PUBLIC}/beteiligung/sitzungen" in mail.text
    assert f'href="{PUBLIC}/beteiligung/sitzungen"' in mail.html
