"""RFC 9457 problem details for every 4xx/5xx, German when the request prefers German."""

from __future__ import annotations

import logging
import re

from flask import Response, json, request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: ("Ungültige Anfrage", "Bad request"),
    401: ("Anmeldung erforderlich", "Authentication required"),
    403: ("Keine Berechtigung", "Forbidden"),
    404: ("Nicht gefunden", "Not found"),
    405: ("Methode nicht erlaubt", "Method not allowed"),
    406: ("Nicht annehmbar", "Not acceptable"),
    409: ("Konflikt", "Conflict"),
    412: ("Veraltete Version", "Precondition failed"),
    413: ("Anfrage zu groß", "Payload too large"),
    415: ("Nicht unterstütztes Format", "Unsupported media type"),
    422: ("Eingaben ungültig", "Unprocessable content"),
    428: ("Versionsangabe fehlt", "Precondition required"),
    429: ("Zu viele Anfragen", "Too many requests"),
    500: ("Interner Fehler", "Internal server error"),
    502: ("Dienst nicht erreichbar", "Bad gateway"),
    503: ("Dienst nicht bereit", "Service unavailable"),
    504: ("Zeitüberschreitung beim Dienst", "Gateway timeout"),
}

DETAILS_DE = {
    400: "Die Anfrage konnte nicht gelesen werden.",
    401: "Bitte melden Sie sich an.",
    403: "Ihre Rolle erlaubt diese Aktion nicht.",
    404: "Die angeforderte Ressource gibt es nicht.",
    405: "Diese Methode ist hier nicht erlaubt.",
    409: "Das widerspricht einem gespeicherten Datensatz (etwa eine schon vergebene Kennung). Es wurde nichts "
         "gespeichert.",
    412: "Der Datensatz wurde inzwischen geändert. Bitte laden Sie ihn neu.",
    422: "Bitte prüfen Sie die markierten Felder.",
    428: "Für Änderungen ist der Header If-Match mit dem aktuellen ETag nötig.",
    429: "Bitte warten Sie einen Moment und versuchen Sie es erneut.",
    500: "Es ist ein unerwarteter Fehler aufgetreten. Er wurde protokolliert.",
}

DETAILS_EN = {
    400: "The request could not be read.",
    401: "Please sign in.",
    403: "Your role does not allow this action.",
    404: "The requested resource does not exist.",
    405: "This method is not allowed here.",
    409: "This conflicts with a stored record (for example an identifier already taken). Nothing was saved.",
    412: "The record has changed in the meantime. Please reload it.",
    422: "Please check the marked fields.",
    428: "Changes need the If-Match header with the current ETag.",
    429: "Please wait a moment and try again.",
    500: "An unexpected error occurred. It has been logged.",
}

MESSAGES_DE = {
    "Missing data for required field.": "Pflichtfeld fehlt.",
    "Unknown field.": "Unbekanntes Feld.",
    "Field may not be null.": "Darf nicht leer sein.",
    "Not a valid string.": "Kein gültiger Text.",
    "Not a valid integer.": "Keine gültige ganze Zahl.",
    "Not a valid number.": "Keine gültige Zahl.",
    "Not a valid decimal.": "Kein gültiger Betrag.",
    "Not a valid boolean.": "Kein gültiger Wahrheitswert.",
    "Not a valid date.": "Kein gültiges Datum (JJJJ-MM-TT).",
    "Not a valid datetime.": "Kein gültiger Zeitpunkt (ISO 8601).",
    "Not a valid email address.": "Keine gültige E-Mail-Adresse.",
    "Not a valid URL.": "Keine gültige Adresse (URL).",
    "Not a valid list.": "Keine gültige Liste.",
    "Not a valid mapping type.": "Kein gültiges Objekt.",
    "Not a valid UUID.": "Keine gültige Kennung.",
    "Invalid input type.": "Ungültiger Eingabetyp.",
    "Invalid value.": "Ungültiger Wert.",
    "Special numeric values (nan or infinity) are not permitted.": "Sonderwerte (nan, unendlich) sind nicht erlaubt.",
}


def prefers_german() -> bool:
    try:
        best = request.accept_languages.best_match(["de", "en"])
    except RuntimeError:
        return True
    return best != "en"


# marshmallow's validator messages (validate.Length, Range, Regexp, OneOf) with their numbers, in German.
PATTERNS_DE = [
    (re.compile(r"^Length must be between (\S+) and (\S+)\.$"), "Länge muss zwischen {0} und {1} liegen."),
    (re.compile(r"^Shorter than minimum length (\S+)\.$"), "Kürzer als die Mindestlänge {0}."),
    (re.compile(r"^Longer than maximum length (\S+)\.$"), "Länger als die Höchstlänge {0}."),
    (re.compile(r"^Length must be (\S+)\.$"), "Länge muss {0} sein."),
    (re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
     "Muss zwischen {0} und {1} liegen."),
    (re.compile(r"^Must be greater than (\S+) and less than (\S+)\.$"),
     "Muss größer als {0} und kleiner als {1} sein."),
    (re.compile(r"^Must be greater than or equal to (\S+)\.$"), "Muss mindestens {0} sein."),
    (re.compile(r"^Must be less than or equal to (\S+)\.$"), "Darf höchstens {0} sein."),
    (re.compile(r"^Must be greater than (\S+)\.$"), "Muss größer als {0} sein."),
    (re.compile(r"^Must be less than (\S+)\.$"), "Muss kleiner als {0} sein."),
    (re.compile(r"^Must be one of: (.*)\.$"), "Muss einer der Werte sein: {0}."),
    (re.compile(r"^String does not match expected pattern\.$"), "Entspricht nicht dem erwarteten Format."),
    (re.compile(r"^Not a valid choice\.$"), "Keine gültige Auswahl."),
    (re.compile(r"^Contains an invisible control character that cannot be stored \(character (\d+)\)\. "
                r"Please remove it\.$"),
     "Enthält ein unsichtbares Steuerzeichen, das nicht gespeichert werden kann (Zeichen {0}). "
     "Bitte entfernen Sie es."),
]


def _translate(messages):
    if isinstance(messages, dict):
        return {k: _translate(v) for k, v in messages.items()}
    if isinstance(messages, list):
        return [_translate(m) for m in messages]
    if isinstance(messages, str):
        if messages in MESSAGES_DE:
            return MESSAGES_DE[messages]
        for pattern, german in PATTERNS_DE:
            match = pattern.match(messages)
            if match:
                return german.format(*match.groups())
    return messages


def wants_html() -> bool:
    try:
        return request.path.startswith("/intern/") and request.accept_mimetypes.accept_html
    except RuntimeError:
        return False


def html_problem(status: int, title: str, detail: str) -> Response:
    from flask import redirect, render_template

    if status == 401:
        return redirect("/anmelden?next=" + request.full_path.rstrip("?"))
    html = render_template("servicekit/error.html", title=title, detail=detail)
    return Response(html, status=status, mimetype="text/html")


def problem(status: int, detail: str | None = None, *, errors: dict | None = None, title: str | None = None,
            type_: str | None = None, headers: dict | None = None, **extra) -> Response:
    german = prefers_german()
    de, en = TITLES.get(status, ("Fehler", "Error"))
    if wants_html():
        from servicekit.web.i18n import select_locale, tr

        if select_locale() == "en":
            english_detail = tr(detail) if detail else DETAILS_EN.get(status, en)
            return html_problem(status, tr(title) if title else en, english_detail)
        return html_problem(status, title or de, detail or DETAILS_DE.get(status, de))
    body = {
        "type": type_ or "about:blank",
        "title": title or (de if german else en),
        "status": status,
        "detail": detail or (DETAILS_DE.get(status, de) if german else DETAILS_EN.get(status, en)),
        "instance": request.path if request else "",
    }
    if errors:
        body["errors"] = _translate(errors) if german else errors
    body.update(extra)
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    resp.headers["Content-Language"] = "de" if german else "en"
    if status == 401:
        resp.headers["WWW-Authenticate"] = 'Bearer realm="aktiv"'
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


class Problem(Exception):
    """Raise from a view to answer with problem+json."""

    def __init__(self, status: int, detail: str | None = None, *, errors: dict | None = None,
                 type_: str | None = None, **extra) -> None:
        super().__init__(detail or str(status))
        self.status = status
        self.detail = detail
        self.errors = errors
        self.type_ = type_
        self.extra = extra


def http_exception_to_problem(exc: HTTPException) -> Response:
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    errors = None
    messages = data.get("messages") if isinstance(data, dict) else None
    if messages:
        # webargs nests by location: {"json": {...}, "query": {...}}; flatten a single location.
        errors = messages
        if isinstance(messages, dict) and len(messages) == 1:
            errors = next(iter(messages.values()))
    detail = None
    if status not in (422,) and exc.description and not DETAILS_DE.get(status):
        detail = exc.description
    if status in (400,) and isinstance(exc.description, str) and "JSON" in exc.description:
        detail = "Der Inhalt ist kein gültiges JSON." if prefers_german() else exc.description
    if status == 422 and errors is None:
        detail = exc.description
    headers = {}
    if status == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
        headers["Allow"] = ", ".join(exc.valid_methods)
    if status == 429 and getattr(exc, "retry_after", None):
        headers["Retry-After"] = str(exc.retry_after)
    return problem(status, detail, errors=errors, headers=headers)


def message_of(exc: Exception) -> str:
    """The exception's message; a translatable ``Msg`` passed as its only argument is kept as it is, so an HTML
    error page can show it in the reader's language (``str(exc)`` would make it a plain string)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


def register_problem_handlers(app, error_map: dict[type[Exception], int] | None = None) -> None:
    error_map = error_map or {}

    @app.errorhandler(Problem)
    def _problem(exc: Problem):
        return problem(exc.status, exc.detail, errors=exc.errors, type_=exc.type_, **exc.extra)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return http_exception_to_problem(exc)

    for exc_class, status in error_map.items():
        app.register_error_handler(exc_class, lambda exc, s=status: problem(s, message_of(exc)))

    @app.errorhandler(IntegrityError)
    def _integrity(exc: IntegrityError):
        # A safety net, not the way to refuse: services check references and uniqueness first and name the field.
        # What reaches here is a race (two requests creating the same record) or a check that is missing; the unit of
        # work has rolled back, so nothing was written – a 409, logged so the missing check can be found.
        log.warning("integrity conflict on %s %s: %s", request.method, request.path,
                    str(getattr(exc, "orig", exc)).splitlines()[0][:300])
        return problem(409)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_exception_to_problem(exc)
        for exc_class, status in error_map.items():
            if isinstance(exc, exc_class):
                return problem(status, message_of(exc))
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem(500)
