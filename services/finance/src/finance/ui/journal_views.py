"""UI: expense journal with filters and storno, drawdowns with the approval queue, proof of use."""

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for

from finance import queries
from finance.i18n import explain
from finance.reports.export import journal_csv, to_csv, to_pdf
from finance.reports.proof import proof_of_use
from finance.service_layer import drawdowns as dd_handlers
from finance.service_layer import journal as handlers
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _

PAGE = 50


def register(bp) -> None:
    from finance.ui.forms import ConfirmForm, DrawdownForm, ExpenseForm, ProofSubmitForm, ReversalForm
    from finance.ui.views import DOMAIN_ERRORS, READ, read, trail

    def _args():
        a = request.args
        out = {k: a.get(k) or None for k in ("project_id", "category", "funder_id", "q")}
        for key, name in (("date_from", "from"), ("date_to", "to")):
            try:
                out[key] = date.fromisoformat(a[name]) if a.get(name) else None
            except ValueError:
                out[key] = None
        return out

    @bp.route("/journal", methods=["GET", "POST"])
    @require_roles(*READ)
    def journal():
        form = ExpenseForm()
        form.project_id.choices = [(p["project_id"], p["project_title"] or p["project_id"])
                                   for p in read(queries.plans)]
        if request.method == "POST":
            if not current_principal().has_any(["finance.clerk"]):
                flash(_("Nur die Sachbearbeitung Finanzen darf buchen."), "error")
            elif form.validate_on_submit():
                data = {k: getattr(form, k).data for k in ("project_id", "receipt_number", "booking_date", "payee",
                                                          "purpose", "category", "position", "amount")}
                try:
                    row = handlers.book_expense(runtime_of().uow(), actor=current_principal().user, **data)
                except DOMAIN_ERRORS as exc:
                    form.position.errors = [*form.position.errors, explain(exc)]
                else:
                    flash(_("Beleg %(receipt)s gebucht.", receipt=row["receipt_number"]), "success")
                    return redirect(url_for("ui.journal"))
        page = max(1, request.args.get("page", 1, type=int))
        args = _args()
        total, rows = read(queries.journal, offset=(page - 1) * PAGE, limit=PAGE, **args)
        query = "&".join(f"{k}={v}" for k, v in request.args.items() if k != "page" and v)
        return render_template("finance/journal.html", rows=rows, total=total, page=page, page_size=PAGE,
                               form=form, reversal=ReversalForm(), args=request.args, query=query,
                               funders=read(queries.funders))

    @bp.get("/journal.csv")
    @require_roles(*READ)
    def journal_export():
        _, rows = read(queries.journal, offset=0, limit=1_000_000, **_args())
        rows.reverse()
        funder_ids = sorted({f for r in rows for f in r["shares"]})
        return Response("\ufeff" + journal_csv(rows, funder_ids), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="ausgabenjournal.csv"'})

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
        else:
            flash(_("Bitte geben Sie eine Begründung für das Storno an (mindestens 3 Zeichen)."), "error")
        return redirect(url_for("ui.journal"))

    @bp.route("/mittelabrufe", methods=["GET", "POST"])
    @require_roles(*READ)
    def drawdowns():
        form = DrawdownForm()
        form.grant_id.choices = [(g["id"], f"{g['funder_name']} – {g['project_id']}") for g in read(queries.grants)]
        if request.method == "POST":
            if not current_principal().has_any(["finance.clerk"]):
                flash(_("Nur die Sachbearbeitung Finanzen darf Mittelabrufe anlegen."), "error")
            elif form.validate_on_submit():
                data = {k: getattr(form, k).data for k in ("grant_id", "period_start", "period_end", "due_date",
                                                          "amount", "purpose")}
                try:
                    dd_handlers.create_drawdown(runtime_of().uow(), actor=current_principal().user, **data)
                except DOMAIN_ERRORS as exc:
                    form.amount.errors = [*form.amount.errors, explain(exc)]
                else:
                    flash(_("Mittelabruf angelegt; er wartet auf die Freigabe durch eine zweite Person."), "success")
                    return redirect(url_for("ui.drawdowns"))
        rows = read(queries.drawdowns)
        audits = {d["id"]: trail("drawdown", d["id"]) for d in rows[:20]}
        return render_template("finance/drawdowns.html", rows=rows, form=form, confirm=ConfirmForm(), audits=audits)

    @bp.post("/mittelabrufe/<drawdown_id>/<step>")
    @require_roles("finance.clerk", "finance.approver")
    def drawdown_step(drawdown_id, step):
        if not ConfirmForm().validate_on_submit():
            flash(_("Die Sitzung ist abgelaufen. Bitte erneut versuchen."), "error")
            return redirect(url_for("ui.drawdowns"))
        uow, user = runtime_of().uow(), current_principal().user
        try:
            if step == "freigeben":
                if not current_principal().has_any(["finance.approver"]):
                    raise DOMAIN_ERRORS[0](_("Nur die Freigabeberechtigten dürfen Mittelabrufe freigeben."))
                dd_handlers.approve_drawdown(uow, drawdown_id, actor=user)
                flash(_("Mittelabruf freigegeben."), "success")
            elif step in ("eingereicht", "eingegangen"):
                target = "submitted" if step == "eingereicht" else "received"
                dd_handlers.advance_drawdown(uow, drawdown_id, actor=user, target=target)
                flash(_("Status aktualisiert."), "success")
        except DOMAIN_ERRORS as exc:
            flash(explain(exc), "error")
        return redirect(url_for("ui.drawdowns"))

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
        return render_template("finance/proofs.html", plans=read(queries.plans), funders=read(queries.funders),
                               report=report, error=error, args=request.args, submit=ProofSubmitForm())

    @bp.get("/nachweise/<project_id>/<funder_id>.<fmt>")
    @require_roles(*READ)
    def proof_export(project_id, funder_id, fmt):
        kind, year = _proof_args()
        report = read(proof_of_use, project_id, funder_id, kind, year)
        name = f"verwendungsnachweis-{project_id}-{funder_id}-{kind}"
        if fmt == "pdf":
            return Response(to_pdf(report), mimetype="application/pdf",
                            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
        return Response("\ufeff" + to_csv(report), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
