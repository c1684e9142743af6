"""/api/finance/plans: funding plans with versions and the validation engine."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from finance import plan_queries, queries
from finance.api._util import READ_ROLES, actor, read, sql_page, uow
from finance.api.schemas import (
    CostLineIn,
    FailureOut,
    Money,
    PlanContentIn,
    PlanIn,
    PlanVersionIn,
    SourceLineIn,
    ValidationOut,
)
from finance.service_layer import plans as handlers
from servicekit.auth import require_roles
from servicekit.web.fields import ActorRef, UtcDateTime
from servicekit.web.links import BODY_ID, link, links
from servicekit.web.schemas import Schema

blp = Blueprint("plans", __name__, url_prefix="/api/finance/plans", description="Finanzierungspläne")
ITEM = "/api/finance/plans/{plan_id}"


class PlanListOut(Schema):
    id = fields.String()
    project_id = fields.String()
    project_title = fields.String(allow_none=True)
    title = fields.String()
    current_version = fields.Integer()
    valid = fields.Boolean()
    total_costs = Money()
    external_funds = Money()
    municipal_share = Money()


class PlanVersionInfo(Schema):
    version = fields.Integer()
    valid = fields.Boolean()
    total_costs = Money()
    created_by = ActorRef("created_by", "created_by_name")
    created_at = UtcDateTime()
    note = fields.String()


class PlanDetailOut(PlanListOut):
    version = fields.Integer()
    created_by = ActorRef("created_by", "created_by_name", metadata={"description": "wer die Version speicherte"})
    created_at = UtcDateTime()
    own_means_available = Money()
    failures = fields.List(fields.Nested(FailureOut))  # the German text only, as stored (not the i18n values)
    costs = fields.List(fields.Nested(CostLineIn))
    sources = fields.List(fields.Nested(SourceLineIn))
    versions = fields.List(fields.Nested(PlanVersionInfo))


class PlanQuery(Schema):
    project_id = fields.String()


class VersionQuery(Schema):
    version = fields.Integer()


@blp.route("")
class Plans(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(PlanQuery, location="query")
    @blp.response(200, PlanListOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        return read(sql_page, pagination_parameters, plan_queries.plan_list(project_id=args.get("project_id")))

    @require_roles("finance.clerk")
    @blp.arguments(PlanIn)
    @blp.response(201, ValidationOut)
    @blp.doc(**links(201, read=link(ITEM, plan_id=BODY_ID),
                     new_version=link(ITEM + "/versions", "post", plan_id=BODY_ID)))
    def post(self, data):
        return handlers.save_plan(uow(), actor=actor(), **data)


@blp.route("/check")
class PlanCheck(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(PlanContentIn)
    @blp.response(200, ValidationOut)
    def post(self, data):
        """Validate without saving (the live validation panel)."""
        plan = handlers.build_plan(data["costs"], data["sources"], data["own_means_available"])
        return read(handlers.check, plan)


@blp.route("/<plan_id>")
class PlanItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(VersionQuery, location="query")
    @blp.response(200, PlanDetailOut)
    def get(self, args, plan_id):
        return read(queries.plan_detail, plan_id, args.get("version"))


@blp.route("/<plan_id>/versions")
class PlanVersions(MethodView):
    @require_roles("finance.clerk")
    @blp.arguments(PlanVersionIn)
    @blp.response(201, ValidationOut)
    def post(self, data, plan_id):
        read(queries.plan_exists, plan_id)
        return handlers.save_plan(uow(), actor=actor(), plan_id=plan_id, **data)
