"""/api/participation/bodies: Gremien and their memberships."""

from flask.views import MethodView
from flask_smorest import Blueprint

from participation import queries
from participation.api.common import EDITOR, READ, actor, connect, page, uow
from participation.api.schemas import BodyDetail, BodyIn, BodyOut, EndMembershipIn, MembershipIn, MembershipOut
from participation.service_layer import bodies
from servicekit.auth import require_roles

blp = Blueprint("bodies", __name__, url_prefix="/api/participation/bodies",
                description="Gremien: Begleitausschuss, Steuerungsgruppe, Arbeitskreis, Impulswerkstatt, Netzwerk")


@blp.route("")
class Bodies(MethodView):
    @require_roles(*READ)
    @blp.response(200, BodyOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        with connect() as conn:
            return page(queries.bodies(conn), pagination_parameters)

    @require_roles(EDITOR)
    @blp.arguments(BodyIn)
    @blp.response(201, BodyOut)
    def post(self, data):
        return bodies.create_body(uow(), actor=actor(), **data)


@blp.route("/<body_id>")
class Body(MethodView):
    @require_roles(*READ)
    @blp.response(200, BodyDetail)
    def get(self, body_id):
        with connect() as conn:
            return queries.body_detail(conn, body_id)


@blp.route("/<body_id>/memberships")
class Memberships(MethodView):
    @require_roles(*READ)
    @blp.response(200, MembershipOut(many=True))
    def get(self, body_id):
        with connect() as conn:
            return queries.body_detail(conn, body_id)["members"]

    @require_roles(EDITOR)
    @blp.arguments(MembershipIn)
    @blp.response(201, MembershipOut)
    def post(self, data, body_id):
        return bodies.add_membership(uow(), body_id, actor=actor(), **data)


@blp.route("/<body_id>/memberships/<membership_id>/end", methods=["POST"])
@require_roles(EDITOR)
@blp.arguments(EndMembershipIn)
@blp.response(200, MembershipOut)
def end_membership(data, body_id, membership_id):
    """Mitgliedschaft beenden (letzter Tag); sie bleibt für vergangene Sitzungen erhalten."""
    bodies.end_membership(uow(), body_id, membership_id, actor=actor(), valid_until=data["valid_until"])
    with connect() as conn:
        return next(m for m in queries.members(conn, body_id) if m["id"] == membership_id)
