"""/api/finance/funders: funders (Fördermittelgeber) and their versioned rules."""

from flask.views import MethodView
from flask_smorest import Blueprint

from finance import queries
from finance.api._util import READ_ROLES, actor, page, read, uow
from finance.api.schemas import FunderIn, FunderOut, FunderPatch
from finance.service_layer import funders as handlers
from servicekit.auth import require_roles

blp = Blueprint("funders", __name__, url_prefix="/api/finance/funders", description="Fördermittelgeber und Regeln")


@blp.route("")
class Funders(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, FunderOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        return page(pagination_parameters, read(queries.funders))

    @require_roles("finance.clerk")
    @blp.arguments(FunderIn)
    @blp.response(201, FunderOut)
    def post(self, data):
        return handlers.create_funder(uow(), actor=actor(), **data)


@blp.route("/<funder_id>")
class FunderItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.etag
    @blp.response(200, FunderOut)
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
