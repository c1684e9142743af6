"""Issue #19: no name, subject or news text can add a header or write the body of a mail. Every mail kind is
built and its bytes parsed back like a mail program does."""

import email.policy

import pytest

from newsletter.bootstrap import SPEC
from newsletter.mail import TX_TEMPLATES, IssueTemplate, assemble, message_id, render_transactional
from newsletter.mail.composer import Composer
from newsletter.mail.message import POLICY, one_line

from ..mailcheck import ATTACKS, check_mail, parse

FROM = "Kaufbeuren aktiv <newsletter@kaufbeuren-aktiv.invalid>"
TX_HEADERS = {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"}
ISSUE_HEADERS = TX_HEADERS - {"Auto-Submitted"} | {"List-Unsubscribe", "List-Unsubscribe-Post", "List-Id",
                                                    "Precedence"}
CONTEXT_KEYS = ("event", "place", "title", "body", "subject", "opportunity", "link", "cancel_link",
                "confirm_link")


def _issue(attack: str) -> tuple[dict, list[dict]]:
    issue = {"id": "i1", "title": f"Ausgabe {attack}", "intro": f"Intro {attack}"}
    items = [{"title": f"Meldung {attack}", "body": f"Text {attack}", "summary": f"Kurz {attack}",
              "link": "https://example.org/x", "funder_notice": f"Gefördert {attack}"}]
    return issue, items


def _greeting_line(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content().split("\n", 1)[0]


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_issue_mail_keeps_its_headers_whatever_the_name_title_and_news_say(attack, lang):
    issue, items = _issue(attack)
    unsubscribe = "https://aktiv.example/newsletter/abmelden?token=" + "a" * 32 + ".ZkXyQw.sig-_sig"
    mail = IssueTemplate(issue, items, "https://aktiv.example", lang).personalise(attack, unsubscribe)
    raw = assemble(mail, mail_from=FROM, to_addr="eva@example.org", to_name=attack,
                   message_id="<issue.i1.s1@kaufbeuren-aktiv.invalid>")
    msg = check_mail(raw, to="eva@example.org", name_contains=one_line(attack), headers=ISSUE_HEADERS)
    assert msg["Subject"].strip() == one_line(f"Ausgabe {attack}")
    assert msg["List-Unsubscribe"] == f"<{unsubscribe}>"  # one plain line, not encoded words
    assert f"List-Unsubscribe: <{unsubscribe}>\r\n".encode() in raw
    hello = {"de": "Hallo", "en": "Hello"}[lang]
    assert _greeting_line(msg) == f"{hello} {one_line(attack)},"


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("kind", TX_TEMPLATES)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_transactional_mail_keeps_its_headers(attack, kind, lang):
    context = {key: f"{key} {attack}" for key in CONTEXT_KEYS}
    context.update(starts_at="2026-06-20T14:00:00", seats=2, position=3, ttl_hours=48, agenda=[attack])
    mail = render_transactional(kind, lang, attack, context)
    raw = assemble(mail, mail_from=FROM, to_addr="eva@example.org", to_name=attack,
                   message_id=message_id("mail", "optin-c1", FROM))
    msg = check_mail(raw, to="eva@example.org", name_contains=one_line(attack), headers=TX_HEADERS)
    assert msg["Message-ID"] == "<mail.optin-c1@kaufbeuren-aktiv.invalid>"
    assert msg["Subject"].strip() == mail.subject == one_line(mail.subject)  # (the stdlib may fold after "Subject:")
    first = _greeting_line(msg)  # a line break in a context value does not push text above the greeting
    assert first.startswith(("Hallo ", "Hello ")) and first.endswith(",")


def test_the_opt_in_subject_and_greeting_show_the_name_on_one_line():
    mail = render_transactional("registration_confirmation", "de", "Eva\r\nBcc: x@example.org",
                                {"event": "Fest\n\nBcc: x@example.org", "cancel_link": "https://x"})
    assert mail.subject == "Anmeldung bestätigt: Fest Bcc: x@example.org"
    assert mail.text.startswith("Hallo Eva Bcc: x@example.org,\n")
    assert "„Fest\n\nBcc: x@example.org“" in mail.text  # the body keeps the text as written, as text


def test_a_harmless_international_name_and_subject_arrive_unchanged():
    mail = render_transactional("optin", "de", "Łucja Žáková-Öztürk", {"confirm_link": "https://x", "ttl_hours": 1})
    raw = assemble(mail, mail_from=FROM, to_addr="lucja@example.org", to_name="Łucja Žáková-Öztürk",
                   message_id="<mail.optin-1@kaufbeuren-aktiv.invalid>")
    msg = check_mail(raw, to="lucja@example.org", headers=TX_HEADERS)
    assert msg["To"].addresses[0].display_name == "Łucja Žáková-Öztürk"
    assert msg["Subject"] == "Bitte bestätigen Sie Ihre Anmeldung zum Newsletter"
    assert raw.isascii()  # encoded words and base64: 7bit clean for any SMTP server
    assert parse(raw).get_body(preferencelist=("plain",)).get_content().startswith("Hallo Łucja Žáková-Öztürk,")


@pytest.mark.parametrize("value, expected", [
    ("Eva\r\nBcc: x", "Eva Bcc: x"), ("  Eva \t\n Berg ", "Eva Berg"), ("a\x00b\x7fc\x85d\u2028e", "a b c d e"),
    ("=?utf-8?q?x?=", "= ?utf-8?q?x?="), ("=?=?", "= ?= ?"), ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    (None, ""), ("Jürgen Müller", "Jürgen Müller"),
])
def test_one_line(value, expected):
    assert one_line(value) == expected


@pytest.mark.parametrize("to_addr", [
    "eva@example.org\r\nBcc: x@example.org", '"=?utf-8?q?=0D=0ABcc:_x@example.org?="@example.org',
    "=?utf-8?q?=0D=0ABcc=3A_x=40evil.org?=@example.org", '"a\x0bb"@example.org', "jürgen@example.org",
    "eva@exämple.org", "Eva <eva@example.org>", "eva@example.org, x@example.org", "",
])
def test_an_address_that_is_not_a_plain_address_is_refused(to_addr):
    mail = render_transactional("optin", "de", "Eva", {"confirm_link": "https://x", "ttl_hours": 1})
    with pytest.raises(ValueError):
        assemble(mail, mail_from=FROM, to_addr=to_addr, to_name="Eva", message_id="<mail.1@x.invalid>")


@pytest.mark.parametrize("header, value", [
    ("Message-ID", "<mail.=?utf-8?q?=0D=0ABcc:_x?=@x>"), ("Message-ID", "<a@b>\r\nBcc: x@example.org"),
    ("List-Unsubscribe", "<https://x/a>\r\nBcc: x@example.org"), ("List-Unsubscribe", "https://x/a"),
    ("List-Unsubscribe", "<https://x/=?utf-8?q?=0D=0ABcc:_x?=>"),
    ("List-Id", "=?utf-8?q?=0D=0ABcc:_x?="), ("Precedence", "bulk\r\nBcc: x@example.org"),
])
def test_our_own_headers_are_checked_too(header, value):
    mail = render_transactional("optin", "de", "Eva", {"confirm_link": "https://x", "ttl_hours": 1})
    mid = value if header == "Message-ID" else "<mail.1@x.invalid>"
    if header != "Message-ID":
        mail.headers[header] = value
    with pytest.raises(ValueError):
        assemble(mail, mail_from=FROM, to_addr="eva@example.org", to_name="Eva", message_id=mid)


@pytest.mark.parametrize("key", ["0123456789abcdef0123456789abcdef.s00001", "optin-0123456789abcdef0123456789abcdef",
                                 "0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef"])
def test_the_message_id_is_written_on_one_line_as_mail_logs_record_it(key):
    mid = message_id("issue", key, FROM)
    mail = render_transactional("optin", "de", "Eva", {"confirm_link": "https://x", "ttl_hours": 1})
    raw = assemble(mail, mail_from=FROM, to_addr="eva@example.org", to_name="Eva", message_id=mid)
    assert f"\r\nMessage-ID: {mid}\r\n".encode() in raw
    assert email.message_from_bytes(raw.split(b"\r\n\r\n", 1)[0])["Message-ID"] == mid  # compat32, as is


def test_message_ids_only_carry_safe_characters():
    assert message_id("mail", "optin-1a2b", FROM) == "<mail.optin-1a2b@kaufbeuren-aktiv.invalid>"
    assert message_id("mail", "x\r\n=?y?= <z>", FROM) == "<mail.x----y----z-@kaufbeuren-aktiv.invalid>"


def test_the_policy_is_smtp():
    for attr in ("linesep", "max_line_length", "utf8", "cte_type", "raise_on_defect", "refold_source"):
        assert getattr(POLICY, attr) == getattr(email.policy.SMTP, attr), attr


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_composer_builds_every_kind_of_row_safely(make_runtime, attack):
    """The sender's own path: issue rows, test mails of an issue and transactional rows."""
    rt = make_runtime(SPEC)
    composer = Composer(rt.settings, rt.engine)
    issue, items = _issue(attack)
    for lang in ("de", "en"):
        composer.templates[("i1", lang)] = IssueTemplate(issue, items, rt.settings.public_url, lang)
    base = {"to_addr": "eva@example.org", "message_id": "<issue.i1.s1@kaufbeuren-aktiv.invalid>",
            "sub_name": attack, "to_name": attack, "sub_lang": "en", "tx_lang": "en"}
    rows = [{**base, "issue_id": "i1", "subscriber_id": "s1", "template": None, "context": None},
            {**base, "issue_id": None, "template": "issue_test", "context": {"issue_id": "i1"}},
            {**base, "issue_id": None, "template": "optin", "context": {"confirm_link": "https://x", "ttl_hours": 2}},
            {**base, "issue_id": None, "template": "unknown\r\nBcc: x", "context": {"subject": attack, "body": attack}}]
    for row in rows:
        raw, kind = composer.compose(row)
        assert kind == ("issue" if row["issue_id"] else "transactional")
        msg = check_mail(raw, to="eva@example.org", name_contains=one_line(attack))
        assert "\r" not in str(msg["Subject"]) and "\n" not in str(msg["Subject"])
        assert _greeting_line(msg) == f"Hello {one_line(attack)},"
    assert parse(composer.compose(rows[1])[0])["Subject"] == "[Test] " + one_line(f"Ausgabe {attack}")
