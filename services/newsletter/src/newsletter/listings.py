"""The department's lists as SQL statements: search, filters and order in the database; the screens and the API
page them with one COUNT and one LIMIT/OFFSET (``servicekit.web.listing``), never by slicing a full list.

Date filters are days in Kaufbeuren: "from 01.12." starts at midnight Berlin time, "until 07.12." includes the
whole 7 December; storage is UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import String, and_, cast, func, select, true

from newsletter.adapters.orm import bounce, issue, news_item, subscriber
from servicekit import formats
from servicekit.db.search import ESCAPE, matches


def between(column, since: date | None = None, until: date | None = None):
    """``column`` (an instant) lies on the days ``since`` … ``until`` (Berlin calendar days, both included)."""
    clauses = []
    if since:
        clauses.append(column >= formats.from_local_input(datetime.combine(since, time.min)))
    if until:
        clauses.append(column < formats.from_local_input(datetime.combine(until + timedelta(days=1), time.min)))
    return and_(true(), *clauses)


def news(*, q: str = "", status: str | None = None, origin: str | None = None, since: date | None = None,
         until: date | None = None):
    stmt = select(news_item).where(
        matches(q, news_item.c.title, news_item.c.summary, news_item.c.body, news_item.c.source_name),
        between(news_item.c.created_at, since, until))
    if status:
        stmt = stmt.where(news_item.c.status == status)
    if origin:
        stmt = stmt.where(news_item.c.source_type == origin)
    return stmt.order_by(news_item.c.created_at.desc(), news_item.c.id)


def issues(*, q: str = "", status: str | None = None, since: date | None = None, until: date | None = None):
    stmt = select(issue).where(matches(q, issue.c.title, issue.c.intro), between(issue.c.created_at, since, until))
    if status:
        stmt = stmt.where(issue.c.status == status)
    return stmt.order_by(issue.c.created_at.desc(), issue.c.id)


def archive(*, q: str = "", since: date | None = None, until: date | None = None):
    return (select(issue.c.id, issue.c.title, issue.c.intro, issue.c.total, issue.c.finished_at.label("sent_at"))
            .where(issue.c.status == "sent", matches(q, issue.c.title, issue.c.intro),
                   between(issue.c.finished_at, since, until))
            .order_by(issue.c.finished_at.desc(), issue.c.id))


def has_topic(code: str):
    """The subscriber's topics (a JSON list of codes) contain ``code``: a text match on the JSON, which SQLite
    and PostgreSQL both write as ``["jugend", "haken"]`` (codes are lowercase letters, digits and hyphens)."""
    text = code.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return cast(subscriber.c.topics, String).like(f'%"{text}"%', escape=ESCAPE)


def subscribers(*, q: str = "", status: str | None = None, topic: str | None = None, since: date | None = None,
                until: date | None = None):
    stmt = select(subscriber).where(matches(q, subscriber.c.email, subscriber.c.name),
                                    between(subscriber.c.created_at, since, until))
    if status:
        stmt = stmt.where(subscriber.c.status == status)
    if topic:
        stmt = stmt.where(has_topic(topic))
    return stmt.order_by(subscriber.c.created_at.desc(), subscriber.c.id)


def bounces(*, q: str = "", kind: str | None = None, since: date | None = None, until: date | None = None):
    stmt = select(bounce).where(matches(q, bounce.c.email, bounce.c.diagnostic, bounce.c.status),
                                between(bounce.c.received_at, since, until))
    if kind:
        stmt = stmt.where(bounce.c.kind == kind)
    return stmt.order_by(bounce.c.received_at.desc(), bounce.c.id.desc())


def audit(audit_log, *, q: str = "", entity: str | None = None, since: date | None = None,
          until: date | None = None, personal: bool = False):
    """Audit entries with the name of what they are about (a news item's or an issue's title; a subscriber's
    address only for ``personal`` readers, the department itself). Newest first."""
    a = audit_log
    joined = (a.outerjoin(news_item, and_(a.c.entity == "news_item", news_item.c.id == a.c.entity_id))
              .outerjoin(issue, and_(a.c.entity == "issue", issue.c.id == a.c.entity_id))
              .outerjoin(subscriber, and_(a.c.entity == "subscriber", subscriber.c.id == a.c.entity_id)))
    searched = [a.c.actor_name, news_item.c.title, issue.c.title] + ([subscriber.c.email] if personal else [])
    stmt = (select(a, news_item.c.title.label("news_title"), issue.c.title.label("issue_title"),
                   subscriber.c.email.label("subscriber_email"))
            .select_from(joined).where(matches(q, *searched), between(a.c.at, since, until)))
    if entity:
        stmt = stmt.where(a.c.entity == entity)
    return stmt.order_by(a.c.id.desc())


def count(conn, stmt) -> int:
    return conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()


def api_page(conn, stmt, pagination_parameters) -> list[dict]:
    """One page for flask-smorest's ``@blp.paginate()``: the total in its header, the rows by LIMIT/OFFSET."""
    from servicekit.web.listing import api_page as kit_page

    return kit_page(conn, stmt, pagination_parameters)
