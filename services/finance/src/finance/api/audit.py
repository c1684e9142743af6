"""/api/finance/audit/<entity>/<id>: who changed what and when."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from servicekit.auth import require_roles
from servicekit.db.audit import audit_trail
from servicekit.web.app import runtime_of
from servicekit.web.fields import ActorRef, UtcDateTime
from servicekit.web.schemas import Schema

blp = Blueprint("audit", __name__, url_prefix="/api/finance/audit", description="Änderungsprotokoll")
ENTITIES = ("funder", "funding_plan", "grant", "journal_entry", "drawdown", "proof_of_use", "action_fund")


class AuditOut(Schema):
    at = UtcDateTime()
    actor = ActorRef("actor", "actor_name")
    entity = fields.String()
    entity_id = fields.String()
    action = fields.String()
    changes = fields.Raw(allow_none=True)
    request_id = fields.String()


@blp.route("/<any(" + ", ".join(ENTITIES) + "):entity>/<entity_id>")
class Audit(MethodView):
    @require_roles("finance.clerk", "finance.approver", "viewer")
    @blp.response(200, AuditOut(many=True))
    def get(self, entity, entity_id):
        rt = runtime_of()
        with rt.session_factory() as session:
            return audit_trail(session, rt.metadata, entity, entity_id)
