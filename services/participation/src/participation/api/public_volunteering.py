"""/api/participation/public/opportunities…, /signups/confirm, /decisions (no token, no personal data)."""

from flask_smorest import Blueprint

from participation import queries
from participation.api.common import connect, page, page_sql, public_url, uow
from participation.api.public_schemas import PublicDecisionOut, PublicList, PublicOpportunityOut, SignupIn, TokenIn
from participation.api.schemas import Query
from participation.service_layer import volunteering

blp = Blueprint("public_volunteering", __name__, url_prefix="/api/participation/public",
                description="Öffentlich: Engagement-Angebote, Anmeldung mit Bestätigung, geförderte Projekte")


@blp.route("/opportunities", methods=["GET"])
@blp.arguments(PublicList, location="query")
@blp.response(200, PublicOpportunityOut(many=True))
@blp.paginate()
def opportunities(args, pagination_parameters):
    with connect() as conn:
        rows = queries.opportunities(conn, q=args["q"], public=True, field=args["field"], district=args["district"])
    return page(rows, pagination_parameters)


@blp.route("/opportunities/<opportunity_id>/signups", methods=["POST"])
@blp.arguments(SignupIn)
@blp.response(202)
def sign_up(data, opportunity_id):
    data.pop("consent")
    return volunteering.sign_up(uow(), opportunity_id, public_url=public_url(), **data)


@blp.route("/signups/confirm", methods=["POST"])
@blp.arguments(TokenIn)
@blp.response(200)
def confirm(data):
    return volunteering.confirm_signup(uow(), data["token"])


@blp.route("/decisions", methods=["GET"])
@blp.arguments(Query, location="query")
@blp.response(200, PublicDecisionOut(many=True))
@blp.paginate()
def decisions(args, pagination_parameters):
    """Geförderte Kleinprojekte (veröffentlichte, bewilligte Beschlüsse mit Betrag)."""
    with connect() as conn:
        return page_sql(conn, queries.decisions_stmt(args["q"], published_only=True), pagination_parameters)
