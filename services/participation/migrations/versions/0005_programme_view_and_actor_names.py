"""programmes' funding programmes as a read model (programme_view, fed by programmes.programme.*), so a body is
linked to a programme chosen by its name; who invited to a meeting, approved its minutes, recorded a decision or
a consent and called off an event, by account id and by the name from the signed identity at write time
(``<col>_name``, "" for rows written before)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

ACTORS = {
    "consent": ("recorded_by",),
    "meeting": ("invited_by", "minutes_approved_by"),
    "decision": ("recorded_by",),
    "event": ("cancelled_by",),
}


def upgrade() -> None:
    op.create_table(
        'programme_view',
        sa.Column('programme_id', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('short_name', sa.String(length=100), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('programme_id', name=op.f('pk_programme_view')),
    )
    for table, columns in ACTORS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(sa.Column(column, sa.String(length=200), nullable=True))
                batch_op.add_column(sa.Column(f'{column}_name', sa.String(length=200), nullable=False,
                                              server_default=''))
            if table == "decision":
                batch_op.add_column(sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table, columns in ACTORS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "decision":
                batch_op.drop_column('recorded_at')
            for column in reversed(columns):
                batch_op.drop_column(f'{column}_name')
                batch_op.drop_column(column)
    op.drop_table('programme_view')
