"""/api/participation/public/events…: published events, registration, cancellation, iCal (no token)."""

from flask import Response
from flask_smorest import Blueprint

from participation import queries
from participation.adapters.ical import calendar
from participation.api.common import connect, page, public_url, uow
from participation.api.public_schemas import (
    PublicEventDetail,
    PublicEventList,
    PublicEventOut,
    RegistrationAnswer,
    RegistrationIn,
    TokenIn,
)
from participation.service_layer import events
from servicekit.web import downloads

blp = Blueprint("public_events", __name__, url_prefix="/api/participation/public",
                description="Öffentlich: Veranstaltungen, Anmeldung, Abmeldung, iCal")


@blp.route("/events", methods=["GET"])
@blp.arguments(PublicEventList, location="query")
@blp.response(200, PublicEventOut(many=True))
@blp.paginate()
def list_events(args, pagination_parameters):
    with connect() as conn:
        rows = queries.events(conn, q=args["q"], public=True, start=args["from_"], field=args["field"],
                              district=args["district"])
    return page(rows, pagination_parameters)


@blp.route("/events.ics", methods=["GET"])
@blp.response(200, content_type="text/calendar")
def all_events_ics():
    with connect() as conn:
        rows = queries.events(conn, public=True)
    return _ics(calendar(rows, public_url()), "veranstaltungen.ics")


@blp.route("/events/<event_id>.ics", methods=["GET"])
@blp.response(200, content_type="text/calendar")
def event_ics(event_id):
    with connect() as conn:
        e = queries.event_detail(conn, event_id, public=True)
    return _ics(calendar([e], public_url()), downloads.filename([e.get("title")], "ics", default="Veranstaltung"))


@blp.route("/events/<event_id>", methods=["GET"])
@blp.response(200, PublicEventDetail)
def event_detail(event_id):
    with connect() as conn:
        return queries.event_detail(conn, event_id, public=True)


@blp.route("/events/<event_id>/registrations", methods=["POST"])
@blp.arguments(RegistrationIn)
@blp.response(201, RegistrationAnswer)
def register(data, event_id):
    """Anmeldung; bestätigt oder Warteliste. Die Mail mit dem Abmeldelink verschickt der Newsletter-Dienst."""
    data.pop("consent")
    return events.register(uow(), event_id, public_url=public_url(), **data)


@blp.route("/registrations/cancel", methods=["POST"])
@blp.arguments(TokenIn)
@blp.response(200)
def cancel(data):
    """Abmeldung über den Link aus der Mail; rückt die Warteliste nach."""
    events.cancel(uow(), data["token"], public_url=public_url())
    return {"status": "cancelled"}


def _ics(body: bytes, filename: str) -> Response:
    return downloads.disposition(Response(body, mimetype="text/calendar"), filename, inline=True)
