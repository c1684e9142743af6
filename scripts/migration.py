"""Autogenerate an Alembic revision for one service: ``uv run python scripts/migration.py <service> "message"``.

It upgrades a scratch SQLite database to head, compares it with the service's metadata and writes the new
revision into ``services/<service>/migrations/versions`` (or ``gateway/migrations/versions``).
"""

from __future__ import annotations

import importlib
import sys
import tempfile

from alembic import command

from servicekit.db.migrations import alembic_config


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    service, message = sys.argv[1], sys.argv[2]
    spec = importlib.import_module(f"{service}.bootstrap").SPEC
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/scratch.db"
        cfg = alembic_config(spec.root, url)
        command.upgrade(cfg, "head")
        versions = spec.root / "migrations" / "versions"
        versions.mkdir(parents=True, exist_ok=True)
        existing = len(list(versions.glob("*.py")))
        command.revision(cfg, message=message, autogenerate=True, rev_id=f"{existing + 1:04d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
