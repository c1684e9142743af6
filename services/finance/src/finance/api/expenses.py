"""/api/finance/expenses: the append-only expense journal (GoBD). No PUT, no DELETE: corrections are reversals.

A refusal that belongs to one input comes back as a field error under ``errors`` (a duplicate receipt number on
``receipt_number``, a plan overrun a funder does not allow on ``amount``); a receipt dated in the future is a 422.
``POST /check`` tells before booking what a booking would meet (refusals and warnings), nothing is saved."""

from flask.views import MethodView
from flask_smorest import Blueprint

from finance import queries
from finance.api._util import READ_ROLES, actor, read, uow
from finance.api.schemas import (
    ExpenseCheckIn,
    ExpenseCheckOut,
    ExpenseIn,
    ExpenseOut,
    JournalQuery,
    ReversalIn,
    ReversalOut,
)
from finance.domain.journal import JournalError
from finance.downloads import attachment
from finance.reports.export import journal_csv
from finance.service_layer import journal as handlers
from servicekit.auth import require_roles
from servicekit.web.problems import Problem, message_of

blp = Blueprint("expenses", __name__, url_prefix="/api/finance/expenses", description="Ausgabenjournal (GoBD)")


def _booked(call):
    """Run a booking; a journal refusal with a field becomes a problem with that field error."""
    try:
        return call()
    except JournalError as exc:
        if exc.field is None:
            raise
        detail = message_of(exc)
        raise Problem(exc.status, detail, errors={exc.field: [str(p) for p in exc.problems] or [detail]}) from exc


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
        """Book an expense. ``warnings``: what the plan says about it without refusing it."""
        return _booked(lambda: handlers.book_expense(uow(), actor=actor(), **data))


@blp.route("/check")
class ExpenseCheck(MethodView):
    @require_roles("finance.clerk")  # the one who may book asks what the booking would meet
    @blp.arguments(ExpenseCheckIn)
    @blp.response(200, ExpenseCheckOut)
    def post(self, data):
        """What booking this expense would meet, before it is booked (nothing is saved): refusals (future
        receipt, duplicate receipt number, position not in the plan, an overrun the funder's
        ``position_overrun_tolerance`` refuses) and warnings (position overrun, a funder's share used up)."""
        found = read(handlers.assess_expense, project_id=data["project_id"], booking_date=data["booking_date"],
                     position=data["position"], amount=data["amount"], category=data.get("category"),
                     receipt_number=data.get("receipt_number"))

        def flat(items):
            return [{"field": i.get("field"), "message": " ".join(str(p) for p in i["problems"])} for i in items]

        return {"bookable": not found["refusals"], "refusals": flat(found["refusals"]),
                "warnings": flat(found["warnings"]), "shares": found["shares"]}


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
        return attachment("\ufeff" + journal_csv(rows, funder_ids), "text/csv", ["Ausgabenjournal"], "csv")


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
        return _booked(lambda: handlers.reverse_expense(uow(), entry_id, actor=actor(), **data))
