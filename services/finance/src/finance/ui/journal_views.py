"""UI: the expense journal. Booking with project and plan position picked by name, checked before it is saved
(live while typing, and on a plain POST a confirm step "Trotzdem buchen" when the plan is exceeded); the list with
search, filters and pages in SQL; storno. Drawdowns and proofs of use have their own modules."""

from __future__ import annotations

import hashlib
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from finance import journal_queries as reads
from finance.domain.funders import CATEGORY_NAMES, COST_CATEGORIES
from finance.downloads import attachment
from finance.i18n import explain, translate
from finance.reports.export import journal_csv
from finance.service_layer import journal as handlers
from finance.ui.booking_forms import ExpenseForm, ReversalForm
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing

PAGE = 50
FILTERS = ("project_id", "funder_id", "category", "year", "from", "to")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def list_args(filters: dict, q: str = "") -> dict:
    year = filters.get("year") or ""
    category = filters.get("category")
    return {"q": q, "project_id": filters.get("project_id"), "funder_id": filters.get("funder_id"),
            "category": category if category in COST_CATEGORIES else None,
            "year": int(year) if year.isdigit() else None, "date_from": _day(filters.get("from")),
            "date_to": _day(filters.get("to"))}


def digest(check: dict) -> str:
    """A fingerprint of the warnings the clerk confirmed: a changed amount brings new warnings and a new question."""
    text = "\n".join(str(p) for w in check["warnings"] for p in w["problems"])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _attach(form: ExpenseForm, field: str | None, message: str) -> None:
    target = form[field] if field and field in form else form.project_id
    target.errors = [*target.errors, message]


def register(bp) -> None:
    from finance.ui import drawdown_views, proof_views
    from finance.ui.views import DOMAIN_ERRORS, READ, read

    bp.add_app_template_filter(translate, "finance_msg")

    def booking_form() -> ExpenseForm:
        with runtime_of().engine.connect() as conn:
            return ExpenseForm().setup(reads.planned_projects(conn), reads.plan_positions(conn), CATEGORY_NAMES)

    def assess(form: ExpenseForm) -> dict:
        data = form.booking()
        return read(handlers.assess_expense, project_id=data["project_id"], booking_date=data["booking_date"],
                    position=data["position"], amount=data["amount"], category=data["category"],
                    receipt_number=data["receipt_number"])

    @bp.route("/journal", methods=["GET", "POST"])
    @require_roles(*READ)
    def journal():
        form, check = booking_form(), None
        if request.method == "GET" and request.args.get("project_id"):
            form.project_id.data = request.args["project_id"]  # booking from a project's page
        if request.method == "POST":
            if not current_principal().has_any(["finance.clerk"]):
                flash(_("Nur die Sachbearbeitung Finanzen darf buchen."), "error")
            elif form.validate_on_submit():
                check = assess(form)
                for refusal in check["refusals"]:
                    _attach(form, refusal["field"], " ".join(translate(p) for p in refusal["problems"]))
                confirmed = form.confirm.data and form.confirm_digest.data == digest(check)
                if not check["refusals"] and (confirmed or not check["warnings"]):
                    try:
                        row = handlers.book_expense(runtime_of().uow(), actor=current_principal().user,
                                                    **form.booking())
                    except DOMAIN_ERRORS as exc:
                        _attach(form, getattr(exc, "field", None), explain(exc))
                    else:
                        flash(_("Beleg %(receipt)s gebucht.", receipt=row["receipt_number"]), "success")
                        return redirect(url_for("ui.journal"))
                form.confirm.data = False
        listing = Listing.from_request(page_size=PAGE, filters=FILTERS)
        with runtime_of().engine.connect() as conn:
            page = listing.fetch(conn, reads.journal_list(**list_args(listing.filters, listing.q)))
            page.rows = reads.with_shares(conn, page.rows)
            choices = {"projects": reads.planned_projects(conn), "funders": reads.funder_labels(conn),
                       "years": reads.journal_years(conn)}
        export = url_for("ui.journal_export", **{k: v for k, v in request.args.items() if k != "page" and v})
        return render_template("finance/journal.html", page=page, listing=listing, form=form, check=check,
                               digest=digest(check) if check else "", reversal=ReversalForm(), export=export,
                               **choices)

    @bp.post("/journal/live-pruefung")
    @require_roles(*READ)
    def journal_live_check():
        """The booking form's live check (``static/booking-check.js`` posts the form here while the clerk types):
        refusals and warnings as an HTML fragment, nothing booked; empty until the figures are complete."""
        try:
            validate_csrf(request.form.get("csrf_token"))
        except (ValidationError, CSRFError):
            abort(400)
        form = booking_form()
        form.validate()
        ready = form.chosen() and form.booking_date.data and form.amount.data and not form.amount.errors
        check = assess(form) if ready else None
        return render_template("finance/_booking_check.html", check=check, live=True,
                               digest=digest(check) if check else "")

    @bp.get("/journal.csv")
    @require_roles(*READ)
    def journal_export():
        listing = Listing.from_request(filters=FILTERS)
        args = list_args(listing.filters, listing.q)
        with runtime_of().engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(reads.journal_list(**args)).mappings()]
            rows = reads.with_shares(conn, rows)
            projects = {p["id"]: p["title"] for p in reads.planned_projects(conn)}
        rows.reverse()
        funder_ids = sorted({f for r in rows for f in r["shares"]})
        parts = [_("Ausgabenjournal"), projects.get(args["project_id"] or "", ""),
                 str(args["year"] or "")]
        return attachment("\ufeff" + journal_csv(rows, funder_ids), "text/csv", parts, "csv")

    @bp.post("/journal/<entry_id>/storno")
    @require_roles("finance.clerk")
    def reverse(entry_id):
        form = ReversalForm()
        if form.validate_on_submit():
            try:
                correction = None
                if form.amount.data:
                    original = read(handlers.entry, entry_id)
                    correction = {k: original[k] for k in ("receipt_number", "booking_date", "payee", "purpose",
                                                           "category", "position")}
                    correction["amount"] = form.amount.data
                handlers.reverse_expense(runtime_of().uow(), entry_id, actor=current_principal().user,
                                         reason=form.reason.data, correction=correction)
                flash(_("Storno und korrigierte Buchung gebucht.") if correction else
                      _("Storno gebucht. Buchen Sie die korrigierte Ausgabe bei Bedarf neu."), "success")
            except DOMAIN_ERRORS as exc:
                flash(explain(exc), "error")
        elif form.amount.errors:
            flash(_("Korrigierter Betrag: %(error)s", error=" ".join(form.amount.errors)), "error")
        else:
            flash(_("Bitte geben Sie eine Begründung für das Storno an (mindestens 3 Zeichen)."), "error")
        back = request.form.get("next", "")
        return redirect(back if back.startswith("/intern/finance/journal") else url_for("ui.journal"))

    drawdown_views.register(bp)
    proof_views.register(bp)
