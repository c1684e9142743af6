"""Indicators, measurements, reports, evaluation and sustainment plans of a project."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from programmes import lists
from programmes.adapters.orm import report
from programmes.api.common import (
    READ_ROLES,
    WRITE_ROLES,
    actor,
    check_funder,
    check_overwrite,
    etag_header,
    project_tag,
    rt,
    sql_page,
    tag,
)
from programmes.api.schemas import (
    EvaluationIn,
    EvaluationOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    MeasurementIn,
    MeasurementOut,
    ReportIn,
    ReportOut,
    ReportPatch,
    SustainmentIn,
    SustainmentOut,
)
from programmes.domain.assessment import InvalidAssessment
from programmes.queries import (
    evaluation_of,
    indicator_detail,
    indicators_of,
    reports_of,
    sustainment_of,
)
from programmes.service_layer import tracking as handlers
from programmes.service_layer.common import load, load_project
from servicekit.auth import require_roles
from servicekit.web import Problem
from servicekit.web.schemas import Schema

blp = Blueprint("tracking", __name__, url_prefix="/api/programmes", description="Indikatoren, Berichte, Evaluation")


def _project_exists(conn, project_id):
    load_project(conn, project_id)


@blp.route("/projects/<project_id>/indicators")
class Indicators(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, IndicatorOut(many=True))
    def get(self, project_id):
        with rt().engine.connect() as conn:
            _project_exists(conn, project_id)
            return indicators_of(conn, project_id)

    @require_roles(*WRITE_ROLES)
    @blp.arguments(IndicatorIn)
    @blp.response(201, IndicatorOut)
    def post(self, data, project_id):
        row = handlers.add_indicator(rt().uow(), project_id, actor=actor(), **data)
        blp.set_etag(tag(row))
        return {**row, "measurements": [], "attainment_percent": None}


@blp.route("/indicators/<indicator_id>")
class Indicator(MethodView):
    @require_roles(*READ_ROLES)
    @blp.etag
    @blp.response(200, IndicatorOut)
    def get(self, indicator_id):
        with rt().engine.connect() as conn:
            row = indicator_detail(conn, indicator_id)
        blp.set_etag(tag(row))
        return row

    @require_roles(*WRITE_ROLES)
    @blp.etag
    @blp.arguments(IndicatorPatch)
    @blp.response(200, IndicatorOut)
    def patch(self, data, indicator_id):
        """Indikator ändern (If-Match mit dem ETag nötig); Messwerte bleiben erhalten."""
        row = handlers.update_indicator(rt().uow(), indicator_id, actor=actor(),
                                        check=lambda before: blp.check_etag(tag(before)), **data)
        blp.set_etag(tag(row))
        with rt().engine.connect() as conn:
            return indicator_detail(conn, row["id"])

    @require_roles(*WRITE_ROLES)
    @blp.etag
    @blp.response(204)
    def delete(self, indicator_id):
        """Indikator löschen (If-Match nötig); 409, wenn er schon Messwerte hat: sie belegen die Evaluation."""
        handlers.delete_indicator(rt().uow(), indicator_id, actor=actor(),
                                  check=lambda before: blp.check_etag(tag(before)))


@blp.route("/indicators/<indicator_id>/measurements")
class Measurements(MethodView):
    @require_roles(*WRITE_ROLES)
    @blp.arguments(MeasurementIn)
    @blp.response(201, MeasurementOut)
    def post(self, data, indicator_id):
        return handlers.add_measurement(rt().uow(), indicator_id, actor=actor(), **data)


@blp.route("/projects/<project_id>/reports")
class Reports(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, ReportOut(many=True))
    def get(self, project_id):
        with rt().engine.connect() as conn:
            _project_exists(conn, project_id)
            return reports_of(conn, project_id)

    @require_roles(*WRITE_ROLES)
    @blp.arguments(ReportIn)
    @blp.response(201, ReportOut)
    def post(self, data, project_id):
        """Bericht anlegen; der Fördermittelgeber muss bekannt sein (aus den Ereignissen der Finanzen)."""
        check_funder(data)
        return handlers.add_report(rt().uow(), project_id, actor=actor(), **data)


class ReportQuery(Schema):
    status = fields.String()
    funder = fields.String(attribute="funder_id")


@blp.route("/reports")
class AllReports(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(ReportQuery, location="query")
    @blp.response(200, ReportOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Berichtswesen: alle Berichte, früheste Fälligkeit zuerst."""
        with rt().engine.connect() as conn:
            return sql_page(conn, lists.reports_stmt(**args), pagination_parameters)


@blp.route("/reports/<report_id>")
class Report(MethodView):
    @require_roles(*READ_ROLES)
    @blp.etag
    @blp.response(200, ReportOut)
    def get(self, report_id):
        with rt().engine.connect() as conn:
            row = load(conn, report, report_id, "Der Bericht")
        blp.set_etag(tag(row))
        return row

    @require_roles(*WRITE_ROLES)
    @blp.etag
    @blp.arguments(ReportPatch)
    @blp.response(200, ReportOut)
    def patch(self, data, report_id):
        """Bericht ändern (If-Match mit dem ETag nötig: 428 ohne, 412 wenn inzwischen geändert)."""
        row = handlers.update_report(rt().uow(), report_id, actor=actor(),
                                     check=lambda before: blp.check_etag(tag(before)), **data)
        blp.set_etag(tag(row))
        return row


@blp.route("/projects/<project_id>/evaluation")
class Evaluation(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, EvaluationOut)
    def get(self, project_id):
        with rt().engine.connect() as conn:
            _project_exists(conn, project_id)
            row = evaluation_of(conn, project_id)
        if row is None:
            raise Problem(404, "Für dieses Projekt gibt es noch keine Evaluation.")
        return row, 200, etag_header(project_tag(row))

    @require_roles(*WRITE_ROLES)
    @blp.arguments(EvaluationIn)
    @blp.response(200, EvaluationOut)
    def put(self, data, project_id):
        """Evaluation mit allen sieben Kriterien neu bewertet (Summe und Bestehen gegen die Schwelle der
        Ideenwerkstatt) erfassen; eine vorhandene überschreiben nur mit If-Match (428 ohne, 412 wenn veraltet)."""
        try:
            row = handlers.record_evaluation(rt().uow(), project_id, actor=actor(), check=check_overwrite(), **data)
        except InvalidAssessment as exc:
            raise Problem(422, errors={"criteria": exc.errors}) from exc
        return row, 200, etag_header(project_tag(row))


@blp.route("/projects/<project_id>/sustainment")
class Sustainment(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, SustainmentOut)
    def get(self, project_id):
        with rt().engine.connect() as conn:
            _project_exists(conn, project_id)
            row = sustainment_of(conn, project_id)
        if row is None:
            raise Problem(404, "Für dieses Projekt gibt es noch keinen Verstetigungsplan.")
        return row, 200, etag_header(project_tag(row))

    @require_roles(*WRITE_ROLES)
    @blp.arguments(SustainmentIn)
    @blp.response(200, SustainmentOut)
    def put(self, data, project_id):
        """Verstetigungsplan speichern; einen vorhandenen überschreiben nur mit If-Match (428/412)."""
        row = handlers.save_sustainment_plan(rt().uow(), project_id, actor=actor(), check=check_overwrite(), **data)
        return row, 200, etag_header(project_tag(row))
