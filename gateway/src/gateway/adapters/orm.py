"""Tables of the gateway: staff accounts, server-side login sessions and API tokens (hashed at rest)."""

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Table

from servicekit.db import naming_metadata

metadata = naming_metadata()

user = Table(
    "gateway_user", metadata,
    Column("id", String(64), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(200), nullable=False, default=""),
    Column("password_hash", String(255), nullable=True),
    Column("roles", JSON, nullable=False, default=list),
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("oidc_subject", String(255), nullable=True, unique=True),
    Column("demo", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_login_at", DateTime(timezone=True), nullable=True),
)

login_session = Table(
    "login_session", metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", String(64), ForeignKey("gateway_user.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

api_token = Table(
    "api_token", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("roles", JSON, nullable=False, default=list),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
)
