"""Tables of the participation service (SQLAlchemy Core)."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from servicekit.db import naming_metadata
from servicekit.db.types import ExactDecimal, Money

metadata = naming_metadata()


def _id(name="id"):
    return Column(name, String(64), primary_key=True)


def _demo():
    return Column("demo", Boolean, nullable=False, default=False)


def _actor(name: str) -> tuple[Column, Column]:
    """Who did it: the account id and, beside it, the name from the signed identity at write time."""
    return (Column(name, String(200)),
            Column(f"{name}_name", String(200), nullable=False, default="", server_default=""))


organisation = Table(
    "organisation", metadata, _id(),
    Column("name", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("email", String(200)), Column("phone", String(60)), Column("address", String(300)),
    _demo(),
)

person = Table(
    "person", metadata, _id(),
    Column("name", String(200), nullable=False),
    Column("email", String(200), index=True), Column("phone", String(60)), Column("address", String(300)),
    Column("organisation_id", String(64), ForeignKey("organisation.id")),
    Column("language", String(2), nullable=False, default="de"),
    Column("anonymised", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    _demo(),
)

consent = Table(
    "consent", metadata, _id(),
    Column("person_id", String(64), ForeignKey("person.id"), nullable=False, index=True),
    Column("purpose", String(80), nullable=False),
    Column("text_version", String(40), nullable=False),
    Column("given_at", DateTime(timezone=True), nullable=False),
    Column("method", String(20), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True)),
    *_actor("recorded_by"),
)

body = Table(
    "body", metadata, _id(),
    Column("name", String(200), nullable=False),
    Column("type", String(40), nullable=False),
    Column("prefix", String(8), nullable=False),
    Column("programme_id", String(64)),
    Column("fields_of_action", JSON, nullable=False, default=list),
    Column("quorum_percent", Integer, nullable=False, default=50),
    Column("description", Text, nullable=False, default=""),
    _demo(),
)

membership = Table(
    "membership", metadata, _id(),
    Column("body_id", String(64), ForeignKey("body.id"), nullable=False, index=True),
    Column("person_id", String(64), ForeignKey("person.id"), nullable=False),
    Column("organisation_id", String(64), ForeignKey("organisation.id")),
    Column("role", String(20), nullable=False),
    Column("voting", Boolean, nullable=False),
    Column("valid_from", Date), Column("valid_until", Date),
)

meeting = Table(
    "meeting", metadata, _id(),
    Column("body_id", String(64), ForeignKey("body.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("place", String(200), nullable=False, default=""),
    Column("invited_at", DateTime(timezone=True)),
    Column("minutes_text", Text, nullable=False, default=""),
    Column("minutes_status", String(20), nullable=False, default="draft"),
    Column("minutes_approved_in", String(64)),
    Column("minutes_approved_at", DateTime(timezone=True)),
    *_actor("invited_by"), *_actor("minutes_approved_by"),
    _demo(),
)

agenda_item = Table(
    "agenda_item", metadata, _id(),
    Column("meeting_id", String(64), ForeignKey("meeting.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("title", String(300), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("project_id", String(64)),
    Column("applicant_organisation_id", String(64), ForeignKey("organisation.id")),
    Column("amount", Money()),
)

attendance = Table(
    "attendance", metadata,
    Column("meeting_id", String(64), ForeignKey("meeting.id"), primary_key=True),
    Column("membership_id", String(64), ForeignKey("membership.id"), primary_key=True),
    Column("present", Boolean, nullable=False),
)

vote = Table(
    "vote", metadata,
    Column("item_id", String(64), ForeignKey("agenda_item.id"), primary_key=True),
    Column("membership_id", String(64), ForeignKey("membership.id"), primary_key=True),
    Column("choice", String(10), nullable=False),
    Column("cast_at", DateTime(timezone=True), nullable=False),
)

recusal = Table(
    "recusal", metadata,
    Column("item_id", String(64), ForeignKey("agenda_item.id"), primary_key=True),
    Column("membership_id", String(64), ForeignKey("membership.id"), primary_key=True),
    Column("reason", String(300), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

decision_counter = Table(
    "decision_counter", metadata,
    Column("prefix_year", String(20), primary_key=True),
    Column("last", Integer, nullable=False),
)

decision = Table(
    "decision", metadata, _id(),
    Column("number", String(20), nullable=False, unique=True),
    Column("body_id", String(64), ForeignKey("body.id"), nullable=False),
    Column("meeting_id", String(64), ForeignKey("meeting.id"), nullable=False),
    Column("item_id", String(64), ForeignKey("agenda_item.id"), nullable=False, unique=True),
    Column("title", String(300), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("amount", Money()),
    Column("project_id", String(64)),
    Column("votes_yes", Integer, nullable=False), Column("votes_no", Integer, nullable=False),
    Column("votes_abstain", Integer, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("published", Boolean, nullable=False, default=True),
    Column("refusal_reason", String(500)),
    Column("booked_remaining", Money()),
    *_actor("recorded_by"), Column("recorded_at", DateTime(timezone=True)),
    _demo(),
)

project_view = Table(
    "project_view", metadata, _id("project_id"),
    Column("title", String(300), nullable=False),
    Column("stage", String(30), nullable=False),
    Column("programme_id", String(64)),
    Column("sequence", Integer, nullable=False),
)

# Read model of the programmes service's funding programmes (programmes.programme.*), so that a body is linked
# to a programme chosen by its name.
programme_view = Table(
    "programme_view", metadata, _id("programme_id"),
    Column("name", String(300), nullable=False),
    Column("short_name", String(100), nullable=False, default=""),
    Column("status", String(20), nullable=False),
    Column("sequence", Integer, nullable=False),
)

opportunity = Table(
    "opportunity", metadata, _id(),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("organisation_id", String(64), ForeignKey("organisation.id")),
    Column("district", String(40)), Column("field_of_action", String(40)),
    Column("kind", String(20), nullable=False, default="opportunity"),
    Column("published", Boolean, nullable=False, default=True),
    _demo(),
)

signup = Table(
    "signup", metadata, _id(),
    Column("opportunity_id", String(64), ForeignKey("opportunity.id"), nullable=False, index=True),
    Column("person_id", String(64), ForeignKey("person.id")),
    Column("name", String(200), nullable=False), Column("email", String(200)), Column("phone", String(60)),
    Column("message", Text, nullable=False, default=""),
    Column("language", String(2), nullable=False, default="de"),
    Column("token", String(64), nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_at", DateTime(timezone=True)),
)

sponsorship = Table(
    "sponsorship", metadata, _id(),
    Column("person_id", String(64), ForeignKey("person.id"), nullable=False),
    Column("opportunity_id", String(64), ForeignKey("opportunity.id")),
    Column("object", String(200), nullable=False),
    Column("since", Date, nullable=False), Column("until", Date),
    _demo(),
)

hours = Table(
    "hours", metadata, _id(),
    Column("person_id", String(64), ForeignKey("person.id"), nullable=False, index=True),
    Column("opportunity_id", String(64), ForeignKey("opportunity.id")),
    Column("day", Date, nullable=False),
    Column("hours", ExactDecimal(6, 2), nullable=False),
    Column("note", String(300), nullable=False, default=""),
)

event = Table(
    "event", metadata, _id(),
    Column("title", String(200), nullable=False),
    Column("summary", String(500), nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True)),
    Column("place", String(200), nullable=False, default=""),
    Column("capacity", Integer, nullable=False),
    Column("waiting_list", Boolean, nullable=False, default=True),
    Column("published", Boolean, nullable=False, default=False),
    Column("fields_of_action", JSON, nullable=False, default=list),
    Column("districts", JSON, nullable=False, default=list),
    Column("cancelled_at", DateTime(timezone=True)),
    *_actor("cancelled_by"),
    _demo(),
)

registration = Table(
    "registration", metadata, _id(),
    Column("event_id", String(64), ForeignKey("event.id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("name", String(200), nullable=False), Column("email", String(200)),
    Column("seats", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("language", String(2), nullable=False, default="de"),
    Column("token", String(64), nullable=False, unique=True),
    Column("consent_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("event_id", "number"),
)
