"""The change log of one record (a body with its memberships, a meeting with its agenda and minutes), as the kit's
``audit_table`` shows it: who by name with the Berlin time, the action in words, the changes as label → value."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from participation.ui.audit_labels import ACTIONS, FIELDS, as_pairs, keyed, value_names
from servicekit.formats import number
from servicekit.web.app import runtime_of
from servicekit.web.auditview import audit_view
from servicekit.web.i18n import select_locale


def values_for(c, entries) -> dict:
    lang = select_locale()
    return {**value_names(c, entries), "hours": lambda v: number(v, 2, lang)}


def view(c, entries):
    entries = keyed(entries)
    return audit_view(entries, as_pairs(ACTIONS), FIELDS, values=values_for(c, entries))


def history(c, *records: tuple[str, str | list[str]], limit: int = 50):
    """The newest ``limit`` entries about ``records``, oldest first (``("body", id)``, ``("membership", [ids])``)."""
    log = runtime_of().metadata.tables["audit_log"]
    conditions = []
    for entity, ids in records:
        ids = [ids] if isinstance(ids, str) else list(ids)
        if ids:
            conditions.append(and_(log.c.entity == entity, log.c.entity_id.in_(ids)))
    if not conditions:
        return view(c, [])
    rows = c.execute(select(log).where(or_(*conditions)).order_by(log.c.id.desc()).limit(limit)).mappings()
    return view(c, [dict(r) for r in rows][::-1])  # the kit's macro takes them in the order they happened
