"""/api/programmes/programmes: funding programmes (Förderprogramme)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from programmes import lists
from programmes.api.common import READ_ROLES, WRITE_ROLES, actor, check_codes, readability, rt, sql_page, tag
from programmes.api.schemas import ProgrammeIn, ProgrammeOut, ProgrammePatch
from programmes.service_layer import programmes as handlers
from programmes.service_layer.common import funder_names, load_programme, notice_for
from servicekit.auth import require_roles
from servicekit.web.links import BODY_ID, ETAG, link, links, request_path
from servicekit.web.schemas import Schema

blp = Blueprint("programmes", __name__, url_prefix="/api/programmes/programmes", description="Förderprogramme")
ITEM = "/api/programmes/programmes/{programme_id}"


class ProgrammeQuery(Schema):
    q = fields.String()
    status = fields.String()
    field = fields.String()


def _out(session_or_conn, row: dict) -> dict:
    funders = funder_names(session_or_conn, row["funder_ids"])
    return {**row, "readability": readability(row["summary"]), "funder_notice": notice_for(funders)}


@blp.route("")
class Programmes(MethodView):
    @require_roles(*READ_ROLES)
    @blp.arguments(ProgrammeQuery, location="query")
    @blp.response(200, ProgrammeOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with rt().engine.connect() as conn:
            return [_out(conn, r) for r in sql_page(conn, lists.programmes_stmt(**args), pagination_parameters)]

    @require_roles(*WRITE_ROLES)
    @blp.arguments(ProgrammeIn)
    @blp.response(201, ProgrammeOut)
    @blp.doc(**links(201, read=link(ITEM, programme_id=BODY_ID)))
    def post(self, data):
        check_codes(data)
        row = handlers.create_programme(rt().uow(), actor=actor(), **data)
        blp.set_etag(tag(row))
        with rt().engine.connect() as conn:
            return _out(conn, row)


@blp.route("/<programme_id>")
class Programme(MethodView):
    @require_roles(*READ_ROLES)
    @blp.etag
    @blp.response(200, ProgrammeOut)
    @blp.doc(**links(200, update=link(ITEM, "patch", programme_id=request_path("programme_id"),
                                      headers={"If-Match": ETAG})))
    def get(self, programme_id):
        with rt().engine.connect() as conn:
            row = load_programme(conn, programme_id)
            blp.set_etag(tag(row))
            return _out(conn, row)

    @require_roles(*WRITE_ROLES)
    @blp.etag
    @blp.arguments(ProgrammePatch)
    @blp.response(200, ProgrammeOut)
    def patch(self, data, programme_id):
        with rt().engine.connect() as conn:
            check_codes(data, current=load_programme(conn, programme_id))
        row = handlers.update_programme(rt().uow(), programme_id, actor=actor(),
                                        check=lambda before: blp.check_etag(tag(before)), **data)
        blp.set_etag(tag(row))
        with rt().engine.connect() as conn:
            return _out(conn, row)


@blp.route("/<programme_id>/publish")
class Publish(MethodView):
    @require_roles(*WRITE_ROLES)
    @blp.response(200, ProgrammeOut)
    def post(self, programme_id):
        """Veröffentlichen auf der öffentlichen Seite."""
        row = handlers.set_programme_published(rt().uow(), programme_id, True, actor=actor())
        with rt().engine.connect() as conn:
            return _out(conn, row)

    @require_roles(*WRITE_ROLES)
    @blp.response(200, ProgrammeOut)
    def delete(self, programme_id):
        """Veröffentlichung zurücknehmen."""
        row = handlers.set_programme_published(rt().uow(), programme_id, False, actor=actor())
        with rt().engine.connect() as conn:
            return _out(conn, row)
