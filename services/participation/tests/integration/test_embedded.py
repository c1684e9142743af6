"""The embedded mode of `make run`: Alembic on SQLite, then the demo seed, twice."""

from sqlalchemy import func, select

from participation.adapters.orm import decision, event, person
from participation.bootstrap import SPEC


def test_migrate_and_seed_on_sqlite_twice(make_runtime):
    rt = make_runtime(SPEC, migrate=True)
    SPEC.seed(rt)
    SPEC.seed(rt)
    with rt.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(decision)).scalar() == 2
        assert conn.execute(select(func.count()).select_from(event)).scalar() == 1
        assert conn.execute(select(func.count()).select_from(person).where(person.c.demo.is_(True))).scalar() == 8
