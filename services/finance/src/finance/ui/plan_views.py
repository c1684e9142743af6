"""UI: funding plans. The list (search, filters, pages in SQL), a new plan and each new version in the same grid
editor, and the validation panel beside it (checked while typing, or with "Prüfen" without JavaScript)."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for

from finance import plan_queries, queries
from finance.i18n import explain
from finance.service_layer import plans as handlers
from finance.service_layer.common import load_funders
from finance.ui.plan_forms import MORE_ROWS, SPARE_ROWS, CostRow, NewPlanGridForm, PlanGridForm, SourceRow
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing


def _sums(conn, plan) -> dict:
    return handlers.sums(plan, load_funders(conn))


def _templates(form: PlanGridForm) -> dict:
    """Empty rows for the editor script to copy (``__i__`` becomes the next row index), with the form's choices."""
    cost, source = CostRow(prefix="costs-__i__-"), SourceRow(prefix="sources-__i__-")
    source.funder_id.choices, source.position.choices = form.funder_choices, form.position_choices
    return {"cost_template": cost, "source_template": source}


def register(bp) -> None:
    from finance.ui import budget_views
    from finance.ui.views import DOMAIN_ERRORS, READ, read, trail

    budget_views.register(bp)  # plan against actual belongs to the plans

    def may_save() -> bool:
        if current_principal().has_any(["finance.clerk"]):
            return True
        flash(_("Nur die Sachbearbeitung Finanzen darf Pläne speichern."), "error")
        return False

    def editor(form: PlanGridForm, funders: list[dict]):
        """Runs the grid's button: "more" rows, "check" (nothing saved) or "save". Returns (result, saved)."""
        action = request.form.get("action", "check")
        if action == "more":
            form.add_spare_rows(MORE_ROWS, MORE_ROWS)
            return None, None
        if not form.validate_on_submit():
            return None, None
        costs, sources = form.lines()
        own = form.own_means_available.data or Decimal(0)
        if action == "save" and may_save():
            return None, (costs, sources, own)
        return read(handlers.check, handlers.build_plan(costs, sources, own)), None

    def render_editor(template: str, form: PlanGridForm, funders: list[dict], **context):
        blanks = sum(1 for r in form.costs if r.form.is_blank()), sum(1 for r in form.sources if r.form.is_blank())
        form.add_spare_rows(max(0, SPARE_ROWS - blanks[0]), max(0, SPARE_ROWS - blanks[1]))
        form.setup(funders)
        return render_template(template, form=form, **_templates(form), **context)

    @bp.get("/plaene")
    @require_roles(*READ)
    def plans():
        listing = Listing.from_request(page_size=25, filters=("funder_id", "year", "status"))
        year = listing.filters.get("year")
        stmt = plan_queries.plan_list(q=listing.q, funder_id=listing.filters.get("funder_id"),
                                      year=int(year) if (year or "").isdigit() else None,
                                      state=listing.filters.get("status"))
        with runtime_of().engine.connect() as conn:
            page = listing.fetch(conn, stmt)
            funders, years = plan_queries.funder_choices(conn), plan_queries.plan_years(conn)
        return render_template("finance/plans.html", page=page, listing=listing, funders=funders, years=years)

    @bp.route("/plaene/neu", methods=["GET", "POST"])
    @require_roles(*READ)
    def plan_new():
        funders = read(plan_queries.funder_choices)
        projects = read(plan_queries.projects_without_plan)
        form = NewPlanGridForm()
        form.project_id.choices = [("", _("– bitte wählen –"))] + [(p["id"], p["title"]) for p in projects]
        form.setup(funders)
        result = None
        if request.method == "POST":
            result, to_save = editor(form, funders)
            if to_save:
                costs, sources, own = to_save
                title = (form.title.data or "").strip() or _("Finanzierungsplan %(project)s",
                                                              project=dict(form.project_id.choices)[
                                                                  form.project_id.data])
                try:
                    saved = handlers.save_plan(runtime_of().uow(), actor=current_principal().user,
                                               project_id=form.project_id.data, title=str(title), costs=costs,
                                               sources=sources, own_means_available=own)
                except DOMAIN_ERRORS as exc:
                    form.project_id.errors = [*form.project_id.errors, explain(exc)]
                else:
                    flash(_("Finanzierungsplan angelegt – er ist gültig.") if saved["valid"]
                          else _("Finanzierungsplan angelegt – mit Regelverstößen."),
                          "success" if saved["valid"] else "error")
                    return redirect(url_for("ui.plan", plan_id=saved["id"]))
        else:
            form.add_spare_rows(2, 2)
        sums = read(_sums, handlers.build_plan(*form.lines(), form.own_means_available.data or 0))
        return render_editor("finance/plan_new.html", form, funders, result=result, sums=sums, projects=projects)

    @bp.post("/plaene/live-pruefung")
    @require_roles(*READ)
    def plan_live_check():
        """The live validation panel's fragment (``static/plan-panel.js`` posts the grid here while the user
        types): the check result and the sums as HTML, nothing saved. Cells that cannot be read yet come back as
        a list (with the sums of the rows that can)."""
        form = PlanGridForm()
        form.setup(read(plan_queries.funder_choices))
        valid = form.validate_on_submit()
        costs, sources = form.lines()
        own = form.own_means_available.data or Decimal(0)
        plan = handlers.build_plan(costs, sources, own)
        if valid:
            return render_template("finance/_panel.html", result=read(handlers.check, plan), form=form)
        return render_template("finance/_panel.html", errors=form.cell_errors(), sums=read(_sums, plan), form=form)

    @bp.route("/plaene/<plan_id>", methods=["GET", "POST"])
    @require_roles(*READ)
    def plan(plan_id):
        detail = read(queries.plan_detail, plan_id, request.args.get("version", type=int))
        funders = read(plan_queries.funder_choices)
        form, result = PlanGridForm(), None
        if request.method == "GET":
            form.fill(detail)
        else:
            form.setup(funders)
            result, to_save = editor(form, funders)
            if to_save:
                costs, sources, own = to_save
                saved = handlers.save_plan(runtime_of().uow(), actor=current_principal().user, plan_id=plan_id,
                                           costs=costs, sources=sources, own_means_available=own,
                                           note=form.note.data or "")
                flash(_("Version %(version)s gespeichert – der Plan ist gültig.", version=saved["version"])
                      if saved["valid"] else
                      _("Version %(version)s gespeichert – mit Regelverstößen.", version=saved["version"]),
                      "success" if saved["valid"] else "error")
                return redirect(url_for("ui.plan", plan_id=plan_id))
        names = {f["id"]: f["name"] for f in funders}
        return render_editor("finance/plan.html", form, funders, plan=detail, result=result, funder_names=names,
                             sums=read(_sums, detail["plan"]), audit=trail("funding_plan", plan_id),
                             project_title=read(plan_queries.project_title, detail["project_id"]))
