"""Repository, outbox and migrations on the real PostgreSQL server."""

import pytest
from sqlalchemy import func, select

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
    demo_rows = select(project.c.id).where(project.c.demo.is_(True))
    with runtime.engine.connect() as conn:
        seeded = sorted(r.id for r in conn.execute(demo_rows))
    assert len(seeded) >= 5
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
        assert sorted(r.id for r in conn.execute(demo_rows)) == seeded  # a second seed adds no demo project


def test_list_filters_on_json_codes_search_and_pages_in_sql(make_runtime, postgres_url):
    """The lists' SQL (lists.py) on PostgreSQL: a code inside the JSON list, never a part of another code;
    case-insensitive search; one COUNT and one page."""
    from flask import Flask

    from programmes import lists
    from servicekit.web.listing import Listing

    runtime = make_runtime(SPEC, database_url=postgres_url, migrate=True)
    SPEC.seed(runtime)
    create_project(runtime.uow(), actor="anna", title="Westwind", districts=["kaufbeuren-west"])
    with runtime.engine.connect() as conn:
        titles = lambda stmt: [r["title"] for r in conn.execute(stmt).mappings()]  # noqa: E731
        assert titles(lists.projects_stmt(district_code="haken")) == ["Juze-Truck", "Stadtteilbüro Haken"]
        assert "Westwind" not in titles(lists.projects_stmt(district_code="west"))  # no partial code
        assert titles(lists.projects_stmt(q="JUZE", field="jugend")) == ["Juze-Truck"]
        with Flask(__name__).test_request_context("/projekte?page=2"):
            page = Listing.from_request(page_size=2).fetch(conn, lists.projects_stmt())
        assert page.total == conn.execute(select(func.count()).select_from(project)).scalar() >= 6
        assert page.number == 2 and len(page.rows) == 2
        assert [r["id"] for r in conn.execute(lists.programmes_stmt(district_code="neugablonz")).mappings()] == [
            "demo-biwaq", "demo-demokratie-leben"]
