from newsletter.adapters.sending import accepted_message_ids
from newsletter.domain.model import (
    bounce_verdict,
    can_receive,
    classify_smtp,
    greeting,
    normalise_email,
    progress,
    retry_delay,
    topics_match,
)


def test_only_confirmed_addresses_receive_newsletters():
    assert can_receive("confirmed")
    assert not any(can_receive(s) for s in ("pending", "unsubscribed", "bounced", "erased"))


def test_topic_matching():
    assert topics_match(["jugend"], ["jugend", "haken"])
    assert not topics_match(["senioren"], ["jugend"])
    assert topics_match([], ["jugend"]) and topics_match(["jugend"], [])


def test_smtp_codes_are_classified_and_retries_back_off():
    assert classify_smtp(250).kind == "sent"
    assert classify_smtp(451).kind == "temporary" and classify_smtp(0).kind == "temporary"
    assert classify_smtp(550).kind == "permanent"
    assert [retry_delay(n, 30) for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(20, 30) == 3600


def test_bounce_rules_hard_at_once_soft_after_three():
    assert bounce_verdict("hard", 0)
    assert not bounce_verdict("soft", 2) and bounce_verdict("soft", 3)


def test_greeting_and_email_normalisation():
    assert greeting("Anna", "de") == "Hallo Anna," and greeting("", "de") == "Guten Tag,"
    assert greeting("Ann", "en") == "Hello Ann,"
    assert normalise_email(" Anna.Huber@Example.ORG ") == "Anna.Huber@example.org"


def test_progress_reports_rate_and_eta():
    p = progress(1000, 250, 10.0)
    assert p == {"total": 1000, "done": 250, "percent": 25.0, "rate": 25.0, "eta_seconds": 30}
    assert progress(0, 0, 0)["percent"] == 100.0


def test_accepted_message_ids_from_a_postfix_log_and_a_maildir(tmp_path):
    log = tmp_path / "mail.log"
    log.write_text("Jun 1 postfix/cleanup[7]: 4F2: message-id=<issue.a.b@x>\nother line\n")
    assert accepted_message_ids(f"log:{log}", {"<issue.a.b@x>", "<issue.a.c@x>"}) == {"<issue.a.b@x>"}
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "1.eml").write_bytes(b"From: a@b\r\nMessage-ID: <mail.1@x>\r\n\r\nHallo")
    assert accepted_message_ids(f"maildir:{tmp_path / 'mail'}", {"<mail.1@x>", "<mail.2@x>"}) == {"<mail.1@x>"}
    assert accepted_message_ids("", {"<mail.1@x>"}) == set()


def test_tokens_expire_and_refuse_tampering():
    import pytest

    from newsletter.adapters.tokens import Tokens
    from newsletter.domain.model import InvalidToken

    tokens = Tokens("geheim")
    unsub = tokens.unsubscribe_token("abc123")
    assert tokens.read_unsubscribe(unsub) == "abc123"
    with pytest.raises(InvalidToken, match="abgelaufen"):
        tokens.read_unsubscribe(unsub, max_age=-1)
    with pytest.raises(InvalidToken, match="verändert"):
        Tokens("anderes-geheimnis").read_unsubscribe(unsub)
    confirm = tokens.confirm_token("abc123", "c1")
    assert tokens.read_confirm(confirm) == ("abc123", "c1")
    with pytest.raises(InvalidToken):
        tokens.read_unsubscribe(confirm)  # a confirmation link is no unsubscribe link (own salt)
