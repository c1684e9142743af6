"""/api/finance/funders: funders (Fördermittelgeber) and their versioned rules."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from finance import queries
from finance.api._util import READ_ROLES, actor, read, sql_page, uow
from finance.api.fields import Length
from finance.api.schemas import FunderIn, FunderOut, FunderPatch
from finance.domain.funders import FUNDER_TYPES
from finance.service_layer import funders as handlers
from servicekit.auth import require_roles
from servicekit.web.links import BODY_ID, ETAG, link, links, request_path
from servicekit.web.schemas import Schema

blp = Blueprint("funders", __name__, url_prefix="/api/finance/funders", description="Fördermittelgeber und Regeln")
ITEM = "/api/finance/funders/{funder_id}"


class FunderQuery(Schema):
    q = fields.String(validate=Length(max=200), metadata={"description": "Suche in Name und Kurzname"})
    type = fields.String(validate=validate.OneOf(FUNDER_TYPES))
    public = fields.Boolean(metadata={"description": "true: öffentliche Mittel, false: private"})


@blp.route("")
class Funders(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(FunderQuery, location="query")
    @blp.response(200, FunderOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Funders with their current rules, searched, filtered and paged in SQL."""
        stmt = queries.funder_filtered(q=args.get("q", ""), funder_type=args.get("type"), public=args.get("public"))
        return read(sql_page, pagination_parameters, stmt)

    @require_roles("finance.clerk")
    @blp.arguments(FunderIn)
    @blp.response(201, FunderOut)
    @blp.doc(**links(201, read=link(ITEM, funder_id=BODY_ID)))
    def post(self, data):
        return handlers.create_funder(uow(), actor=actor(), **data)


@blp.route("/<funder_id>")
class FunderItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.etag
    @blp.response(200, FunderOut)
    @blp.doc(**links(200, update=link(ITEM, "patch", funder_id=request_path("funder_id"), headers={"If-Match": ETAG})))
    def get(self, funder_id):
        return read(queries.funder_detail, funder_id)

    @require_roles("finance.clerk")
    @blp.etag
    @blp.arguments(FunderPatch)
    @blp.response(200, FunderOut)
    def patch(self, data, funder_id):
        """Needs If-Match with the ETag from GET (428 without, 412 when someone changed it meanwhile)."""
        blp.check_etag(read(queries.funder_detail, funder_id), FunderOut)
        handlers.update_funder(uow(), funder_id, actor=actor(), **data)
        return read(queries.funder_detail, funder_id)
