"""Small helpers for the API views."""

from __future__ import annotations

from flask import Response, request
from flask_babel import force_locale

from participation.domain.errors import FieldError
from servicekit.auth import current_principal
from servicekit.web import downloads
from servicekit.web.app import runtime_of
from servicekit.web.i18n import COOKIE, LANGUAGES
from servicekit.web.problems import message_of, problem

EDITOR = "participation.editor"
READ = (EDITOR, "viewer")
# Personal data (contact data, consents, sign-ups, registrations, hours): need to know, the department only.
PERSONAL = (EDITOR,)


def actor() -> str:
    principal = current_principal()
    return principal.user if principal else "öffentlich"


def uow():
    return runtime_of().uow()


def connect():
    return runtime_of().engine.connect()


def public_url() -> str:
    return runtime_of().settings.public_url.rstrip("/")


def page(rows: list, pagination_parameters) -> list:
    """A page of a short list that is not a SQL statement (the meeting's agenda, a person's consents)."""
    pagination_parameters.item_count = len(rows)
    start = pagination_parameters.first_item
    return rows[start:start + pagination_parameters.page_size]


def page_sql(conn, stmt, pagination_parameters, *, then=None) -> list:
    """One COUNT and one LIMIT/OFFSET page of ``stmt`` in SQL (``X-Pagination``); ``then`` completes the rows
    of the page (e.g. the free seats of events)."""
    from servicekit.web.listing import api_page

    rows = api_page(conn, stmt, pagination_parameters)
    return then(conn, rows) if then else rows


def with_actors(row: dict, *columns: str) -> dict:
    """A raw record for the API with each actor column as ``{"id": …, "name": …}`` (``null`` if nobody acted)."""
    out = dict(row)
    for column in columns:
        name = out.pop(f"{column}_name", "")
        out[column] = {"id": out[column], "name": name or ""} if out.get(column) else None
    return out


def reader_language() -> str:
    """The language a document is made in: ``?lang=``, the language switch's cookie, else what the client
    prefers (``Accept-Language``); German first."""
    chosen = request.args.get("lang") or request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return "en" if request.accept_languages.best_match(["de", "en"]) == "en" else "de"


def in_language(lang: str):
    """``with in_language("en"): ...``: the gettext texts of a document in that language."""
    return force_locale(lang)


def file_name(*parts: str, ext: str = "pdf") -> str:
    """A download named by the thing: ``Protokoll_Begleitausschuss_1-Sitzung-2026_2026-03-12.pdf``."""
    return downloads.filename(parts, ext, default="Dokument")


def pdf_response(data: bytes, filename: str):
    return downloads.disposition(Response(data, mimetype="application/pdf"), filename)



def field_error(exc: FieldError) -> Response:
    """A rule that refuses one input field: 422 problem+json that names the field, like a schema error."""
    message = message_of(exc)
    return problem(422, message, errors={exc.field: [str(message)]})
