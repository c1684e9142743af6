"""/api/participation/projects and /programmes: read models of the programmes service (agenda items link a project,
a body belongs to a programme; both are chosen by name)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from participation import queries
from participation.api.common import READ, connect, page
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("projects", __name__, url_prefix="/api/participation",
                description="Projekte und Programme aus dem Programmdienst (Lesemodelle)")


class ProjectOut(Schema):
    project_id = fields.String()
    title = fields.String()
    stage = fields.String()
    programme_id = fields.String(allow_none=True)


class ProgrammeOut(Schema):
    programme_id = fields.String()
    name = fields.String()
    short_name = fields.String()
    status = fields.String()


@blp.route("/projects")
class Projects(MethodView):
    @require_roles(*READ)
    @blp.response(200, ProjectOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        with connect() as conn:
            return page(queries.projects(conn), pagination_parameters)


@blp.route("/programmes")
class Programmes(MethodView):
    @require_roles(*READ)
    @blp.response(200, ProgrammeOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """Die Förderprogramme, die der Programmdienst gemeldet hat (für die Zuordnung eines Gremiums)."""
        with connect() as conn:
            return page(queries.programmes(conn), pagination_parameters)
