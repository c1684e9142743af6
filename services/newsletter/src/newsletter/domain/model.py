"""Newsletter domain rules: subscriber states, topic matching, SMTP outcome classes. Standard library only."""

from __future__ import annotations

import re
from dataclasses import dataclass

PENDING, CONFIRMED, UNSUBSCRIBED, BOUNCED, ERASED = "pending", "confirmed", "unsubscribed", "bounced", "erased"
SUBSCRIBER_STATES = (PENDING, CONFIRMED, UNSUBSCRIBED, BOUNCED, ERASED)

NEWS_STATES = ("draft", "approved", "rejected")
ISSUE_STATES = ("draft", "scheduled", "sending", "sent")

# Delivery (send log) states. "sending" is set before the SMTP transaction starts.
D_PENDING, D_SENDING, D_SENT, D_FAILED, D_SKIPPED = "pending", "sending", "sent", "failed", "skipped"
DONE_STATES = (D_SENT, D_FAILED, D_SKIPPED)

SOFT_BOUNCE_LIMIT = 3
EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
# A news item's link: a web address (http/https with a host), or a page of the own website ("/projekte/…": the
# links of drafted items are site-relative). Not "//host" (another site without a scheme), "javascript:", "x/y".
WEB_LINK_RE = re.compile(r"^https?://[^\s/?#@]+\.[^\s/?#@]+(?:[/?#]\S*)?$", re.IGNORECASE)
SITE_LINK_RE = re.compile(r"^/(?![/\\])\S*$")


class NewsletterError(Exception):
    """A rule of the newsletter domain was violated (→ 409)."""


class InvalidToken(Exception):
    """A confirmation or unsubscribe token is expired, tampered with or unknown (→ 400)."""


class NotFound(LookupError):
    """A record does not exist (→ 404)."""


def normalise_email(email: str) -> str:
    email = (email or "").strip()
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}" if local else email


def valid_email(email: str) -> bool:
    return bool(EMAIL_RE.match(email or ""))


def valid_link(link: str | None) -> bool:
    """Empty, an http(s) address, or a path of the own website starting with a single "/"."""
    link = (link or "").strip()
    return not link or bool(WEB_LINK_RE.match(link) or SITE_LINK_RE.match(link))


def may_subscribe_again(state: str) -> bool:
    """A new opt-in request is possible unless the address is already confirmed (or erased)."""
    return state in (PENDING, UNSUBSCRIBED, BOUNCED)


def can_confirm(state: str) -> bool:
    return state == PENDING


def can_receive(state: str) -> bool:
    """Nothing is ever sent to an unconfirmed, unsubscribed or bounced address."""
    return state == CONFIRMED


def topics_match(subscriber_topics: list[str] | None, issue_topics: list[str] | None) -> bool:
    """An issue without topics goes to everyone; a subscriber without topics wants everything."""
    if not issue_topics or not subscriber_topics:
        return True
    return bool(set(subscriber_topics) & set(issue_topics))


@dataclass(frozen=True)
class SmtpOutcome:
    kind: str  # "sent" | "temporary" | "permanent"
    code: int
    message: str


def classify_smtp(code: int, message: str = "") -> SmtpOutcome:
    if 200 <= code < 300:
        return SmtpOutcome("sent", code, message)
    if 400 <= code < 500 or code <= 0:
        return SmtpOutcome("temporary", code, message)
    return SmtpOutcome("permanent", code, message)


def retry_delay(attempt: int, base: float = 30.0, cap: float = 3600.0) -> float:
    """Exponential backoff for temporary SMTP failures: base, 2·base, 4·base … capped."""
    return min(cap, base * (2 ** max(0, attempt - 1)))


def bounce_verdict(kind: str, soft_count: int, limit: int = SOFT_BOUNCE_LIMIT) -> bool:
    """True when the subscriber is to be marked bounced: any hard bounce, or ``limit`` soft bounces."""
    return kind == "hard" or soft_count >= limit


def greeting(name: str, language: str) -> str:
    name = (name or "").strip()
    if language == "en":
        return f"Hello {name}," if name else "Hello,"
    return f"Hallo {name}," if name else "Guten Tag,"


def progress(total: int, done: int, elapsed_seconds: float) -> dict:
    """Sent/total, rate (mails/s) and ETA (s) of a running issue."""
    rate = done / elapsed_seconds if elapsed_seconds > 0 and done else 0.0
    remaining = max(0, total - done)
    eta = remaining / rate if rate else None
    percent = round(100.0 * done / total, 1) if total else 100.0
    return {"total": total, "done": done, "percent": percent, "rate": round(rate, 1),
            "eta_seconds": None if eta is None else round(eta)}
