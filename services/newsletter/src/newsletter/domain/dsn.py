"""Delivery status notifications (RFC 3464) → bounce facts. Standard library only."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass

STATUS_RE = re.compile(r"([245])\.\d{1,3}\.\d{1,3}")


@dataclass(frozen=True)
class Bounce:
    recipient: str
    kind: str  # "hard" | "soft"
    status: str
    action: str
    diagnostic: str
    message_id: str


def _addr(value: str) -> str:
    value = (value or "").strip()
    if ";" in value:
        value = value.split(";", 1)[1]
    return value.strip().strip("<>").strip()


def _field_blocks(part) -> list:
    """The per-message and per-recipient field groups of a message/delivery-status part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return payload
    text = payload if isinstance(payload, str) else part.get_payload(decode=True).decode("utf-8", "replace")
    blocks = [b for b in re.split(r"\r?\n\s*\r?\n", text.strip()) if b.strip()]
    return [email.message_from_string(b + "\n") for b in blocks]


def _original_message_id(msg) -> str:
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "text/rfc822-headers"):
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                return (inner[0].get("Message-ID") or "").strip()
            if isinstance(inner, str):
                found = re.search(r"^Message-ID:\s*(\S+)", inner, re.I | re.M)
                if found:
                    return found.group(1).strip()
    return ""


def parse_dsn(raw: bytes | str) -> list[Bounce]:
    """All failed or delayed recipients of a DSN. Non-DSN mails (auto-replies, spam) give []."""
    msg = (email.message_from_bytes(raw, policy=email.policy.compat32) if isinstance(raw, bytes)
           else email.message_from_string(raw, policy=email.policy.compat32))
    if msg.get_content_type() != "multipart/report":
        return []
    if (msg.get_param("report-type") or "").lower() != "delivery-status":
        return []
    message_id = _original_message_id(msg)
    bounces: list[Bounce] = []
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in _field_blocks(part)[1:]:
            action = (block.get("Action") or "").strip().lower()
            if action not in ("failed", "delayed"):
                continue
            recipient = _addr(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
            status_match = STATUS_RE.search(block.get("Status") or "")
            status = status_match.group(0) if status_match else ("5.0.0" if action == "failed" else "4.0.0")
            kind = "hard" if status.startswith("5") and action == "failed" else "soft"
            diagnostic = " ".join((block.get("Diagnostic-Code") or "").split())
            if recipient:
                bounces.append(Bounce(recipient, kind, status, action, diagnostic, message_id))
    return bounces
