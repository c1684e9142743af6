"""A tiny service with one resource, to test the web layer (problems, ETag, pagination, metrics)."""

from __future__ import annotations

from pathlib import Path

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from servicekit.auth import require_roles
from servicekit.db import naming_metadata
from servicekit.runtime import ServiceSpec
from servicekit.web import Problem

NOTES: dict[int, dict] = {}


class Conflict(Exception):
    pass


class NoteIn(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=50))
    amount = fields.Decimal(as_string=True, places=2)


class NoteOut(Schema):
    id = fields.Integer()
    text = fields.String()
    amount = fields.Decimal(as_string=True, places=2, allow_none=True)


def _blueprint():
    blp = Blueprint("notes", __name__, url_prefix="/api/websvc/notes")

    @blp.route("")
    class Notes(MethodView):
        @require_roles("viewer")
        @blp.response(200, NoteOut(many=True))
        @blp.paginate()
        def get(self, pagination_parameters):
            items = sorted(NOTES.values(), key=lambda n: n["id"])
            pagination_parameters.item_count = len(items)
            first = pagination_parameters.first_item
            return items[first:first + pagination_parameters.page_size]

        @require_roles("programmes.editor")
        @blp.arguments(NoteIn)
        @blp.response(201, NoteOut)
        def post(self, data):
            if data["text"] == "conflict":
                raise Conflict("Diese Notiz gibt es schon.")
            if data["text"] == "boom":
                raise RuntimeError("secret internal detail")
            note = {"id": len(NOTES) + 1, **data}
            NOTES[note["id"]] = note
            return note

    @blp.route("/<int:note_id>")
    class Note(MethodView):
        @require_roles("viewer")
        @blp.etag
        @blp.response(200, NoteOut)
        def get(self, note_id):
            if note_id not in NOTES:
                raise Problem(404, "Notiz nicht gefunden.")
            return NOTES[note_id]

        @require_roles("programmes.editor")
        @blp.etag
        @blp.arguments(NoteIn)
        @blp.response(200, NoteOut)
        def put(self, data, note_id):
            if note_id not in NOTES:
                raise Problem(404)
            blp.check_etag(NOTES[note_id], NoteOut)
            NOTES[note_id].update(data)
            return NOTES[note_id]

    return [blp]


SPEC = ServiceSpec(name="websvc", title="Web-Test", root=Path(__file__).parent, metadata=naming_metadata(),
                   api_blueprints=_blueprint, error_map={Conflict: 409})
