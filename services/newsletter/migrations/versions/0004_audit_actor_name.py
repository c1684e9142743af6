"""The audit log keeps the actor's name (from the signed identity at write time) beside the account id.

Revision ID: 0004
Revises: 0003
"""
from servicekit.db.shared_schema import add_audit_actor_name_v2, drop_audit_actor_name_v2

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_audit_actor_name_v2()


def downgrade() -> None:
    drop_audit_actor_name_v2()
