"""UI: drawdown requests (Mittelabrufe). A grant is picked by project, funder and file reference; the list has
search, filters and pages in SQL; each row carries its four-eyes log by name ("freigegeben von Frieda Freigabe,
07.12.2026, 12:42 Uhr"), and the approver can never be the creator."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from finance import journal_queries as reads
from finance.i18n import explain
from finance.service_layer import drawdowns as handlers
from finance.ui.booking_forms import DrawdownForm
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing

FILTERS = ("project_id", "funder_id", "year", "status")
#: audit actions that belong in a drawdown's four-eyes log
LOGGED = ("created", "approval_refused", "approved", "submitted", "received")


def _logs(conn, ids: list[str]) -> dict[str, list[dict]]:
    table = runtime_of().metadata.tables["audit_log"]
    out: dict[str, list[dict]] = {i: [] for i in ids}
    if ids:
        for r in conn.execute(select(table.c.entity_id, table.c.action, table.c.actor, table.c.actor_name,
                                     table.c.at).where(table.c.entity == "drawdown", table.c.entity_id.in_(ids),
                                                       table.c.action.in_(LOGGED)).order_by(table.c.id)).mappings():
            out[r["entity_id"]].append(dict(r))
    return out


def register(bp) -> None:
    from finance.ui.forms import ConfirmForm
    from finance.ui.views import DOMAIN_ERRORS, READ, read

    @bp.route("/mittelabrufe", methods=["GET", "POST"])
    @require_roles(*READ)
    def drawdowns():
        form = DrawdownForm().setup(read(reads.grant_choices))
        if request.method == "POST":
            if not current_principal().has_any(["finance.clerk"]):
                flash(_("Nur die Sachbearbeitung Finanzen darf Mittelabrufe anlegen."), "error")
            elif form.validate_on_submit():
                data = {k: getattr(form, k).data for k in ("grant_id", "period_start", "period_end", "due_date",
                                                          "amount", "purpose")}
                data["purpose"] = (data["purpose"] or "").strip()
                try:
                    handlers.create_drawdown(runtime_of().uow(), actor=current_principal().user, **data)
                except DOMAIN_ERRORS as exc:
                    form.amount.errors = [*form.amount.errors, explain(exc)]
                else:
                    flash(_("Mittelabruf angelegt; er wartet auf die Freigabe durch eine zweite Person."), "success")
                    return redirect(url_for("ui.drawdowns"))
        listing = Listing.from_request(page_size=25, filters=FILTERS)
        f = listing.filters
        year = f.get("year") or ""
        with runtime_of().engine.connect() as conn:
            page = listing.fetch(conn, reads.drawdown_list(q=listing.q, project_id=f.get("project_id"),
                                                           funder_id=f.get("funder_id"),
                                                           year=int(year) if year.isdigit() else None,
                                                           status=f.get("status")))
            logs = _logs(conn, [r["id"] for r in page.rows])
            choices = {"projects": reads.planned_projects(conn), "funders": reads.funder_labels(conn),
                       "years": reads.drawdown_years(conn)}
        return render_template("finance/drawdowns.html", page=page, listing=listing, form=form,
                               confirm=ConfirmForm(), logs=logs, **choices)

    @bp.post("/mittelabrufe/<drawdown_id>/<step>")
    @require_roles("finance.clerk", "finance.approver")
    def drawdown_step(drawdown_id, step):
        back = request.form.get("next", "")
        back = back if back.startswith("/intern/finance/mittelabrufe") else url_for("ui.drawdowns")
        if not ConfirmForm().validate_on_submit():
            flash(_("Die Sitzung ist abgelaufen. Bitte erneut versuchen."), "error")
            return redirect(back)
        uow, user = runtime_of().uow(), current_principal().user
        try:
            if step == "freigeben":
                if not current_principal().has_any(["finance.approver"]):
                    raise DOMAIN_ERRORS[0](_("Nur die Freigabeberechtigten dürfen Mittelabrufe freigeben."))
                handlers.approve_drawdown(uow, drawdown_id, actor=user)
                flash(_("Mittelabruf freigegeben."), "success")
            elif step in ("eingereicht", "eingegangen"):
                target = "submitted" if step == "eingereicht" else "received"
                handlers.advance_drawdown(uow, drawdown_id, actor=user, target=target)
                flash(_("Status aktualisiert."), "success")
        except DOMAIN_ERRORS as exc:
            flash(explain(exc), "error")
        return redirect(back)
