"""/api/participation/projects: read model of programmes' projects, for linking agenda items."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from participation import queries
from participation.api.common import READ, connect, page
from servicekit.auth import require_roles

blp = Blueprint("projects", __name__, url_prefix="/api/participation/projects",
                description="Projekte aus dem Programmdienst (Lesemodell für Tagesordnungspunkte)")


class ProjectOut(Schema):
    project_id = fields.String()
    title = fields.String()
    stage = fields.String()
    programme_id = fields.String(allow_none=True)


@blp.route("")
class Projects(MethodView):
    @require_roles(*READ)
    @blp.response(200, ProjectOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        with connect() as conn:
            return page(queries.projects(conn), pagination_parameters)
