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


def test_published_rows_of_personal_events_keep_no_payload(make_runtime):
    """A mail request (address, name) and an erasure event lose their payload in the transaction that marks them
    published; an event without personal data keeps it; an unpublished one is untouched until it is delivered."""
    import threading

    from servicekit.worker import build

    alpha, _ = make_specs("pers")
    rt = make_runtime(alpha)
    with rt.uow() as uow:
        uow.publish("participation.mail.requested.v1", "m1",
                    {"mail_id": "m1", "template": "generic", "to": "erika@example.org", "name": "Erika Beispiel"})
        uow.publish("participation.person.erased.v1", "p1",
                    {"person_id": "p1", "email_key": uow.erasure_lookup_key("Erika@Example.org"),
                     "erased_at": datetime.now(UTC).isoformat()})
        uow.commit()
    publish_probes(rt, "probe", [1], note="kein Personenbezug")
    table = rt.outbox.table
    with rt.engine.connect() as conn:
        before = dict(conn.execute(select(table.c.type, table.c.payload)).all())
    assert "erika@example.org" in before["participation.mail.requested.v1"], "delivered intact"

    _, relay = build(rt, threading.Event())
    try:
        assert relay.relay_once() == 3
    finally:
        relay._drop_connection()
    with rt.engine.connect() as conn:
        after = {r.type: r for r in conn.execute(select(table.c.type, table.c.payload, table.c.published_at))}
    assert all(r.published_at is not None for r in after.values())
    for personal in ("participation.mail.requested.v1", "participation.person.erased.v1"):
        assert "Art. 17" in after[personal].payload and "erika" not in after[personal].payload.lower()
    assert "kein Personenbezug" in after["system.probe.sent.v1"].payload


def test_erasure_lookup_key_names_the_address_in_any_case_and_nothing_else(make_runtime):
    alpha, _ = make_specs("key")
    uow = make_runtime(alpha).uow()
    key = uow.erasure_lookup_key(" Erika@Example.org ")
    assert len(key) == 64 and "erika" not in key
    assert uow.erasure_matches(key, ["erika@example.org", "ERIKA@EXAMPLE.ORG", "max@example.org", None]) == {
        "erika@example.org", "ERIKA@EXAMPLE.ORG"}
    from servicekit.erasure import lookup_key

    assert lookup_key("another-key", "erika@example.org") != key, "without the shared key the value names nobody"
