"""/api/participation/meetings: scheduling, invitations, agenda, attendance, quorum, votes, decisions, minutes."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from participation import queries
from participation.adapters import pdf
from participation.api.common import (
    EDITOR,
    READ,
    actor,
    connect,
    file_name,
    in_language,
    page_sql,
    pdf_response,
    public_url,
    reader_language,
    uow,
    with_actors,
)
from participation.api.schemas import (
    AgendaItemIn,
    ApproveMinutesIn,
    AttendanceIn,
    DecideIn,
    DecisionOut,
    MeetingIn,
    MeetingOut,
    MinutesIn,
    VoteIn,
)
from participation.service_layer import decisions, meetings
from servicekit.auth import require_roles
from servicekit.formats import local
from servicekit.web.links import BODY_ID, link, links
from servicekit.web.schemas import Schema

blp = Blueprint("meetings", __name__, url_prefix="/api/participation/meetings",
                description="Sitzungen: Tagesordnung, Anwesenheit, Beschlussfähigkeit, Abstimmungen, Protokoll")


class MeetingQuery(Schema):
    q = fields.String(load_default=None, metadata={"description": "Suche in Titel, Ort und Gremium"})
    body_id = fields.String(load_default=None)
    when = fields.String(load_default=None, validate=validate.OneOf(queries.MEETING_TIMES),
                         metadata={"description": "kommend oder vergangen"})


@blp.route("")
class Meetings(MethodView):
    @require_roles(*READ)
    @blp.arguments(MeetingQuery, location="query")
    @blp.response(200, MeetingOut(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        with connect() as conn:
            return page_sql(conn, queries.meetings_stmt(args["q"], args["body_id"], args["when"]),
                            pagination_parameters)

    @require_roles(EDITOR)
    @blp.arguments(MeetingIn)
    @blp.response(201, MeetingOut)
    @blp.doc(**links(201, read=link("/api/participation/meetings/{meeting_id}", meeting_id=BODY_ID),
                     item=link("/api/participation/meetings/{meeting_id}/items", "post", meeting_id=BODY_ID),
                     attendance=link("/api/participation/meetings/{meeting_id}/attendance", "put",
                                     meeting_id=BODY_ID),
                     minutes=link("/api/participation/meetings/{meeting_id}/minutes", "put", meeting_id=BODY_ID)))
    def post(self, data):
        body_id = data.pop("body_id")
        return meetings.schedule_meeting(uow(), body_id, actor=actor(), **data)


@blp.route("/<meeting_id>", methods=["GET"])
@require_roles(*READ)
@blp.response(200)
def detail(meeting_id):
    """Das Sitzungscockpit: Tagesordnung mit Stimmen, Befangenheiten und Beschlüssen; Anwesenheit; Quorum."""
    with connect() as conn:
        m = queries.meeting_detail(conn, meeting_id)
    m = with_actors(m, "invited_by", "minutes_approved_by")
    for it in m["items"]:
        if it["decision"]:
            it["decision"] = with_actors(it["decision"], "recorded_by")
    return pdf.jsonable(m)


@blp.route("/<meeting_id>/invitations", methods=["POST"])
@require_roles(EDITOR)
@blp.response(202)
def invite(meeting_id):
    return meetings.invite(uow(), meeting_id, actor=actor(), public_url=public_url())


@blp.route("/<meeting_id>/items", methods=["POST"])
@require_roles(EDITOR)
@blp.arguments(AgendaItemIn)
@blp.response(201)
def add_item(data, meeting_id):
    return pdf.jsonable(meetings.add_agenda_item(uow(), meeting_id, actor=actor(), **data))


@blp.route("/<meeting_id>/attendance", methods=["PUT"])
@require_roles(EDITOR)
@blp.arguments(AttendanceIn)
@blp.response(200)
def attendance(data, meeting_id):
    meetings.record_attendance(uow(), meeting_id, actor=actor(), present=data["present"])
    with connect() as conn:
        return queries.meeting_detail(conn, meeting_id)["quorum"]


@blp.route("/<meeting_id>/quorum", methods=["GET"])
@require_roles(*READ)
@blp.response(200)
def quorum(meeting_id):
    with connect() as conn:
        return queries.meeting_detail(conn, meeting_id)["quorum"]


@blp.route("/<meeting_id>/items/<item_id>/votes", methods=["POST"])
@require_roles(EDITOR)
@blp.arguments(VoteIn)
@blp.response(201)
def cast_vote(data, meeting_id, item_id):
    _item_of(meeting_id, item_id)
    return decisions.cast_vote(uow(), item_id, actor=actor(), **data)


@blp.route("/<meeting_id>/items/<item_id>/decision", methods=["POST"])
@require_roles(EDITOR)
@blp.arguments(DecideIn)
@blp.response(201, DecisionOut)
def decide(data, meeting_id, item_id):
    _item_of(meeting_id, item_id)
    outcome = "deferred" if data["deferred"] else None
    made = decisions.decide(uow(), item_id, actor=actor(), outcome=outcome, amount=data["amount"],
                            title=data["title"])
    with connect() as conn:
        return queries.decision_detail(conn, made["id"])


@blp.route("/<meeting_id>/minutes", methods=["GET"])
@require_roles(*READ)
@blp.response(200)
def get_minutes(meeting_id):
    with connect() as conn:
        m = queries.meeting_detail(conn, meeting_id)
    return {"meeting_id": meeting_id, "status": m["minutes_status"], "text": m["minutes_text"],
            "approved_in": m["minutes_approved_in"]}


@blp.route("/<meeting_id>/minutes", methods=["PUT"])
@require_roles(EDITOR)
@blp.arguments(MinutesIn)
@blp.response(200)
def put_minutes(data, meeting_id):
    return meetings.save_minutes(uow(), meeting_id, actor=actor(), text=data["text"])


@blp.route("/<meeting_id>/minutes/approve", methods=["POST"])
@require_roles(EDITOR)
@blp.arguments(ApproveMinutesIn)
@blp.response(200)
def approve_minutes(data, meeting_id):
    return meetings.approve_minutes(uow(), meeting_id, actor=actor(), approved_in=data["approved_in"])


@blp.route("/<meeting_id>/minutes.pdf", methods=["GET"])
@require_roles(*READ)
@blp.response(200, content_type="application/pdf")
def minutes_pdf(meeting_id):
    """Das Protokoll als PDF in der Sprache des Lesers (``?lang=``, Sprachwahl, sonst ``Accept-Language``)."""
    with connect() as conn:
        m = queries.meeting_detail(conn, meeting_id)
    lang = reader_language()
    with in_language(lang):
        data = pdf.minutes(m, lang)
    word = "Minutes" if lang == "en" else "Protokoll"
    return pdf_response(data, file_name(word, m["body"]["name"], m["title"], f"{local(m['starts_at']):%Y-%m-%d}"))


def _item_of(meeting_id: str, item_id: str) -> None:
    from participation.domain.errors import NotFound
    with connect() as conn:
        m = queries.meeting_detail(conn, meeting_id)
    if item_id not in {it["id"] for it in m["items"]}:
        raise NotFound(f"Der Tagesordnungspunkt „{item_id}“ gehört nicht zu dieser Sitzung.")
