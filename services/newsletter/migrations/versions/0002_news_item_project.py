"""news_item.project_id: the project a drafted news item is about

A decision on a project usually arrives before the project's publication (with its funder notice); the notice
must then reach the decision's draft later. Drafts of a project's publication get their project from their
source id; older decision drafts did not keep their project and stay without one (their notice can be added by
hand in the news editor).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 01:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_news_item_project', ['project_id'], unique=False)
    op.execute("UPDATE news_item SET project_id = source_id WHERE source_type = 'programmes.project.published'")


def downgrade() -> None:
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.drop_index('ix_news_item_project')
        batch_op.drop_column('project_id')
