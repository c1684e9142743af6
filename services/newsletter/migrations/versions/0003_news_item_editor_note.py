"""news_item.editor_note: a note for the editors from an event (e.g. the event a draft is about was called off)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 02:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('editor_note', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.drop_column('editor_note')
