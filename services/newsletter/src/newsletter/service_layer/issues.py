"""Issues (Ausgaben): compose from approved news, schedule, hand to the sending engine, finish honestly."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update

from newsletter.adapters.orm import delivery, issue, issue_item, news_item, subscriber
from newsletter.domain.model import (
    CONFIRMED,
    D_FAILED,
    D_PENDING,
    D_SENDING,
    D_SENT,
    D_SKIPPED,
    NewsletterError,
    progress,
    topics_match,
)
from newsletter.mail import message_id
from newsletter.metrics import ISSUE_PROGRESS
from newsletter.service_layer.common import aware, enqueue_mail, fetch, new_id, now
from newsletter.service_layer.subscriptions import known_topics
from servicekit.auth import actor_name
from servicekit.web.i18n import Msg


def load_issue(conn, issue_id: str) -> tuple[dict, list[dict]]:
    data = dict(fetch(conn, issue, issue_id, "Die Ausgabe"))
    items = conn.execute(select(news_item).join(issue_item, issue_item.c.news_id == news_item.c.id)
                         .where(issue_item.c.issue_id == issue_id).order_by(issue_item.c.position)
                         ).mappings().all()
    return data, [dict(i) for i in items]


def _set_items(session, issue_id: str, news_ids: list[str]) -> None:
    if news_ids:
        found = {r.id: r for r in session.execute(select(news_item.c.id, news_item.c.status, news_item.c.title)
                                                  .where(news_item.c.id.in_(news_ids)))}
        missing = [n for n in news_ids if n not in found]
        if missing:
            raise NewsletterError(Msg("Unbekannte Meldungen: %(ids)s", ids=", ".join(missing)))
        drafts = [f"„{found[n].title}“" for n in news_ids if found[n].status != "approved"]
        if drafts:  # named by their titles: the department UI shows this refusal
            raise NewsletterError(Msg("Nur freigegebene Meldungen können in eine Ausgabe: %(ids)s",
                                      ids=", ".join(drafts)))
    session.execute(delete(issue_item).where(issue_item.c.issue_id == issue_id))
    for pos, nid in enumerate(dict.fromkeys(news_ids)):
        session.execute(issue_item.insert().values(issue_id=issue_id, news_id=nid, position=pos))


def create_issue(uow, *, title: str, intro: str = "", topics: list[str] | None = None,
                 news_ids: list[str] | None = None, actor: str, issue_id: str | None = None,
                 demo: bool = False) -> dict:
    with uow:
        iid = issue_id or new_id()
        codes = known_topics(uow.session, topics or [])
        uow.session.execute(issue.insert().values(id=iid, title=title, intro=intro, topics=codes, status="draft",
                                                  total=0, created_at=now(), created_by=actor,
                                                  created_by_name=actor_name(actor)[:200], demo=demo))
        _set_items(uow.session, iid, news_ids or [])
        uow.audit(actor=actor, entity="issue", entity_id=iid, action="created",
                  changes={"title": title, "news_ids": news_ids or [], "topics": codes})
        uow.commit()
    return {"id": iid}


def update_issue(uow, issue_id: str, *, actor: str, **changes) -> dict:
    with uow:
        row = fetch(uow.session, issue, issue_id, "Die Ausgabe", lock=True)
        if row["status"] not in ("draft", "scheduled"):
            raise NewsletterError(Msg("Eine Ausgabe im Versand oder nach dem Versand kann nicht mehr geändert werden."))
        values = {k: v for k, v in changes.items() if k in ("title", "intro") and v is not None}
        if changes.get("topics") is not None:
            values["topics"] = known_topics(uow.session, changes["topics"])
        if values:
            uow.session.execute(update(issue).where(issue.c.id == issue_id).values(**values))
        if changes.get("news_ids") is not None:
            _set_items(uow.session, issue_id, changes["news_ids"])
        uow.audit(actor=actor, entity="issue", entity_id=issue_id, action="updated",
                  changes={k: v for k, v in changes.items() if v is not None})
        uow.commit()
    return {"id": issue_id}


def schedule(uow, issue_id: str, *, at: datetime | None, actor: str) -> dict:
    """``at`` None = send now. The sending engine picks the issue up when it is due."""
    with uow:
        row = fetch(uow.session, issue, issue_id, "Die Ausgabe", lock=True)
        if row["status"] not in ("draft", "scheduled"):
            raise NewsletterError(Msg("Diese Ausgabe wird schon versendet oder ist versendet."))
        count = uow.session.execute(select(func.count()).select_from(issue_item)
                                    .where(issue_item.c.issue_id == issue_id)).scalar_one()
        if not count:
            raise NewsletterError(Msg("Die Ausgabe enthält noch keine Meldung."))
        when = at or now()
        uow.session.execute(update(issue).where(issue.c.id == issue_id).values(
            status="scheduled", scheduled_at=when, scheduled_by=actor, scheduled_by_name=actor_name(actor)[:200]))
        uow.audit(actor=actor, entity="issue", entity_id=issue_id, action="scheduled",
                  changes={"at": when.isoformat()})
        uow.commit()
    return {"id": issue_id, "status": "scheduled", "scheduled_at": when.isoformat()}


def unschedule(uow, issue_id: str, *, actor: str) -> dict:
    with uow:
        row = fetch(uow.session, issue, issue_id, "Die Ausgabe", lock=True)
        if row["status"] != "scheduled":
            raise NewsletterError(Msg("Nur eine geplante Ausgabe kann zurückgestellt werden."))
        uow.session.execute(update(issue).where(issue.c.id == issue_id).values(
            status="draft", scheduled_at=None, scheduled_by=None, scheduled_by_name=""))
        uow.audit(actor=actor, entity="issue", entity_id=issue_id, action="unscheduled", changes={})
        uow.commit()
    return {"id": issue_id, "status": "draft"}


def test_send(uow, settings, issue_id: str, *, to: str, actor: str, language: str = "de") -> dict:
    """One test mail of the issue in ``language`` (the frame of the English version: greeting, footer)."""
    language = language if language in ("de", "en") else "de"
    with uow:
        fetch(uow.session, issue, issue_id, "Die Ausgabe")
        mail_id = f"test-{new_id()}"
        enqueue_mail(uow.session, mail_id=mail_id, template="issue_test", to=to, name="", language=language,
                     context={"issue_id": issue_id}, source="newsletter", mail_from=settings.mail_from)
        uow.audit(actor=actor, entity="issue", entity_id=issue_id, action="test_sent",
                  changes={"to": to, "language": language})
        uow.commit()
    return {"status": "queued", "mail_id": mail_id}


def start_due_issues(runtime) -> list[str]:
    """Scheduled issues whose time has come: write one send-log row per matching confirmed subscriber."""
    started = []
    with runtime.engine.connect() as conn:
        due = list(conn.execute(select(issue.c.id).where(issue.c.status == "scheduled",
                                                         issue.c.scheduled_at <= now())).scalars())
    mail_from = runtime.settings.mail_from
    for iid in due:
        with runtime.uow() as uow:
            row = fetch(uow.session, issue, iid, "Die Ausgabe", lock=True)
            if row["status"] != "scheduled":
                continue
            recipients = [
                {"issue_id": iid, "subscriber_id": sid, "to_addr": email, "priority": 5, "status": D_PENDING,
                 "attempts": 0, "next_attempt_at": now(), "message_id": message_id("issue", f"{iid}.{sid}", mail_from),
                 "last_error": ""}
                for sid, email, topics in uow.session.execute(
                    select(subscriber.c.id, subscriber.c.email, subscriber.c.topics)
                    .where(subscriber.c.status == CONFIRMED).order_by(subscriber.c.id))
                if topics_match(topics, row["topics"])]
            for i in range(0, len(recipients), 1000):
                uow.session.execute(delivery.insert(), recipients[i:i + 1000])
            uow.session.execute(update(issue).where(issue.c.id == iid).values(
                status="sending", started_at=now(), total=len(recipients)))
            uow.audit(actor="versand", entity="issue", entity_id=iid, action="sending_started",
                      changes={"recipients": len(recipients)})
            uow.commit()
            started.append(iid)
    return started


def counts(conn, issue_id: str) -> dict:
    by_status = dict(conn.execute(select(delivery.c.status, func.count()).where(delivery.c.issue_id == issue_id)
                                  .group_by(delivery.c.status)).all())
    return {s: by_status.get(s, 0) for s in (D_PENDING, D_SENDING, D_SENT, D_FAILED, D_SKIPPED)}


def finish_issues(runtime) -> list[str]:
    """An issue is finished only when every recipient is sent, failed or skipped (unsubscribed meanwhile)."""
    finished = []
    with runtime.engine.connect() as conn:
        sending = list(conn.execute(select(issue.c.id).where(issue.c.status == "sending")).scalars())
    for iid in sending:
        with runtime.engine.connect() as conn:
            open_rows = conn.execute(select(delivery.c.id).where(
                delivery.c.issue_id == iid, delivery.c.status.in_((D_PENDING, D_SENDING))).limit(1)).first()
        if open_rows:
            continue
        with runtime.uow() as uow:
            row = fetch(uow.session, issue, iid, "Die Ausgabe", lock=True)
            c = counts(uow.session, iid)
            if row["status"] != "sending" or c[D_PENDING] or c[D_SENDING]:
                continue
            ISSUE_PROGRESS.labels(iid).set(1.0)
            uow.session.execute(update(issue).where(issue.c.id == iid).values(status="sent", finished_at=now()))
            uow.audit(actor="versand", entity="issue", entity_id=iid, action="sent", changes=c)
            uow.publish("newsletter.issue.sent.v1", iid, {"issue_id": iid, "title": row["title"],
                                                         "sent": c[D_SENT], "failed": c[D_FAILED]})
            uow.commit()
            finished.append(iid)
    return finished


def issue_gauges(runtime) -> None:
    """aktiv_newsletter_issue_progress_ratio for issues being sent."""
    with runtime.engine.connect() as conn:
        for iid, total in conn.execute(select(issue.c.id, issue.c.total).where(issue.c.status == "sending")):
            c = counts(conn, iid)
            ISSUE_PROGRESS.labels(iid).set((c[D_SENT] + c[D_FAILED] + c[D_SKIPPED]) / max(1, total))


def issue_progress(conn, issue_id: str) -> dict:
    row = fetch(conn, issue, issue_id, "Die Ausgabe")
    c = counts(conn, issue_id)
    done = c[D_SENT] + c[D_FAILED] + c[D_SKIPPED]
    started, finished = aware(row["started_at"]), aware(row["finished_at"])
    elapsed = ((finished or now()) - started).total_seconds() if started else 0.0
    return {"id": issue_id, "status": row["status"], "sent": c[D_SENT], "failed": c[D_FAILED],
            "skipped": c[D_SKIPPED], "waiting": c[D_PENDING] + c[D_SENDING],
            "started_at": started.isoformat() if started else None,
            "finished_at": finished.isoformat() if finished else None,
            **progress(row["total"], done, elapsed)}
