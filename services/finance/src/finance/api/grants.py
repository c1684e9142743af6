"""/api/finance/grants: grants (Bewilligungen) and amendments (Änderungsbescheide)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from finance import queries
from finance.api._util import READ_ROLES, actor, read, sql_page, uow
from finance.api.fields import Length, Range
from finance.api.schemas import GrantAmendIn, GrantIn, GrantOut
from finance.domain.funders import FUNDER_TYPES
from finance.service_layer import grants as handlers
from servicekit.auth import require_roles
from servicekit.web.links import BODY_ID, link, links
from servicekit.web.schemas import Schema

blp = Blueprint("grants", __name__, url_prefix="/api/finance/grants", description="Bewilligungen")
ITEM = "/api/finance/grants/{grant_id}"


class GrantQuery(Schema):
    q = fields.String(validate=Length(max=200), metadata={"description": "Suche in Aktenzeichen, Projekt und Geber"})
    project_id = fields.String()
    funder_id = fields.String()
    funder_type = fields.String(validate=validate.OneOf(FUNDER_TYPES))
    year = fields.Integer(validate=Range(2000, 2100), metadata={"description": "Zeitraum berührt dieses Jahr"})
    state = fields.String(validate=validate.OneOf(list(queries.GRANT_STATES)),
                          metadata={"description": "laufend, kuenftig oder beendet (Stand heute)"})


class GrantListOut(GrantOut):
    project_title = fields.String(allow_none=True, metadata={
        "description": "Titel aus dem Programmdienst; null, solange das Programmbüro das Projekt nicht gemeldet hat "
                       "(eine Bewilligung kann vor dieser Meldung erfasst werden)"})
    funder_short_name = fields.String()
    funder_type = fields.String()


@blp.route("")
class Grants(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(GrantQuery, location="query")
    @blp.response(200, GrantListOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Grants with their current version, searched, filtered and paged in SQL."""
        return read(sql_page, pagination_parameters, queries.grant_filtered(**args))

    @require_roles("finance.clerk")
    @blp.arguments(GrantIn)
    @blp.response(201, GrantOut)
    @blp.doc(**links(201, read=link(ITEM, grant_id=BODY_ID),
                     amend=link(ITEM + "/amendments", "post", grant_id=BODY_ID)))
    def post(self, data):
        return handlers.award_grant(uow(), actor=actor(), **data)


@blp.route("/<grant_id>")
class GrantItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, GrantListOut)
    def get(self, grant_id):
        return read(queries.grant_detail, grant_id)


@blp.route("/<grant_id>/amendments")
class GrantAmendments(MethodView):
    @require_roles("finance.clerk")
    @blp.arguments(GrantAmendIn)
    @blp.response(201, GrantOut)
    def post(self, data, grant_id):
        return handlers.amend_grant(uow(), grant_id, actor=actor(), **data)
