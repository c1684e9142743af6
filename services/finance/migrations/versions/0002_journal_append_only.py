"""GoBD: the expense journal is append-only on PostgreSQL (UPDATE and DELETE raise).

Kept apart from the initial schema on purpose: when 0001 is regenerated from the metadata (move this file
aside, delete 0001, run scripts/migration.py, move it back), the trigger DDL survives.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("journal_entry", "journal_share")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE OR REPLACE FUNCTION finance_journal_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'GoBD: Buchungen im Ausgabenjournal sind unveränderlich (% auf % verweigert); '
                            'korrigieren Sie per Storno und neuer Buchung.', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END;
        $$ LANGUAGE plpgsql
    """)
    for table in TABLES:
        op.execute(f"""
            CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION finance_journal_append_only()
        """)
        op.execute(f"""
            CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION finance_journal_append_only()
        """)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute("DROP FUNCTION IF EXISTS finance_journal_append_only()")
