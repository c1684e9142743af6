"""Alembic helpers: every service keeps ``migrations/`` next to its ``src/``; this runs them programmatically."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData

from servicekit.db.engine import normalise_url


def alembic_config(service_root: Path, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(service_root / "migrations"))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(service_root: Path, url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(service_root, url), revision)


def run_env(metadata: MetaData) -> None:
    """Body of every service's ``migrations/env.py``."""
    from alembic import context
    from sqlalchemy import engine_from_config, pool

    from servicekit.db.types import render_type

    def render_item(kind, obj, autogen_context):
        return render_type(obj, autogen_context) if kind == "type" else False

    config = context.config
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                          literal_binds=True, render_as_batch=True, render_item=render_item)
        with context.begin_transaction():
            context.run_migrations()
        return
    connectable = config.attributes.get("connection")
    if connectable is None:
        url = config.get_main_option("sqlalchemy.url")
        if url.startswith("sqlite"):
            Path(url.split("///", 1)[-1]).parent.mkdir(parents=True, exist_ok=True)
        connectable = engine_from_config(config.get_section(config.config_ini_section, {}),
                                         prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, render_item=render_item,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


def schema_drift(engine, metadata: MetaData) -> list:
    """Differences between the migrated database and the service's metadata (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
