"""The gunicorn worker of every service and the gateway (``worker_class`` in servicekit.gunicorn_conf).

gunicorn answers requests it refuses before the app sees them (request line over ``limit_request_line``: 414,
headers over ``limit_request_fields`` / ``limit_request_field_size``: 431, a malformed request line, method or
header: 400) itself, with a small HTML page. The platform answers every error as RFC 9457 problem+json, German
first, so this worker writes those answers as problem+json as well.

gunicorn has no hook for the error body: ``Worker.handle_error`` classifies the error, logs it and hands status
and reason to ``gunicorn.util.write_error``, its only caller. Importing this module (gunicorn imports the
worker class in the arbiter and every worker) replaces that function with :func:`write_problem`; status codes,
logging and the access log stay gunicorn's own."""

from __future__ import annotations

import json

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

PROBLEM_JSON = "application/problem+json"

# German first: no Accept-Language is read here (the request could not be parsed), so the German text comes
# first and the English one follows in "title_en"/"detail_en".
MESSAGES = {
    400: ("Ungültige Anfrage", "Die Anfrage konnte nicht gelesen werden.",
          "Bad request", "The request could not be read."),
    403: ("Keine Berechtigung", "Diese Anfrage ist nicht erlaubt.", "Forbidden", "This request is not allowed."),
    414: ("Adresse zu lang", "Die Adresse der Anfrage ist zu lang.", "URI too long", "The request's URI is too long."),
    417: ("Erwartung nicht erfüllbar", "Der Header Expect wird nicht unterstützt.",
          "Expectation failed", "The Expect header is not supported."),
    431: ("Kopfzeilen zu groß", "Die Kopfzeilen der Anfrage sind zu groß oder zu zahlreich.",
          "Request header fields too large", "The request's header fields are too large or too many."),
    500: ("Interner Fehler", "Es ist ein unerwarteter Fehler aufgetreten. Er wurde protokolliert.",
          "Internal server error", "An unexpected error occurred. It has been logged."),
    501: ("Nicht unterstützt", "Diese Übertragungskodierung wird nicht unterstützt.",
          "Not implemented", "This transfer coding is not supported."),
}


def problem_body(status: int) -> bytes:
    title, detail, title_en, detail_en = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    return json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail,
                       "title_en": title_en, "detail_en": detail_en}, ensure_ascii=False).encode()


def write_problem(sock, status_int, reason, mesg) -> None:
    """Drop-in for ``gunicorn.util.write_error``: the same status line, a problem+json body. gunicorn's own
    message (``mesg``, which may echo the refused request) goes to its log only, never to the client."""
    body = problem_body(int(status_int))
    head = (f"HTTP/1.1 {int(status_int)} {reason}\r\nConnection: close\r\nContent-Type: {PROBLEM_JSON}\r\n"
            f"Content-Language: de\r\nContent-Length: {len(body)}\r\nCache-Control: no-store\r\n"
            f"X-Content-Type-Options: nosniff\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = write_problem


class ProblemJsonThreadWorker(ThreadWorker):
    """gunicorn's gthread worker; its refusals are problem+json (see the module text)."""
