"""/api/finance/grants: grants (Bewilligungen) and amendments (Änderungsbescheide)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from finance import queries
from finance.api._util import READ_ROLES, actor, page, read, uow
from finance.api.schemas import GrantAmendIn, GrantIn, GrantOut
from finance.service_layer import grants as handlers
from servicekit.auth import require_roles

blp = Blueprint("grants", __name__, url_prefix="/api/finance/grants", description="Bewilligungen")


class GrantQuery(Schema):
    project_id = fields.String()


@blp.route("")
class Grants(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(GrantQuery, location="query")
    @blp.response(200, GrantOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        return page(pagination_parameters, read(queries.grants, args.get("project_id")))

    @require_roles("finance.clerk")
    @blp.arguments(GrantIn)
    @blp.response(201, GrantOut)
    def post(self, data):
        return handlers.award_grant(uow(), actor=actor(), **data)


@blp.route("/<grant_id>")
class GrantItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, GrantOut)
    def get(self, grant_id):
        return read(queries.grant_detail, grant_id)


@blp.route("/<grant_id>/amendments")
class GrantAmendments(MethodView):
    @require_roles("finance.clerk")
    @blp.arguments(GrantAmendIn)
    @blp.response(201, GrantOut)
    def post(self, data, grant_id):
        return handlers.amend_grant(uow(), grant_id, actor=actor(), **data)
