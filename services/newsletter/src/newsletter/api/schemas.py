"""Request and response schemas (unknown fields are refused: marshmallow RAISE)."""

from marshmallow import ValidationError, fields, validate

from newsletter.domain.model import valid_link
from newsletter.service_layer.origins import origin_label
from servicekit.web.fields import ActorRef, UtcDateTime
from servicekit.web.schemas import Schema

LANG = validate.OneOf(["de", "en"])
LINK_MESSAGE = ("Bitte eine Webadresse wie „https://www.kaufbeuren.de/…“ oder eine Seite dieser Website wie "
                "„/projekte/…“ angeben.")


def _link(value: str) -> None:
    if not valid_link(value):
        raise ValidationError(LINK_MESSAGE)

TOPIC_LIST = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list,
                         validate=validate.Length(max=30))


class SubscribeIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    topics = TOPIC_LIST
    language = fields.String(load_default="de", validate=LANG)
    consent = fields.Boolean(required=True, validate=validate.Equal(
        True, error="Ohne Ihre Einwilligung können wir Ihnen keinen Newsletter schicken."))
    consent_text_version = fields.String(required=True, validate=validate.Length(min=1, max=60))
    form = fields.String(load_default="website", validate=validate.Length(min=1, max=60))


class TokenIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=500))


class StatusOut(Schema):
    status = fields.String()


class TopicOut(Schema):
    code = fields.String()
    name = fields.String()
    kind = fields.String()


class PublicIssueOut(Schema):
    id = fields.String()
    title = fields.String()
    sent_at = UtcDateTime()
    summary = fields.String()


class PublicItemOut(Schema):
    title = fields.String()
    body = fields.String()
    funder_notice = fields.String()
    link = fields.String()


class PublicIssueDetailOut(Schema):
    id = fields.String()
    title = fields.String()
    sent_at = UtcDateTime()
    intro = fields.String()
    items = fields.List(fields.Nested(PublicItemOut))


class PublicNewsOut(Schema):
    id = fields.String()
    title = fields.String()
    summary = fields.String()
    published_at = UtcDateTime()
    link = fields.String()


class SearchArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200))


class SubscriberOut(Schema):
    id = fields.String()
    email = fields.String()
    name = fields.String()
    language = fields.String()
    topics = fields.List(fields.String())
    status = fields.String()
    created_at = UtcDateTime()
    confirmed_at = UtcDateTime(allow_none=True)
    unsubscribed_at = UtcDateTime(allow_none=True)
    soft_bounces = fields.Integer()
    demo = fields.Boolean()


class SubscriberArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    status = fields.String(load_default=None, validate=validate.OneOf(
        ["pending", "confirmed", "unsubscribed", "bounced", "erased"]))
    topic = fields.String(load_default=None)


class SubscriberIn(Schema):
    """Recorded by the department (e.g. a paper form): the opt-in mail still goes out."""
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    topics = TOPIC_LIST
    language = fields.String(load_default="de", validate=LANG)
    consent_form = fields.String(required=True, validate=validate.Length(min=2, max=60))
    consent_text_version = fields.String(required=True, validate=validate.Length(min=1, max=60))
    consent_evidence = fields.String(required=True, validate=validate.Length(min=3, max=500))


class NewsIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    summary = fields.String(load_default="", validate=validate.Length(max=2000))
    body = fields.String(load_default="", validate=validate.Length(max=20000))
    funder_notice = fields.String(load_default="", validate=validate.Length(max=2000))
    link = fields.String(load_default="", validate=[validate.Length(max=500), _link], metadata={
        "description": "Eine Webadresse (http/https) oder ein Pfad dieser Website, der mit einem „/“ beginnt."})
    topics = TOPIC_LIST


class NewsPatch(NewsIn):
    title = fields.String(validate=validate.Length(min=3, max=200))


class NewsOut(Schema):
    id = fields.String()
    title = fields.String()
    summary = fields.String()
    body = fields.String()
    funder_notice = fields.String()
    link = fields.String()
    topics = fields.List(fields.String())
    status = fields.String()
    source_type = fields.String()
    source_label = fields.Function(lambda row: str(origin_label(row.get("source_type"))), metadata={
        "description": "Herkunft in Worten, z. B. „Veranstaltung veröffentlicht (Netzwerkarbeit)“."})
    source_name = fields.String(metadata={"description": "Worum es geht, mit Namen (Projekt, Veranstaltung, "
                                                         "Programm, Beschluss); leer bei eigenen Meldungen."})
    editor_note = fields.String(metadata={"description": "Hinweis aus einem Ereignis für die Redaktion, z. B. "
                                                          "„Veranstaltung abgesagt: …“; sonst leer."})
    created_at = UtcDateTime()
    created_by = ActorRef("created_by", "created_by_name")
    approved_at = UtcDateTime(allow_none=True)
    approved_by = ActorRef("approved_by", "approved_by_name")
    readability = fields.Dict()


class NewsArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    status = fields.String(load_default=None, validate=validate.OneOf(["draft", "approved", "rejected"]))
    origin = fields.String(load_default=None, validate=validate.Length(max=100),
                           metadata={"description": "Herkunft (Ereignistyp, z. B. participation.event.published, "
                                                    "oder manual)"})


class DecisionIn(Schema):
    approve = fields.Boolean(required=True)


class IssueIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    intro = fields.String(load_default="", validate=validate.Length(max=5000))
    topics = TOPIC_LIST
    news_ids = fields.List(fields.String(), load_default=list)


class IssuePatch(Schema):
    title = fields.String(validate=validate.Length(min=3, max=200))
    intro = fields.String(validate=validate.Length(max=5000))
    topics = fields.List(fields.String())
    news_ids = fields.List(fields.String())


class IssueOut(Schema):
    id = fields.String()
    title = fields.String()
    intro = fields.String()
    topics = fields.List(fields.String())
    status = fields.String()
    scheduled_at = UtcDateTime(allow_none=True)
    started_at = UtcDateTime(allow_none=True)
    finished_at = UtcDateTime(allow_none=True)
    total = fields.Integer()
    news_ids = fields.List(fields.String())
    created_at = UtcDateTime()
    created_by = ActorRef("created_by", "created_by_name")
    scheduled_by = ActorRef("scheduled_by", "scheduled_by_name")


class IssueArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    status = fields.String(load_default=None, validate=validate.OneOf(["draft", "scheduled", "sending", "sent"]))


class ScheduleIn(Schema):
    at = fields.AwareDateTime(load_default=None, allow_none=True)


class TestSendIn(Schema):
    to = fields.Email(required=True)
    language = fields.String(load_default="de", validate=LANG)


class ProgressOut(Schema):
    id = fields.String()
    status = fields.String()
    total = fields.Integer()
    done = fields.Integer()
    sent = fields.Integer()
    failed = fields.Integer()
    skipped = fields.Integer()
    waiting = fields.Integer()
    percent = fields.Float()
    rate = fields.Float()
    eta_seconds = fields.Integer(allow_none=True)
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
