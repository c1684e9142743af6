"""Department UI of the finance department (Kämmerei / Fördermittelmanagement) at /intern/finance/: the overview,
funders (list with search, filters and pages; one funder with its rules, grants and change log) and the
portfolio. Grants, action funds, the radar and funder rules are in ``admin_views``."""

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
from finance.reference import UNKNOWN_PROJECT, district_name, field_name, funder_type_name
from finance.service_layer import funders as funder_handlers
from finance.service_layer.radar import overview
from finance.ui.audit_labels import RULE_FIELDS, finance_audit, rule_values
from finance.ui.forms import FunderEditForm, FunderForm
from servicekit.auth import current_principal, require_roles
from servicekit.db.audit import audit_trail
from servicekit.web.app import runtime_of
from servicekit.web.auditview import describe, format_value
from servicekit.web.i18n import _, select_locale, tr
from servicekit.web.listing import Listing

READ = ("finance.clerk", "finance.approver", "viewer")
DOMAIN_ERRORS = (Conflict, NotFound, JournalError, DrawdownError, FourEyesViolation, ValueError)
PAGE_SIZE = 25


def read(fn, *args, **kwargs):
    with runtime_of().engine.connect() as conn:
        return fn(conn, *args, **kwargs)


def actor() -> str:
    return current_principal().user


def trail(entity: str, entity_id: str) -> list[dict]:
    """The raw audit entries; templates show them with ``finance_audit(entries)`` (names, labels, no JSON)."""
    rt = runtime_of()
    with rt.session_factory() as session:
        return audit_trail(session, rt.metadata, entity, entity_id)


def _pct(value) -> Decimal | None:
    return None if value is None else Decimal(value) / 100


def _public(value: str) -> bool | None:
    return {"ja": True, "nein": False}.get(value)


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
        return {"CATEGORY_NAMES": CATEGORY_NAMES, "FUNDER_TYPE_NAMES": FUNDER_TYPE_NAMES,
                "REPORT_FORMATS": REPORT_FORMATS, "finance_audit": lambda entries: read(finance_audit, entries),
                "field_name": field_name, "district_name": district_name, "funder_type_name": funder_type_name,
                "rate": lambda fraction: format_value(fraction, "rate", select_locale())}

    def refusal_text(reason: str) -> str:
        """An action fund's refusal reason (stored as German text) in the reader's language."""
        return translate(from_text(reason, REFUSAL_REASONS))

    def projekt(title) -> str:
        """A project by its title; one finance has not heard of from programmes yet is never shown by its id."""
        return title if title and title != UNKNOWN_PROJECT else tr(UNKNOWN_PROJECT)

    bp.add_app_template_filter(failure_text, "failure_text")
    bp.add_app_template_filter(refusal_text, "refusal_text")
    bp.add_app_template_filter(projekt, "projekt")

    @bp.get("/")
    @require_roles(*READ)
    def index():
        from finance.service_layer.radar import configured_thresholds

        radar = read(overview, date.today(), None, configured_thresholds(runtime_of().settings))
        return render_template("finance/index.html", radar=radar, queue=read(queries.drawdowns, "draft"),
                               funds=read(queries.action_funds), plans=read(queries.plans),
                               titles=read(queries.project_titles), totals=read(queries.portfolio)["totals"])

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
                try:
                    row = funder_handlers.create_funder(
                        runtime_of().uow(), actor=actor(), name=form.name.data, short_name=form.short_name.data or "",
                        type=form.type.data, public=form.public.data, rules=rules,
                        publicity_notice=form.publicity_notice.data or "")
                except DOMAIN_ERRORS as exc:
                    form.name.errors = [*form.name.errors, explain(exc)]
                else:
                    flash(_("Fördermittelgeber „%(name)s“ angelegt.", name=row["name"]), "success")
                    return redirect(url_for("ui.funder", funder_id=row["id"]))
        listing = Listing.from_request(page_size=PAGE_SIZE, filters=("art", "mittel"))
        stmt = queries.funder_filtered(q=listing.q, funder_type=listing.filters.get("art"),
                                       public=_public(listing.filters.get("mittel", "")))
        page = read(listing.fetch, stmt)
        return render_template("finance/funders.html", page=page, listing=listing, form=form)

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
        values = read(rule_values)
        groups = read(queries.joint_groups)

        def group_with_partners(code):
            partners = [name for fid, name in groups.get(code or "", []) if fid != funder_id]
            return _("%(group)s – gemeinsam mit %(names)s", group=code, names=", ".join(partners)) if partners else None

        values["joint_group"] = group_with_partners
        versions = [{**v, "rows": describe(v["rules"], RULE_FIELDS, values=values)} for v in detail["rule_versions"]]
        grants = read(queries.grants, funder_id=funder_id)
        return render_template("finance/funder.html", funder=detail, form=form, versions=versions, grants=grants,
                               granted=sum((Decimal(g["amount"]) for g in grants), Decimal(0)),
                               audit=read(finance_audit, trail("funder", funder_id)))

    @bp.get("/portfolio")
    @require_roles(*READ)
    def portfolio():
        from finance.ui.portfolio_view import portfolio_page

        return portfolio_page(read(queries.portfolio))

    from finance.ui import admin_views, journal_views, plan_views

    plan_views.register(bp)
    journal_views.register(bp)
    admin_views.register(bp)
    return bp
