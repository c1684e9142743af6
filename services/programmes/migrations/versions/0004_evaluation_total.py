"""evaluation: total, threshold and pass of the seven criteria re-assessed

Older evaluations keep NULL (their re-assessment was optional and may be partial).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 09:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('total', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('threshold', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('passed', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_column('passed')
        batch_op.drop_column('threshold')
        batch_op.drop_column('total')
