"""Department UI of the finance department (Kämmerei / Fördermittelmanagement) at /intern/finance/."""

from datetime import date
from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, request, url_for

from finance import queries
from finance.domain.action_fund import REFUSAL_REASONS
from finance.domain.drawdowns import DrawdownError, FourEyesViolation
from finance.domain.errors import Conflict, NotFound
from finance.domain.funders import CATEGORY_NAMES, FUNDER_TYPE_NAMES, REPORT_FORMATS
from finance.domain.journal import JournalError
from finance.i18n import explain, failure_text, from_text, translate
from finance.service_layer import funders as funder_handlers
from finance.service_layer.radar import overview
from finance.ui.forms import FunderEditForm, FunderForm
from servicekit.auth import current_principal, require_roles
from servicekit.db.audit import audit_trail
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _, _l

READ = ("finance.clerk", "finance.approver", "viewer")
RULE_LABELS = {
    "max_rate": _l("Höchstförderquote"), "min_own_share": _l("Mindesteigenanteil"),
    "cofinancing_min_public": _l("Nationale öffentliche Kofinanzierung mindestens"),
    "joint_group": _l("Gemeinsame Quote mit"), "joint_max_rate": _l("Gemeinsame Höchstquote"),
    "eligible_categories": _l("Förderfähige Kategorien"), "overhead_rate": _l("Verwaltungspauschale höchstens"),
    "excluded_funders": _l("Nicht kombinierbar mit"), "need_rule_weeks": _l("Bedarfsprinzip (Wochen)"),
    "basis": _l("Abrechnung"), "report_format": _l("Berichtsformat"),
    "interim_due": _l("Zwischennachweis fällig (MM-TT Folgejahr)"),
    "final_due_months": _l("Schlussnachweis binnen Monaten"),
    "taper": _l("Anschubfinanzierung (Höchstanteile je Jahr)"),
}
DOMAIN_ERRORS = (Conflict, NotFound, JournalError, DrawdownError, FourEyesViolation, ValueError)


def read(fn, *args, **kwargs):
    with runtime_of().engine.connect() as conn:
        return fn(conn, *args, **kwargs)


def actor() -> str:
    return current_principal().user


def trail(entity: str, entity_id: str) -> list[dict]:
    rt = runtime_of()
    with rt.session_factory() as session:
        return audit_trail(session, rt.metadata, entity, entity_id)


def _pct(value) -> Decimal | None:
    return None if value is None else Decimal(value) / 100


def ui_blueprint() -> Blueprint:
    # own static files (the plan page's live-panel script) under /intern/finance/_static/, next to servicekit's _kit
    bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static", static_url_path="/_static")

    @bp.before_app_request
    def _refresh_business_gauge():
        from finance.metrics import refresh

        refresh(runtime_of().engine)

    @bp.app_context_processor
    def _names():
        """Code labels; the German ones are ``Msg`` values that the templates show with ``|tr``."""
        return {"CATEGORY_NAMES": CATEGORY_NAMES, "FUNDER_TYPE_NAMES": FUNDER_TYPE_NAMES, "RULE_LABELS": RULE_LABELS,
                "REPORT_FORMATS": REPORT_FORMATS}

    def refusal_text(reason: str) -> str:
        """An action fund's refusal reason (stored as German text) in the reader's language."""
        return translate(from_text(reason, REFUSAL_REASONS))

    bp.add_app_template_filter(failure_text, "failure_text")
    bp.add_app_template_filter(refusal_text, "refusal_text")

    @bp.get("/")
    @require_roles(*READ)
    def index():
        from finance.service_layer.radar import configured_thresholds

        radar = read(overview, date.today(), None, configured_thresholds(runtime_of().settings))
        queue = read(queries.drawdowns, "draft")
        return render_template("finance/index.html", radar=radar, queue=queue, funds=read(queries.action_funds),
                               plans=read(queries.plans))

    @bp.route("/foerdermittelgeber", methods=["GET", "POST"])
    @require_roles(*READ)
    def funders():
        form = FunderForm()
        if request.method == "POST":
            if not current_principal().has_any(["finance.clerk"]):
                flash(_("Nur die Sachbearbeitung Finanzen darf Fördermittelgeber anlegen."), "error")
            elif form.validate_on_submit():
                rules = {"max_rate": _pct(form.max_rate.data), "min_own_share": _pct(form.min_own_share.data),
                         "need_rule_weeks": form.need_rule_weeks.data}
                row = funder_handlers.create_funder(runtime_of().uow(), actor=actor(), name=form.name.data,
                                                    short_name=form.short_name.data or "", type=form.type.data,
                                                    public=form.public.data, rules=rules,
                                                    publicity_notice=form.publicity_notice.data or "")
                flash(_("Fördermittelgeber „%(name)s“ angelegt.", name=row["name"]), "success")
                return redirect(url_for("ui.funder", funder_id=row["id"]))
        return render_template("finance/funders.html", funders=read(queries.funders), form=form)

    @bp.route("/foerdermittelgeber/<funder_id>", methods=["GET", "POST"])
    @require_roles(*READ)
    def funder(funder_id):
        detail = read(queries.funder_detail, funder_id)
        form = FunderEditForm()
        if request.method == "GET":
            for name in ("name", "short_name", "type", "public", "publicity_notice"):
                getattr(form, name).data = detail[name]
            form.version.data = funder_handlers.version_token(detail)
        elif not current_principal().has_any(["finance.clerk"]):
            flash(_("Nur die Sachbearbeitung Finanzen darf Fördermittelgeber ändern."), "error")
        elif form.validate_on_submit():
            try:
                funder_handlers.update_funder(
                    runtime_of().uow(), funder_id, actor=actor(), expected_version=form.version.data,
                    name=form.name.data, short_name=form.short_name.data or "", type=form.type.data,
                    public=form.public.data, publicity_notice=form.publicity_notice.data or "")
            except DOMAIN_ERRORS as exc:
                form.name.errors = [*form.name.errors, explain(exc)]
            else:
                flash(_("Stammdaten von „%(name)s“ gespeichert.", name=form.name.data), "success")
                return redirect(url_for("ui.funder", funder_id=funder_id))
        return render_template("finance/funder.html", funder=detail, form=form, audit=trail("funder", funder_id))

    @bp.get("/portfolio")
    @require_roles(*READ)
    def portfolio():
        data = read(queries.portfolio)
        years = [r["year"] for r in data["years"]]
        year = request.args.get("year", type=int) or (date.today().year if date.today().year in years else
                                                      (years[0] if years else date.today().year))
        peak = max([max(r["external"], r["municipal"]) for r in data["years"]] or [Decimal(1)]) or Decimal(1)
        fields = [r for r in data["by_field"] if r["year"] == year]
        districts = [r for r in data["by_district"] if r["year"] == year]
        bar_peak = max([r["external"] + r["municipal"] for r in fields + districts] or [Decimal(1)]) or Decimal(1)
        return render_template("finance/portfolio.html", data=data, peak=peak, year=year, years=years,
                               fields=fields, districts=districts, bar_peak=bar_peak)

    from finance.ui import admin_views, journal_views, plan_views

    plan_views.register(bp)
    journal_views.register(bp)
    admin_views.register(bp)
    return bp
