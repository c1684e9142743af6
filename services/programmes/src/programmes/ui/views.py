"""Department UI of the programme office (Koordinierungsstelle): /intern/programmes/."""

from flask import Blueprint, render_template, request
from sqlalchemy import select

from programmes.adapters.orm import field_of_action
from programmes.charts import chart_svg
from programmes.domain.lifecycle import STAGE_LABELS, STAGES
from programmes.domain.reference import Conflict, NotFound
from programmes.queries import dashboard, list_programmes, list_projects, radar
from programmes.texts import value_text
from programmes.ui import call_pages, overview_pages, programme_pages, project_pages, tracking_pages
from programmes.ui.common import can_edit, labels, read, reason, rt, tr
from servicekit.web.problems import problem


def ui_blueprint() -> Blueprint:
    # own static files (the workshop's running total, the service's styles) under /intern/programmes/_static/
    bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static", static_url_path="/_static")

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

    @bp.app_template_filter("wert")
    def wert(value) -> str:
        """An indicator value in the platform's number format, decimals only when it has some."""
        return value_text(value)

    @bp.get("/")
    @read
    def index():
        with rt().engine.connect() as conn:
            fields = conn.execute(select(field_of_action).order_by(field_of_action.c.name)).mappings().all()
            items = [{**i, "text": tr(i["text"])} for i in radar(conn, months=3)[:8]]
            data = dashboard(conn)
        return render_template("programmes/index.html", fields=fields, radar=items, data=data, can_edit=can_edit())

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
    call_pages.register(bp)
    project_pages.register(bp)
    tracking_pages.register(bp)
    overview_pages.register(bp)
    return bp
