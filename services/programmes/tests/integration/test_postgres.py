"""Repository, outbox and migrations on the real PostgreSQL server."""

import pytest
from sqlalchemy import select

from programmes.adapters.orm import metadata, project, stage_change
from programmes.bootstrap import SPEC
from programmes.domain.assessment import CRITERIA
from programmes.domain.lifecycle import GuardFailed
from programmes.service_layer import projects, workshop
from programmes.service_layer.projects import create_project
from servicekit.db.migrations import schema_drift

pytestmark = pytest.mark.postgres


def test_alembic_head_gives_the_metadata_schema(make_runtime, postgres_url):
    runtime = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    assert schema_drift(runtime.engine, metadata) == []


def test_lifecycle_rows_and_outbox_commit_together(make_runtime, postgres_url):
    runtime = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    SPEC.seed(runtime)
    row = create_project(runtime.uow(), actor="anna", title="Repair-Café", fields_of_action=["ehrenamt"],
                         districts=["haken"])
    with pytest.raises(GuardFailed):
        projects.change_stage(runtime.uow(), row["id"], "assessed", reason="ohne Werkstatt", actor="anna")
    outbox = runtime.outbox.table
    with runtime.engine.connect() as conn:
        types = [r.type for r in conn.execute(select(outbox.c.type).where(outbox.c.subject == row["id"]))]
    assert types == ["programmes.project.proposed.v1"]  # the refused step wrote nothing
    workshop.assess(runtime.uow(), row["id"], actor="anna", assessors=["Anna"],
                    scores={k: {"score": 3, "reason": "passt gut"} for k in CRITERIA})
    with runtime.engine.connect() as conn:
        assert conn.execute(select(project.c.stage).where(project.c.id == row["id"])).scalar() == "assessed"
        assert conn.execute(select(stage_change.c.actor).where(stage_change.c.project_id == row["id"])).all() \
            == [("anna",)]
        events = conn.execute(select(outbox.c.type, outbox.c.sequence).where(outbox.c.subject == row["id"])
                              .order_by(outbox.c.position)).all()
    assert [t for t, _ in events] == ["programmes.project.proposed.v1", "programmes.project.assessed.v1",
                                      "programmes.project.stage_changed.v1"]
    assert [s for _, s in events] == [1, 2, 3]  # the project's events carry an increasing sequence
    SPEC.seed(runtime)  # idempotent on PostgreSQL too
    with runtime.engine.connect() as conn:
        assert conn.execute(select(project.c.id).where(project.c.demo.is_(True))).rowcount == 5
