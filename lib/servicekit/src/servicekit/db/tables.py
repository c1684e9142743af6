"""Infrastructure tables every service carries: outbox, inbox, aggregate sequences, audit log, local dead letters."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

ID_TYPE = BigInteger().with_variant(Integer(), "sqlite")


def add_infrastructure_tables(metadata: MetaData) -> dict[str, Table]:
    """Add the shared tables to a service's metadata (idempotent)."""
    if "outbox" in metadata.tables:
        names = ("outbox", "inbox", "aggregate_sequence", "audit_log", "dead_letter")
        return {name: metadata.tables[name] for name in names}
    outbox = Table(
        "outbox",
        metadata,
        Column("position", ID_TYPE, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("type", String(200), nullable=False),
        Column("subject", String(200), nullable=False),
        Column("sequence", Integer, nullable=False),
        Column("correlation_id", String(64), nullable=False, default=""),
        Column("payload", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
    )
    Index("ix_outbox_unpublished", outbox.c.position, postgresql_where=outbox.c.published_at.is_(None),
          sqlite_where=outbox.c.published_at.is_(None))
    inbox = Table(
        "inbox",
        metadata,
        Column("source", String(200), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("handler", String(200), nullable=False),
        Column("type", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("source", "event_id", "handler"),
    )
    seq = Table(
        "aggregate_sequence",
        metadata,
        Column("subject", String(200), primary_key=True),
        Column("last_sequence", Integer, nullable=False),
    )
    audit = Table(
        "audit_log",
        metadata,
        Column("id", ID_TYPE, primary_key=True, autoincrement=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("actor", String(200), nullable=False),
        Column("actor_name", String(200), nullable=False, default="", server_default=""),
        Column("entity", String(100), nullable=False),
        Column("entity_id", String(100), nullable=False),
        Column("action", String(100), nullable=False),
        Column("changes", JSON, nullable=True),
        Column("request_id", String(64), nullable=False, default=""),
    )
    Index("ix_audit_entity", audit.c.entity, audit.c.entity_id)
    dead = Table(
        "dead_letter",
        metadata,
        Column("id", ID_TYPE, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False),
        Column("type", String(200), nullable=False),
        Column("reason", Text, nullable=False),
        Column("body", Text, nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
    )
    return {"outbox": outbox, "inbox": inbox, "aggregate_sequence": seq, "audit_log": audit, "dead_letter": dead}
