"""/api/programmes/calls: funding calls being recruited (Förderaufrufe)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from programmes import lists
from programmes.adapters.orm import idea
from programmes.api.common import READ_ROLES, WRITE_ROLES, actor, check_codes, page, rt, sql_page, tag
from programmes.api.schemas import CallIn, CallOut, CallPatch
from programmes.queries import call_detail, matching_calls
from programmes.service_layer import programmes as handlers
from programmes.service_layer.common import load, load_project
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("calls", __name__, url_prefix="/api/programmes/calls", description="Förderaufrufe")


class CallQuery(Schema):
    field = fields.String()
    project = fields.String(metadata={"description": "nur offene Aufrufe, die zu den Handlungsfeldern des "
                                                     "Projekts passen"})
    idea = fields.String(metadata={"description": "nur offene Aufrufe, die zur Idee passen"})


@blp.route("")
class Calls(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(CallQuery, location="query")
    @blp.response(200, CallOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with rt().engine.connect() as conn:
            if args.get("project") or args.get("idea"):
                row = (load_project(conn, args["project"]) if args.get("project")
                       else load(conn, idea, args["idea"], "Die Idee"))
                return page(matching_calls(conn, row["fields_of_action"]), pagination_parameters)
            return sql_page(conn, lists.calls_stmt(field=args.get("field")), pagination_parameters)

    @require_roles(*WRITE_ROLES)
    @blp.arguments(CallIn)
    @blp.response(201, CallOut)
    def post(self, data):
        check_codes(data)
        row = handlers.create_call(rt().uow(), actor=actor(), **data)
        blp.set_etag(tag(row))
        return row


@blp.route("/<call_id>")
class Call(MethodView):
    @require_roles(*READ_ROLES)
    @blp.etag
    @blp.response(200, CallOut)
    def get(self, call_id):
        with rt().engine.connect() as conn:
            row = call_detail(conn, call_id)
        blp.set_etag(tag(row))
        return row

    @require_roles(*WRITE_ROLES)
    @blp.etag
    @blp.arguments(CallPatch)
    @blp.response(200, CallOut)
    def patch(self, data, call_id):
        """Förderaufruf ändern (If-Match mit dem ETag nötig; 409, wenn das Mindestbudget über dem Höchstbudget
        liegt)."""
        with rt().engine.connect() as conn:
            check_codes(data, current=call_detail(conn, call_id))
        row = handlers.update_call(rt().uow(), call_id, actor=actor(),
                                   check=lambda before: blp.check_etag(tag(before)), **data)
        blp.set_etag(tag(row))
        return row

    @require_roles(*WRITE_ROLES)
    @blp.etag
    @blp.response(204)
    def delete(self, call_id):
        """Förderaufruf löschen (If-Match nötig); er verschwindet auch aus dem Fristen-Radar."""
        handlers.delete_call(rt().uow(), call_id, actor=actor(), check=lambda before: blp.check_etag(tag(before)))
