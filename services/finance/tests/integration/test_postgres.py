"""Migrations, the GoBD journal trigger and the seed on the real PostgreSQL server."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from finance.adapters.orm import funder, journal_entry, journal_share, metadata
from finance.bootstrap import SPEC
from finance.service_layer import journal
from servicekit.db.migrations import schema_drift

pytestmark = pytest.mark.postgres


def test_alembic_head_gives_the_metadata_schema(make_runtime, postgres_url):
    runtime = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    assert schema_drift(runtime.engine, metadata) == []


def test_journal_refuses_update_and_delete_at_the_database(make_runtime, postgres_url):
    runtime = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    SPEC.seed(runtime)
    statements = [
        journal_entry.update().where(journal_entry.c.id == "demo-exp-1").values(amount=Decimal("1.00")),
        journal_entry.delete().where(journal_entry.c.id == "demo-exp-1"),
        journal_share.update().where(journal_share.c.entry_id == "demo-exp-1").values(amount=Decimal("0")),
        journal_share.delete().where(journal_share.c.entry_id == "demo-exp-1"),
        text("TRUNCATE journal_share"),
    ]
    for stmt in statements:
        with runtime.engine.connect() as conn, pytest.raises(DBAPIError, match="GoBD"):
            conn.execute(stmt)
    with runtime.engine.connect() as conn:
        row = conn.execute(select(journal_entry.c.amount).where(journal_entry.c.id == "demo-exp-1")).one()
        assert row.amount == Decimal("7800.00")
        assert conn.execute(select(func.count()).select_from(journal_share)
                            .where(journal_share.c.entry_id == "demo-exp-1")).scalar() == 3
    # the only way to correct is a storno, which appends
    result = journal.reverse_expense(runtime.uow(), "demo-exp-1", actor="anna", reason="falscher Monat")
    assert result["reversal"]["amount"] == Decimal("-7800.00")


def test_seed_is_idempotent_on_postgres(make_runtime, postgres_url):
    runtime = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    SPEC.seed(runtime)
    SPEC.seed(runtime)
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(funder).where(funder.c.demo.is_(True))).scalar() == 6
        assert conn.execute(select(func.count()).select_from(journal_entry)).scalar() == 7
        created = conn.execute(select(func.count()).select_from(runtime.outbox.table).where(
            runtime.outbox.table.c.type == "finance.funder.created.v1")).scalar()
    assert created == 6


def test_two_concurrent_stornos_of_one_booking_leave_exactly_one(make_runtime, postgres_url):
    import threading

    from finance.domain.journal import JournalError

    runtime = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    SPEC.seed(runtime)
    barrier, outcomes = threading.Barrier(2), []

    def storno(user):
        barrier.wait()
        try:
            journal.reverse_expense(runtime.uow(), "demo-exp-3", actor=user, reason="doppelt")
            outcomes.append("ok")
        except JournalError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=storno, args=(u,)) for u in ("anna", "bernd")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["Die Buchung NG-2026-003 ist bereits storniert.", "ok"]
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(journal_entry)
                            .where(journal_entry.c.reverses == "demo-exp-3")).scalar() == 1


def test_two_concurrent_approvals_publish_one_approval(make_runtime, postgres_url):
    import threading

    from finance.domain.errors import Conflict
    from finance.service_layer import drawdowns

    runtime = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    SPEC.seed(runtime)
    barrier, outcomes = threading.Barrier(2), []

    def approve(user):
        barrier.wait()
        try:
            drawdowns.approve_drawdown(runtime.uow(), "demo-drawdown-esf-1", actor=user)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except Exception as exc:  # noqa: BLE001 - the drawdown rules may refuse the loser differently
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=approve, args=(u,)) for u in ("bernd", "carla")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) in (["conflict", "ok"], ["DrawdownError", "ok"])
    outbox = runtime.outbox.table
    with runtime.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(outbox)
                            .where(outbox.c.type == "finance.drawdown.approved.v1")).scalar() == 1
