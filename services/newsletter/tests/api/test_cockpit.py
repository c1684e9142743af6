"""The send cockpit works under the gateway's Content-Security-Policy (``script-src 'self'``: no inline script, no
inline event handlers): its script is a static file of the service under /intern/newsletter/, every text it
writes comes from data attributes in the UI language, and without JavaScript the page shows the numbers of its
request and a link that reloads it."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

from sqlalchemy import update

from newsletter.adapters.orm import delivery, issue
from newsletter.bootstrap import SPEC
from newsletter.service_layer import issues, news
from newsletter.service_layer.common import now

from ..helpers import add_topics, confirmed_subscriber, sink_settings

JS_TYPES = ("text/javascript", "application/javascript")


class Page(HTMLParser):
    """The tags of a page with their attributes, and the text inside each <script>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.script_bodies: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.script_bodies.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_bodies[-1] += data

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]

    def by_id(self, element_id: str) -> dict:
        [found] = [a for _, a in self.tags if a.get("id") == element_id]
        return found


def assert_csp_clean(html: str) -> Page:
    """What a browser under ``script-src 'self'`` would block: inline <script>, on…= handlers, javascript: URLs,
    scripts from another origin."""
    page = Page(html)
    scripts = page.all("script")
    assert scripts, "the cockpit loads its script"
    for attrs, body in zip(scripts, page.script_bodies, strict=True):
        assert attrs.get("src"), f"inline <script> without src: {body[:80]!r}"
        assert not body.strip(), "a <script src> must not carry inline code"
        assert attrs["src"].startswith("/intern/newsletter/"), attrs["src"]  # same origin, through the gateway
    for tag, attrs in page.tags:
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, f"inline event handler on <{tag}>: {handlers}"
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
    return page


def _sending_issue(make_client, smtp_sink, auth_header, recipients: int = 4):
    """An issue being sent to ``recipients`` subscribers, half of them sent within the last 10 seconds."""
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    for n in range(recipients):
        confirmed_subscriber(rt, f"leser{n}@example.org", f"Leser {n}")
    nid = news.create_news(rt.uow(), title="Repair-Café öffnet", summary="Jeden Samstag.", actor="pr",
                           status="approved")["id"]
    iid = issues.create_issue(rt.uow(), title="Ausgabe August", news_ids=[nid], actor="pr")["id"]
    issues.schedule(rt.uow(), iid, at=None, actor="pr")
    assert issues.start_due_issues(rt) == [iid]
    with rt.engine.begin() as conn:
        first = conn.execute(delivery.select().where(delivery.c.issue_id == iid).order_by(delivery.c.id)
                             .limit(recipients // 2)).all()
        conn.execute(update(delivery).where(delivery.c.id.in_([r.id for r in first]))
                     .values(status="sent", sent_at=now()))
        conn.execute(update(issue).where(issue.c.id == iid).values(started_at=now() - timedelta(seconds=10)))
    headers = {**auth_header("newsletter.editor", user="pr", name="Petra Rau"), "Accept": "text/html"}
    return client, rt, headers, iid


def test_the_cockpit_has_no_inline_script_and_its_script_file_is_served(make_client, smtp_sink, auth_header):
    client, rt, h, iid = _sending_issue(make_client, smtp_sink, auth_header)
    resp = client.get(f"/intern/newsletter/ausgaben/{iid}/versand", headers=h)
    assert resp.status_code == 200
    page = assert_csp_clean(resp.text)
    [script] = [s for s in page.all("script") if s["src"].startswith("/intern/newsletter/_static/")]
    assert "defer" in script and script["src"] == "/intern/newsletter/_static/cockpit.js"
    kit = [s["src"] for s in page.all("script") if s is not script]
    assert kit == ["/intern/newsletter/_kit/picker.js"]  # the base layout's picker, the same on every page
    assert not [m for m in page.all("meta") if m.get("http-equiv", "").lower() == "refresh"]

    js = client.get(script["src"])  # a static file: no login needed at the service (the gateway asks for one)
    assert js.status_code == 200 and js.mimetype in JS_TYPES, js.headers
    source = js.get_data(as_text=True)
    assert "fetch(" in source and "dataset.url" in source and "textContent" in source
    assert "innerHTML" not in source and "eval(" not in source  # texts are written as text, never as markup
    for key in ("labelUpdated", "labelError", "labelDone", "labelStatus", "statusLabels"):
        assert f"dataset.{key}" in source, key  # every text it writes comes from the page
    assert client.get("/intern/newsletter/_static/gibt-es-nicht.js").status_code == 404

    # the script reads the JSON at the box's data-url: sent / total / rate / ETA
    box = page.by_id("fortschritt")
    assert box["data-url"] == f"/intern/newsletter/ausgaben/{iid}/fortschritt" and box["data-status"] == "sending"
    progress = client.get(box["data-url"], headers={**h, "Accept": "application/json"})
    assert progress.status_code == 200 and progress.mimetype == "application/json"
    p = progress.json
    assert (p["status"], p["sent"], p["total"], p["done"], p["waiting"], p["percent"]) == \
        ("sending", 2, 4, 2, 2, 50.0)
    assert 0.15 <= p["rate"] <= 0.2 and 10 <= p["eta_seconds"] <= 14  # 2 mails in ~10 s, 2 to go
    for element_id in ("balken", "meldung"):
        page.by_id(element_id)  # the elements the script updates are there
    for key in ("status", "sent", "total", "percent", "failed", "skipped", "waiting", "rate", "eta", "updated"):
        assert f'data-k="{key}"' in resp.text, key


def test_without_javascript_the_page_shows_the_numbers_and_a_refresh_link(make_client, smtp_sink, auth_header):
    client, rt, h, iid = _sending_issue(make_client, smtp_sink, auth_header)
    url = f"/intern/newsletter/ausgaben/{iid}/versand"
    text = " ".join(client.get(url, headers=h).text.split())
    assert '<span data-k="sent">2</span> / <span data-k="total">4</span> (<span data-k="percent">50,0</span> %)' \
        in text
    assert '<dd data-k="status">wird versendet</dd>' in text and '<dd data-k="waiting">2</dd>' in text
    assert '<span data-k="rate">0,2</span> Mails/s' in text  # German decimal comma, as the script writes it
    assert '<dd data-k="eta">1' in text and ' s</dd>' in text
    assert f'<a href="{url}">Aktualisieren</a>' in text and "Stand: " in text
    assert '<progress id="balken" max="4" value="2">50,0 %</progress>' in text
    assert re.search(r"Stand: \d\d:\d\d Uhr", text)  # the clock in Kaufbeuren
    # only status changes are announced to screen readers, not the whole list every two seconds
    page = Page(client.get(url, headers=h).text)
    assert page.by_id("meldung")["aria-live"] == "polite"
    assert all("aria-live" not in attrs for attrs in page.all("dl"))


def test_the_script_gets_its_texts_in_the_ui_language(make_client, smtp_sink, auth_header):
    client, rt, h, iid = _sending_issue(make_client, smtp_sink, auth_header)
    url = f"/intern/newsletter/ausgaben/{iid}/versand"
    german = Page(client.get(url, headers=h).text).by_id("fortschritt")
    assert json.loads(german["data-status-labels"]) == {"draft": "Entwurf", "scheduled": "geplant",
                                                        "sending": "wird versendet", "sent": "versendet"}
    assert german["data-label-updated"] == "Stand: {time} Uhr" and german["data-label-status"] == "Status"
    assert german["data-label-done"] == "Der Versand ist abgeschlossen."
    assert german["data-label-error"].startswith("Der Versandstand konnte gerade nicht abgerufen werden")

    client.set_cookie("aktiv_lang", "en")
    resp = client.get(url, headers=h)
    english = Page(resp.text).by_id("fortschritt")
    assert json.loads(english["data-status-labels"]) == {"draft": "Draft", "scheduled": "scheduled",
                                                         "sending": "being sent", "sent": "sent"}
    assert english["data-label-updated"] == "As of {time}" and english["data-label-status"] == "Status"
    assert english["data-label-done"] == "Sending is complete."
    assert english["data-label-error"].startswith("The sending status could not be retrieved just now")
    text = " ".join(resp.text.split())
    assert 'lang="en"' in text and f'<a href="{url}">Refresh</a>' in text and "As of " in text
    assert '<span data-k="rate">0.2</span> emails/s' in text  # English decimal point
    assert_csp_clean(resp.text)


def test_the_cockpit_of_a_sent_issue_says_so(make_client, smtp_sink, auth_header):
    client, rt, h, iid = _sending_issue(make_client, smtp_sink, auth_header, recipients=2)
    with rt.engine.begin() as conn:
        conn.execute(update(delivery).where(delivery.c.issue_id == iid).values(status="sent", sent_at=now()))
    assert issues.finish_issues(rt) == [iid]
    text = " ".join(client.get(f"/intern/newsletter/ausgaben/{iid}/versand", headers=h).text.split())
    assert 'data-status="sent"' in text and '<dd data-k="status">versendet</dd>' in text
    assert '<dd data-k="eta">0 s</dd>' in text and '<span data-k="percent">100,0</span>' in text
    p = client.get(f"/intern/newsletter/ausgaben/{iid}/fortschritt", headers=h).json
    assert (p["status"], p["sent"], p["total"], p["eta_seconds"]) == ("sent", 2, 2, 0)


def test_durations_and_numbers_are_written_like_the_script_writes_them():
    from newsletter.ui.labels import dauer

    assert [dauer(v) for v in (None, 0, 42, 60, 303, 3600, 3725)] == \
        ["–", "0 s", "42 s", "1 min 0 s", "5 min 3 s", "1 h 0 min", "1 h 2 min"]
