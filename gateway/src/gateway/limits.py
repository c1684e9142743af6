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

from flask import request

FORM_LIMIT = "5 per minute; 30 per hour"
UNSUBSCRIBE_LIMIT = "20 per minute"  # RFC 8058 one-click: mail clients post, people click more than once

# scope names of the public forms; the matching API endpoints share them
NEWSLETTER_SUBSCRIBE = "public:newsletter-subscribe"
NEWSLETTER_CONFIRM = "public:newsletter-confirm"
NEWSLETTER_UNSUBSCRIBE = "public:newsletter-unsubscribe"
EVENT_REGISTRATION = "public:event-registration"
EVENT_CANCEL = "public:event-cancel"
VOLUNTEER_SIGNUP = "public:volunteer-signup"
VOLUNTEER_CONFIRM = "public:volunteer-confirm"

# (service, path below /api/<svc>/public/, scope, limit): the services' public write endpoints (OpenAPI)
PUBLIC_WRITES = [
    ("newsletter", r"subscriptions", NEWSLETTER_SUBSCRIBE, FORM_LIMIT),
    ("newsletter", r"subscriptions/confirm", NEWSLETTER_CONFIRM, FORM_LIMIT),
    ("newsletter", r"unsubscribe", NEWSLETTER_UNSUBSCRIBE, UNSUBSCRIBE_LIMIT),
    ("participation", r"events/[^/]+/registrations", EVENT_REGISTRATION, FORM_LIMIT),
    ("participation", r"registrations/cancel", EVENT_CANCEL, FORM_LIMIT),
    ("participation", r"opportunities/[^/]+/signups", VOLUNTEER_SIGNUP, FORM_LIMIT),
    ("participation", r"signups/confirm", VOLUNTEER_CONFIRM, FORM_LIMIT),
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
            return scope, limit
    return f"public:{service}-write", FORM_LIMIT


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
