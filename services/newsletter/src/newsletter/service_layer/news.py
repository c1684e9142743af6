"""News items: written by hand or drafted from other services' events; each waits for editorial approval."""

from __future__ import annotations

from sqlalchemy import select, update

from newsletter.adapters.orm import issue, issue_item, news_item, programme_ref, project_ref
from newsletter.domain.model import NewsletterError
from newsletter.service_layer.common import fetch, new_id, now
from servicekit import formats
from servicekit.auth import actor_name
from servicekit.web.i18n import Msg


def create_news(uow, *, title: str, summary: str = "", body: str = "", funder_notice: str = "", link: str = "",
                topics: list[str] | None = None, actor: str, news_id: str | None = None,
                status: str = "draft", demo: bool = False) -> dict:
    with uow:
        nid = news_id or new_id()
        name = actor_name(actor)
        approved = status == "approved"
        uow.session.execute(news_item.insert().values(
            id=nid, title=title, summary=summary, body=body, funder_notice=funder_notice, link=link,
            topics=topics or [], status=status, source_type="manual", created_at=now(), demo=demo,
            created_by=actor, created_by_name=name[:200], approved_at=now() if approved else None,
            approved_by=actor if approved else None, approved_by_name=name[:200] if approved else ""))
        uow.audit(actor=actor, entity="news_item", entity_id=nid, action="created", changes={"title": title})
        uow.commit()
    return {"id": nid}


def update_news(uow, news_id: str, *, actor: str, **changes) -> dict:
    allowed = {k: v for k, v in changes.items()
               if k in ("title", "summary", "body", "funder_notice", "link", "topics") and v is not None}
    with uow:
        fetch(uow.session, news_item, news_id, "Die Meldung", lock=True)
        if allowed:
            uow.session.execute(update(news_item).where(news_item.c.id == news_id).values(**allowed))
        uow.audit(actor=actor, entity="news_item", entity_id=news_id, action="updated", changes=allowed)
        uow.commit()
    return {"id": news_id}


def decide(uow, news_id: str, *, approve: bool, actor: str) -> dict:
    with uow:
        row = fetch(uow.session, news_item, news_id, "Die Meldung", lock=True)
        if row["status"] == ("approved" if approve else "rejected"):
            uow.commit()
            return {"id": news_id, "status": row["status"]}
        if not approve and row["status"] == "approved":
            raise NewsletterError(Msg("Eine freigegebene Meldung kann nicht mehr abgelehnt werden."))
        status = "approved" if approve else "rejected"
        uow.session.execute(update(news_item).where(news_item.c.id == news_id).values(
            status=status, approved_at=now() if approve else None, approved_by=actor if approve else None,
            approved_by_name=actor_name(actor)[:200] if approve else ""))
        uow.audit(actor=actor, entity="news_item", entity_id=news_id, action=status, changes={})
        uow.commit()
    return {"id": news_id, "status": status}


# -- drafts from events (called by the inbox consumer inside its unit of work) ---------------------------
def _draft(uow, *, source_type: str, source_id: str, source_name: str, title: str, summary: str, body: str = "",
           funder_notice: str = "", link: str = "", topics: list[str] | None = None,
           project_id: str | None = None) -> None:
    """``source_name``: what the draft is about, by name (the screens show it, never ``source_id``)."""
    exists = uow.session.execute(select(news_item.c.id, news_item.c.project_id).where(
        news_item.c.source_type == source_type, news_item.c.source_id == source_id)).first()
    if exists:
        if project_id and exists.project_id is None:  # a draft from before drafts kept their project
            uow.session.execute(update(news_item).where(news_item.c.id == exists.id).values(project_id=project_id))
        return
    nid = new_id()
    uow.session.execute(news_item.insert().values(
        id=nid, title=title[:200], summary=summary, body=body or summary, funder_notice=funder_notice, link=link,
        topics=topics or [], status="draft", source_type=source_type, source_id=source_id, project_id=project_id,
        source_name=source_name[:300], created_at=now(), created_by=f"ereignis:{source_type}", demo=False))
    uow.audit(actor=f"ereignis:{source_type}", entity="news_item", entity_id=nid, action="drafted",
              changes={"source_id": source_id, "title": title})


def _fresh(uow, table, key_col, key, sequence: int) -> bool:
    row = uow.session.execute(select(table.c.sequence).where(key_col == key)).first()
    return row is None or not sequence or sequence > row[0]


def on_project_published(uow, env) -> None:
    d = env.data
    if _fresh(uow, project_ref, project_ref.c.project_id, d["project_id"], env.sequence):
        values = {"title": d["title"], "funder_notice": d.get("funder_notice", ""), "url": d.get("url", ""),
                  "sequence": env.sequence}
        if uow.session.execute(select(project_ref.c.project_id).where(
                project_ref.c.project_id == d["project_id"])).first():
            uow.session.execute(update(project_ref).where(project_ref.c.project_id == d["project_id"]).values(**values))
        else:
            uow.session.execute(project_ref.insert().values(project_id=d["project_id"], **values))
    _draft(uow, source_type="programmes.project.published", source_id=d["project_id"], source_name=d["title"],
           title=f"Neues Projekt: {d['title']}", summary=d.get("summary", ""),
           funder_notice=d.get("funder_notice", ""), link=d.get("url", ""),
           topics=list(d.get("fields_of_action", [])) + list(d.get("districts", [])), project_id=d["project_id"])
    _complete_project_drafts(uow, d["project_id"], actor="ereignis:programmes.project.published")


def _complete_project_drafts(uow, project_id: str, *, actor: str) -> None:
    """The funder notice the project has now (its latest publication) goes into the project's news drafts that
    still wait for approval and have none: a decision is usually drafted before the project's publication brings
    the notice, and a later update of a published project may name its funders for the first time. Approved or
    rejected items (and so everything already sent) and a notice an editor wrote are never changed; a draft
    without a link gets the project's page. Running it again changes nothing."""
    ref = uow.session.execute(select(project_ref.c.funder_notice, project_ref.c.url)
                              .where(project_ref.c.project_id == project_id)).first()
    if ref is None or not ref.funder_notice.strip():
        return
    waiting = uow.session.execute(select(news_item.c.id, news_item.c.link).where(
        news_item.c.project_id == project_id, news_item.c.status == "draft", news_item.c.funder_notice == "")
        .order_by(news_item.c.created_at, news_item.c.id)).all()
    for row in waiting:
        values = {"funder_notice": ref.funder_notice}
        if not row.link and ref.url:
            values["link"] = ref.url
        uow.session.execute(update(news_item).where(news_item.c.id == row.id, news_item.c.status == "draft",
                                                    news_item.c.funder_notice == "").values(**values))
        uow.audit(actor=actor, entity="news_item", entity_id=row.id, action="funder_notice_added", changes=values)


def on_event_published(uow, env) -> None:
    d = env.data
    when = formats.when(d["starts_at"], "de")  # the instant (with its offset) in Kaufbeuren time
    place = f" in {d['place']}" if d.get("place") else ""
    _draft(uow, source_type="participation.event.published", source_id=d["event_id"], source_name=d["title"],
           title=f"Veranstaltung: {d['title']}", summary=f"Am {when}{place}. {d.get('summary', '')}".strip(),
           topics=list(d.get("fields_of_action", [])) + list(d.get("districts", [])))


CANCELLED_PREFIX = "Veranstaltung abgesagt: "


def on_event_cancelled(uow, env) -> None:
    """The participation office called off an event: the news items drafted from its publication that still wait
    for approval are rejected with the reason; an approved item not yet sent keeps its status (an editor decides:
    take it out of the issue, or rewrite it as a notice of the Absage) and gets a note saying so. Rejected items and
    items in an issue that is sending or sent are left as they are. An event no item is about (never published
    here, or its draft gone) changes nothing; a repeat finds its note already there and changes nothing either."""
    d = env.data
    reason = (d.get("reason") or "").strip()
    note = f"{CANCELLED_PREFIX}{d['title']}" + (f" – {reason}" if reason else "")
    actor = "ereignis:participation.event.cancelled"
    rows = uow.session.execute(select(news_item.c.id, news_item.c.status, news_item.c.editor_note).where(
        news_item.c.source_type == "participation.event.published", news_item.c.source_id == d["event_id"])
        .order_by(news_item.c.id).with_for_update()).all()
    for row in rows:
        if row.editor_note.startswith(CANCELLED_PREFIX) or row.status == "rejected":
            continue
        if row.status == "draft":
            uow.session.execute(update(news_item).where(news_item.c.id == row.id, news_item.c.status == "draft")
                                .values(status="rejected", editor_note=note, approved_at=None, approved_by=None))
            uow.audit(actor=actor, entity="news_item", entity_id=row.id, action="rejected",
                      changes={"reason": note, "event_id": d["event_id"]})
        elif row.status == "approved":
            on_its_way = uow.session.execute(select(issue.c.id).join(issue_item, issue_item.c.issue_id == issue.c.id)
                                             .where(issue_item.c.news_id == row.id,
                                                    issue.c.status.in_(("sending", "sent")))).first()
            if on_its_way:
                continue
            flagged = f"{note}. Die Meldung ist freigegeben, aber noch nicht versendet: bitte vor dem Versand " \
                      "aus der Ausgabe nehmen oder als Absage umschreiben."
            uow.session.execute(update(news_item).where(news_item.c.id == row.id).values(editor_note=flagged))
            uow.audit(actor=actor, entity="news_item", entity_id=row.id, action="flagged",
                      changes={"editor_note": flagged, "event_id": d["event_id"]})


def on_decision_made(uow, env) -> None:
    d = env.data
    if d["outcome"] != "approved":
        return
    notice, link = "", ""
    if d.get("project_id"):
        ref = uow.session.execute(select(project_ref).where(project_ref.c.project_id == d["project_id"])
                                  ).mappings().first()
        if ref:
            notice, link = ref["funder_notice"], ref["url"]
    amount = f" mit {str(d['amount']).replace('.', ',')} €" if d.get("amount") else ""
    _draft(uow, source_type="participation.decision.made", source_id=d["decision_id"],
           source_name=f"{d['number']}: {d['title']}", title=f"Beschluss {d['number']}: {d['title']}",
           summary=f"Das Gremium hat das Vorhaben „{d['title']}“{amount} bewilligt.", funder_notice=notice,
           link=link, project_id=d.get("project_id") or None)
    if d.get("project_id"):
        # Without the project's publication yet there is no notice: it follows with that event.
        _complete_project_drafts(uow, d["project_id"], actor="ereignis:participation.decision.made")


def _remember_programme(uow, env) -> None:
    d = env.data
    if not _fresh(uow, programme_ref, programme_ref.c.programme_id, d["programme_id"], env.sequence):
        return
    values = {"name": d["name"], "status": d["status"], "summary": d.get("summary", ""), "sequence": env.sequence}
    if uow.session.execute(select(programme_ref.c.programme_id).where(
            programme_ref.c.programme_id == d["programme_id"])).first():
        uow.session.execute(update(programme_ref).where(programme_ref.c.programme_id == d["programme_id"])
                            .values(**values))
    else:
        uow.session.execute(programme_ref.insert().values(programme_id=d["programme_id"], **values))


def on_programme_changed(uow, env) -> None:
    _remember_programme(uow, env)


def on_programme_started(uow, env) -> None:
    _remember_programme(uow, env)
    d = env.data
    _draft(uow, source_type="programmes.programme.started", source_id=d["programme_id"], source_name=d["name"],
           title=f"Neues Förderprogramm gestartet: {d['name']}", summary=d.get("summary", ""),
           topics=list(d.get("fields_of_action", [])))
