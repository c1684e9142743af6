"""UI: funding plans with the validation panel (check without saving, or save as a new version)."""

from decimal import Decimal, InvalidOperation

from flask import flash, redirect, render_template, request, url_for

from finance import queries
from finance.service_layer import plans as handlers
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _


def parse_amount(text: str) -> Decimal:
    from finance.ui.forms import german_number

    return Decimal(german_number(text))


def parse_lines(text: str, kind: str) -> tuple[list[dict], list[str]]:
    rows, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        try:
            if kind == "costs":
                position, category, year, amount, *label = parts
                rows.append({"position": position, "category": category, "year": int(year),
                             "amount": parse_amount(amount), "label": label[0] if label else ""})
            else:
                funder_id, year, amount, *position = parts
                rows.append({"funder_id": funder_id, "year": int(year), "amount": parse_amount(amount),
                             "position": position[0] if position and position[0] else None})
        except (ValueError, InvalidOperation):
            errors.append(_("Zeile %(number)s ist unvollständig oder enthält keinen gültigen Betrag/Jahr.",
                            number=number))
    return rows, errors


def lines_text(plan: dict) -> tuple[str, str]:
    costs = "\n".join(f"{c['position']}; {c['category']}; {c['year']}; {c['amount']}; {c['label']}"
                      for c in plan["costs"])
    sources = "\n".join(f"{s['funder_id']}; {s['year']}; {s['amount']}" + (f"; {s['position']}" if s["position"]
                                                                          else "") for s in plan["sources"])
    return costs, sources


def parsed(form):
    """(costs, sources) from the form's text areas, or None with the errors attached to the fields."""
    from finance.domain.funders import COST_CATEGORIES

    costs, cost_errors = parse_lines(form.costs.data, "costs")
    sources, source_errors = parse_lines(form.sources.data, "sources")
    bad = sorted({c["category"] for c in costs} - set(COST_CATEGORIES))
    if bad:
        cost_errors.append(_("Unbekannte Kategorie: %(codes)s", codes=", ".join(bad)))
    form.costs.errors = list(form.costs.errors) + cost_errors
    form.sources.errors = list(form.sources.errors) + source_errors
    return None if cost_errors or source_errors else (costs, sources)


def register(bp) -> None:
    from finance.ui.forms import NewPlanForm, PlanForm
    from finance.ui.views import READ, read, trail

    def may_save() -> bool:
        if current_principal().has_any(["finance.clerk"]):
            return True
        flash(_("Nur die Sachbearbeitung Finanzen darf Pläne speichern."), "error")
        return False

    @bp.route("/plaene", methods=["GET", "POST"])
    @require_roles(*READ)
    def plans():
        form, result = NewPlanForm(), None
        if request.method == "POST" and form.validate_on_submit() and (lines := parsed(form)):
            own = form.own_means_available.data or 0
            if request.form.get("action") == "save":
                if may_save():
                    saved = handlers.save_plan(runtime_of().uow(), actor=current_principal().user,
                                               project_id=form.project_id.data, title=form.title.data,
                                               costs=lines[0], sources=lines[1], own_means_available=own)
                    flash(_("Finanzierungsplan angelegt – er ist gültig.") if saved["valid"]
                          else _("Finanzierungsplan angelegt – mit Regelverstößen."),
                          "success" if saved["valid"] else "error")
                    return redirect(url_for("ui.plan", plan_id=saved["id"]))
            else:
                result = read(handlers.check, handlers.build_plan(lines[0], lines[1], own))
        return render_template("finance/plans.html", plans=read(queries.plans), form=form, result=result)

    @bp.post("/plaene/live-pruefung")
    @require_roles(*READ)
    def plan_live_check():
        """The live validation panel's fragment (``static/plan-panel.js`` posts the plan form here while the user
        types): the check result as HTML, nothing saved. Input that cannot be checked yet comes back as a list."""
        form = PlanForm()
        valid = form.validate_on_submit()
        lines = parsed(form)  # line errors too, not only the first missing field
        if valid and lines:
            result = read(handlers.check, handlers.build_plan(lines[0], lines[1], form.own_means_available.data or 0))
            return render_template("finance/_panel.html", result=result)
        errors = [f"{field.label.text}: {message}" for field in form if field.name != "csrf_token"
                  for message in field.errors]
        return render_template("finance/_panel.html", errors=errors)

    @bp.route("/plaene/<plan_id>", methods=["GET", "POST"])
    @require_roles(*READ)
    def plan(plan_id):
        detail = read(queries.plan_detail, plan_id, request.args.get("version", type=int))
        form, result = PlanForm(), None
        if request.method == "GET":
            form.costs.data, form.sources.data = lines_text(detail)
            form.own_means_available.data = detail["own_means_available"]
        elif form.validate_on_submit() and (lines := parsed(form)):
            own = form.own_means_available.data or 0
            if request.form.get("action") == "save":
                if may_save():
                    saved = handlers.save_plan(runtime_of().uow(), actor=current_principal().user, plan_id=plan_id,
                                               costs=lines[0], sources=lines[1], own_means_available=own,
                                               note=form.note.data or "")
                    flash(_("Version %(version)s gespeichert – der Plan ist gültig.", version=saved["version"])
                          if saved["valid"] else
                          _("Version %(version)s gespeichert – mit Regelverstößen.", version=saved["version"]),
                          "success" if saved["valid"] else "error")
                    return redirect(url_for("ui.plan", plan_id=plan_id))
            else:
                result = read(handlers.check, handlers.build_plan(lines[0], lines[1], own))
        if request.headers.get("X-Panel") == "1":
            return render_template("finance/_panel.html", plan=detail, result=result)
        return render_template("finance/plan.html", plan=detail, form=form, result=result,
                               audit=trail("funding_plan", plan_id))
