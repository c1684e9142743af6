"""Tables of the newsletter service."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from servicekit.db import naming_metadata

metadata = naming_metadata()
BIG_ID = BigInteger().with_variant(Integer(), "sqlite")

topic = Table(
    "topic", metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("kind", String(20), nullable=False),  # field_of_action | district
)

subscriber = Table(
    "subscriber", metadata,
    Column("id", String(32), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(200), nullable=False, default=""),
    Column("language", String(2), nullable=False, default="de"),
    Column("topics", JSON, nullable=False, default=list),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_at", DateTime(timezone=True)),
    Column("unsubscribed_at", DateTime(timezone=True)),
    Column("bounced_at", DateTime(timezone=True)),
    Column("soft_bounces", Integer, nullable=False, default=0),
    Column("consent_id", String(32)),  # the opt-in request a confirmation token must match
    Column("last_optin_mail_at", DateTime(timezone=True)),
    Column("demo", Boolean, nullable=False, default=False),
)
Index("ix_subscriber_status", subscriber.c.status)

# Consent proof (§ 7 UWG, Art. 7 DSGVO): every request, confirmation and withdrawal, never updated.
consent = Table(
    "consent", metadata,
    Column("id", String(32), primary_key=True),
    Column("subscriber_id", String(32), ForeignKey("subscriber.id", ondelete="CASCADE"), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("form", String(60), nullable=False),
    Column("text_version", String(60), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("topics", JSON, nullable=False, default=list),
    Column("source", String(20), nullable=False, default="website"),  # website | import | department
    Column("evidence", Text, nullable=False, default=""),  # e.g. where an imported consent is documented
    Column("confirmed_at", DateTime(timezone=True)),
    Column("withdrawn_at", DateTime(timezone=True)),
)
Index("ix_consent_subscriber", consent.c.subscriber_id)

news_item = Table(
    "news_item", metadata,
    Column("id", String(32), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("body", Text, nullable=False, default=""),
    Column("funder_notice", Text, nullable=False, default=""),
    Column("link", String(500), nullable=False, default=""),
    Column("topics", JSON, nullable=False, default=list),
    Column("status", String(20), nullable=False),
    Column("source_type", String(100), nullable=False, default="manual"),
    Column("source_id", String(64)),
    # The project a drafted item is about (a project's publication, a decision on it): a funder notice that
    # arrives later fills that project's drafts still waiting for approval.
    Column("project_id", String(64)),
    # A note for the editors set by an event, e.g. "Veranstaltung abgesagt: …" on an item about a called-off
    # event (drafts are rejected with it; an approved item not yet sent keeps its status and shows the note).
    Column("editor_note", Text, nullable=False, default="", server_default=""),
    # What a drafted item is about, by name (the project, event, programme or decision): screens never show
    # source_id.
    Column("source_name", String(300), nullable=False, default="", server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Actors: the account id and, beside it, the name from the signed identity at write time.
    Column("created_by", String(200)),
    Column("created_by_name", String(200), nullable=False, default="", server_default=""),
    Column("approved_at", DateTime(timezone=True)),
    Column("approved_by", String(200)),
    Column("approved_by_name", String(200), nullable=False, default="", server_default=""),
    Column("demo", Boolean, nullable=False, default=False),
    UniqueConstraint("source_type", "source_id", name="uq_news_item_source"),
)
Index("ix_news_item_project", news_item.c.project_id)

issue = Table(
    "issue", metadata,
    Column("id", String(32), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("intro", Text, nullable=False, default=""),
    Column("topics", JSON, nullable=False, default=list),
    Column("status", String(20), nullable=False),
    Column("scheduled_at", DateTime(timezone=True)),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("total", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200)),
    Column("created_by_name", String(200), nullable=False, default="", server_default=""),
    Column("scheduled_by", String(200)),
    Column("scheduled_by_name", String(200), nullable=False, default="", server_default=""),
    Column("demo", Boolean, nullable=False, default=False),
)

issue_item = Table(
    "issue_item", metadata,
    Column("issue_id", String(32), ForeignKey("issue.id", ondelete="CASCADE"), primary_key=True),
    Column("news_id", String(32), ForeignKey("news_item.id"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)

transactional_mail = Table(
    "transactional_mail", metadata,
    Column("id", String(64), primary_key=True),  # the producer's mail_id: one mail per request
    Column("template", String(40), nullable=False),
    Column("language", String(2), nullable=False, default="de"),
    Column("to_name", String(200), nullable=False, default=""),
    Column("context", JSON, nullable=False, default=dict),
    Column("source", String(60), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The send log: one row per (issue, subscriber) or per transactional mail; the sender's only state.
delivery = Table(
    "delivery", metadata,
    Column("id", BIG_ID, primary_key=True, autoincrement=True),
    Column("issue_id", String(32), ForeignKey("issue.id", ondelete="CASCADE")),
    Column("subscriber_id", String(32)),
    Column("mail_id", String(64), ForeignKey("transactional_mail.id", ondelete="CASCADE"), unique=True),
    Column("to_addr", String(254), nullable=False),
    Column("priority", Integer, nullable=False, default=5),  # 0 = transactional first
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("claimed_by", String(64)),
    Column("claimed_at", DateTime(timezone=True)),
    Column("message_id", String(200), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("last_error", Text, nullable=False, default=""),
    UniqueConstraint("issue_id", "subscriber_id", name="uq_delivery_issue_subscriber"),
)
# The claim walks this index in (priority, id) order: no sort over the whole queue per claim.
Index("ix_delivery_queue", delivery.c.status, delivery.c.priority, delivery.c.id)
Index("ix_delivery_issue_status", delivery.c.issue_id, delivery.c.status)
Index("ix_delivery_message_id", delivery.c.message_id)

bounce = Table(
    "bounce", metadata,
    Column("id", BIG_ID, primary_key=True, autoincrement=True),
    Column("subscriber_id", String(32)),
    Column("email", String(254), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("diagnostic", Text, nullable=False, default=""),
    Column("message_id", String(200), nullable=False, default=""),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("source", String(40), nullable=False, default="api"),
)

# Read models fed by other services' events (for the funder notice and news drafts).
project_ref = Table(
    "project_ref", metadata,
    Column("project_id", String(64), primary_key=True),
    Column("title", String(300), nullable=False),
    Column("funder_notice", Text, nullable=False, default=""),
    Column("url", String(500), nullable=False, default=""),
    Column("sequence", Integer, nullable=False, default=0),
)

programme_ref = Table(
    "programme_ref", metadata,
    Column("programme_id", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("status", String(20), nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("sequence", Integer, nullable=False, default=0),
)
