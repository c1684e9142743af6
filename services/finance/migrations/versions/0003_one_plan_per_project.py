"""One funding plan per project: the index on funding_plan.project_id becomes unique.

A project's plan changes by new versions; a second plan for the same project would make the journal split, the
proof of use and the portfolio ambiguous. If an older database holds two plans for one project, this migration
stops with PostgreSQL's unique violation: merge them first (keep one plan, save the other's content as its new
version).

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("funding_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_plan_project_id"))
        batch_op.create_index(batch_op.f("ix_funding_plan_project_id"), ["project_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("funding_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_plan_project_id"))
        batch_op.create_index(batch_op.f("ix_funding_plan_project_id"), ["project_id"], unique=False)
