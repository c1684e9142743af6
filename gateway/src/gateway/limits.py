"""Per-client limits of the public writes. The public-site forms and the raw public API behind them
(``POST /api/<svc>/public/…``, reached through the proxy) count in the same buckets: submitting the newsletter
form and posting to ``/api/newsletter/public/subscriptions`` together get the form's allowance once, not twice.

Every write (any method but GET/HEAD/OPTIONS) under ``/api/<svc>/public/`` is limited: the known endpoints
share their form's bucket, any other public write gets a bucket per service with the form limit. Logged-in
staff and valid gateway API tokens are not limited this way (a foreign bearer value counts as anonymous: the
service verifies it only after the gateway has let it through)."""

from __future__ import annotations

import posixpath
import re

from flask import current_app, request
from limits import parse_many

from servicekit.config import ConfigError, Settings

# defaults; AKTIV_GATEWAY_PUBLIC_FORM_LIMIT / AKTIV_GATEWAY_UNSUBSCRIBE_LIMIT / AKTIV_GATEWAY_LOGIN_LIMIT override
# them (Flask-Limiter notation, e.g. "5/minute;30/hour"), read once at start into the app config keys below
FORM_LIMIT = "5 per minute; 30 per hour"
LOGIN_LIMIT = "10 per minute; 50 per hour"  # per client address; wrong passwords also lock the account
UNSUBSCRIBE_LIMIT = "20 per minute"  # RFC 8058 one-click: mail clients post, people click more than once
LIMIT_SETTINGS = {  # setting (below AKTIV_GATEWAY_) → (app config key, default)
    "PUBLIC_FORM_LIMIT": ("GATEWAY_PUBLIC_FORM_LIMIT", FORM_LIMIT),
    "UNSUBSCRIBE_LIMIT": ("GATEWAY_UNSUBSCRIBE_LIMIT", UNSUBSCRIBE_LIMIT),
    "LOGIN_LIMIT": ("GATEWAY_LOGIN_LIMIT", LOGIN_LIMIT),
}


def checked_limit(name: str, value: str) -> str:
    """``value`` if it is a usable Flask-Limiter limit string, else a ConfigError naming the setting."""
    hint = 'Flask-Limiter notation, e.g. "5/minute;30/hour" or "20 per minute"'
    try:
        parsed = parse_many(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a rate limit ({hint}), got {value!r}: {exc}") from exc
    if not parsed or any(item.amount < 1 for item in parsed):
        raise ConfigError(f"{name} must allow at least one request per period ({hint}), got {value!r}")
    return value


def limit_config(settings: Settings) -> dict[str, str]:
    """The app config of the public write limits from the settings, validated (a bad value stops the start)."""
    return {key: checked_limit(f"AKTIV_GATEWAY_{name}", settings.get(name, "").strip() or default)
            for name, (key, default) in LIMIT_SETTINGS.items()}


def form_limit() -> str:
    """The limit of the public forms and of the public API writes behind them."""
    return current_app.config.get("GATEWAY_PUBLIC_FORM_LIMIT", FORM_LIMIT)


def unsubscribe_limit() -> str:
    return current_app.config.get("GATEWAY_UNSUBSCRIBE_LIMIT", UNSUBSCRIBE_LIMIT)

# scope names of the public forms; the matching API endpoints share them
NEWSLETTER_SUBSCRIBE = "public:newsletter-subscribe"
NEWSLETTER_CONFIRM = "public:newsletter-confirm"
NEWSLETTER_UNSUBSCRIBE = "public:newsletter-unsubscribe"
EVENT_REGISTRATION = "public:event-registration"
EVENT_CANCEL = "public:event-cancel"
VOLUNTEER_SIGNUP = "public:volunteer-signup"
VOLUNTEER_CONFIRM = "public:volunteer-confirm"

# (service, path below /api/<svc>/public/, scope, limit): the services' public write endpoints (OpenAPI); the
# limits are callables, read from the app config per request
PUBLIC_WRITES = [
    ("newsletter", r"subscriptions", NEWSLETTER_SUBSCRIBE, form_limit),
    ("newsletter", r"subscriptions/confirm", NEWSLETTER_CONFIRM, form_limit),
    ("newsletter", r"unsubscribe", NEWSLETTER_UNSUBSCRIBE, unsubscribe_limit),
    ("participation", r"events/[^/]+/registrations", EVENT_REGISTRATION, form_limit),
    ("participation", r"registrations/cancel", EVENT_CANCEL, form_limit),
    ("participation", r"opportunities/[^/]+/signups", VOLUNTEER_SIGNUP, form_limit),
    ("participation", r"signups/confirm", VOLUNTEER_CONFIRM, form_limit),
]
_COMPILED = [(svc, re.compile(pattern), scope, limit) for svc, pattern, scope, limit in PUBLIC_WRITES]
SAFE = {"GET", "HEAD", "OPTIONS"}


def public_write() -> tuple[str, str] | None:
    """(scope, limit) when this request is a write to a public API endpoint, else None."""
    if request.method in SAFE or not request.view_args:
        return None
    service = request.view_args.get("service", "")
    rest = posixpath.normpath("/" + request.view_args.get("rest", "")).lstrip("/")  # no //, /./ or /../ tricks
    if not rest.startswith("public/"):
        return None
    rest = rest.removeprefix("public/")
    for svc, pattern, scope, limit in _COMPILED:
        if svc == service and pattern.fullmatch(rest):
            return scope, limit()
    return f"public:{service}-write", form_limit()


def public_write_limit() -> str:
    found = public_write()
    return found[1] if found else ""  # "": no limit for reads, the staff API and the department UIs


def public_write_scope(_endpoint: str) -> str:
    found = public_write()
    return found[0] if found else "public:none"


def authenticated_call() -> bool:
    """A logged-in staff member or a valid gateway API token (not any bearer value: that would be a bypass)."""
    from gateway.adapters.accounts import TOKEN_PREFIX
    from gateway.auth.session import accounts, current_user

    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        value = header[7:].strip()
        return value.startswith(TOKEN_PREFIX) and accounts().token_principal(value) is not None
    return current_user() is not None
