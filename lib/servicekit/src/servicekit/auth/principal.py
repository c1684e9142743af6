"""The authenticated caller and the role check."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from flask import current_app, g, has_request_context, request

from servicekit.auth.roles import ROLES, forbidden_detail
from servicekit.auth.tokens import TokenError

log = logging.getLogger(__name__)

__all__ = ["ROLES", "Principal", "actor_name", "current_principal", "require_roles"]


@dataclass(frozen=True)
class Principal:
    user: str
    roles: frozenset[str]
    name: str = ""
    kind: str = "user"

    def has_any(self, roles) -> bool:
        return "admin" in self.roles or bool(self.roles & set(roles))


def _load_principal() -> Principal | None:
    if "principal" in g:
        return g.principal
    header = request.headers.get("Authorization", "")
    principal = None
    if header.startswith("Bearer "):
        verifier = current_app.extensions["aktiv_verifier"]
        claims = verifier.verify(header[7:].strip())
        principal = Principal(user=claims["sub"], roles=frozenset(claims.get("roles", [])),
                              name=claims.get("name", ""), kind=claims.get("kind", "user"))
    g.principal = principal
    return principal


_ACTING: ContextVar[tuple[str, str] | None] = ContextVar("servicekit_acting_as", default=None)


@contextmanager
def acting_as(actor: str, name: str) -> Iterator[None]:
    """Work done by a command on a person's behalf (the demo seed: "Fritz Finanzen (Demo)" books the demo's
    expenses): meanwhile ``actor_name(actor)`` is ``name``, so the records and audit entries carry the person's
    name exactly as if they had been written through the UI with that person's signed identity."""
    token = _ACTING.set((actor, name))
    try:
        yield
    finally:
        _ACTING.reset(token)


def actor_name(actor: str | None) -> str:
    """The display name of ``actor`` from the signed identity of the current request (or of ``acting_as``), for
    storing beside the id at write time (so no service asks another who someone was). Empty when ``actor`` is not
    the caller (a system actor, a consumer of an event)."""
    acting = _ACTING.get()
    if actor and acting is not None and acting[0] == actor:
        return acting[1]
    if not actor or not has_request_context() or "aktiv_verifier" not in current_app.extensions:
        return ""
    principal = current_principal()
    if principal is not None and principal.user == actor:
        return principal.name or ""
    return ""


def current_principal() -> Principal | None:
    try:
        return _load_principal()
    except TokenError:
        return None


def _reader_is_english() -> bool:
    """A department page's language is the reader's choice (``?lang=``/cookie); an API caller's is its
    Accept-Language."""
    from servicekit.web.i18n import select_locale
    from servicekit.web.problems import prefers_german, wants_html

    return select_locale() == "en" if wants_html() else not prefers_german()


def require_roles(*roles: str):
    """401 without a valid token, 403 without one of ``roles`` (admin always passes).
    With no roles given, any authenticated caller passes."""

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            from servicekit.web.problems import Problem

            try:
                principal = _load_principal()
            except TokenError as exc:
                # the reason (expired, bad signature, wrong audience …) is for the log, not for the caller
                log.info("token refused on %s %s: %s", request.method, request.path, exc)
                raise Problem(401, "Das Zugangstoken ist ungültig oder abgelaufen.") from exc
            if principal is None:
                raise Problem(401)
            if roles and not principal.has_any(roles):
                # the roles' names in the reader's language; their codes stay machine-readable beside them
                raise Problem(403, forbidden_detail(roles, english=_reader_is_english()),
                              required_roles=list(roles))
            return func(*args, **kwargs)

        doc = getattr(func, "_apidoc", {})
        manual = dict(doc.get("manual_doc", {}))
        manual["security"] = [{"bearerAuth": []}]
        manual["x-roles"] = list(roles)
        wrapper._apidoc = {**doc, "manual_doc": manual}
        wrapper._required_roles = roles
        return wrapper

    return decorator
