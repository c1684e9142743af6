"""Sending infrastructure: the shared rate limit, and reading the mail server's log after a crash."""

from __future__ import annotations

import os
import re
import threading
import time
from email.utils import parseaddr
from pathlib import Path

MID_RE = re.compile(r"message-id=(<[^>\s]+>)", re.I)
HEADER_MID_RE = re.compile(r"^Message-ID:\s*(<[^>\s]+>)", re.I | re.M)


class TokenBucket:
    """Shared rate limit over all connections (``rate`` mails/s; 0 = unlimited)."""

    def __init__(self, rate: float) -> None:
        self.rate, self.lock, self.next_at = rate, threading.Lock(), time.monotonic()

    def take(self) -> None:
        if self.rate <= 0:
            return
        with self.lock:
            t = time.monotonic()
            self.next_at = max(self.next_at, t)
            wait = self.next_at - t
            self.next_at += 1.0 / self.rate
        if wait > 0:
            time.sleep(wait)


def accepted_message_ids(source: str, wanted: set[str]) -> set[str]:
    """Which of ``wanted`` the mail server already accepted, read from its log (``log:/var/log/mail.log``,
    Postfix writes ``message-id=<…>`` when a message is queued) or from the local sink's maildir
    (``maildir:var/mail``, the .eml files of ``servicekit.devsmtp``). Unknown or empty source → none."""
    kind, _, where = (source or "").partition(":")
    path = Path(where)
    found: set[str] = set()
    if not wanted or not where or not path.exists():
        return found
    if kind == "log":
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                hit = MID_RE.search(line)
                if hit and hit.group(1) in wanted:
                    found.add(hit.group(1))
    elif kind == "maildir":
        for f in path.rglob("*.eml"):
            with f.open("rb") as fh:
                head = fh.read(8192).decode("utf-8", "replace")
            hit = HEADER_MID_RE.search(head)
            if hit and hit.group(1) in wanted:
                found.add(hit.group(1))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def addr_only(mail_from: str) -> str:
    return parseaddr(mail_from)[1] or mail_from
