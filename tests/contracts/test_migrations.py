"""Every component's migrations build exactly its metadata and take it down again (SQLite, the embedded mode;
each service's PostgreSQL suite checks the same against PostgreSQL)."""

import importlib
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from servicekit.db.migrations import alembic_config, schema_drift, upgrade

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = {"programmes": ROOT / "services/programmes", "finance": ROOT / "services/finance",
              "participation": ROOT / "services/participation", "newsletter": ROOT / "services/newsletter",
              "gateway": ROOT / "gateway"}


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_upgrade_matches_the_metadata_and_downgrade_removes_every_table(name, tmp_path):
    url = f"sqlite:///{tmp_path / name}.db"
    upgrade(COMPONENTS[name], url)
    metadata = importlib.import_module(f"{name}.bootstrap").SPEC.metadata
    engine = create_engine(url)
    try:
        assert schema_drift(engine, metadata) == []
        assert {"outbox", "inbox", "audit_log"} <= set(inspect(engine).get_table_names())
        command.downgrade(alembic_config(COMPONENTS[name], url), "base")
        assert inspect(engine).get_table_names() == ["alembic_version"]
    finally:
        engine.dispose()
