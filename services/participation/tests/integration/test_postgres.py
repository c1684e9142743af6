"""Real PostgreSQL: the last seats are never overbooked, decision numbers stay gap-free, migrations match."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select, text

from participation.adapters.orm import person, registration, signup
from participation.bootstrap import SPEC
from participation.service_layer import decisions, events, meetings
from participation.service_layer.actors import create_person
from participation.service_layer.bodies import add_membership, create_body
from servicekit.db.migrations import schema_drift, upgrade

pytestmark = pytest.mark.postgres


def _parallel(n, work):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return results


@pytest.fixture
def pg(make_runtime, postgres_url):
    return make_runtime(SPEC, database_url=postgres_url, migrate=True)


def test_migrations_give_exactly_the_metadata_schema(pg):
    assert schema_drift(pg.engine, SPEC.metadata) == []


def test_persons_and_sign_ups_that_existed_before_the_language_column_get_german(postgres_url):
    """Migration 0002 on a database that already holds data: existing rows are written to in German."""
    engine = create_engine(postgres_url)
    try:
        upgrade(SPEC.root, postgres_url, "0001")
        created = datetime(2026, 1, 15, tzinfo=UTC)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO person (id, name, anonymised, created_at, demo) "
                              "VALUES ('p1', 'Maria Huber', false, :at, false)"), {"at": created})
            conn.execute(text("INSERT INTO opportunity (id, title, description, kind, published, demo) "
                              "VALUES ('o1', 'Lesepatenschaft', '', 'opportunity', true, false)"))
            conn.execute(text("INSERT INTO signup (id, opportunity_id, name, message, token, status, created_at) "
                              "VALUES ('s1', 'o1', 'Hanna Roth', '', 'tok', 'pending', :at)"), {"at": created})
        upgrade(SPEC.root, postgres_url)
        with engine.connect() as conn:
            assert conn.execute(select(person.c.language)).scalars().all() == ["de"]
            assert conn.execute(select(signup.c.language)).scalars().all() == ["de"]
        assert schema_drift(engine, SPEC.metadata) == []
    finally:
        engine.dispose()


def test_parallel_registrations_for_the_last_seats_never_overbook(pg):
    seats, people = 5, 16
    e = events.create_event(pg.uow(), actor="t", title="Kochkurs", capacity=seats, publish=True,
                            starts_at=datetime.now(UTC) + timedelta(days=5))
    results = _parallel(people, lambda i: events.register(
        pg.uow(), e["id"], name=f"Gast {i}", email=f"gast{i}@example.org", seats=1, language="de",
        public_url="https://kaufbeuren-aktiv.de"))
    statuses = [r["status"] for r in results]
    assert statuses.count("confirmed") == seats
    assert statuses.count("waiting") == people - seats
    assert sorted(r["position"] for r in results if r["status"] == "waiting") == list(range(1, people - seats + 1))
    with pg.engine.connect() as conn:
        rows = conn.execute(select(registration.c.number, registration.c.status, registration.c.token)
                            .where(registration.c.event_id == e["id"]).order_by(registration.c.number)).all()
    assert [s for _, s, _ in rows].count("confirmed") == seats

    # parallel cancellations of three confirmed seats promote exactly three from the head of the waiting list
    confirmed_tokens = [t for _, s, t in rows if s == "confirmed"][:3]
    _parallel(3, lambda i: events.cancel(pg.uow(), confirmed_tokens[i], public_url="https://x"))
    with pg.engine.connect() as conn:
        after = conn.execute(select(registration.c.number, registration.c.status)
                             .where(registration.c.event_id == e["id"]).order_by(registration.c.number)).all()
    assert [s for _, s in after].count("confirmed") == seats
    waiting_numbers = [n for n, s, _ in rows if s == "waiting"]
    promoted = [n for n, s in after if n in waiting_numbers and s == "confirmed"]
    assert promoted == waiting_numbers[:3]


def test_parallel_decisions_get_gap_free_numbers(pg):
    b = create_body(pg.uow(), actor="t", name="Steuerungsgruppe", type="steuerungsgruppe")
    p = create_person(pg.uow(), actor="t", name="Vorsitz")
    m_id = add_membership(pg.uow(), b["id"], actor="t", person_id=p["id"], role="chair")["id"]
    m = meetings.schedule_meeting(pg.uow(), b["id"], actor="t", title="Sitzung",
                                  starts_at=datetime(2026, 9, 1, 10, tzinfo=UTC))
    meetings.record_attendance(pg.uow(), m["id"], actor="t", present=[m_id])
    items = [meetings.add_agenda_item(pg.uow(), m["id"], actor="t", title=f"Punkt {i}")["id"] for i in range(8)]
    for item in items:
        decisions.cast_vote(pg.uow(), item, actor="t", membership_id=m_id, choice="yes")
    numbers = _parallel(len(items), lambda i: decisions.decide(pg.uow(), items[i], actor="t")["number"])
    assert sorted(numbers) == [f"SG-2026-{n:03d}" for n in range(1, 9)]


def test_erasure_redacts_a_non_ascii_name_in_the_audit_log_and_minutes(pg):
    """On PostgreSQL the audit changes are JSON with escaped non-ASCII letters: the erasure still finds them."""
    from participation.service_layer.actors import erase_person

    pid = create_person(pg.uow(), actor="büro", name="Jürgen Öztürk", email="oeztuerk@example.org")["id"]
    create_body(pg.uow(), actor="büro", id="pg-ak", name="AK Datenschutz", type="arbeitskreis")
    mid = meetings.schedule_meeting(pg.uow(), "pg-ak", actor="büro", title="Treffen",
                                    starts_at=datetime(2026, 4, 1, 17, tzinfo=UTC))["id"]
    meetings.save_minutes(pg.uow(), mid, actor="büro", text="Herr Öztürk berichtete. Jürgen Öztürk dankte.")
    erase_person(pg.uow(), pid, actor="datenschutz")
    log = SPEC.metadata.tables["audit_log"]
    with pg.engine.connect() as conn:
        created = conn.execute(select(log.c.actor, log.c.changes).where(
            log.c.entity_id == pid, log.c.action == "created")).one()
        minutes = conn.execute(text("SELECT minutes_text FROM meeting WHERE id = :id"), {"id": mid}).scalar()
        raw = conn.execute(text("SELECT string_agg(changes::text, ' ') FROM audit_log")).scalar()
    assert created.actor == "büro" and created.changes["name"] == "anonymisiert"
    assert minutes == "anonymisiert berichtete. anonymisiert dankte."
    assert "\\u00d6zt\\u00fcrk" not in raw and "Öztürk" not in raw and "oeztuerk@" not in raw
