"""Actor names stored beside actor ids at write time (``created_by`` → ``created_by_name``), taken from the
caller's signed identity, so a screen shows "Frieda Freigabe" and no service asks another who someone was."""

from __future__ import annotations

from sqlalchemy import Table

from servicekit.auth import actor_name


def named(table: Table, column: str, actor: str, name: str | None = None) -> dict:
    """``{column: actor, column_name: name}``; the name only where the table has that column (it arrives with
    migration 0005, the code may run before it)."""
    values = {column: actor}
    if f"{column}_name" in table.c:
        values[f"{column}_name"] = (name if name is not None else actor_name(actor))[:200]
    return values
