"""UI: proofs of use (Verwendungsnachweise). Project and funder are picked by name; the preview shows the numbers
and the receipt list; the downloads are named by project, funder and years; the submitted proofs are a list with
search, filters and pages in SQL."""

from __future__ import annotations

from flask import render_template, request

from finance import journal_queries as reads
from finance.downloads import attachment, proof_name_parts, proof_pdf
from finance.i18n import explain
from finance.reports.export import to_csv
from finance.reports.proof import proof_of_use
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of
from servicekit.web.listing import Listing

FILTERS = ("project_id", "funder_id", "year", "kind")


def register(bp) -> None:
    from finance.ui.forms import ProofSubmitForm
    from finance.ui.views import DOMAIN_ERRORS, READ, read

    def _proof_args():
        kind = request.args.get("kind", "final")
        kind = kind if kind in ("interim", "final") else "final"
        return kind, request.args.get("year", type=int)

    @bp.get("/nachweise")
    @require_roles(*READ)
    def proofs():
        project_id, funder_id = request.args.get("project_id"), request.args.get("funder_id")
        kind, year = _proof_args()
        report, error = None, None
        if project_id and funder_id:
            try:
                report = read(proof_of_use, project_id, funder_id, kind, year)
            except DOMAIN_ERRORS as exc:
                error = explain(exc)
        listing = Listing.from_request(page_size=25, filters=("s_project", "s_funder", "s_year", "s_kind"))
        f = listing.filters
        year_filter = f.get("s_year") or ""
        with runtime_of().engine.connect() as conn:
            submitted = listing.fetch(conn, reads.proof_submissions(
                q=listing.q, project_id=f.get("s_project"), funder_id=f.get("s_funder"),
                year=int(year_filter) if year_filter.isdigit() else None, kind=f.get("s_kind")))
            projects, funders = reads.planned_projects(conn), reads.funder_labels(conn)
            plan_funders = reads.plan_funders(conn)
        chosen = project_id or (projects[0]["id"] if projects else "")
        project_funders = sorted(funders.get(f, "") for f in plan_funders.get(chosen, []))
        return render_template("finance/proofs.html", projects=projects, funders=funders,
                               project_funders=project_funders,
                               report=report, error=error, args=request.args, submit=ProofSubmitForm(),
                               submitted=submitted, listing=listing)

    @bp.get("/nachweise/<project_id>/<funder_id>.<fmt>")
    @require_roles(*READ)
    def proof_export(project_id, funder_id, fmt):
        kind, year = _proof_args()
        with runtime_of().engine.connect() as conn:
            report = proof_of_use(conn, project_id, funder_id, kind, year)
            parts = proof_name_parts(conn, report)
        if fmt == "pdf":
            return attachment(proof_pdf(report), "application/pdf", parts, "pdf")
        return attachment("\ufeff" + to_csv(report), "text/csv", parts, "csv")
