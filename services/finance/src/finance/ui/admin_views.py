"""UI: grants and amendments, action funds, the radar (run now), proof submissions and funder rules."""

from datetime import date
from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for

from finance import queries
from finance.domain.funders import InvalidRules
from finance.i18n import explain
from finance.service_layer import action_funds, funders, grants, proofs
from finance.service_layer.radar import configured_thresholds, overview, run_radar
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _

CLERK = ("finance.clerk",)


def _pct(value):
    return None if value is None else str(Decimal(value) / 100)


def _may_write() -> bool:
    if current_principal().has_any(CLERK):
        return True
    flash(_("Nur die Sachbearbeitung Finanzen darf hier Änderungen vornehmen."), "error")
    return False


def register(bp) -> None:
    from finance.ui.forms import ActionFundForm, AmendmentForm, ConfirmForm, GrantForm, ProofSubmitForm, RulesForm
    from finance.ui.views import DOMAIN_ERRORS, READ, actor, read, trail

    @bp.route("/bewilligungen", methods=["GET", "POST"])
    @require_roles(*READ)
    def grants_page():
        form = GrantForm()
        form.funder_id.choices = [(f["id"], f["name"]) for f in read(queries.funders)]
        if request.method == "POST" and _may_write() and form.validate_on_submit():
            data = {k: getattr(form, k).data for k in ("project_id", "funder_id", "amount", "period_start",
                                                      "period_end")}
            data.update(reference=form.reference.data or "", conditions=form.conditions.data or "")
            try:
                row = grants.award_grant(runtime_of().uow(), actor=actor(), **data)
            except DOMAIN_ERRORS as exc:
                form.period_end.errors = [*form.period_end.errors, explain(exc)]
            else:
                flash(_("Bewilligung erfasst."), "success")
                return redirect(url_for("ui.grant", grant_id=row["id"]))
        return render_template("finance/grants.html", grants=read(queries.grants), form=form)

    @bp.route("/bewilligungen/<grant_id>", methods=["GET", "POST"])
    @require_roles(*READ)
    def grant(grant_id):
        detail = read(queries.grant_detail, grant_id)
        form = AmendmentForm()
        if request.method == "POST" and _may_write() and form.validate_on_submit():
            try:
                row = grants.amend_grant(runtime_of().uow(), grant_id, actor=actor(), reason=form.reason.data,
                                         amount=form.amount.data, period_end=form.period_end.data,
                                         conditions=form.conditions.data or None)
            except DOMAIN_ERRORS as exc:
                form.period_end.errors = [*form.period_end.errors, explain(exc)]
            else:
                flash(_("Änderungsbescheid als Version %(version)s erfasst.", version=row["version"]), "success")
                return redirect(url_for("ui.grant", grant_id=grant_id))
        return render_template("finance/grant.html", grant=detail, form=form, audit=trail("grant", grant_id))

    @bp.route("/aktionsfonds", methods=["GET", "POST"])
    @require_roles(*READ)
    def action_funds_page():
        form = ActionFundForm()
        if request.method == "POST" and _may_write() and form.validate_on_submit():
            try:
                action_funds.create_fund(runtime_of().uow(), actor=actor(), body_id=form.body_id.data,
                                         year=form.year.data, budget=form.budget.data, name=form.name.data or "")
            except DOMAIN_ERRORS as exc:
                form.year.errors = [*form.year.errors, explain(exc)]
            else:
                flash(_("Aktionsfonds angelegt."), "success")
                return redirect(url_for("ui.action_funds_page"))
        funds = [read(queries.action_fund_detail, f["id"]) for f in read(queries.action_funds)]
        return render_template("finance/action_funds.html", funds=funds, form=form)

    @bp.route("/radar", methods=["GET", "POST"])
    @require_roles(*READ)
    def radar():
        form = ConfirmForm()
        thresholds = configured_thresholds(runtime_of().settings)
        if request.method == "POST" and _may_write() and form.validate_on_submit():
            emitted = run_radar(runtime_of().uow(), None, thresholds)
            flash(_("Radar ausgeführt: %(n)s neue Hinweis(e) verschickt.", n=len(emitted)), "success")
            return redirect(url_for("ui.radar"))
        months = request.args.get("monate", type=int)
        if months is not None and not 1 <= months <= 60:
            flash(_("Die Vorschau umfasst 1 bis 60 Monate; gezeigt wird die Voreinstellung."), "error")
            months = None
        radar = read(overview, date.today(), months, thresholds)
        return render_template("finance/radar.html", radar=radar, form=form, thresholds=thresholds)

    @bp.post("/nachweise/eingereicht")
    @require_roles(*CLERK)
    def proof_submitted():
        form = ProofSubmitForm()
        back = url_for("ui.proofs", project_id=form.project_id.data, funder_id=form.funder_id.data,
                       kind=form.kind.data, year=form.year.data or None)
        if form.validate_on_submit() and form.kind.data in ("interim", "final"):
            try:
                proofs.submit_proof(runtime_of().uow(), actor=actor(), project_id=form.project_id.data,
                                    funder_id=form.funder_id.data, kind=form.kind.data,
                                    year=int(form.year.data) if (form.year.data or "").isdigit() else None)
                flash(_("Einreichung des Nachweises vermerkt; das Radar meldet ihn nicht mehr."), "success")
            except DOMAIN_ERRORS as exc:
                flash(explain(exc), "error")
        else:
            flash(_("Die Einreichung konnte nicht vermerkt werden."), "error")
        return redirect(back)

    @bp.route("/foerdermittelgeber/<funder_id>/regeln", methods=["GET", "POST"])
    @require_roles(*READ)
    def funder_rules(funder_id):
        detail = read(queries.funder_detail, funder_id)
        form = RulesForm()
        if request.method == "GET":
            rules = detail["rules"]
            for name in ("max_rate", "min_own_share", "cofinancing_min_public", "joint_max_rate", "overhead_rate"):
                if rules.get(name) not in (None, ""):
                    getattr(form, name).data = Decimal(rules[name]) * 100
            for name in ("joint_group", "need_rule_weeks", "basis", "report_format", "interim_due", "final_due_months",
                         "eligible_categories"):
                getattr(form, name).data = rules.get(name)
            form.excluded_funders.data = ", ".join(rules.get("excluded_funders") or [])
            form.taper.data = ", ".join(str(Decimal(t) * 100) for t in rules.get("taper") or [])
        elif _may_write() and form.validate_on_submit():
            try:
                taper = [_pct(Decimal(t.strip().replace(",", "."))) for t in (form.taper.data or "").split(",")
                         if t.strip()]
            except ArithmeticError:
                form.taper.errors = [*form.taper.errors, _("Bitte Prozentwerte durch Komma getrennt angeben.")]
            else:
                rules = {name: _pct(getattr(form, name).data) for name in (
                    "max_rate", "min_own_share", "cofinancing_min_public", "joint_max_rate", "overhead_rate")}
                rules.update(joint_group=form.joint_group.data or "", need_rule_weeks=form.need_rule_weeks.data,
                             basis=form.basis.data, report_format=form.report_format.data,
                             interim_due=form.interim_due.data,
                             final_due_months=form.final_due_months.data,
                             eligible_categories=form.eligible_categories.data, taper=taper,
                             excluded_funders=[x.strip() for x in (form.excluded_funders.data or "").split(",")
                                               if x.strip()])
                try:
                    row = funders.update_funder(runtime_of().uow(), funder_id, actor=actor(), rules=rules)
                except (InvalidRules, *DOMAIN_ERRORS) as exc:
                    form.max_rate.errors = [*form.max_rate.errors, explain(exc)]
                else:
                    flash(_("Regeln als Version %(version)s gespeichert.", version=row["rules_version"]), "success")
                    return redirect(url_for("ui.funder", funder_id=funder_id))
        return render_template("finance/funder_rules.html", funder=detail, form=form)
