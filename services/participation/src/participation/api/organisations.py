"""/api/participation/organisations: clubs, providers, partners, companies."""

from flask.views import MethodView
from flask_smorest import Blueprint

from participation import queries
from participation.api.common import EDITOR, READ, actor, connect, page_sql, uow
from participation.api.schemas import OrganisationIn, OrganisationOut, OrganisationPatch, Query
from participation.service_layer import actors
from servicekit.auth import require_roles
from servicekit.web.links import BODY_ID, link, links

blp = Blueprint("organisations", __name__, url_prefix="/api/participation/organisations",
                description="Organisationen (Vereine, Träger, Partner, Unternehmen)")


@blp.route("")
class Organisations(MethodView):
    @require_roles(*READ)
    @blp.arguments(Query, location="query")
    @blp.response(200, OrganisationOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with connect() as conn:
            return page_sql(conn, queries.organisations_stmt(args["q"]), pagination_parameters)

    @require_roles(EDITOR)
    @blp.arguments(OrganisationIn)
    @blp.response(201, OrganisationOut)
    @blp.doc(**links(201, read=link("/api/participation/organisations/{org_id}", org_id=BODY_ID),
                     update=link("/api/participation/organisations/{org_id}", "patch", org_id=BODY_ID)))
    def post(self, data):
        return actors.create_organisation(uow(), actor=actor(), **data)


@blp.route("/<org_id>")
class Organisation(MethodView):
    @require_roles(*READ)
    @blp.response(200, OrganisationOut)
    def get(self, org_id):
        with connect() as conn:
            return queries.organisation_detail(conn, org_id)

    @require_roles(EDITOR)
    @blp.arguments(OrganisationPatch)
    @blp.response(200, OrganisationOut)
    def patch(self, data, org_id):
        return actors.update_organisation(uow(), org_id, actor=actor(), **data)
