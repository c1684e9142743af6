"""/api/finance/proofs: proof of use per project and funder as JSON, CSV and PDF."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from finance.api._util import READ_ROLES, actor, read, uow
from finance.api.schemas import Money, ProofQuery, ProofSubmissionIn
from finance.downloads import attachment, proof_name_parts, proof_pdf
from finance.reports.export import to_csv
from finance.reports.proof import proof_of_use
from finance.service_layer import proofs as handlers
from servicekit.auth import require_roles
from servicekit.web.fields import ActorRef, UtcDateTime
from servicekit.web.schemas import Schema

blp = Blueprint("proofs", __name__, url_prefix="/api/finance/proofs", description="Verwendungsnachweise")


class NumberOut(Schema):
    category = fields.String()
    category_name = fields.String()
    year = fields.Integer()
    planned = Money()
    actual = Money()
    deviation = fields.Decimal(as_string=True, places=4, allow_none=True,
                               metadata={"type": "string", "format": "decimal"})
    flagged = fields.Boolean()


class ReceiptOut(Schema):
    entry_id = fields.String()
    position = fields.String()
    position_label = fields.String()
    receipt_number = fields.String()
    booking_date = fields.Date()
    payee = fields.String()
    purpose = fields.String()
    category = fields.String()
    amount = Money()
    share = Money()
    reverses = fields.String(allow_none=True)


class ProofOut(Schema):
    project_id = fields.String()
    project_title = fields.String()
    funder_id = fields.String()
    funder_name = fields.String()
    publicity_notice = fields.String()
    kind = fields.String()
    kind_name = fields.String()
    year = fields.Integer(allow_none=True)
    plan_id = fields.String()
    plan_version = fields.Integer()
    numbers = fields.List(fields.Nested(NumberOut))
    receipts = fields.List(fields.Nested(ReceiptOut))
    planned_total = Money()
    actual_total = Money()


class SubmissionOut(Schema):
    id = fields.String()
    project_id = fields.String()
    funder_id = fields.String()
    kind = fields.String()
    year = fields.Integer(allow_none=True)
    submitted_by = ActorRef("submitted_by", "submitted_by_name")
    submitted_at = UtcDateTime()


def _report(project_id, funder_id, args):
    return read(proof_of_use, project_id, funder_id, args["kind"], args.get("year"))


def _download(project_id, funder_id, args, ext):
    """The file named by the thing: ``Verwendungsnachweis_<Projekt>_<Geber>_<Jahre>.<ext>``."""
    report = _report(project_id, funder_id, args)
    parts = read(proof_name_parts, report)
    if ext == "pdf":
        return attachment(proof_pdf(report), "application/pdf", parts, "pdf")
    return attachment("\ufeff" + to_csv(report), "text/csv", parts, "csv")


@blp.route("/<project_id>/<funder_id>")
class Proof(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(ProofQuery, location="query")
    @blp.response(200, ProofOut)
    def get(self, args, project_id, funder_id):
        return _report(project_id, funder_id, args)


@blp.route("/<project_id>/<funder_id>.csv")
class ProofCsv(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(ProofQuery, location="query")
    @blp.response(200, content_type="text/csv")
    def get(self, args, project_id, funder_id):
        return _download(project_id, funder_id, args, "csv")


@blp.route("/<project_id>/<funder_id>.pdf")
class ProofPdf(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(ProofQuery, location="query")
    @blp.response(200, content_type="application/pdf")
    def get(self, args, project_id, funder_id):
        return _download(project_id, funder_id, args, "pdf")


@blp.route("/submissions")
class Submissions(MethodView):
    @require_roles("finance.clerk")
    @blp.arguments(ProofSubmissionIn)
    @blp.response(201, SubmissionOut)
    def post(self, data):
        """Record that a proof of use went to the funder (the radar stops flagging it)."""
        return handlers.submit_proof(uow(), actor=actor(), **data)
