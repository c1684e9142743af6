"""Request ids, correlation ids and HTTP RED metrics labelled by route template; and the path guard, a WSGI
middleware that refuses every request whose path is not already normal (before routing, before any view).

The guard reads the raw request target (gunicorn's and werkzeug's ``RAW_URI``/``REQUEST_URI``), because
``PATH_INFO`` is already percent-decoded: ``%2f`` and ``/`` look the same there. Refused with 400
problem+json: dot segments (``.``, ``..``, also percent-encoded, overlong UTF-8, full-width or with ``;``
parameters), empty segments (``//``), backslashes, encoded slashes, backslashes and percent signs
(``%2f``, ``%5c``, ``%25``, the last one is double encoding), malformed escapes, invalid UTF-8 (overlong
forms such as ``%c0%ae``) and control characters.
A path that passes cannot leave the prefix it starts with, so the gateway may forward it unchanged."""

from __future__ import annotations

import json
import re
import time
import unicodedata
import uuid
from urllib.parse import quote, unquote_to_bytes

from flask import Flask, g, request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from servicekit.logging import correlation_id, request_id
from servicekit.metrics import HTTP_DURATION, HTTP_REQUESTS

FORBIDDEN_RAW = re.compile(r"\\|%(?:2f|5c|25)|%(?![0-9a-f]{2})", re.IGNORECASE)
ABSOLUTE_FORM = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*", re.IGNORECASE)
DOT_SEGMENTS = {".", ".."}
REFUSED = {
    "de": "Die Adresse enthält unzulässige Pfadbestandteile (etwa „..“, „//“, kodierte Schrägstriche oder "
          "Steuerzeichen). Bitte rufen Sie die Seite über einen Link auf.",
    "en": "The address contains path parts that are not allowed (such as “..”, “//”, encoded slashes or "
          "control characters). Please open the page through a link.",
}
TITLES = {"de": "Ungültige Anfrage", "en": "Bad request"}


def request_target(environ) -> str:
    """The path as the client sent it (still percent-encoded, without scheme and host of an absolute-form
    target; rebuilt from PATH_INFO when the server gives no raw URI), and the query string."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = ABSOLUTE_FORM.sub("", raw).split("?", 1)[0] or "/"
    else:
        path = quote(environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace"),
                     safe="/;:@!$&'()*+,=~")
    query = environ.get("QUERY_STRING", "")
    return path + ("?" + query if query else "")


def _segments_fine(path: str) -> bool:
    segments = path.split("/")
    if segments[0] != "":  # not an absolute path
        return False
    inner = segments[1:-1]  # the last one may be empty (a trailing slash)
    if any(not s for s in inner):
        return False
    for segment in segments[1:]:
        bare = unicodedata.normalize("NFKC", segment.split(";", 1)[0])
        if bare in DOT_SEGMENTS or any(unicodedata.category(ch) == "Cc" for ch in segment):
            return False
    return True


def path_refusal(environ) -> bool:
    """True when the request's path must be refused (see the module docstring)."""
    target = request_target(environ)
    if target == "*":
        return False
    raw_path = target.split("?", 1)[0]
    if FORBIDDEN_RAW.search(raw_path):
        return True
    try:
        decoded = unquote_to_bytes(raw_path.encode("latin-1")).decode("utf-8")
        info = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return True
    return not (_segments_fine(decoded) and _segments_fine(info or "/"))


def _language(environ) -> str:
    accept = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
    return "en" if accept.best_match(["de", "en"]) == "en" else "de"


class PathGuard:
    """WSGI middleware: 400 problem+json for a path that is not normal, before the app sees it."""

    def __init__(self, wsgi_app, service: str) -> None:
        self.wsgi_app = wsgi_app
        self.service = service

    def __call__(self, environ, start_response):
        if not path_refusal(environ):
            return self.wsgi_app(environ, start_response)
        lang = _language(environ)
        body = json.dumps({"type": "about:blank", "title": TITLES[lang], "status": 400, "detail": REFUSED[lang]},
                          ensure_ascii=False).encode()
        HTTP_REQUESTS.labels(self.service, environ.get("REQUEST_METHOD", ""), "refused-path", "400").inc()
        start_response("400 BAD REQUEST", [("Content-Type", "application/problem+json"),
                                           ("Content-Length", str(len(body))), ("Content-Language", lang),
                                           ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")])
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]


def install_middleware(app: Flask, service: str) -> None:
    app.wsgi_app = PathGuard(app.wsgi_app, service)

    @app.before_request
    def _start():
        rid = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        rid = rid[:64]
        g.request_id = rid
        g.started = time.perf_counter()
        request_id.set(rid)
        correlation_id.set((request.headers.get("X-Correlation-ID") or rid)[:64])

    @app.after_request
    def _finish(response):
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        started = g.get("started")
        if started is not None:
            HTTP_DURATION.labels(service, request.method, route).observe(time.perf_counter() - started)
        HTTP_REQUESTS.labels(service, request.method, route, str(response.status_code)).inc()
        response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
