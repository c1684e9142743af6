"""/api/finance/action-funds: annual action funds (Aktionsfonds) of monitoring committees."""

from flask.views import MethodView
from flask_smorest import Blueprint

from finance import queries
from finance.api._util import READ_ROLES, actor, page, read, uow
from finance.api.schemas import ActionFundIn, ActionFundOut
from finance.service_layer import action_funds as handlers
from servicekit.auth import require_roles

blp = Blueprint("action_funds", __name__, url_prefix="/api/finance/action-funds", description="Aktionsfonds")


@blp.route("")
class ActionFunds(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, ActionFundOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        return page(pagination_parameters, read(queries.action_funds))

    @require_roles("finance.clerk")
    @blp.arguments(ActionFundIn)
    @blp.response(201, ActionFundOut)
    def post(self, data):
        row = handlers.create_fund(uow(), actor=actor(), **data)
        return read(queries.action_fund_detail, row["id"])


@blp.route("/<fund_id>")
class ActionFundItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, ActionFundOut)
    def get(self, fund_id):
        return read(queries.action_fund_detail, fund_id)
