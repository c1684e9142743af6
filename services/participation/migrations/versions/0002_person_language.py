"""preferred language of persons and volunteer sign-ups (mails to a known person go out in it)

Existing rows get "de" (server default): German first, English as the second locale. A sign-up keeps the
language of the public form until it is confirmed and becomes a person.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 00:08:17.487333
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=False, server_default='de'))

    with op.batch_alter_table('signup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=False, server_default='de'))


def downgrade() -> None:
    with op.batch_alter_table('signup', schema=None) as batch_op:
        batch_op.drop_column('language')

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('language')
