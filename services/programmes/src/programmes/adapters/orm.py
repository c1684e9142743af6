"""Tables of the programmes service (SQLAlchemy Core). Lists of codes/ids are JSON columns."""

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text

from servicekit.db import naming_metadata
from servicekit.db.types import Money

metadata = naming_metadata()
ID = String(64)


def _ref(name: str) -> Table:
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("code", String(40), nullable=False, unique=True),
        Column("name", String(120), nullable=False),
        Column("active", Boolean, nullable=False, default=True),
        Column("version", Integer, nullable=False, default=1),
    )


field_of_action = _ref("field_of_action")
district = _ref("district")
target_group = _ref("target_group")

probe_received = Table(
    "probe_received",
    metadata,
    Column("probe_id", String(64), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("source", String(200), nullable=False),
)

programme = Table(
    "programme", metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("short_name", String(60), nullable=False, default=""),
    Column("status", String(20), nullable=False),
    Column("period_start", Date, nullable=True),
    Column("period_end", Date, nullable=True),
    Column("fields_of_action", JSON, nullable=False, default=list),
    Column("funder_ids", JSON, nullable=False, default=list),
    Column("contact", String(300), nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("published", Boolean, nullable=False, default=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

funding_call = Table(
    "funding_call", metadata,
    Column("id", ID, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("funder_id", String(64), nullable=True),
    Column("deadline", Date, nullable=False),
    Column("fields_of_action", JSON, nullable=False, default=list),
    Column("budget_min", Money(), nullable=True),
    Column("budget_max", Money(), nullable=True),
    Column("link", String(500), nullable=False, default=""),
    Column("demo", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False, default=1),
)

idea = Table(
    "idea", metadata,
    Column("id", ID, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("source", String(30), nullable=False),
    Column("source_detail", String(300), nullable=False, default=""),
    Column("best_practice", Boolean, nullable=False, default=False),
    Column("fields_of_action", JSON, nullable=False, default=list),
    Column("project_id", String(64), nullable=True),
    Column("created_by", String(200), nullable=False),
    Column("created_by_name", String(200), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False, default=1),
)

project = Table(
    "project", metadata,
    Column("id", ID, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("programme_id", ID, ForeignKey("programme.id"), nullable=True),
    Column("stage", String(20), nullable=False),
    Column("source", String(30), nullable=False, default=""),
    Column("idea_id", String(64), nullable=True),
    Column("fields_of_action", JSON, nullable=False, default=list),
    Column("districts", JSON, nullable=False, default=list),
    Column("target_groups", JSON, nullable=False, default=list),
    Column("partner_ids", JSON, nullable=False, default=list),
    Column("responsible", String(200), nullable=False, default=""),
    Column("start_date", Date, nullable=True),
    Column("end_date", Date, nullable=True),
    Column("published", Boolean, nullable=False, default=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

stage_change = Table(
    "stage_change", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", ID, ForeignKey("project.id"), nullable=False, index=True),
    Column("from_stage", String(20), nullable=False),
    Column("to_stage", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("actor", String(200), nullable=False),
    Column("actor_name", String(200), nullable=False, server_default=""),
    Column("at", DateTime(timezone=True), nullable=False),
)

assessment = Table(
    "assessment", metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, ForeignKey("project.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False, default="workshop"),
    Column("scores", JSON, nullable=False),
    Column("assessors", JSON, nullable=False, default=list),
    Column("total", Integer, nullable=False),
    Column("threshold", Integer, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("actor_name", String(200), nullable=False, server_default=""),
    Column("at", DateTime(timezone=True), nullable=False),
)

workshop_setting = Table(
    "workshop_setting", metadata,
    Column("id", Integer, primary_key=True),
    Column("threshold", Integer, nullable=False),
)

indicator = Table(
    "indicator", metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, ForeignKey("project.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(40), nullable=False, default=""),
    Column("baseline", Money(), nullable=False),
    Column("target", Money(), nullable=False),
    Column("version", Integer, nullable=False, default=1),
)

measurement = Table(
    "measurement", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_id", ID, ForeignKey("indicator.id"), nullable=False, index=True),
    Column("measured_on", Date, nullable=False),
    Column("value", Money(), nullable=False),
    Column("note", String(300), nullable=False, default=""),
)

report = Table(
    "report", metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, ForeignKey("project.id"), nullable=False, index=True),
    Column("funder_id", String(64), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("title", String(200), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("submitted_on", Date, nullable=True),
    Column("due_announced", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False, default=1),
)

evaluation = Table(
    "evaluation", metadata,
    Column("project_id", ID, ForeignKey("project.id"), primary_key=True),
    Column("goal_attainment", Text, nullable=False),
    Column("attainment_percent", Integer, nullable=True),
    Column("lessons_learned", Text, nullable=False, default=""),
    Column("criteria", JSON, nullable=False, default=dict),
    Column("total", Integer, nullable=True),
    Column("threshold", Integer, nullable=True),
    Column("passed", Boolean, nullable=True),
    Column("actor", String(200), nullable=False),
    Column("actor_name", String(200), nullable=False, server_default=""),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False, default=1),
)

sustainment_plan = Table(
    "sustainment_plan", metadata,
    Column("project_id", ID, ForeignKey("project.id"), primary_key=True),
    Column("continued_by", String(200), nullable=False),
    Column("funding", String(300), nullable=False),
    Column("amount", Money(), nullable=True),
    Column("from_date", Date, nullable=False),
    Column("notes", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
)

# -- read models fed by other services' events -------------------------------------------------------
funder = Table(
    "funder", metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("short_name", String(60), nullable=False, default=""),
    Column("type", String(30), nullable=False),
    Column("public", Boolean, nullable=False),
    Column("publicity_notice", String(500), nullable=False, default=""),
    Column("sequence", Integer, nullable=False, default=0),
)

organisation = Table(
    "organisation", metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("sequence", Integer, nullable=False, default=0),
)

grant_award = Table(
    "grant_award", metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, nullable=False, index=True),
    Column("funder_id", ID, nullable=False),
    Column("amount", Money(), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("version", Integer, nullable=False),
    Column("sequence", Integer, nullable=False, default=0),
)

funding_ending = Table(
    "funding_ending", metadata,
    Column("grant_id", ID, primary_key=True),
    Column("project_id", ID, nullable=False),
    Column("funder_id", ID, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("months_left", Integer, nullable=False),
    Column("sequence", Integer, nullable=False, default=0),
)

funding_plan = Table(
    "funding_plan", metadata,
    Column("project_id", ID, primary_key=True),
    Column("plan_id", ID, nullable=False),
    Column("version", Integer, nullable=False),
    Column("valid", Boolean, nullable=False),
    Column("total_costs", Money(), nullable=False),
    Column("external_funds", Money(), nullable=False),
    Column("municipal_share", Money(), nullable=False),
)

decision = Table(
    "decision", metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, nullable=True, index=True),
    Column("number", String(60), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("title", String(300), nullable=False),
    Column("body_type", String(60), nullable=False, default=""),
)
