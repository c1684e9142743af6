"""The business gauge aktiv_finance_deadlines_missed counts overdue proofs of use and drawdowns."""

from datetime import date

from finance.metrics import DEADLINES_MISSED, missed_deadlines, refresh


def _value(kind):
    return DEADLINES_MISSED.labels("finance", kind)._value.get()


def test_missed_deadlines_are_counted_per_kind(seeded, clerk):
    client, runtime = seeded
    with runtime.engine.connect() as conn:
        assert missed_deadlines(conn, date(2026, 1, 1)) == {"proof_of_use": 0, "drawdown": 0}
        later = missed_deadlines(conn, date(2029, 6, 1))
    # every demo grant is over and no proof was submitted; the seed's drawdown was due three weeks after seeding
    assert later["proof_of_use"] >= 4 and later["drawdown"] == 1
    refresh(runtime.engine, date(2029, 6, 1), force=True)
    assert _value("drawdown") == 1
    metrics = client.get("/metrics").text
    assert 'aktiv_finance_deadlines_missed{kind="drawdown",service="finance"}' in metrics
