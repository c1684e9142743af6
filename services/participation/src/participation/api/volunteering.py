"""/api/participation/opportunities, /sponsorships, /hours: volunteering (Ehrenamt) for staff."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from participation import queries
from participation.api.common import EDITOR, PERSONAL, READ, actor, connect, page_sql, uow
from participation.api.schemas import (
    HoursIn,
    HoursOut,
    OpportunityIn,
    OpportunityOut,
    Query,
    SponsorshipIn,
    SponsorshipOut,
)
from participation.service_layer import volunteering
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("volunteering", __name__, url_prefix="/api/participation",
                description="Ehrenamt: Angebote, Anmeldungen, Patenschaften, Stunden")


@blp.route("/opportunities")
class Opportunities(MethodView):
    @require_roles(*READ)
    @blp.arguments(Query, location="query")
    @blp.response(200, OpportunityOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with connect() as conn:
            return page_sql(conn, queries.opportunities_stmt(args["q"]), pagination_parameters)

    @require_roles(EDITOR)
    @blp.arguments(OpportunityIn)
    @blp.response(201, OpportunityOut)
    def post(self, data):
        return volunteering.create_opportunity(uow(), actor=actor(), **data)


@blp.route("/opportunities/<opportunity_id>/signups", methods=["GET"])
@require_roles(*PERSONAL)
@blp.response(200)
def signups(opportunity_id):
    from sqlalchemy import select

    from participation.adapters.orm import signup
    with connect() as conn:
        rows = conn.execute(select(signup.c.id, signup.c.name, signup.c.email, signup.c.status)
                            .where(signup.c.opportunity_id == opportunity_id).order_by(signup.c.created_at))
        return [dict(r) for r in rows.mappings()]


@blp.route("/sponsorships")
class Sponsorships(MethodView):
    @require_roles(*READ)
    @blp.response(200, SponsorshipOut(many=True))
    def get(self):
        with connect() as conn:
            return queries.sponsorships(conn)

    @require_roles(EDITOR)
    @blp.arguments(SponsorshipIn)
    @blp.response(201, SponsorshipOut)
    def post(self, data):
        return volunteering.add_sponsorship(uow(), actor=actor(), **data)


class HoursQuery(Schema):
    person_id = fields.String(required=True)


@blp.route("/hours")
class Hours(MethodView):
    @require_roles(*PERSONAL)
    @blp.arguments(HoursQuery, location="query")
    @blp.response(200, HoursOut(many=True))
    def get(self, args):
        with connect() as conn:
            queries.person_detail(conn, args["person_id"])
            return queries.hours_of(conn, args["person_id"])

    @require_roles(EDITOR)
    @blp.arguments(HoursIn)
    @blp.response(201, HoursOut)
    def post(self, data):
        data["amount"] = data.pop("hours")
        made = volunteering.log_hours(uow(), actor=actor(), **data)
        return {**made, "hours": made["hours"]}
