"""/api/programmes/radar, /dashboard, /audit: deadline radar, portfolio figures, audit log."""

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from programmes import lists
from programmes.api.common import READ_ROLES, WRITE_ROLES, rt, sql_page
from programmes.api.schemas import AuditOut, Number, RadarItemOut, between
from programmes.queries import dashboard, radar
from programmes.service_layer.tracking import announce_due_reports
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("overview", __name__, url_prefix="/api/programmes", description="Radar, Dashboard, Protokoll")


class RadarQuery(Schema):
    months = fields.Integer(load_default=6, validate=between(1, 36))


class CountOut(Schema):
    key = fields.String()
    label = fields.String()
    count = fields.Integer()


class DashboardOut(Schema):
    projects = fields.Integer()
    by_stage = fields.List(fields.Nested(CountOut))
    by_field = fields.List(fields.Nested(CountOut))
    by_district = fields.List(fields.Nested(CountOut))
    external_funds = Number()
    municipal_share = Number()


class AuditQuery(Schema):
    entity = fields.String()
    entity_id = fields.String()


class AnnounceOut(Schema):
    announced = fields.Integer()


@blp.route("/radar")
class Radar(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(RadarQuery, location="query")
    @blp.response(200, RadarItemOut(many=True))
    def get(self, args):
        """Fristen-Radar: fällige Berichte, endende Förderzeiträume, Projekte ohne Verstetigungsplan."""
        with rt().engine.connect() as conn:
            return radar(conn, months=args["months"])


@blp.route("/radar/announcements")
class Announce(MethodView):
    @require_roles(*WRITE_ROLES)
    @blp.response(200, AnnounceOut)
    def post(self):
        """Fällige Berichte als programmes.report.due melden (für den täglichen Lauf)."""
        return {"announced": announce_due_reports(rt().uow())}


@blp.route("/dashboard")
class Dashboard(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, DashboardOut)
    def get(self):
        with rt().engine.connect() as conn:
            return dashboard(conn)


@blp.route("/dashboard/<chart>.svg")
class Chart(MethodView):
    @require_roles(*READ_ROLES)
    def get(self, chart):
        """Diagramm als SVG (stage, field, district, funds)."""
        from programmes.charts import chart_svg

        with rt().engine.connect() as conn:
            svg = chart_svg(dashboard(conn), chart)
        return Response(svg, mimetype="image/svg+xml")


@blp.route("/audit")
class Audit(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(AuditQuery, location="query")
    @blp.response(200, AuditOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Wer hat was wann geändert (neueste zuerst)."""
        stmt = lists.audit_stmt(rt().metadata.tables["audit_log"], **args)
        with rt().engine.connect() as conn:
            return sql_page(conn, stmt, pagination_parameters)
