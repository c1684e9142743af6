import pytest

from finance.bootstrap import SPEC


@pytest.fixture
def seeded(make_client):
    """A client on a fresh database with the demo data (funders, plans, grants, expenses, action fund)."""
    client, runtime = make_client(SPEC)
    SPEC.seed(runtime)
    return client, runtime


@pytest.fixture
def clerk(auth_header):
    return auth_header("finance.clerk", user="anna")


@pytest.fixture
def approver(auth_header):
    return auth_header("finance.approver", user="bernd")


@pytest.fixture
def outbox_types():
    """``outbox_types(runtime)`` → the event types staged so far, in order."""
    from sqlalchemy import select

    def types(runtime) -> list[str]:
        with runtime.engine.connect() as conn:
            return [r.type for r in conn.execute(select(runtime.outbox.table.c.type)
                                                 .order_by(runtime.outbox.table.c.position))]

    return types
