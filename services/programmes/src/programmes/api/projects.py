"""/api/programmes/projects: projects and their lifecycle (Phasen, Übergänge, Veröffentlichung)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from programmes import lists
from programmes.api.common import READ_ROLES, WRITE_ROLES, actor, check_codes, readability, rt, sql_page, tag
from programmes.api.schemas import ProjectIn, ProjectOut, ProjectPatch, StageChangeOut, TransitionIn
from programmes.domain.lifecycle import allowed_targets
from programmes.service_layer import projects as handlers
from programmes.service_layer.common import load_project
from servicekit.auth import require_roles
from servicekit.web.links import BODY_ID, ETAG, link, links, request_path
from servicekit.web.schemas import Schema

blp = Blueprint("projects", __name__, url_prefix="/api/programmes/projects", description="Projekte")
ITEM = "/api/programmes/projects/{project_id}"


class ProjectQuery(Schema):
    q = fields.String()
    programme = fields.String(data_key="programme", attribute="programme_id")
    stage = fields.String()
    field = fields.String()
    district = fields.String(attribute="district_code")


def out(row: dict) -> dict:
    return {**row, "allowed_stages": list(allowed_targets(row["stage"])), "readability": readability(row["summary"])}


@blp.route("")
class Projects(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(ProjectQuery, location="query")
    @blp.response(200, ProjectOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with rt().engine.connect() as conn:
            return [out(r) for r in sql_page(conn, lists.projects_stmt(**args), pagination_parameters)]

    @require_roles(*WRITE_ROLES)
    @blp.arguments(ProjectIn)
    @blp.response(201, ProjectOut)
    @blp.doc(**links(201, read=link(ITEM, project_id=BODY_ID),
                     transition=link(ITEM + "/transitions", "post", project_id=BODY_ID),
                     indicator=link(ITEM + "/indicators", "post", project_id=BODY_ID)))
    def post(self, data):
        check_codes(data)
        row = handlers.create_project(rt().uow(), actor=actor(), **data)
        blp.set_etag(tag(row))
        return out(row)


@blp.route("/<project_id>")
class Project(MethodView):
    @require_roles(*READ_ROLES)
    @blp.etag
    @blp.response(200, ProjectOut)
    @blp.doc(**links(200, update=link(ITEM, "patch", project_id=request_path("project_id"),
                                      headers={"If-Match": ETAG})))
    def get(self, project_id):
        with rt().engine.connect() as conn:
            row = load_project(conn, project_id)
        blp.set_etag(tag(row))
        return out(row)

    @require_roles(*WRITE_ROLES)
    @blp.etag
    @blp.arguments(ProjectPatch)
    @blp.response(200, ProjectOut)
    def patch(self, data, project_id):
        with rt().engine.connect() as conn:
            check_codes(data, current=load_project(conn, project_id))
        row = handlers.update_project(rt().uow(), project_id, actor=actor(),
                                      check=lambda before: blp.check_etag(tag(before)), **data)
        blp.set_etag(tag(row))
        return out(row)


@blp.route("/<project_id>/transitions")
class Transitions(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, StageChangeOut(many=True))
    def get(self, project_id):
        """Verlauf: wer hat wann warum die Phase geändert."""
        with rt().uow() as uow:
            return handlers.history(uow.session, project_id)

    @require_roles(*WRITE_ROLES)
    @blp.arguments(TransitionIn)
    @blp.response(200, ProjectOut)
    def post(self, data, project_id):
        """Phase wechseln; 409 mit deutscher Begründung, wenn der Schritt nicht erlaubt ist."""
        row = handlers.change_stage(rt().uow(), project_id, data["to"], reason=data["reason"], actor=actor(),
                                    decision_reference=data.get("decision_reference", ""))
        return out(row)


@blp.route("/<project_id>/publish")
class Publish(MethodView):
    @require_roles(*WRITE_ROLES)
    @blp.response(200, ProjectOut)
    def post(self, project_id):
        return out(handlers.set_project_published(rt().uow(), project_id, True, actor=actor()))

    @require_roles(*WRITE_ROLES)
    @blp.response(200, ProjectOut)
    def delete(self, project_id):
        return out(handlers.set_project_published(rt().uow(), project_id, False, actor=actor()))
