"""/api/finance/drawdowns: drawdown requests (Mittelabruf) with four-eyes approval."""

from flask.views import MethodView
from flask_smorest import Blueprint

from finance import journal_queries
from finance.api._util import READ_ROLES, actor, read, sql_page, uow
from finance.api.schemas import DrawdownIn, DrawdownOut, DrawdownQuery
from finance.service_layer import drawdowns as handlers
from servicekit.auth import require_roles

blp = Blueprint("drawdowns", __name__, url_prefix="/api/finance/drawdowns", description="Mittelabrufe")


@blp.route("")
class Drawdowns(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(DrawdownQuery, location="query")
    @blp.response(200, DrawdownOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Newest first, one page in SQL; filtered by status, project, funder, a year the period touches, text."""
        return read(sql_page, pagination_parameters, journal_queries.drawdown_list(**args))

    @require_roles("finance.clerk")
    @blp.arguments(DrawdownIn)
    @blp.response(201, DrawdownOut)
    def post(self, data):
        return handlers.create_drawdown(uow(), actor=actor(), **data)


@blp.route("/<drawdown_id>")
class DrawdownItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, DrawdownOut)
    def get(self, drawdown_id):
        return read(handlers.drawdown_with_names, drawdown_id)


@blp.route("/<drawdown_id>/approval")
class DrawdownApproval(MethodView):
    @require_roles("finance.approver")
    @blp.response(200, DrawdownOut)
    def post(self, drawdown_id):
        """Four-eyes: the approver must not be the creator (403 otherwise, audited)."""
        return handlers.approve_drawdown(uow(), drawdown_id, actor=actor())


@blp.route("/<drawdown_id>/submission")
class DrawdownSubmission(MethodView):
    @require_roles("finance.clerk", "finance.approver")
    @blp.response(200, DrawdownOut)
    def post(self, drawdown_id):
        return handlers.advance_drawdown(uow(), drawdown_id, actor=actor(), target="submitted")


@blp.route("/<drawdown_id>/receipt")
class DrawdownReceipt(MethodView):
    @require_roles("finance.clerk", "finance.approver")
    @blp.response(200, DrawdownOut)
    def post(self, drawdown_id):
        return handlers.advance_drawdown(uow(), drawdown_id, actor=actor(), target="received")
