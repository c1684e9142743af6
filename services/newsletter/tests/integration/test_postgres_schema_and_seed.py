"""Alembic on PostgreSQL gives exactly the metadata; the demo seed is idempotent and goes through handlers."""

import pytest
from sqlalchemy import func, select

from newsletter.adapters.orm import issue, news_item, subscriber, topic
from newsletter.bootstrap import SPEC
from newsletter.seed import seed
from servicekit.db.migrations import schema_drift

pytestmark = pytest.mark.postgres


def test_alembic_head_matches_the_metadata(make_runtime, postgres_url):
    rt = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    assert schema_drift(rt.engine, SPEC.metadata) == []


def test_seed_twice_gives_the_same_demo_data_with_events(make_runtime, postgres_url):
    rt = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    seed(rt)
    seed(rt)
    with rt.engine.connect() as conn:
        subs = conn.execute(select(subscriber.c.status, subscriber.c.demo)).all()
        assert len(subs) == 5 and all(s == ("confirmed", True) for s in subs)
        assert conn.execute(select(func.count()).select_from(topic)).scalar_one() == 14
        assert conn.execute(select(func.count()).select_from(news_item).where(news_item.c.demo)).scalar_one() == 2
        assert conn.execute(select(issue.c.id, issue.c.status, issue.c.demo)).all() == \
            [("demo-ausgabe-2026-05", "scheduled", True)]
        types = conn.execute(select(rt.metadata.tables["outbox"].c.type)).scalars().all()
    assert types.count("newsletter.subscriber.confirmed.v1") == 5


def test_migration_0002_gives_the_drafts_of_a_projects_publication_their_project(postgres_url):
    from sqlalchemy import create_engine, text

    from servicekit.db.engine import normalise_url
    from servicekit.db.migrations import upgrade

    upgrade(SPEC.root, postgres_url, "0001")
    engine = create_engine(normalise_url(postgres_url))
    with engine.begin() as conn:
        for nid, source_type, source_id in [("n1", "programmes.project.published", "p1"),
                                            ("n2", "participation.decision.made", "d1"), ("n3", "manual", None)]:
            conn.execute(text("INSERT INTO news_item (id, title, summary, body, funder_notice, link, topics, status, "
                              "source_type, source_id, created_at, demo) VALUES (:id, 't', '', '', '', '', '[]', "
                              "'draft', :st, :sid, now(), false)"), {"id": nid, "st": source_type, "sid": source_id})
    upgrade(SPEC.root, postgres_url)
    with engine.connect() as conn:
        rows = dict(conn.execute(select(news_item.c.id, news_item.c.project_id)).all())
    assert rows == {"n1": "p1", "n2": None, "n3": None}  # a decision's project was not kept before 0002
    assert schema_drift(engine, SPEC.metadata) == []
    engine.dispose()


def test_migration_0005_names_actors_and_what_drafts_are_about_from_what_was_recorded(postgres_url):
    from sqlalchemy import create_engine, text

    from servicekit.db.engine import normalise_url
    from servicekit.db.migrations import upgrade

    upgrade(SPEC.root, postgres_url, "0004")
    engine = create_engine(normalise_url(postgres_url))
    news_sql = text("INSERT INTO news_item (id, title, summary, body, funder_notice, link, topics, status, source_type, "
                    "source_id, created_at, approved_by, demo) VALUES (:id, :title, '', '', '', '', '[]', :status, "
                    ":st, :sid, now(), :by, false)")
    audit_sql = text("INSERT INTO audit_log (at, actor, actor_name, entity, entity_id, action, changes, request_id) "
                     "VALUES (now(), :actor, :name, :entity, :eid, :action, '{}', '')")
    with engine.begin() as conn:
        conn.execute(news_sql, [
            {"id": "n1", "title": "Repair-Café", "status": "approved", "st": "manual", "sid": None, "by": "nina"},
            {"id": "n2", "title": "Neues Projekt: Juze-Truck", "status": "draft", "st": "programmes.project.published",
             "sid": "p1", "by": None},
            {"id": "n3", "title": "Veranstaltung: Stadtteilfest", "status": "draft",
             "st": "participation.event.published", "sid": "e1", "by": None}])
        conn.execute(text("INSERT INTO project_ref (project_id, title, funder_notice, url, sequence) "
                          "VALUES ('p1', 'Juze-Truck (neuer Name)', '', '', 1)"))
        conn.execute(text("INSERT INTO issue (id, title, intro, topics, status, total, created_at, demo) "
                          "VALUES ('i1', 'Juni', '', '[]', 'scheduled', 0, now(), false)"))
        conn.execute(audit_sql, [
            {"actor": "nina", "name": "Nina Newsletter", "entity": "news_item", "eid": "n1", "action": "created"},
            {"actor": "nina", "name": "Nina Newsletter", "entity": "news_item", "eid": "n1", "action": "approved"},
            {"actor": "pia", "name": "Pia Plan", "entity": "issue", "eid": "i1", "action": "created"},
            {"actor": "fritz", "name": "Fritz Freigabe", "entity": "issue", "eid": "i1", "action": "scheduled"}])
    upgrade(SPEC.root, postgres_url)
    with engine.connect() as conn:
        items = {r.id: r for r in conn.execute(select(news_item))}
        planned = conn.execute(select(issue)).one()
    assert (items["n1"].created_by, items["n1"].created_by_name, items["n1"].approved_by_name) == \
        ("nina", "Nina Newsletter", "Nina Newsletter")
    assert items["n2"].source_name == "Juze-Truck (neuer Name)"  # the project's name as programmes sent it
    assert items["n3"].source_name == "Stadtteilfest" and items["n1"].source_name == ""
    assert items["n3"].created_by == "ereignis:participation.event.published"
    assert (planned.created_by_name, planned.scheduled_by, planned.scheduled_by_name) == \
        ("Pia Plan", "fritz", "Fritz Freigabe")
    assert schema_drift(engine, SPEC.metadata) == []
    engine.dispose()
