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


def grid_form(costs=(), sources=(), **fields) -> dict:
    """The plan grid's form data: costs as (position, category, year, amount, label), sources as
    (funder_id, year, amount[, position]); amounts as typed ("12.000,00")."""
    data = dict(fields)
    for i, (position, category, year, amount, *label) in enumerate(costs):
        data.update({f"costs-{i}-position": position, f"costs-{i}-category": category, f"costs-{i}-year": str(year),
                     f"costs-{i}-amount": amount, f"costs-{i}-label": label[0] if label else ""})
    for i, (funder_id, year, amount, *position) in enumerate(sources):
        data.update({f"sources-{i}-funder_id": funder_id, f"sources-{i}-year": str(year),
                     f"sources-{i}-amount": amount, f"sources-{i}-position": position[0] if position else ""})
    return data


@pytest.fixture
def grid():
    """``grid(costs=[...], sources=[...], csrf_token=..., action="check")`` → form data of the plan grid."""
    return grid_form
