"""The public double opt-in, one-click unsubscribe and archive, as the gateway's public site uses them."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from newsletter.adapters.orm import consent, subscriber
from newsletter.adapters.tokens import Tokens
from newsletter.bootstrap import SPEC

from ..conftest import body_html, body_text
from ..helpers import add_topics, send_all, sink_settings, token_from

SUBSCRIBE = {"email": "lena@example.org", "name": "Lena Berg", "topics": ["jugend"], "language": "de",
             "consent": True, "consent_text_version": "2026-01", "form": "website"}


def _client(make_client, smtp_sink):
    client, rt = make_client(SPEC, **sink_settings(smtp_sink))
    add_topics(rt)
    return client, rt


def test_double_opt_in_sends_an_ad_free_confirmation_and_records_consent(make_client, smtp_sink):
    client, rt = _client(make_client, smtp_sink)
    resp = client.post("/api/newsletter/public/subscriptions", json=SUBSCRIBE)
    assert resp.status_code == 202 and resp.json == {"status": "pending"}
    send_all(rt)
    [mail] = smtp_sink.parsed()
    assert mail["To"].addresses[0].addr_spec == "lena@example.org"
    assert "bestätigen" in mail["Subject"].lower()
    text = body_text(mail)
    assert "Hallo Lena Berg," in text
    assert "List-Unsubscribe" not in mail  # not subscribed yet: no newsletter, no advertising
    assert "Projekt" not in text and "Veranstaltung" not in text
    token = token_from(text, "/newsletter/bestaetigen?token=")
    assert client.post("/api/newsletter/public/subscriptions/confirm", json={"token": token}).json == \
        {"status": "confirmed"}
    with rt.engine.connect() as conn:
        sub = conn.execute(select(subscriber)).mappings().one()
        proof = conn.execute(select(consent)).mappings().one()
    assert sub["status"] == "confirmed" and sub["confirmed_at"] is not None
    assert proof["form"] == "website" and proof["text_version"] == "2026-01" and proof["confirmed_at"]
    assert "jederzeit" in proof["text"]


def test_subscribe_answer_is_the_same_for_known_and_unknown_addresses(make_client, smtp_sink):
    client, rt = _client(make_client, smtp_sink)
    first = client.post("/api/newsletter/public/subscriptions", json=SUBSCRIBE)
    again = client.post("/api/newsletter/public/subscriptions", json=SUBSCRIBE)
    other = client.post("/api/newsletter/public/subscriptions", json={**SUBSCRIBE, "email": "neu@example.org"})
    assert first.status_code == again.status_code == other.status_code == 202
    assert first.data == again.data == other.data
    send_all(rt)
    # the repeated request within ten minutes does not mail-bomb the address
    assert sorted(smtp_sink.recipients()) == ["lena@example.org", "neu@example.org"]


def test_expired_and_tampered_tokens_get_a_clear_german_400(make_client, smtp_sink):
    client, rt = _client(make_client, smtp_sink)
    client.post("/api/newsletter/public/subscriptions", json=SUBSCRIBE)
    with rt.engine.connect() as conn:
        sid, cid = conn.execute(select(subscriber.c.id, subscriber.c.consent_id)).one()
    tokens = Tokens.from_settings(rt.settings)
    token = tokens.confirm_token(sid, cid)
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    resp = client.post("/api/newsletter/public/subscriptions/confirm", json={"token": tampered})
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"
    assert "ungültig oder wurde verändert" in resp.json["detail"]
    old = Tokens(rt.settings.secret_key, confirm_ttl_hours=72)
    past = datetime.now(UTC) - timedelta(hours=73)
    import itsdangerous.timed as timed

    original = timed.TimestampSigner.get_timestamp
    timed.TimestampSigner.get_timestamp = lambda self: int(past.timestamp())
    try:
        expired = old.confirm_token(sid, cid)
    finally:
        timed.TimestampSigner.get_timestamp = original
    resp = client.post("/api/newsletter/public/subscriptions/confirm", json={"token": expired})
    assert resp.status_code == 400 and "abgelaufen" in resp.json["detail"]
    resp = client.post("/api/newsletter/public/unsubscribe", json={"token": "kaputt"})
    assert resp.status_code == 400 and resp.json["title"] == "Ungültige Anfrage"


def test_bad_input_gives_german_field_errors(make_client, smtp_sink):
    client, _ = _client(make_client, smtp_sink)
    resp = client.post("/api/newsletter/public/subscriptions",
                       json={"email": "keine-adresse", "consent": False, "language": "fr", "extra": 1})
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    errors = resp.json["errors"]
    assert errors["email"] == ["Keine gültige E-Mail-Adresse."]
    assert errors["consent"] == ["Ohne Ihre Einwilligung können wir Ihnen keinen Newsletter schicken."]
    assert errors["extra"] == ["Unbekanntes Feld."]
    assert errors["consent_text_version"] == ["Pflichtfeld fehlt."]
    resp = client.post("/api/newsletter/public/subscriptions", json={**SUBSCRIBE, "topics": ["mond"]})
    assert resp.status_code == 409 and "Unbekannte Themen: mond" in resp.json["detail"]


def test_rfc8058_one_click_post_unsubscribes_and_resubscribing_works(make_client, smtp_sink):
    client, rt = _client(make_client, smtp_sink)
    client.post("/api/newsletter/public/subscriptions", json=SUBSCRIBE)
    send_all(rt)
    token = token_from(body_text(smtp_sink.parsed()[0]), "bestaetigen?token=")
    client.post("/api/newsletter/public/subscriptions/confirm", json={"token": token})
    with rt.engine.connect() as conn:
        sid = conn.execute(select(subscriber.c.id)).scalar_one()
    unsub = Tokens.from_settings(rt.settings).unsubscribe_token(sid)
    missing = client.post(f"/api/newsletter/public/unsubscribe?token={unsub}", data={"x": "y"})
    assert missing.status_code == 400 and "One-Click" in missing.json["detail"]
    resp = client.post(f"/api/newsletter/public/unsubscribe?token={unsub}",
                       data={"List-Unsubscribe": "One-Click"}, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 200 and resp.json == {"status": "unsubscribed"}
    again = client.post("/api/newsletter/public/unsubscribe", json={"token": unsub})
    assert again.json == {"status": "unsubscribed"}
    with rt.engine.connect() as conn:
        assert conn.execute(select(subscriber.c.status)).scalar_one() == "unsubscribed"
        assert conn.execute(select(consent.c.withdrawn_at)).scalar_one() is not None
    # re-subscribing starts a fresh opt-in with a new consent record
    assert client.post("/api/newsletter/public/subscriptions", json=SUBSCRIBE).status_code == 202
    send_all(rt)
    new_token = token_from(body_text(smtp_sink.parsed()[-1]), "bestaetigen?token=")
    assert new_token != token
    stale = client.post("/api/newsletter/public/subscriptions/confirm", json={"token": token})
    assert stale.status_code == 400 and "gilt nicht mehr" in stale.json["detail"]
    assert client.post("/api/newsletter/public/subscriptions/confirm",
                       json={"token": new_token}).json == {"status": "confirmed"}
    with rt.engine.connect() as conn:
        assert len(conn.execute(select(consent)).all()) == 2
    assert "<html" in body_html(smtp_sink.parsed()[-1])


def test_topics_are_public(make_client, smtp_sink):
    client, _ = _client(make_client, smtp_sink)
    topics = client.get("/api/newsletter/public/topics").json
    assert {"code": "neugablonz", "name": "Neugablonz", "kind": "district"} in topics
    assert {"code": "jugend", "name": "Jugend", "kind": "field_of_action"} in topics


def test_an_english_subscriber_gets_the_english_opt_in_mail(make_client, smtp_sink):
    client, rt = _client(make_client, smtp_sink)
    resp = client.post("/api/newsletter/public/subscriptions", json={**SUBSCRIBE, "email": "olena@example.org",
                                                                      "name": "Olena", "language": "en"})
    assert resp.status_code == 202
    send_all(rt)
    [mail] = smtp_sink.parsed()
    assert mail["Subject"] == "Please confirm your newsletter subscription"
    text = body_text(mail)
    assert text.startswith("Hello Olena,") and "Please confirm with one click:" in text
    assert "Coordination office for civic engagement" in body_html(mail) and "bestätigen" not in text
    assert token_from(text, "/newsletter/bestaetigen?token=")
