"""Read side of meetings: lists, the meeting cockpit (agenda, votes, recusals, decisions, attendance, quorum) and
decisions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from participation.adapters.orm import (
    agenda_item,
    attendance,
    body,
    decision,
    meeting,
    organisation,
    project_view,
    recusal,
    vote,
)
from participation.domain.governance import valid_votes
from participation.queries.common import local_day, now, one
from participation.queries.network import members
from participation.service_layer.decisions import members_of, present_ids, quorum_of
from servicekit.db.search import matches

MEETING_TIMES = ("kommend", "vergangen")


def meetings_stmt(q=None, body_id=None, when=None):
    stmt = select(meeting, body.c.name.label("body_name")).join(body, body.c.id == meeting.c.body_id) \
        .where(matches(q, meeting.c.title, meeting.c.place, body.c.name))
    if body_id:
        stmt = stmt.where(meeting.c.body_id == body_id)
    if when == "kommend":
        return stmt.where(meeting.c.starts_at >= now()).order_by(meeting.c.starts_at, meeting.c.id)
    if when == "vergangen":
        stmt = stmt.where(meeting.c.starts_at < now())
    return stmt.order_by(meeting.c.starts_at.desc(), meeting.c.id)


def meetings(conn, body_id=None) -> list[dict]:
    return [dict(r) for r in conn.execute(meetings_stmt(body_id=body_id)).mappings()]


def _project(conn, project_id):
    if not project_id:
        return None
    p = conn.execute(select(project_view).where(project_view.c.project_id == project_id)).mappings().first()
    return dict(p) if p else None


def meeting_detail(conn, meeting_id: str) -> dict:
    """The meeting cockpit: agenda with votes, recusals and decisions, attendance and live quorum."""
    m = one(conn, meeting, meeting_id, "Die Sitzung")
    m["body"] = one(conn, body, m["body_id"], "Das Gremium")
    present = {r.membership_id: r.present for r in conn.execute(
        select(attendance).where(attendance.c.meeting_id == meeting_id))}
    m["attendance"] = [{**mem, "present": present.get(mem["id"], False)} for mem in members(conn, m["body_id"])]
    names = {a["id"]: a["person_name"] for a in m["attendance"]}
    m["quorum"] = quorum_of(conn, m)
    entitled = members_of(conn, m["body_id"], local_day(m["starts_at"]))
    in_the_room = present_ids(conn, meeting_id)
    approved_in = m["minutes_approved_in"] and conn.execute(
        select(meeting.c.id, meeting.c.title, meeting.c.starts_at)
        .where(meeting.c.id == m["minutes_approved_in"])).mappings().first()
    m["minutes_approved_in_meeting"] = dict(approved_in) if approved_in else None
    items = []
    for it in conn.execute(select(agenda_item, organisation.c.name.label("applicant_name"))
                           .outerjoin(organisation, organisation.c.id == agenda_item.c.applicant_organisation_id)
                           .where(agenda_item.c.meeting_id == meeting_id).order_by(agenda_item.c.position)).mappings():
        it = dict(it)
        stored = [(v.membership_id, v.choice) for v in conn.execute(select(vote).where(vote.c.item_id == it["id"]))]
        # "counted": the vote counts if the result were established now (present, entitled, not recused)
        _, ignored = valid_votes(stored, entitled, in_the_room, it["applicant_organisation_id"])
        it["votes"] = [{"membership_id": mid, "name": names.get(mid, ""), "choice": choice,
                        "counted": mid not in ignored} for mid, choice in stored]
        recused = conn.execute(select(recusal).where(recusal.c.item_id == it["id"]))
        it["recusals"] = [{"membership_id": r.membership_id, "name": names.get(r.membership_id, ""),
                           "reason": r.reason} for r in recused]
        d = conn.execute(select(decision).where(decision.c.item_id == it["id"])).mappings().first()
        it["decision"] = dict(d) if d else None
        it["project"] = _project(conn, it["project_id"])
        items.append(it)
    m["items"] = items
    return m


def later_meetings(conn, m: dict) -> list[dict]:
    """Meetings of the same body after ``m``: where its minutes can be approved."""
    rows = conn.execute(select(meeting.c.id, meeting.c.title, meeting.c.starts_at).where(
        meeting.c.body_id == m["body_id"], meeting.c.starts_at > m["starts_at"]).order_by(meeting.c.starts_at))
    return [dict(r) for r in rows.mappings()]


def decisions_stmt(q=None, body_id=None, outcome=None, year=None, published_only=False):
    """Decisions with their body, meeting and project (by name), newest first."""
    stmt = select(decision, body.c.name.label("body_name"), meeting.c.title.label("meeting_title"),
                  project_view.c.title.label("project_title")) \
        .join(body, body.c.id == decision.c.body_id) \
        .join(meeting, meeting.c.id == decision.c.meeting_id) \
        .outerjoin(project_view, project_view.c.project_id == decision.c.project_id) \
        .where(matches(q, decision.c.title, decision.c.number, project_view.c.title))
    if body_id:
        stmt = stmt.where(decision.c.body_id == body_id)
    if outcome:
        stmt = stmt.where(decision.c.outcome == outcome)
    if year:
        stmt = stmt.where(decision.c.decided_on >= date(year, 1, 1), decision.c.decided_on <= date(year, 12, 31))
    if published_only:
        stmt = stmt.where(decision.c.published.is_(True), decision.c.outcome == "approved",
                          decision.c.amount.is_not(None), decision.c.refusal_reason.is_(None))
    return stmt.order_by(decision.c.decided_on.desc(), decision.c.number.desc())


def decisions(conn, q=None, body_id=None, published_only=False) -> list[dict]:
    return [dict(r) for r in conn.execute(decisions_stmt(q, body_id, published_only=published_only)).mappings()]


def decision_years(conn) -> list[int]:
    days = conn.execute(select(decision.c.decided_on).distinct()).scalars()
    return sorted({d.year for d in days if d}, reverse=True)


def decision_detail(conn, decision_id: str) -> dict:
    d = one(conn, decision, decision_id, "Der Beschluss")
    d["body_name"] = conn.execute(select(body.c.name).where(body.c.id == d["body_id"])).scalar()
    d["project_title"] = (_project(conn, d["project_id"]) or {}).get("title")
    return d
