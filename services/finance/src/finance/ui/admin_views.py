"""UI: grants and amendments, action funds, the radar (run now), proof submissions and funder rules. Lists are
searched, filtered and paged in SQL; records are chosen by name."""

import re
from datetime import date
from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for

from finance import queries
from finance.domain.funders import FUNDER_TYPES, InvalidRules
from finance.i18n import explain
from finance.reference import funder_type_name
from finance.service_layer import action_funds, funders, grants, proofs
from finance.service_layer.radar import configured_thresholds, overview, run_radar
from servicekit import formats
from servicekit.auth import current_principal, require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _, select_locale, tr
from servicekit.web.listing import Listing

CLERK = ("finance.clerk",)
RATES = ("max_rate", "min_own_share", "cofinancing_min_public", "joint_max_rate", "overhead_rate",
         "position_overrun_tolerance")


def _pct(value):
    return None if value is None else str(Decimal(value) / 100)


def _may_write() -> bool:
    if current_principal().has_any(CLERK):
        return True
    flash(_("Nur die Sachbearbeitung Finanzen darf hier Änderungen vornehmen."), "error")
    return False


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 2000 <= int(value) <= 2100 else None


def _due_stored(text: str) -> str:
    """"30.04." / "30.4" / "04-30" → "04-30" (how the rules keep it)."""
    day_month = re.match(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s*$", text or "")
    return f"{int(day_month[2]):02d}-{int(day_month[1]):02d}" if day_month else (text or "").strip()


def _due_shown(stored: str | None) -> str:
    return f"{stored[3:5]}.{stored[0:2]}." if stored and len(stored) == 5 else (stored or "")


def _taper(text: str) -> list[str]:
    """"80; 60" or "80 60" or "80, 60" (a comma and a space between values) → fractions as text."""
    parts = [p for p in re.split(r"[;\s]+|,\s+", (text or "").strip()) if p]
    return [_pct(formats.parse_amount(p, places=2, lang=select_locale())) for p in parts]


def _same_group(typed: str | None, groups: dict) -> str:
    """The group as typed; "BIWAQ" for an existing "biwaq" is that group (its spelling kept), not a new one."""
    typed = (typed or "").strip()
    return next((g for g in groups if g.casefold() == typed.casefold()), typed)


def _partners(groups: dict, group: str | None, funder_id: str) -> list[str]:
    """The other funders that share this funder's joint maximum rate, by name."""
    return [name for fid, name in groups.get(group or "", []) if fid != funder_id]


def register(bp) -> None:
    from finance.ui.forms import ActionFundForm, AmendmentForm, ConfirmForm, GrantForm, RulesForm
    from finance.ui.views import DOMAIN_ERRORS, PAGE_SIZE, READ, actor, read, trail

    def project_choices() -> list[tuple[str, str]]:
        titles = sorted(read(queries.project_titles).items(), key=lambda kv: kv[1].lower())
        return [("", _("– bitte wählen –")), *titles]

    def funder_choices() -> list[tuple[str, str]]:
        return [("", _("– bitte wählen –")), *[(f["id"], f["name"]) for f in read(queries.funders)]]

    @bp.route("/bewilligungen", methods=["GET", "POST"])
    @require_roles(*READ)
    def grants_page():
        form = GrantForm()
        form.project_id.choices, form.funder_id.choices = project_choices(), funder_choices()
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
        listing = Listing.from_request(page_size=PAGE_SIZE, filters=("projekt", "geber", "art", "jahr", "status"))
        f = listing.filters
        stmt = queries.grant_filtered(q=listing.q, project_id=f.get("projekt"), funder_id=f.get("geber"),
                                      funder_type=f.get("art"), year=_year(f.get("jahr")), state=f.get("status"))
        return render_template("finance/grants.html", page=read(listing.fetch, stmt), listing=listing, form=form,
                               projects=project_choices()[1:], funders=funder_choices()[1:],
                               type_options=[(code, funder_type_name(code)) for code in FUNDER_TYPES],
                               year_options=[(str(y), str(y)) for y in read(queries.grant_years)],
                               state_options=[(k, tr(v[0])) for k, v in queries.GRANT_STATES.items()])

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
        bodies = read(queries.action_fund_bodies)
        form.body_id.choices = [("", _("– bitte wählen –")), *[
            (b["body_id"], b["name"] or _("Gremium des „%(fund)s“", fund=b["fund_name"])) for b in bodies]]
        if request.method == "GET" and form.year.data is None:
            form.year.data = date.today().year + 1  # a fund is usually set up for the coming year
        if request.method == "POST" and _may_write() and form.validate_on_submit():
            try:
                action_funds.create_fund(runtime_of().uow(), actor=actor(), body_id=form.body_id.data,
                                         year=form.year.data, budget=form.budget.data, name=form.name.data or "")
            except DOMAIN_ERRORS as exc:
                form.year.errors = [*form.year.errors, explain(exc)]
            else:
                flash(_("Aktionsfonds angelegt."), "success")
                return redirect(url_for("ui.action_funds_page", jahr=form.year.data))
        listing = Listing.from_request(page_size=10, filters=("jahr",))
        page = read(listing.fetch, queries.action_fund_filtered(q=listing.q, year=_year(listing.filters.get("jahr"))))
        page.rows = [read(queries.with_bookings, queries.with_remaining(r)) for r in page.rows]
        return render_template("finance/action_funds.html", page=page, listing=listing, form=form,
                               year_options=[(str(y), str(y)) for y in read(queries.action_fund_years)],
                               has_bodies=bool(bodies))

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
        from finance.ui.forms import ProofSubmitForm

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
        groups = read(queries.joint_groups)
        form = RulesForm()
        form.excluded_funders.choices = [(f["id"], f["name"]) for f in read(queries.funders) if f["id"] != funder_id]
        if request.method == "GET":
            rules = detail["rules"]
            for name in RATES:
                if rules.get(name) not in (None, ""):
                    getattr(form, name).data = Decimal(rules[name]) * 100
            for name in ("joint_group", "need_rule_weeks", "basis", "report_format", "final_due_months",
                         "eligible_categories", "excluded_funders"):
                getattr(form, name).data = rules.get(name)
            form.interim_due.data = _due_shown(rules.get("interim_due"))
            form.taper.data = "; ".join(formats.number(Decimal(t) * 100, 0, select_locale())
                                        for t in rules.get("taper") or [])
        elif _may_write() and form.validate_on_submit():
            try:
                taper = _taper(form.taper.data)
            except formats.AmountError:
                form.taper.errors = [*form.taper.errors, _("Bitte Prozentwerte durch Semikolon getrennt angeben, "
                                                           "z. B. „80; 60“.")]
            else:
                # The form replaces the rules it shows; every other rule of the current version stays as it is
                # (also a rate a form opened before the field existed did not send: only a sent field counts).
                rules = {**detail["rules"], **{name: _pct(getattr(form, name).data) for name in RATES
                                               if getattr(form, name).raw_data}}
                rules.update(joint_group=_same_group(form.joint_group.data, groups),
                             need_rule_weeks=form.need_rule_weeks.data,
                             basis=form.basis.data, report_format=form.report_format.data,
                             interim_due=_due_stored(form.interim_due.data),
                             final_due_months=form.final_due_months.data,
                             eligible_categories=form.eligible_categories.data, taper=taper,
                             excluded_funders=form.excluded_funders.data or [])
                try:
                    row = funders.update_funder(runtime_of().uow(), funder_id, actor=actor(), rules=rules)
                except (InvalidRules, *DOMAIN_ERRORS) as exc:
                    form.max_rate.errors = [*form.max_rate.errors, explain(exc)]
                else:
                    flash(_("Regeln als Version %(version)s gespeichert.", version=row["rules_version"]), "success")
                    return redirect(url_for("ui.funder", funder_id=funder_id))
        return render_template("finance/funder_rules.html", funder=detail, form=form, groups=sorted(groups),
                               partners=_partners(groups, detail["rules"].get("joint_group"), funder_id))
