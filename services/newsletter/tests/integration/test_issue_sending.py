"""Sending an issue through a real SMTP server (aiosmtpd) and reading every mail that arrived."""

from urllib.parse import parse_qs, urlparse

from sqlalchemy import select

from newsletter.adapters.orm import delivery, issue
from newsletter.adapters.tokens import Tokens
from newsletter.bootstrap import SPEC
from newsletter.sender import Sender
from newsletter.service_layer import issues, news, subscriptions
from newsletter.service_layer.issues import issue_progress

from ..conftest import body_html, body_text
from ..helpers import add_topics, confirmed_subscriber, send_all, sink_settings


def _issue(rt, topics=()):
    n = news.create_news(rt.uow(), title="Der JUZE-Truck fährt wieder", body="Ab Mai jeden Mittwoch in Haken.",
                         funder_notice="Gefördert aus Mitteln des ESF Plus.", link="https://example.org/juze",
                         actor="redaktion", status="approved")
    created = issues.create_issue(rt.uow(), title="Ausgabe Mai", intro="Neues aus den Stadtteilen.",
                                  topics=list(topics), news_ids=[n["id"]], actor="redaktion")
    return created["id"]


def test_issue_reaches_exactly_the_confirmed_matching_subscribers_with_rfc8058_headers(make_runtime, smtp_sink):
    rt = make_runtime(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    anna = confirmed_subscriber(rt, "anna@example.org", "Anna Huber", ["jugend"])
    confirmed_subscriber(rt, "olena@example.org", "Olena K.", ["integration", "jugend"], language="en")
    confirmed_subscriber(rt, "alle@example.org", "", [])  # no topics: wants everything
    confirmed_subscriber(rt, "senioren@example.org", "Sepp", ["senioren"])  # other topic
    gone = confirmed_subscriber(rt, "weg@example.org", "Weg", ["jugend"])
    subscriptions.unsubscribe(rt.uow(), gone, actor="t", via="test")
    subscriptions.subscribe(rt.uow(), rt.settings, email="offen@example.org", topics=["jugend"],
                            consent_text_version="2026-01", form="website")  # never confirmed
    send_all(rt)
    smtp_sink.messages.clear()  # opt-in mails are not the subject here

    iid = _issue(rt, topics=["jugend"])
    issues.schedule(rt.uow(), iid, at=None, actor="redaktion")
    send_all(rt)

    mails = smtp_sink.parsed()
    assert sorted(m["To"].addresses[0].addr_spec for m in mails) == \
        ["alle@example.org", "anna@example.org", "olena@example.org"]
    tokens = Tokens.from_settings(rt.settings)
    for m in mails:
        assert m["Subject"] == "Ausgabe Mai"
        assert m.get_content_type() == "multipart/alternative"
        assert m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = m["List-Unsubscribe"].strip("<>")
        assert url.startswith(f"{rt.settings.public_url}/newsletter/abmelden?token=")
        text, html = body_text(m), body_html(m)
        assert url in text and url.replace("&", "&amp;") in html
        assert "Gefördert aus Mitteln des ESF Plus." in text and 'lang="' in html
        sid = tokens.read_unsubscribe(parse_qs(urlparse(url).query)["token"][0])
        with rt.engine.connect() as conn:
            row = conn.execute(select(delivery.c.message_id).where(delivery.c.issue_id == iid,
                                                                   delivery.c.subscriber_id == sid)).one()
        assert m["Message-ID"] == row.message_id
    by_addr = {m["To"].addresses[0].addr_spec: m for m in mails}
    assert "Hallo Anna Huber," in body_text(by_addr["anna@example.org"])
    assert "Hello Olena K.," in body_text(by_addr["olena@example.org"])
    assert "Unsubscribe" in body_text(by_addr["olena@example.org"])
    assert "Guten Tag," in body_text(by_addr["alle@example.org"])
    anna_url = by_addr["anna@example.org"]["List-Unsubscribe"].strip("<>")
    assert tokens.read_unsubscribe(parse_qs(urlparse(anna_url).query)["token"][0]) == anna
    with rt.engine.connect() as conn:
        state = conn.execute(select(issue.c.status, issue.c.total)).one()
        p = issue_progress(conn, iid)
        outbox = conn.execute(select(rt.metadata.tables["outbox"].c.type)).scalars().all()
    assert tuple(state) == ("sent", 3) and p["sent"] == 3 and p["percent"] == 100.0
    assert "newsletter.issue.sent.v1" in outbox


def test_temporary_failures_are_retried_and_permanent_ones_recorded_before_the_issue_is_finished(
        make_runtime, smtp_sink):
    rt = make_runtime(SPEC, **sink_settings(smtp_sink, SEND_MAX_ATTEMPTS="4"))
    add_topics(rt)
    for who in ("ok", "later", "never"):
        confirmed_subscriber(rt, f"{who}@example.org", who.title())
    send_all(rt)
    smtp_sink.messages.clear()
    smtp_sink.replies["later@example.org"] = "451 4.7.1 Greylisted, try again"
    smtp_sink.replies["never@example.org"] = "550 5.1.1 User unknown"
    iid = _issue(rt)
    issues.schedule(rt.uow(), iid, at=None, actor="redaktion")
    sender = Sender(rt)
    issues.start_due_issues(rt)
    while sender.claim_and_send_once():
        pass
    with rt.engine.connect() as conn:
        assert conn.execute(select(issue.c.status)).scalar_one() == "sending"
        rows = dict(conn.execute(select(delivery.c.to_addr, delivery.c.status).where(delivery.c.issue_id == iid)
                                 ).all())
    assert rows == {"ok@example.org": "sent", "later@example.org": "pending", "never@example.org": "failed"}
    issues.finish_issues(rt)
    with rt.engine.connect() as conn:  # not finished while one recipient is still waiting for a retry
        assert conn.execute(select(issue.c.status)).scalar_one() == "sending"
    smtp_sink.replies.pop("later@example.org")
    send_all(rt)
    with rt.engine.connect() as conn:
        final = dict(conn.execute(select(delivery.c.to_addr, delivery.c.status).where(delivery.c.issue_id == iid)
                                  ).all())
        err = conn.execute(select(delivery.c.last_error).where(delivery.c.to_addr == "never@example.org",
                                                                delivery.c.issue_id == iid)).scalar_one()
        p = issue_progress(conn, iid)
    assert final["later@example.org"] == "sent" and final["never@example.org"] == "failed"
    assert "550" in err and "User unknown" in err
    assert (p["status"], p["sent"], p["failed"]) == ("sent", 2, 1)
    assert sorted(smtp_sink.recipients()) == ["later@example.org", "ok@example.org"]


def test_unsubscribing_during_a_send_stops_the_remaining_mail(make_runtime, smtp_sink):
    rt = make_runtime(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    keep = confirmed_subscriber(rt, "bleibt@example.org", "Bleibt")
    leave = confirmed_subscriber(rt, "geht@example.org", "Geht")
    send_all(rt)
    smtp_sink.messages.clear()
    iid = _issue(rt)
    issues.schedule(rt.uow(), iid, at=None, actor="redaktion")
    issues.start_due_issues(rt)  # the send log is written …
    subscriptions.unsubscribe(rt.uow(), leave, actor="öffentlich", via="link")  # … then one leaves
    send_all(rt)
    assert smtp_sink.recipients() == ["bleibt@example.org"]
    with rt.engine.connect() as conn:
        p = issue_progress(conn, iid)
    assert (p["status"], p["sent"], p["skipped"]) == ("sent", 1, 1)
    assert keep


def test_an_unreachable_mail_server_costs_no_attempts_and_sending_resumes(make_runtime, smtp_sink):
    from aiosmtpd.controller import Controller

    from ..conftest import Sink, free_port

    down_port = free_port()  # nothing listens here yet
    rt = make_runtime(SPEC, **sink_settings(smtp_sink, SEND_MAX_ATTEMPTS="2"))
    add_topics(rt)
    confirmed_subscriber(rt, "geduld@example.org", "Geduld")
    send_all(rt)
    iid = _issue(rt)
    issues.schedule(rt.uow(), iid, at=None, actor="redaktion")
    issues.start_due_issues(rt)
    rt_down = make_runtime(SPEC, database_url=rt.settings.database_url,
                           **{**sink_settings(smtp_sink), "smtp_port": down_port})
    sender = Sender(rt_down)
    sender.outage_pause = 0.01
    for _ in range(3):  # more outages than SEND_MAX_ATTEMPTS
        sender.claim_and_send_once()
    with rt.engine.connect() as conn:
        row = conn.execute(select(delivery.c.status, delivery.c.attempts, delivery.c.last_error)
                           .where(delivery.c.issue_id == iid)).one()
    assert (row.status, row.attempts) == ("pending", 0) and "nicht erreichbar" in row.last_error
    late = Sink()
    controller = Controller(late, hostname="127.0.0.1", port=down_port)
    controller.start()
    try:
        send_all(rt_down)
    finally:
        controller.stop()
    assert late.recipients() == ["geduld@example.org"]
    with rt.engine.connect() as conn:
        assert issue_progress(conn, iid)["status"] == "sent"


def test_a_database_hiccup_while_claiming_delays_the_issue_but_loses_no_mail(make_runtime, smtp_sink, monkeypatch):
    """A connection thread that cannot claim (database locked or restarting) waits and retries; before this,
    one OperationalError ended the thread and the issue stayed in ``sending`` until the lease expired."""
    from sqlalchemy.exc import OperationalError

    from newsletter.adapters.send_log import SendLog

    rt = make_runtime(SPEC, **sink_settings(smtp_sink, SEND_CONNECTIONS="1", SEND_POLL_SECONDS="0.05"))
    add_topics(rt)
    for who in ("erna", "fritz"):
        confirmed_subscriber(rt, f"{who}@example.org", who.title())
    send_all(rt)
    smtp_sink.messages.clear()
    iid = _issue(rt)
    issues.schedule(rt.uow(), iid, at=None, actor="redaktion")
    real_claim, failures = SendLog.claim, []

    def flaky_claim(self):
        if len(failures) < 2:
            failures.append(1)
            raise OperationalError("UPDATE delivery", {}, Exception("database is locked"))
        return real_claim(self)

    monkeypatch.setattr(SendLog, "claim", flaky_claim)
    send_all(rt)
    assert len(failures) == 2
    assert sorted(smtp_sink.recipients()) == ["erna@example.org", "fritz@example.org"]
    with rt.engine.connect() as conn:
        assert issue_progress(conn, iid)["status"] == "sent"
