"""Fixtures of the newsletter tests: a real aiosmtpd SMTP server that keeps every mail it accepts."""

from __future__ import annotations

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """Collects received mails; ``replies`` maps an address to an SMTP reply ("451 …", "550 …")."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.replies: dict[str, str] = {}
        self.lock = threading.Lock()
        self.log_path = None  # like Postfix: one "message-id=<…>" line per queued mail, written before the 250

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        reply = self.replies.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), raw))
            if self.log_path is not None:
                mid = email.message_from_bytes(raw.split(b"\r\n\r\n", 1)[0])["Message-ID"]
                with open(self.log_path, "a") as fh:
                    fh.write(f"sink postfix/cleanup[1]: Q{len(self.messages)}: message-id={mid}\n")
        return "250 Message accepted for delivery"

    def parsed(self) -> list:
        with self.lock:
            return [email.message_from_bytes(raw, policy=email.policy.default) for _, raw in self.messages]

    def recipients(self) -> list[str]:
        with self.lock:
            return [r for rcpts, _ in self.messages for r in rcpts]


@pytest.fixture
def smtp_sink():
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port
    try:
        yield sink
    finally:
        controller.stop()


def body_text(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


def body_html(msg) -> str:
    return msg.get_body(preferencelist=("html",)).get_content()
