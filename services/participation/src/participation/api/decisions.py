"""/api/participation/decisions: numbered decisions (Beschlüsse) with the action-fund outcome."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from participation import queries
from participation.api.common import READ, connect, page_sql
from participation.api.schemas import DecisionOut
from participation.domain.governance import OUTCOMES
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("decisions", __name__, url_prefix="/api/participation/decisions", description="Beschlüsse")


class DecisionQuery(Schema):
    q = fields.String(load_default=None)
    body_id = fields.String(load_default=None)
    outcome = fields.String(load_default=None, validate=validate.OneOf(list(OUTCOMES)))
    year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


@blp.route("")
class Decisions(MethodView):
    @require_roles(*READ)
    @blp.arguments(DecisionQuery, location="query")
    @blp.response(200, DecisionOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with connect() as conn:
            return page_sql(conn, queries.decisions_stmt(args["q"], args["body_id"], args["outcome"], args["year"]),
                            pagination_parameters)


@blp.route("/<decision_id>")
class Decision(MethodView):
    @require_roles(*READ)
    @blp.response(200, DecisionOut)
    def get(self, decision_id):
        with connect() as conn:
            return queries.decision_detail(conn, decision_id)
