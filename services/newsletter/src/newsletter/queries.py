"""Read side: lists for the department UI and the public API (no personal data on the public side)."""

from __future__ import annotations

from sqlalchemy import func, select

from newsletter.adapters.orm import bounce, issue, issue_item, news_item, subscriber, topic
from newsletter.domain.model import NotFound
from servicekit.db.search import matches
from servicekit.readability import amstad
from servicekit.web.i18n import Msg


def topics(conn) -> list[dict]:
    rows = conn.execute(select(topic).order_by(topic.c.kind, topic.c.name)).mappings().all()
    return [dict(r) for r in rows]


def public_issues(conn, q: str = "") -> list[dict]:
    stmt = select(issue.c.id, issue.c.title, issue.c.intro, issue.c.finished_at).where(issue.c.status == "sent")
    if q:
        stmt = stmt.where(matches(q, issue.c.title, issue.c.intro))
    rows = conn.execute(stmt.order_by(issue.c.finished_at.desc())).mappings().all()
    return [{"id": r["id"], "title": r["title"], "sent_at": r["finished_at"],
             "summary": (r["intro"] or "")[:300]} for r in rows]


def public_issue(conn, issue_id: str) -> dict:
    row = conn.execute(select(issue).where(issue.c.id == issue_id, issue.c.status == "sent")).mappings().first()
    if row is None:
        raise NotFound(Msg("Die Ausgabe „%(id)s“ gibt es im Archiv nicht.", id=issue_id))
    items = conn.execute(select(news_item).join(issue_item, issue_item.c.news_id == news_item.c.id)
                         .where(issue_item.c.issue_id == issue_id).order_by(issue_item.c.position)).mappings().all()
    return {"id": row["id"], "title": row["title"], "sent_at": row["finished_at"], "intro": row["intro"],
            "items": [{"title": i["title"], "body": i["body"] or i["summary"], "funder_notice": i["funder_notice"],
                       "link": i["link"]} for i in items]}


def public_news(conn, q: str = "") -> list[dict]:
    stmt = select(news_item).where(news_item.c.status == "approved")
    if q:
        stmt = stmt.where(matches(q, news_item.c.title, news_item.c.summary))
    rows = conn.execute(stmt.order_by(news_item.c.approved_at.desc())).mappings().all()
    return [{"id": r["id"], "title": r["title"], "summary": r["summary"] or r["body"][:300],
             "published_at": r["approved_at"], "link": r["link"]} for r in rows]


def subscribers(conn, *, q: str = "", status: str | None = None, topic_code: str | None = None) -> list[dict]:
    stmt = select(subscriber)
    if q:
        stmt = stmt.where(matches(q, subscriber.c.email, subscriber.c.name))
    if status:
        stmt = stmt.where(subscriber.c.status == status)
    rows = [dict(r) for r in conn.execute(stmt.order_by(subscriber.c.created_at.desc())).mappings()]
    if topic_code:
        rows = [r for r in rows if topic_code in (r["topics"] or [])]
    return rows


def news(conn, status: str | None = None) -> list[dict]:
    stmt = select(news_item)
    if status:
        stmt = stmt.where(news_item.c.status == status)
    rows = conn.execute(stmt.order_by(news_item.c.created_at.desc())).mappings().all()
    return [with_readability(dict(r)) for r in rows]


def with_readability(row: dict) -> dict:
    r = amstad(" ".join(filter(None, [row.get("summary"), row.get("body")])))
    row["readability"] = {"score": r.score, "label": r.label_de, "warning": r.warning}
    return row


def issues(conn) -> list[dict]:
    rows = conn.execute(select(issue).order_by(issue.c.created_at.desc())).mappings().all()
    return [dict(r) for r in rows]


def issue_with_items(conn, issue_id: str) -> dict:
    row = conn.execute(select(issue).where(issue.c.id == issue_id)).mappings().first()
    if row is None:
        raise NotFound(Msg("Die Ausgabe „%(id)s“ gibt es nicht.", id=issue_id))
    ids = conn.execute(select(issue_item.c.news_id).where(issue_item.c.issue_id == issue_id)
                       .order_by(issue_item.c.position)).scalars().all()
    return {**dict(row), "news_ids": list(ids)}


def bounces(conn, limit: int = 200) -> list[dict]:
    rows = conn.execute(select(bounce).order_by(bounce.c.received_at.desc()).limit(limit)).mappings().all()
    return [dict(r) for r in rows]


def subscriber_counts(conn) -> dict:
    return dict(conn.execute(select(subscriber.c.status, func.count()).group_by(subscriber.c.status)).all())
