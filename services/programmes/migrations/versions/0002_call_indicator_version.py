"""version of funding calls and indicators (ETag, optimistic locking)

Existing rows start at version 1 (server default), so the API can hand out ETags for them at once.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 23:59:30.775738
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('funding_call', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('funding_call', schema=None) as batch_op:
        batch_op.drop_column('version')
