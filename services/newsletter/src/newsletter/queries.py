"""Read side: lists for the department UI and the public API (no personal data on the public side)."""

from __future__ import annotations

from sqlalchemy import func, select

from newsletter.adapters.orm import issue, issue_item, news_item, subscriber, topic
from newsletter.domain.model import NotFound
from servicekit.db.search import matches
from servicekit.readability import amstad
from servicekit.web.i18n import Msg


def topics(conn) -> list[dict]:
    rows = conn.execute(select(topic).order_by(topic.c.kind, topic.c.name)).mappings().all()
    return [dict(r) for r in rows]


def public_issues_stmt(q: str = ""):
    return (select(issue.c.id, issue.c.title, issue.c.intro, issue.c.finished_at).where(
        issue.c.status == "sent", matches(q, issue.c.title, issue.c.intro))
        .order_by(issue.c.finished_at.desc(), issue.c.id))


def public_issue_row(r) -> dict:
    return {"id": r["id"], "title": r["title"], "sent_at": r["finished_at"], "summary": (r["intro"] or "")[:300]}


def public_issues(conn, q: str = "", limit: int | None = None) -> list[dict]:
    stmt = public_issues_stmt(q)
    if limit:
        stmt = stmt.limit(limit)
    return [public_issue_row(r) for r in conn.execute(stmt).mappings()]


def public_issue(conn, issue_id: str) -> dict:
    row = conn.execute(select(issue).where(issue.c.id == issue_id, issue.c.status == "sent")).mappings().first()
    if row is None:
        raise NotFound(Msg("Die Ausgabe „%(id)s“ gibt es im Archiv nicht.", id=issue_id))
    items = conn.execute(select(news_item).join(issue_item, issue_item.c.news_id == news_item.c.id)
                         .where(issue_item.c.issue_id == issue_id).order_by(issue_item.c.position)).mappings().all()
    return {"id": row["id"], "title": row["title"], "sent_at": row["finished_at"], "intro": row["intro"],
            "items": [{"title": i["title"], "body": i["body"] or i["summary"], "funder_notice": i["funder_notice"],
                       "link": i["link"]} for i in items]}


def public_news_stmt(q: str = ""):
    return (select(news_item).where(news_item.c.status == "approved",
                                    matches(q, news_item.c.title, news_item.c.summary))
            .order_by(news_item.c.approved_at.desc(), news_item.c.id))


def public_news_row(r) -> dict:
    return {"id": r["id"], "title": r["title"], "summary": r["summary"] or r["body"][:300],
            "published_at": r["approved_at"], "link": r["link"]}


def with_readability(row: dict) -> dict:
    r = amstad(" ".join(filter(None, [row.get("summary"), row.get("body")])))
    row["readability"] = {"score": r.score, "label": r.label_de, "warning": r.warning}
    return row


def issue_with_items(conn, issue_id: str) -> dict:
    row = conn.execute(select(issue).where(issue.c.id == issue_id)).mappings().first()
    if row is None:
        raise NotFound(Msg("Die Ausgabe „%(id)s“ gibt es nicht.", id=issue_id))
    ids = conn.execute(select(issue_item.c.news_id).where(issue_item.c.issue_id == issue_id)
                       .order_by(issue_item.c.position)).scalars().all()
    return {**dict(row), "news_ids": list(ids)}


def subscriber_counts(conn) -> dict:
    return dict(conn.execute(select(subscriber.c.status, func.count()).group_by(subscriber.c.status)).all())


def drafts_waiting(conn) -> int:
    return conn.execute(select(func.count()).select_from(news_item).where(news_item.c.status == "draft")).scalar_one()
