"""/api/finance/projects: finance's read model of programmes' projects."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from finance import queries
from finance.api._util import READ_ROLES, page, read
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("projects", __name__, url_prefix="/api/finance/projects", description="Projekte (Lesemodell)")


class ProjectOut(Schema):
    id = fields.String()
    title = fields.String()
    programme_id = fields.String(allow_none=True)
    stage = fields.String()
    fields_of_action = fields.List(fields.String())
    districts = fields.List(fields.String())


@blp.route("")
class Projects(MethodView):
    @require_roles(*READ_ROLES)
    @blp.response(200, ProjectOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        return page(pagination_parameters, read(queries.projects))
