"""Personal data does not linger in the outbox: erasure redacts published payloads, retention deletes old rows."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from ..probe_spec import make_specs, publish_probes


def test_redaction_touches_only_published_events_mentioning_the_address(make_runtime):
    alpha, _ = make_specs("red")
    rt = make_runtime(alpha)
    publish_probes(rt, "a", [1], note="mail an erika@example.org")
    publish_probes(rt, "b", [2], note="ohne Adresse")
    publish_probes(rt, "c", [3], note="noch nicht versandt: erika@example.org")
    table = rt.outbox.table
    with rt.engine.begin() as conn:
        conn.execute(update(table).where(table.c.subject.in_(["a", "b"])).values(published_at=datetime.now(UTC)))
    with rt.uow() as uow:
        assert uow.redact_published_events("erika@example.org") == 1
        uow.commit()
    with rt.engine.connect() as conn:
        payloads = dict(conn.execute(select(table.c.subject, table.c.payload)).all())
    assert "erika" not in payloads["a"] and "Art. 17" in payloads["a"]
    assert "ohne Adresse" in payloads["b"]
    assert "erika@example.org" in payloads["c"], "an unpublished event must still be delivered intact"


def test_retention_deletes_only_old_published_rows(make_runtime):
    from servicekit.worker import build

    alpha, _ = make_specs("ret")
    rt = make_runtime(alpha)
    publish_probes(rt, "old", [1])
    publish_probes(rt, "new", [2])
    publish_probes(rt, "pending", [3])
    table = rt.outbox.table
    with rt.engine.begin() as conn:
        conn.execute(update(table).where(table.c.subject == "old")
                     .values(published_at=datetime.now(UTC) - timedelta(days=8)))
        conn.execute(update(table).where(table.c.subject == "new").values(published_at=datetime.now(UTC)))
    import threading

    _, relay = build(rt, threading.Event())
    assert relay.purge() == 1
    with rt.engine.connect() as conn:
        assert sorted(conn.execute(select(table.c.subject)).scalars()) == ["new", "pending"]
