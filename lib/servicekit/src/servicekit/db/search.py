"""Full-text filters of the list endpoints: a case-insensitive "contains" over several columns, with the LIKE
wildcards of the user's text escaped (a search for "%" finds a percent sign, not everything)."""

from __future__ import annotations

from sqlalchemy import func, or_, true

ESCAPE = "\\"


def like_pattern(q: str) -> str:
    text = q.strip().lower().replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{text}%"


def matches(q: str | None, *columns):
    """A WHERE clause: any of ``columns`` contains ``q`` (case-insensitive); no filter when ``q`` is empty."""
    if not q or not q.strip():
        return true()
    pattern = like_pattern(q)
    return or_(*[func.lower(c).like(pattern, escape=ESCAPE) for c in columns])
