"""/api/participation/events: public events (Veranstaltungen) and their registrations, for staff."""

from flask.views import MethodView
from flask_smorest import Blueprint

from participation import queries
from participation.api.common import EDITOR, PERSONAL, READ, actor, connect, page_sql, public_url, uow
from participation.api.schemas import CancelEventIn, EventIn, EventOut, Query, RegistrationOut
from participation.service_layer import events
from servicekit.auth import require_roles

blp = Blueprint("events", __name__, url_prefix="/api/participation/events", description="Veranstaltungen")


@blp.route("")
class Events(MethodView):
    @require_roles(*READ)
    @blp.arguments(Query, location="query")
    @blp.response(200, EventOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with connect() as conn:
            return page_sql(conn, queries.events_stmt(args["q"]), pagination_parameters, then=queries.with_seats)

    @require_roles(EDITOR)
    @blp.arguments(EventIn)
    @blp.response(201, EventOut)
    def post(self, data):
        created = events.create_event(uow(), actor=actor(), **data)
        with connect() as conn:
            return queries.event_detail(conn, created["id"])


@blp.route("/<event_id>")
class Event(MethodView):
    @require_roles(*READ)
    @blp.response(200, EventOut)
    def get(self, event_id):
        with connect() as conn:
            return queries.event_detail(conn, event_id)


@blp.route("/<event_id>/publish", methods=["POST"])
@require_roles(EDITOR)
@blp.response(200, EventOut)
def publish(event_id):
    events.publish_event(uow(), event_id, actor=actor())
    with connect() as conn:
        return queries.event_detail(conn, event_id)


@blp.route("/<event_id>/registrations", methods=["GET"])
@require_roles(*PERSONAL)
@blp.response(200, RegistrationOut(many=True))
def registrations(event_id):
    with connect() as conn:
        return queries.registrations(conn, event_id)


@blp.route("/<event_id>/cancel", methods=["POST"])
@require_roles(EDITOR)
@blp.arguments(CancelEventIn)
@blp.response(200, EventOut)
def cancel_event(data, event_id):
    """Absage: die Veranstaltung verschwindet aus der öffentlichen Liste, alle Angemeldeten bekommen eine Mail."""
    events.cancel_event(uow(), event_id, actor=actor(), reason=data["reason"])
    with connect() as conn:
        return queries.event_detail(conn, event_id)


@blp.route("/<event_id>/registrations/<registration_id>/cancel", methods=["POST"])
@require_roles(EDITOR)
@blp.response(200)
def cancel_registration(event_id, registration_id):
    """Eine Anmeldung durch das Büro stornieren; die Warteliste rückt nach."""
    done = events.cancel_registration(uow(), event_id, registration_id, actor=actor(), public_url=public_url())
    return {"status": done["status"], "promoted": done["promoted"]}
