"""Issue #19 end to end: what an anonymous form, an editor or another service writes into a name, a subject or a
news text arrives at a real SMTP server (aiosmtpd) as text, never as a header or as the body of the mail."""

import pytest
from sqlalchemy import select

from newsletter.adapters.orm import delivery
from newsletter.bootstrap import SPEC
from newsletter.mail.message import one_line
from newsletter.service_layer import issues, news
from newsletter.service_layer.bounces import on_mail_requested
from servicekit import text as text_rule
from servicekit.messaging.envelope import Envelope

from ..conftest import body_text
from ..helpers import add_topics, confirmed_subscriber, send_all, sink_settings, token_from
from ..mailcheck import ATTACKS, check_mail

SUBSCRIBE = {"email": "eva@example.org", "topics": ["jugend"], "language": "de", "consent": True,
             "consent_text_version": "2026-01", "form": "website"}


def _raw_mails(sink) -> list[tuple[list[str], bytes]]:
    with sink.lock:
        return list(sink.messages)


@pytest.mark.parametrize("name", ATTACKS)
def test_the_public_opt_in_mail_cannot_be_given_headers_or_a_body(make_client, smtp_sink, name):
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    resp = client.post("/api/newsletter/public/subscriptions", json={**SUBSCRIBE, "name": name})
    try:
        text_rule.clean(name)
    except text_rule.TextRefused:  # NUL and the like: the kit's input rule refuses the name, and no mail goes out
        assert resp.status_code == 422 and "Steuerzeichen" in resp.json["errors"]["name"][0]
        send_all(rt)
        assert _raw_mails(smtp_sink) == []
        return
    assert resp.status_code == 202  # the citizen's opt-in still goes out
    send_all(rt)
    [(rcpts, raw)] = _raw_mails(smtp_sink)
    assert rcpts == ["eva@example.org"]
    msg = check_mail(raw, to="eva@example.org", name_contains=one_line(name))
    text = body_text(msg)
    assert text.split("\n", 1)[0] == f"Hallo {one_line(name)},"
    assert client.post("/api/newsletter/public/subscriptions/confirm",
                       json={"token": token_from(text, "/newsletter/bestaetigen?token=")}).json == \
        {"status": "confirmed"}


def test_an_issue_and_its_test_mail_keep_their_headers_through_smtp(make_runtime, smtp_sink):
    rt = make_runtime(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    attack = ATTACKS[0]
    addresses = [f"s{i}@example.org" for i in range(len(ATTACKS))]
    for addr, name in zip(addresses, ATTACKS, strict=True):
        confirmed_subscriber(rt, addr, name, ["jugend"], language="de" if addr < "s5" else "en")
    n = news.create_news(rt.uow(), title=f"Meldung {attack}", body=f"Text {ATTACKS[1]}", summary=ATTACKS[4],
                         funder_notice=f"Gefördert {ATTACKS[5]}", link="https://example.org/x", actor="redaktion",
                         status="approved")
    iid = issues.create_issue(rt.uow(), title=f"Ausgabe {attack} {ATTACKS[4]}", intro=ATTACKS[9],
                              topics=["jugend"], news_ids=[n["id"]], actor="redaktion")["id"]
    send_all(rt)
    smtp_sink.messages.clear()  # the opt-in mails were checked above
    issues.schedule(rt.uow(), iid, at=None, actor="redaktion")
    issues.test_send(rt.uow(), rt.settings, iid, to="redaktion@example.org", actor="redaktion")
    send_all(rt)
    mails = _raw_mails(smtp_sink)
    assert sorted(r for rcpts, _ in mails for r in rcpts) == sorted([*addresses, "redaktion@example.org"])
    subject = one_line(f"Ausgabe {attack} {ATTACKS[4]}")
    by_name = dict(zip(addresses, ATTACKS, strict=True))
    for [rcpt], raw in mails:
        msg = check_mail(raw, to=rcpt, name_contains=one_line(by_name.get(rcpt, "")))
        if rcpt == "redaktion@example.org":
            assert msg["Subject"].strip() == f"[Test] {subject}"
        else:
            assert msg["Subject"].strip() == subject and msg["List-Unsubscribe"].startswith("<http")
            assert body_text(msg).split("\n", 1)[0].endswith(f" {one_line(by_name[rcpt])},")


@pytest.mark.parametrize("template", ["registration_confirmation", "volunteer_confirmation", "generic"])
def test_mails_requested_by_participation_keep_their_headers_through_smtp(make_runtime, smtp_sink, template):
    rt = make_runtime(SPEC, **sink_settings(smtp_sink))
    for i, attack in enumerate(ATTACKS):
        context = {"event": attack, "opportunity": attack, "subject": attack, "body": attack, "place": attack,
                   "starts_at": "2026-06-20T14:00:00", "cancel_link": "https://example.org/c",
                   "confirm_link": "https://example.org/v"}
        env = Envelope(type="participation.mail.requested.v1", source="/services/participation", subject=f"m{i}",
                       data={"mail_id": f"m{i}", "template": template, "to": f"p{i}@example.org", "name": attack,
                             "language": "de" if i % 2 else "en", "context": context})
        with rt.uow() as uow:  # as the consumer applies it
            on_mail_requested(rt.settings)(uow, env)
            uow.commit()
    send_all(rt)
    mails = {rcpts[0]: raw for rcpts, raw in _raw_mails(smtp_sink)}
    assert sorted(mails) == sorted(f"p{i}@example.org" for i in range(len(ATTACKS)))
    for i, attack in enumerate(ATTACKS):
        msg = check_mail(mails[f"p{i}@example.org"], to=f"p{i}@example.org", name_contains=one_line(attack))
        assert msg["Message-ID"] == f"<mail.m{i}@kaufbeuren-aktiv.invalid>"
        assert body_text(msg).split("\n", 1)[0] in (f"Hallo {one_line(attack)},", f"Hello {one_line(attack)},")


def test_an_address_with_smtp_or_header_syntax_is_recorded_as_failed_and_never_sent(make_runtime, smtp_sink):
    rt = make_runtime(SPEC, **sink_settings(smtp_sink))
    bad = ["p@example.org\r\nRCPT TO:<x@example.org>", '"=?utf-8?q?=0D=0ABcc:_x@example.org?="@example.org',
           "jürgen@example.org"]
    for i, to in enumerate([*bad, "ok@example.org"]):
        env = Envelope(type="participation.mail.requested.v1", source="/services/participation", subject=f"b{i}",
                       data={"mail_id": f"b{i}", "template": "generic", "to": to, "name": "Eva",
                             "context": {"subject": "Hallo", "body": "Text"}})
        with rt.uow() as uow:
            on_mail_requested(rt.settings)(uow, env)
            uow.commit()
    send_all(rt)
    assert smtp_sink.recipients() == ["ok@example.org"]
    with rt.engine.connect() as conn:
        rows = {r.to_addr: r for r in conn.execute(select(delivery.c.to_addr, delivery.c.status,
                                                          delivery.c.last_error))}
    assert {to: rows[to].status for to in bad} == dict.fromkeys(bad, "failed")
    assert all("Mail konnte nicht erstellt werden" in rows[to].last_error for to in bad)
