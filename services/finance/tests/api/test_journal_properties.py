"""Property: whatever is booked and reversed, the funders' proofs of use add up to the journal to the cent."""

import uuid
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from finance.adapters.orm import journal_entry
from finance.reports.proof import proof_of_use
from finance.service_layer import journal, plans

FUNDERS = ("demo-esf-plus", "demo-bund", "demo-stadt-kaufbeuren")
cents = st.integers(min_value=1, max_value=5_000_000)
operations = st.lists(st.tuples(cents, st.booleans()), min_size=1, max_size=12)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, weights=st.tuples(*(st.integers(1, 1000) for _ in FUNDERS)))
def test_bookings_and_stornos_always_add_up_per_funder(seeded, ops, weights):
    _, runtime = seeded
    project = f"p-{uuid.uuid4().hex[:8]}"
    costs = [{"position": "1", "category": "fees", "year": 2026, "amount": Decimal(sum(weights))}]
    sources = [{"funder_id": f, "year": 2026, "amount": Decimal(w)} for f, w in zip(FUNDERS, weights, strict=True)]
    plans.save_plan(runtime.uow(), actor="anna", project_id=project, costs=costs, sources=sources)
    net = Decimal(0)
    for n, (amount_cents, reverse) in enumerate(ops):
        amount = Decimal(amount_cents) / 100
        row = journal.book_expense(runtime.uow(), actor="anna", project_id=project, receipt_number=f"R-{n}",
                                   booking_date=date(2026, 5, 1), payee="X", purpose="Y", category="fees",
                                   position="1", amount=amount)
        assert sum(row["shares"].values()) == amount
        net += amount
        if reverse:
            journal.reverse_expense(runtime.uow(), row["id"], actor="bernd", reason="Korrektur")
            net -= amount
    with runtime.engine.connect() as conn:
        totals = [proof_of_use(conn, project, f)["actual_total"] for f in FUNDERS]
        journal_total = conn.execute(select(func.coalesce(func.sum(journal_entry.c.amount), 0))
                                     .where(journal_entry.c.project_id == project)).scalar_one()
    assert sum(totals) == net == Decimal(journal_total)
