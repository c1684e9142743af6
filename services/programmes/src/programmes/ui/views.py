"""Department UI of the programme office (Koordinierungsstelle): /intern/programmes/."""

from decimal import Decimal

from flask import Blueprint, render_template, request
from sqlalchemy import select

from programmes.adapters.orm import field_of_action
from programmes.charts import chart_svg
from programmes.domain.lifecycle import STAGE_LABELS, STAGES
from programmes.domain.reference import Conflict, NotFound
from programmes.queries import dashboard, list_programmes, list_projects, radar
from programmes.ui import overview_pages, programme_pages, project_pages
from programmes.ui.common import labels, read, reason, rt, tr
from servicekit.web.i18n import select_locale
from servicekit.web.problems import problem


def ui_blueprint() -> Blueprint:
    bp = Blueprint("ui", __name__, template_folder="templates")

    @bp.errorhandler(NotFound)
    def _not_found(exc):
        """A missing record on a department page: the HTML error page, its reason in the reader's language."""
        return problem(404, reason(exc))

    @bp.errorhandler(Conflict)
    def _conflict(exc):
        return problem(409, reason(exc))

    @bp.app_context_processor
    def _labels():
        return {"stage_labels": labels(STAGE_LABELS)}

    @bp.app_template_filter("zahl")
    def zahl(value) -> str:
        """A number as the reader writes it, without trailing zeros: 1.234,5 (German), 1,234.5 (English);
        "–" for nothing."""
        if value is None or value == "":
            return "–"
        text = f"{Decimal(str(value)).normalize():f}"
        whole, _, frac = text.partition(".")
        sign, whole = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        thousands, decimal = (",", ".") if select_locale() == "en" else (".", ",")
        return sign + thousands.join(groups or ["0"]) + (decimal + frac if frac else "")

    @bp.get("/")
    @read
    def index():
        with rt().engine.connect() as conn:
            fields = conn.execute(select(field_of_action).order_by(field_of_action.c.name)).mappings().all()
            items = [{**i, "text": tr(i["text"])} for i in radar(conn, months=3)[:8]]
            data = dashboard(conn)
        return render_template("programmes/index.html", fields=fields, radar=items, data=data)

    @bp.get("/board")
    @read
    def board():
        chosen = request.args.get("programme") or None
        with rt().engine.connect() as conn:
            projects = list_projects(conn, programme_id=chosen)
            programmes = list_programmes(conn)
        columns = [(s, [p for p in projects if p["stage"] == s]) for s in STAGES]
        return render_template("programmes/board.html", columns=columns, programmes=programmes, chosen=chosen)

    @bp.get("/radar")
    @read
    def radar_view():
        months = request.args.get("months", default=6, type=int)
        months = min(max(months or 6, 1), 36)
        with rt().engine.connect() as conn:
            items = [{**i, "text": tr(i["text"])} for i in radar(conn, months=months)]
        return render_template("programmes/radar.html", items=items, months=months)

    @bp.get("/dashboard")
    @read
    def dashboard_view():
        with rt().engine.connect() as conn:
            data = dashboard(conn)
        charts = [chart_svg(data, name) for name in ("stage", "field", "district", "funds")]  # in the reader's language
        return render_template("programmes/dashboard.html", data=data, charts=charts)

    programme_pages.register(bp)
    project_pages.register(bp)
    overview_pages.register(bp)
    return bp
