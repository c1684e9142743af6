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
