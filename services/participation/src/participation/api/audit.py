"""/api/participation/audit: who changed what (Audit-Log)."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields
from sqlalchemy import select

from participation.adapters.orm import metadata
from participation.api.common import EDITOR, connect, page_sql
from participation.api.schemas import AuditOut
from servicekit.auth import require_roles
from servicekit.web.schemas import Schema

blp = Blueprint("audit", __name__, url_prefix="/api/participation/audit", description="Audit-Log")


class AuditQuery(Schema):
    entity = fields.String(load_default=None)
    entity_id = fields.String(load_default=None)


@blp.route("")
class Audit(MethodView):
    @require_roles(EDITOR)
    @blp.arguments(AuditQuery, location="query")
    @blp.response(200, AuditOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        log = metadata.tables["audit_log"]
        stmt = select(log).order_by(log.c.id.desc())
        if args["entity"]:
            stmt = stmt.where(log.c.entity == args["entity"])
        if args["entity_id"]:
            stmt = stmt.where(log.c.entity_id == args["entity_id"])
        with connect() as conn:
            return page_sql(conn, stmt, pagination_parameters)
