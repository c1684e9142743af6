"""Every actor column keeps the actor's name beside the account id (``created_by`` → ``created_by_name``), taken
from the signed identity at write time, so a screen shows "Frieda Freigabe" and no service asks another who
someone was. Rows written before keep an empty name (the screens show "unbekanntes Konto" or a system label).
Action funds get their creator (id and name) too.

Adding a column is no UPDATE, so the journal's append-only triggers (0002) stay untouched.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: table → the actor columns that get a ``<column>_name`` sibling
NAMED = {
    "funder_rules": ("created_by",),
    "plan_version": ("created_by",),
    "grant_version": ("created_by",),
    "journal_entry": ("booked_by",),
    "drawdown": ("created_by", "approved_by"),
    "proof_submission": ("submitted_by",),
    "action_fund": ("created_by",),
}


def upgrade() -> None:
    for table, columns in NAMED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "action_fund":  # the only table that did not record its creator yet
                batch_op.add_column(sa.Column("created_by", sa.String(length=200), nullable=False,
                                              server_default=""))
            for column in columns:
                batch_op.add_column(sa.Column(f"{column}_name", sa.String(length=200), nullable=False,
                                              server_default=""))


def downgrade() -> None:
    for table, columns in NAMED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_column(f"{column}_name")
            if table == "action_fund":
                batch_op.drop_column("created_by")
