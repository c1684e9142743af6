"""/api/finance/radar: grants ending soon and proofs of use past their deadline."""

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from finance.api._util import READ_ROLES, read, uow
from finance.api.schemas import Money, RadarQuery, RadarViewQuery
from finance.service_layer.radar import configured_thresholds, overview, run_radar
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of
from servicekit.web.schemas import Schema

blp = Blueprint("radar", __name__, url_prefix="/api/finance/radar", description="Laufzeit-Radar")


class RadarItem(Schema):
    id = fields.String()
    project_id = fields.String()
    project_title = fields.String()
    funder_id = fields.String()
    funder_name = fields.String()
    amount = Money()
    period_start = fields.Date()
    period_end = fields.Date()
    months_left = fields.Integer()
    sustainment_open = fields.Boolean()
    kind = fields.String()
    year = fields.Integer(allow_none=True)
    due = fields.Date()
    label = fields.String()


class RadarOut(Schema):
    today = fields.Date()
    months = fields.Integer()
    ending_soon = fields.List(fields.Nested(RadarItem))
    missing_proofs = fields.List(fields.Nested(RadarItem))


class EmittedOut(Schema):
    grant_id = fields.String()
    project_id = fields.String()
    funder_id = fields.String()
    period_end = fields.Date()
    months_left = fields.Integer()
    sustainment_open = fields.Boolean()
    threshold_months = fields.Integer()


@blp.route("")
class Radar(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(RadarViewQuery, location="query")
    @blp.response(200, RadarOut)
    def get(self, args):
        """Grants ending within ``months`` (default: the largest configured threshold) and overdue proofs."""
        return read(overview, args.get("today") or date.today(), args.get("months"),
                    configured_thresholds(runtime_of().settings))


@blp.route("/run")
class RadarRun(MethodView):
    @require_roles("finance.clerk")
    @blp.arguments(RadarQuery, location="query")
    @blp.response(200, EmittedOut(many=True))
    def post(self, args):
        """Run the radar now (the worker runs it daily): emits finance.funding.ending_soon once per threshold."""
        return run_radar(uow(), args.get("today"), configured_thresholds(runtime_of().settings))
