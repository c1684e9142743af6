"""/api/finance/expenses: the append-only expense journal (GoBD). No PUT, no DELETE: corrections are reversals."""

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from finance import queries
from finance.api._util import READ_ROLES, actor, read, uow
from finance.api.schemas import ExpenseIn, ExpenseOut, JournalQuery, ReversalIn, ReversalOut
from finance.reports.export import journal_csv
from finance.service_layer import journal as handlers
from servicekit.auth import require_roles

blp = Blueprint("expenses", __name__, url_prefix="/api/finance/expenses", description="Ausgabenjournal (GoBD)")


@blp.route("")
class Expenses(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(JournalQuery, location="query")
    @blp.response(200, ExpenseOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        total, rows = read(queries.journal, offset=pagination_parameters.first_item,
                           limit=pagination_parameters.page_size, **args)
        pagination_parameters.item_count = total
        return rows

    @require_roles("finance.clerk")
    @blp.arguments(ExpenseIn)
    @blp.response(201, ExpenseOut)
    def post(self, data):
        return handlers.book_expense(uow(), actor=actor(), **data)


@blp.route("/export")
class ExpenseExport(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(JournalQuery, location="query")
    @blp.response(200, content_type="text/csv")
    def get(self, args):
        """The (filtered) journal as CSV for auditors (GoBD data access), oldest booking first."""
        total, rows = read(queries.journal, offset=0, limit=1_000_000, **args)
        rows.reverse()
        funder_ids = sorted({f for r in rows for f in r["shares"]})
        return Response("\ufeff" + journal_csv(rows, funder_ids), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="ausgabenjournal.csv"'})


@blp.route("/<entry_id>")
class ExpenseItem(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, ExpenseOut)
    def get(self, entry_id):
        return read(handlers.entry, entry_id)


@blp.route("/<entry_id>/reversal")
class ExpenseReversal(MethodView):
    @require_roles("finance.clerk")
    @blp.arguments(ReversalIn)
    @blp.response(201, ReversalOut)
    def post(self, data, entry_id):
        """Storno (linked to the original), optionally with the corrected booking in the same transaction."""
        return handlers.reverse_expense(uow(), entry_id, actor=actor(), **data)
