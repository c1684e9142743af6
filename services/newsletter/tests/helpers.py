"""Shared steps of the newsletter tests."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from sqlalchemy import select

from newsletter.adapters.orm import subscriber
from newsletter.adapters.tokens import Tokens
from newsletter.seed import TOPICS
from newsletter.sender import Sender

SENDER_ENV = {"SEND_RETRY_BASE": "0.2", "SEND_POLL_SECONDS": "0.1", "SEND_CONNECTIONS": "2"}


def sink_settings(sink, **extra) -> dict:
    return {"smtp_port": sink.port, "extra": {**SENDER_ENV, **extra}}


def add_topics(runtime) -> None:
    from newsletter.adapters.orm import topic

    with runtime.engine.begin() as conn:
        conn.execute(topic.insert(), [{"code": c, "name": n, "kind": k} for c, n, k in TOPICS])


def send_all(runtime) -> None:
    Sender(runtime).run(until_idle=True)


def token_from(text: str, marker: str) -> str:
    for line in text.split():
        if marker in line:
            return parse_qs(urlparse(line.strip("<>")).query)["token"][0]
    raise AssertionError(f"no link with {marker} in mail")


def confirmed_subscriber(runtime, email: str, name: str = "", topics=(), language: str = "de") -> str:
    from newsletter.service_layer import subscriptions

    subscriptions.subscribe(runtime.uow(), runtime.settings, email=email, name=name, topics=list(topics),
                            language=language, consent_text_version="2026-01", form="website")
    with runtime.engine.connect() as conn:
        sid, cid = conn.execute(select(subscriber.c.id, subscriber.c.consent_id)
                                .where(subscriber.c.email == email)).one()
    subscriptions.confirm(runtime.uow(), runtime.settings, Tokens.from_settings(runtime.settings)
                          .confirm_token(sid, cid))
    return sid
