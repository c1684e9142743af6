"""DSGVO Art. 17 across services without sending the address: the erasure event carries a lookup key, an
HMAC-SHA256 of the normalised e-mail address under the key the department services share
(``AKTIV_ERASURE_KEY``). A service that holds addresses computes the same key for each of its own addresses and
erases those that match. Without the shared key the value names nobody, and it cannot be reversed."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable


def normalised_address(email: str) -> str:
    return (email or "").strip().lower()


def lookup_key(secret: str, email: str) -> str:
    """The erasure lookup key of ``email`` (hex). The same address in any spelling of case gives the same key."""
    return hmac.new(secret.encode(), normalised_address(email).encode(), hashlib.sha256).hexdigest()


def matching(secret: str, key: str, addresses: Iterable[str | None]) -> set[str]:
    """The addresses (as stored) whose lookup key is ``key``."""
    return {a for a in addresses if a and hmac.compare_digest(lookup_key(secret, a), key)}
