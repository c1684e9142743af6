"""an event can be cancelled (Absage): cancelled_at; a cancelled event leaves the public list and takes no
registrations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 01:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('cancelled_at')
