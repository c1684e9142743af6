"""Lists on department screens: search, filters and pages, done in SQL (a count and one LIMIT/OFFSET page),
never by slicing a full list in Python.

    listing = Listing.from_request(page_size=25)              # ?q=…&page=…&<filters>
    stmt = select(t).where(matches(listing.q, t.c.name)).order_by(t.c.name)
    page = listing.fetch(conn, stmt)                            # page.rows, page.total, page.url
    {{ pager(page.number, page.size, page.total, page.url) }}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import request
from sqlalchemy import func, select


@dataclass
class Page:
    rows: list
    total: int
    number: int
    size: int
    url: str  # the list's URL with its filters, ending in "&" or "?", for the pager's "page=N"

    @property
    def last(self) -> int:
        return max(1, (self.total - 1) // self.size + 1) if self.total else 1


@dataclass
class Listing:
    q: str = ""
    number: int = 1
    size: int = 25
    filters: dict = field(default_factory=dict)

    @classmethod
    def from_request(cls, page_size: int = 25, filters: tuple[str, ...] = ()) -> Listing:
        try:
            number = max(1, int(request.args.get("page", "1")))
        except ValueError:
            number = 1
        q = request.args.get("q", "").strip()[:200]
        values = {name: request.args.get(name, "").strip()[:200] for name in filters}
        return cls(q=q, number=number, size=page_size, filters={k: v for k, v in values.items() if v})

    def url(self) -> str:
        params = {**({"q": self.q} if self.q else {}), **self.filters}
        return request.path + "?" + (urlencode(params) + "&" if params else "")

    def fetch(self, conn, stmt) -> Page:
        """``stmt``: the filtered, ordered select. One COUNT over it and one page of rows."""
        total = conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
        last = max(1, (total - 1) // self.size + 1) if total else 1
        number = min(self.number, last)
        rows = conn.execute(stmt.limit(self.size).offset((number - 1) * self.size)).mappings().all()
        return Page(rows=[dict(r) for r in rows], total=total, number=number, size=self.size, url=self.url())


def api_page(conn, stmt, pagination_parameters) -> list[dict]:
    """One page for flask-smorest's ``@blp.paginate()`` in SQL: a COUNT over ``stmt`` (the ``X-Pagination``
    total) and one LIMIT/OFFSET. A page beyond the last is empty without asking the database, so an absurd page
    number never reaches its integer range."""
    total = conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    pagination_parameters.item_count = total
    if pagination_parameters.first_item >= total:
        return []
    rows = conn.execute(stmt.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item))
    return [dict(r) for r in rows.mappings()]
