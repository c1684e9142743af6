"""Who is calling: a logged-in staff member (server-side session behind a signed cookie) or a machine
client with an API token. The gateway turns either into a short-lived signed service token."""

from __future__ import annotations

import functools
import time
from urllib.parse import quote

from flask import current_app, g, redirect, request, session

from gateway.adapters.accounts import TOKEN_PREFIX, Accounts, User
from servicekit.web.problems import Problem

SESSION_COOKIE = "aktiv_gateway"


def accounts() -> Accounts:
    return current_app.extensions["gateway_accounts"]


def current_user() -> User | None:
    if "gateway_user" not in g:
        sid = session.get("sid")
        g.gateway_user = accounts().session_user(sid) if sid else None
    return g.gateway_user


def login(user: User) -> None:
    session.clear()
    session["sid"] = accounts().open_session(user.id)
    session.permanent = True
    g.gateway_user = user


def logout() -> None:
    sid = session.get("sid")
    if sid:
        accounts().close_session(sid)
    session.clear()
    g.gateway_user = None


def login_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_user() is None:
            return redirect("/anmelden?next=" + quote(request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper


def admin_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        user = current_user()
        if user is None:
            return redirect("/anmelden?next=" + quote(request.full_path.rstrip("?")))
        if "admin" not in user.roles:
            raise Problem(403, "Nur Administratorinnen und Administratoren dürfen Konten verwalten.")
        return view(*args, **kwargs)

    return wrapper


class TokenCache:
    """Signing costs ~50 µs; reuse a token for half its lifetime per (subject, roles)."""

    def __init__(self, issuer) -> None:
        self.issuer = issuer
        self._cache: dict[tuple, tuple[float, str]] = {}

    def token(self, subject: str, roles, name: str, kind: str) -> str:
        key = (subject, tuple(sorted(roles)), name, kind)
        hit = self._cache.get(key)
        now = time.monotonic()
        if hit and hit[0] > now:
            return hit[1]
        token = self.issuer.issue(subject, list(roles), name=name, kind=kind)
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[key] = (now + self.issuer.ttl / 2, token)
        return token


def service_token_for_request() -> str | None:
    """The bearer token to forward: for a session user, for a gateway API token, or None (anonymous).
    A foreign bearer value is passed through unchanged: the service verifies it and refuses it if bad."""
    tokens: TokenCache = current_app.extensions["gateway_tokens"]
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        value = header[7:].strip()
        if value.startswith(TOKEN_PREFIX):
            found = accounts().token_principal(value)
            if found is None:
                raise Problem(401, "Das API-Token ist ungültig, abgelaufen oder widerrufen.")
            token_id, name, roles = found
            return tokens.token("apitoken:" + token_id, roles, name, "api-token")
        return value
    user = current_user()
    if user is not None:
        return tokens.token(user.id, user.roles, user.name, "user")
    return None
