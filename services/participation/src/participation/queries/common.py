"""Helpers of the read side."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from participation.service_layer.common import not_found
from servicekit.formats import local


def one(conn, table, id_, what):
    row = conn.execute(select(table).where(list(table.primary_key.columns)[0] == id_)).mappings().first()
    if row is None:
        raise not_found(what, id_)
    return dict(row)


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in Kaufbeuren (memberships end on their last day there, not in UTC)."""
    return local(now()).date()


def local_day(value: datetime) -> date:
    """The calendar day of an instant in Kaufbeuren (a meeting at 00:30 Berlin time is on that day)."""
    return local(value).date()
