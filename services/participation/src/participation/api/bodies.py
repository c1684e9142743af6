"""/api/participation/bodies: Gremien and their memberships."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from participation import queries
from participation.api.common import EDITOR, READ, actor, connect, page_sql, uow
from participation.api.schemas import (
    BodyDetail,
    BodyIn,
    BodyOut,
    BodyPatch,
    EndMembershipIn,
    MembershipIn,
    MembershipOut,
)
from participation.domain.errors import FieldError
from participation.service_layer import bodies
from servicekit.auth import require_roles
from servicekit.web.i18n import Msg
from servicekit.web.links import BODY_ID, link, links
from servicekit.web.schemas import Schema

blp = Blueprint("bodies", __name__, url_prefix="/api/participation/bodies",
                description="Gremien: Begleitausschuss, Steuerungsgruppe, Arbeitskreis, Impulswerkstatt, Netzwerk")


class BodyQuery(Schema):
    q = fields.String(load_default=None, metadata={"description": "Suche in Name, Beschreibung und Programm"})
    type = fields.String(load_default=None)
    programme_id = fields.String(load_default=None)


@blp.route("")
class Bodies(MethodView):
    @require_roles(*READ)
    @blp.arguments(BodyQuery, location="query")
    @blp.response(200, BodyOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with connect() as conn:
            return page_sql(conn, queries.bodies_stmt(args["q"], args["type"], args["programme_id"]),
                            pagination_parameters)

    @require_roles(EDITOR)
    @blp.arguments(BodyIn)
    @blp.response(201, BodyOut)
    @blp.doc(**links(201, read=link("/api/participation/bodies/{body_id}", body_id=BODY_ID),
                     update=link("/api/participation/bodies/{body_id}", "patch", body_id=BODY_ID),
                     member=link("/api/participation/bodies/{body_id}/memberships", "post", body_id=BODY_ID),
                     meeting=link("/api/participation/meetings", "post", body={"body_id": BODY_ID})))
    def post(self, data):
        """Gremium anlegen; ``programme_id`` muss ein Programm sein, das der Programmdienst gemeldet hat."""
        with connect() as conn:
            programme = known_programme(conn, data.get("programme_id"))
        return {**bodies.create_body(uow(), actor=actor(), **data), "programme_name": programme}


def known_programme(conn, programme_id: str | None) -> str | None:
    """The programme's name; 422 on ``programme_id`` when the programmes service never announced it."""
    if not programme_id:
        return None
    name = queries.programme_name(conn, programme_id)
    if name is None:
        raise FieldError("programme_id", Msg("Dieses Programm ist im Programmdienst nicht bekannt. Bitte ein "
                                             "vorhandenes Programm wählen."))
    return name


@blp.route("/<body_id>")
class Body(MethodView):
    @require_roles(*READ)
    @blp.response(200, BodyDetail)
    def get(self, body_id):
        with connect() as conn:
            return queries.body_detail(conn, body_id)

    @require_roles(EDITOR)
    @blp.arguments(BodyPatch)
    @blp.response(200, BodyOut)
    def patch(self, data, body_id):
        """Gremium ändern (z. B. umbenennen); die anderen Dienste erfahren es über participation.body.updated."""
        with connect() as conn:
            programme = known_programme(conn, data.get("programme_id"))
        row = bodies.update_body(uow(), body_id, actor=actor(), **data)
        if programme is None and row.get("programme_id"):
            with connect() as conn:
                programme = queries.programme_name(conn, row["programme_id"])
        return {**row, "programme_name": programme}


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
