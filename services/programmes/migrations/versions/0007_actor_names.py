"""actor names beside the account ids: idea.created_by_name, stage_change.actor_name, assessment.actor_name,
evaluation.actor_name (from the signed identity at write time, so screens show "Paula Programm, …" and never
an account id; rows written before stay "" and read "unbekanntes Konto" or the system actor's label)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

COLUMNS = (('idea', 'created_by_name'), ('stage_change', 'actor_name'), ('assessment', 'actor_name'),
           ('evaluation', 'actor_name'))


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.String(length=200), nullable=False, server_default=''))


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
