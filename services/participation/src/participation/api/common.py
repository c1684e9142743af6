"""Small helpers for the API views."""

from __future__ import annotations

from flask import Response

from participation.domain.errors import FieldError
from servicekit.auth import current_principal
from servicekit.web.app import runtime_of
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
    pagination_parameters.item_count = len(rows)
    start = pagination_parameters.first_item
    return rows[start:start + pagination_parameters.page_size]


def pdf_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def field_error(exc: FieldError) -> Response:
    """A rule that refuses one input field: 422 problem+json that names the field, like a schema error."""
    message = message_of(exc)
    return problem(422, message, errors={exc.field: [str(message)]})
