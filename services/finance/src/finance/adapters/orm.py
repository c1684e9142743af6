"""Tables of the finance service. Money is Money(); ids are strings."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
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
from servicekit.db.types import Money

metadata = naming_metadata()
MONEY = Money()


def _id(name="id", **kw):
    return Column(name, String(64), primary_key=True, **kw)


def _name(actor_column: str) -> Column:
    """The actor's name beside the actor id, stored at write time (migration 0005); empty for older rows."""
    return Column(f"{actor_column}_name", String(200), nullable=False, default="", server_default="")


funder = Table(
    "funder", metadata, _id(),
    Column("name", String(200), nullable=False),
    Column("short_name", String(60), nullable=False, default=""),
    Column("type", String(30), nullable=False),
    Column("public", Boolean, nullable=False),
    Column("publicity_notice", Text, nullable=False, default=""),
    Column("rules_version", Integer, nullable=False, default=1),
    Column("demo", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

funder_rules = Table(
    "funder_rules", metadata,
    Column("funder_id", String(64), ForeignKey("funder.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("rules", JSON, nullable=False),
    Column("created_by", String(200), nullable=False),
    _name("created_by"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

project = Table(
    "project", metadata, _id(),
    Column("title", String(300), nullable=False),
    Column("programme_id", String(64), nullable=True),
    Column("stage", String(30), nullable=False),
    Column("fields_of_action", JSON, nullable=False),
    Column("districts", JSON, nullable=False),
    Column("last_sequence", Integer, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

#: read model of participation's bodies (Gremien), from participation.body.created/updated: the body that holds
#: an action fund is chosen by its name (migration 0006)
body = Table(
    "body", metadata, _id(),
    Column("name", String(300), nullable=False),
    Column("body_type", String(40), nullable=False, default=""),
    Column("last_sequence", Integer, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

funding_plan = Table(
    "funding_plan", metadata, _id(),
    Column("project_id", String(64), nullable=False, index=True, unique=True),  # one plan per project
    Column("title", String(300), nullable=False),
    Column("current_version", Integer, nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

plan_version = Table(
    "plan_version", metadata,
    Column("plan_id", String(64), ForeignKey("funding_plan.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("own_means_available", MONEY, nullable=False),
    Column("valid", Boolean, nullable=False),
    Column("failures", JSON, nullable=False),
    Column("total_costs", MONEY, nullable=False),
    Column("external_funds", MONEY, nullable=False),
    Column("municipal_share", MONEY, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_by", String(200), nullable=False),
    _name("created_by"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

plan_cost = Table(
    "plan_cost", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("position", String(40), nullable=False),
    Column("category", String(30), nullable=False),
    Column("year", Integer, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("label", String(300), nullable=False, default=""),
    Index("ix_plan_cost_plan_version", "plan_id", "version"),
)

plan_source = Table(
    "plan_source", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("funder_id", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("position", String(40), nullable=True),
    Index("ix_plan_source_plan_version", "plan_id", "version"),
)

grant = Table(
    "grant", metadata, _id(),
    Column("project_id", String(64), nullable=False, index=True),
    Column("funder_id", String(64), ForeignKey("funder.id"), nullable=False),
    Column("current_version", Integer, nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

grant_version = Table(
    "grant_version", metadata,
    Column("grant_id", String(64), ForeignKey("grant.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("amount", MONEY, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("reference", String(120), nullable=False, default=""),
    Column("conditions", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("created_by", String(200), nullable=False),
    _name("created_by"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

journal_entry = Table(
    "journal_entry", metadata, _id(),
    Column("project_id", String(64), nullable=False, index=True),
    Column("plan_id", String(64), nullable=False),
    Column("plan_version", Integer, nullable=False),
    Column("receipt_number", String(60), nullable=False),
    Column("booking_date", Date, nullable=False),
    Column("payee", String(200), nullable=False),
    Column("purpose", String(300), nullable=False),
    Column("category", String(30), nullable=False),
    Column("position", String(40), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("reverses", String(64), ForeignKey("journal_entry.id"), nullable=True, unique=True),
    Column("booked_by", String(200), nullable=False),
    _name("booked_by"),
    Column("booked_at", DateTime(timezone=True), nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
)

journal_share = Table(
    "journal_share", metadata,
    Column("entry_id", String(64), ForeignKey("journal_entry.id"), primary_key=True),
    Column("funder_id", String(64), primary_key=True),
    Column("amount", MONEY, nullable=False),
    Index("ix_journal_share_funder", "funder_id"),
)

drawdown = Table(
    "drawdown", metadata, _id(),
    Column("project_id", String(64), nullable=False, index=True),
    Column("funder_id", String(64), ForeignKey("funder.id"), nullable=False),
    Column("grant_id", String(64), ForeignKey("grant.id"), nullable=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("purpose", String(300), nullable=False, default=""),
    Column("status", String(20), nullable=False),
    Column("created_by", String(200), nullable=False),
    _name("created_by"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("approved_by", String(200), nullable=True),
    _name("approved_by"),
    Column("approved_at", DateTime(timezone=True), nullable=True),
    Column("submitted_at", DateTime(timezone=True), nullable=True),
    Column("received_at", DateTime(timezone=True), nullable=True),
    Column("demo", Boolean, nullable=False, default=False),
)

proof_submission = Table(
    "proof_submission", metadata, _id(),
    Column("project_id", String(64), nullable=False),
    Column("funder_id", String(64), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("year", Integer, nullable=True),
    Column("submitted_by", String(200), nullable=False),
    _name("submitted_by"),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
)

action_fund = Table(
    "action_fund", metadata, _id(),
    Column("body_id", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("budget", MONEY, nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False, default="", server_default=""),
    _name("created_by"),
    UniqueConstraint("body_id", "year"),
)

action_fund_booking = Table(
    "action_fund_booking", metadata,
    Column("decision_id", String(64), primary_key=True),
    Column("fund_id", String(64), ForeignKey("action_fund.id"), nullable=False, index=True),
    Column("number", String(60), nullable=False),
    Column("title", String(300), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("booked_at", DateTime(timezone=True), nullable=False),
)

action_fund_refusal = Table(
    "action_fund_refusal", metadata,
    Column("decision_id", String(64), primary_key=True),
    Column("fund_id", String(64), nullable=True),
    Column("title", String(300), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

radar_notice = Table(
    "radar_notice", metadata,
    Column("grant_id", String(64), primary_key=True),
    Column("threshold_months", Integer, primary_key=True),
    Column("period_end", Date, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
