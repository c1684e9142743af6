"""/api/programmes/public/...: published programmes and projects for the gateway's public site.
No token; no personal data (no contact persons, no responsible staff, no audit data)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from programmes import lists
from programmes.adapters.orm import district, field_of_action
from programmes.api.common import readability, rt, sql_page
from programmes.api.schemas import Number
from programmes.queries import indicators_of, list_programmes, list_projects, names, partners_of, reference
from programmes.service_layer.common import funder_names, load_programme, load_project, notice_for, project_funder_ids
from servicekit.web import Problem
from servicekit.web.schemas import Schema

blp = Blueprint("public", __name__, url_prefix="/api/programmes/public", description="Öffentliche Leseschnittstelle")


class _Query(Schema):
    q = fields.String()
    field = fields.String()
    district = fields.String()


class ProgrammeQuery(_Query):
    """Filters of the public programme list (only those it applies)."""

    status = fields.String()


class ProjectQuery(_Query):
    """Filters of the public project list (only those it applies)."""

    programme = fields.String()


class CodeName(Schema):
    code = fields.String()
    name = fields.String()


class IdName(Schema):
    id = fields.String()
    name = fields.String()


class PublicProgramme(Schema):
    id = fields.String()
    name = fields.String()
    short_name = fields.String()
    status = fields.String()
    summary = fields.String()
    readability_score = fields.Float(allow_none=True)
    fields_of_action = fields.List(fields.Nested(CodeName))
    funder_notice = fields.String()
    funders = fields.List(fields.Nested(IdName))
    period_start = fields.Date(allow_none=True)
    period_end = fields.Date(allow_none=True)


class ProjectRef(Schema):
    id = fields.String()
    title = fields.String()
    summary = fields.String()


class PublicProgrammeDetail(PublicProgramme):
    description = fields.String()
    contact = fields.String()
    projects = fields.List(fields.Nested(ProjectRef))


class PublicProject(Schema):
    id = fields.String()
    title = fields.String()
    summary = fields.String()
    stage = fields.String()
    programme = fields.Nested(IdName, allow_none=True)
    fields_of_action = fields.List(fields.Nested(CodeName))
    districts = fields.List(fields.Nested(CodeName))
    funder_notice = fields.String()


class PublicMeasurement(Schema):
    date = fields.Date(attribute="measured_on")
    value = Number()


class PublicIndicator(Schema):
    name = fields.String()
    unit = fields.String()
    baseline = Number()
    target = Number()
    attainment_percent = fields.Integer(allow_none=True)
    measurements = fields.List(fields.Nested(PublicMeasurement))


class PublicProjectDetail(PublicProject):
    description = fields.String()
    indicators = fields.List(fields.Nested(PublicIndicator))
    partners = fields.List(fields.Nested(IdName))


def _coded(codes, known):
    return [{"code": c, "name": known.get(c, c)} for c in codes or []]


def _programme(conn, row, fields_known):
    funders = funder_names(conn, row["funder_ids"])
    return {**row, "readability_score": readability(row["summary"])["score"], "funders": funders,
            "funder_notice": notice_for(funders), "fields_of_action": _coded(row["fields_of_action"], fields_known)}


def _project(conn, row, fields_known, districts_known, programmes):
    prog = programmes.get(row["programme_id"])
    return {**row, "programme": {"id": prog["id"], "name": prog["name"]} if prog else None,
            "fields_of_action": _coded(row["fields_of_action"], fields_known),
            "districts": _coded(row["districts"], districts_known),
            "funder_notice": notice_for(funder_names(conn, project_funder_ids(conn, row)))}


def _published_programmes(conn):
    return {p["id"]: p for p in list_programmes(conn, published_only=True)}


@blp.route("/programmes")
class Programmes(MethodView):
    @blp.arguments(ProgrammeQuery, location="query")
    @blp.response(200, PublicProgramme(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with rt().engine.connect() as conn:
            stmt = lists.programmes_stmt(q=args.get("q"), status=args.get("status"), field=args.get("field"),
                                         district_code=args.get("district"), published_only=True)
            known = names(conn, field_of_action)
            return [_programme(conn, r, known) for r in sql_page(conn, stmt, pagination_parameters)]


@blp.route("/programmes/<programme_id>")
class Programme(MethodView):
    @blp.response(200, PublicProgrammeDetail)
    def get(self, programme_id):
        with rt().engine.connect() as conn:
            row = load_programme(conn, programme_id)
            if not row["published"]:
                raise Problem(404, "Dieses Programm ist nicht veröffentlicht.")
            projects = list_projects(conn, programme_id=programme_id, published_only=True)
            return {**_programme(conn, row, names(conn, field_of_action)), "projects": projects}


@blp.route("/projects")
class Projects(MethodView):
    @blp.arguments(ProjectQuery, location="query")
    @blp.response(200, PublicProject(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with rt().engine.connect() as conn:
            stmt = lists.projects_stmt(q=args.get("q"), field=args.get("field"), published_only=True,
                                       district_code=args.get("district"), programme_id=args.get("programme"))
            fk, dk, progs = names(conn, field_of_action), names(conn, district), _published_programmes(conn)
            return [_project(conn, r, fk, dk, progs) for r in sql_page(conn, stmt, pagination_parameters)]


@blp.route("/projects/<project_id>")
class Project(MethodView):
    @blp.response(200, PublicProjectDetail)
    def get(self, project_id):
        with rt().engine.connect() as conn:
            row = load_project(conn, project_id)
            if not row["published"]:
                raise Problem(404, "Dieses Projekt ist nicht veröffentlicht.")
            fk, dk, progs = names(conn, field_of_action), names(conn, district), _published_programmes(conn)
            return {**_project(conn, row, fk, dk, progs), "indicators": indicators_of(conn, project_id),
                    "partners": partners_of(conn, row["partner_ids"])}


@blp.route("/fields-of-action")
class Fields(MethodView):
    @blp.response(200, CodeName(many=True))
    def get(self):
        with rt().engine.connect() as conn:
            return [r for r in reference(conn, field_of_action) if r["active"]]


@blp.route("/districts")
class Districts(MethodView):
    @blp.response(200, CodeName(many=True))
    def get(self):
        with rt().engine.connect() as conn:
            return [r for r in reference(conn, district) if r["active"]]
