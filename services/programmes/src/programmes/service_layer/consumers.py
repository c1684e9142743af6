"""Handlers for other services' events. The inbox makes each delivery apply once; read models also
ignore stale updates (envelope.sequence) and the lifecycle moves a project at most once per outcome."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from programmes.adapters.orm import decision, funder, funding_ending, funding_plan, grant_award, organisation, project
from programmes.domain.lifecycle import STAGE_LABELS, Conflict
from programmes.service_layer.common import months_between, today
from programmes.service_layer.projects import apply_transition, record_move

log = logging.getLogger(__name__)
SYSTEM_ACTOR = "system"
PAST_APPROVAL = ("running", "closing", "evaluated", "sustained", "ended")


def _upsert(session, table, key: dict, values: dict, sequence: int | None = None) -> bool:
    """Insert or update one row; with ``sequence`` an older or equal sequence is ignored. True if written."""
    where = [table.c[k] == v for k, v in key.items()]
    current = session.execute(select(table).where(*where)).mappings().first()
    if current is None:
        session.execute(table.insert().values(**key, **values, **({"sequence": sequence} if sequence is not None
                                                                     else {})))
        return True
    if sequence is not None:
        if sequence and current["sequence"] and sequence <= current["sequence"]:
            log.info("ignoring stale %s update %s (sequence %s <= %s)", table.name, key, sequence,
                     current["sequence"])
            return False
        values = {**values, "sequence": sequence}
    session.execute(table.update().where(*where).values(**values))
    return True


def _move(uow, project_id: str | None, target: str, reason: str) -> None:
    if not project_id:
        return
    row = uow.session.execute(select(project).where(project.c.id == project_id).with_for_update()).mappings().first()
    if row is None:
        log.info("event for unknown project %s ignored", project_id)
        return
    row = dict(row)
    if row["stage"] == target or (target == "approved" and row["stage"] in PAST_APPROVAL):
        return  # already there (or beyond): applying the same outcome again changes nothing
    try:
        apply_transition(uow, row, target, reason=reason, actor=SYSTEM_ACTOR)
    except Conflict as exc:
        # Recorded as evidence; the office decides by hand (the board shows the project's stage).
        log.warning("project %s stays in %s (%s): %s", project_id, STAGE_LABELS.get(row["stage"]), target, exc)


REFUSED = "refused"  # decision outcome once finance refused it for lack of action-fund budget
FINANCE_ACTOR = "finance"


def on_decision_made(uow, event) -> None:
    d = event.data
    known = uow.session.execute(select(decision.c.outcome).where(decision.c.id == d["decision_id"])
                                .with_for_update()).scalar()
    refused = known == REFUSED  # finance's refusal arrived first: the decision does not approve anything
    _upsert(uow.session, decision, {"id": d["decision_id"]},
            {"project_id": d.get("project_id"), "number": d["number"], "outcome": REFUSED if refused else d["outcome"],
             "title": d["title"], "body_type": d.get("body_type", "")})
    if d["outcome"] in ("approved", "rejected") and not refused:
        _move(uow, d.get("project_id"), d["outcome"], f"Beschluss {d['number']}")


def on_action_fund_decision_refused(uow, event) -> None:
    """finance.action_fund.decision_refused: the micro-project decision exceeds the action fund. The approval
    it gave is taken back: the project returns from "approved" to "application", recorded as a stage change
    by "finance" with the reason from the event. Idempotent; a refusal that overtakes the decision is kept
    so the decision does not approve when it arrives."""
    d = event.data
    row = uow.session.execute(select(decision).where(decision.c.id == d["decision_id"])
                              .with_for_update()).mappings().first()
    if row is None:
        uow.session.execute(decision.insert().values(id=d["decision_id"], project_id=None, number="",
                                                     outcome=REFUSED, title="", body_type=""))
        return
    if row["outcome"] == REFUSED:
        return
    uow.session.execute(decision.update().where(decision.c.id == d["decision_id"]).values(outcome=REFUSED))
    if row["outcome"] != "approved" or not row["project_id"]:
        return
    current = uow.session.execute(select(project).where(project.c.id == row["project_id"])
                                  .with_for_update()).mappings().first()
    if current is None or current["stage"] != "approved":
        log.info("refusal of decision %s: project %s is not in approved, left as it is", d["decision_id"],
                 row["project_id"])
        return
    record_move(uow, dict(current), "application", reason=d["reason"], actor=FINANCE_ACTOR)


def on_grant(uow, event) -> None:
    d = event.data
    written = _upsert(uow.session, grant_award, {"id": d["grant_id"]}, {
        "project_id": d["project_id"], "funder_id": d["funder_id"], "amount": Decimal(d["amount"]),
        "period_start": date.fromisoformat(d["period_start"]), "period_end": date.fromisoformat(d["period_end"]),
        "version": d["version"]}, sequence=event.sequence)
    if not written:
        return
    # an amendment (Änderungsbescheid) may move the end of the funding period: the radar's row follows it
    period_end = date.fromisoformat(d["period_end"])
    uow.session.execute(funding_ending.update().where(funding_ending.c.grant_id == d["grant_id"]).values(
        period_end=period_end, months_left=max(0, months_between(today(), period_end))))
    row = uow.session.execute(select(project.c.start_date, project.c.end_date)
                              .where(project.c.id == d["project_id"])).first()
    if row is not None and (row.start_date is None or row.end_date is None):
        uow.session.execute(project.update().where(project.c.id == d["project_id"]).values(
            start_date=row.start_date or date.fromisoformat(d["period_start"]),
            end_date=row.end_date or date.fromisoformat(d["period_end"])))
    if event.type.startswith("finance.grant.awarded"):
        name = uow.session.execute(select(funder.c.name).where(funder.c.id == d["funder_id"])).scalar()
        _move(uow, d["project_id"], "approved", f"Zuwendungsbescheid {name or d['funder_id']}")


def on_funding_ending_soon(uow, event) -> None:
    d = event.data
    _upsert(uow.session, funding_ending, {"grant_id": d["grant_id"]}, {
        "project_id": d["project_id"], "funder_id": d["funder_id"],
        "period_end": date.fromisoformat(d["period_end"]), "months_left": d["months_left"]}, sequence=event.sequence)


def on_funder(uow, event) -> None:
    d = event.data
    _upsert(uow.session, funder, {"id": d["funder_id"]}, {
        "name": d["name"], "short_name": d.get("short_name", ""), "type": d["type"], "public": d["public"],
        "publicity_notice": d.get("publicity_notice", "")}, sequence=event.sequence)


def on_organisation(uow, event) -> None:
    d = event.data
    _upsert(uow.session, organisation, {"id": d["organisation_id"]}, {"name": d["name"], "kind": d["kind"]},
            sequence=event.sequence)


def on_funding_plan_validated(uow, event) -> None:
    """The project's current funding plan version (a newer invalid version replaces a valid one: finance
    counts only a valid current version, and so does the dashboard)."""
    d = event.data
    current = uow.session.execute(select(funding_plan.c.version).where(
        funding_plan.c.project_id == d["project_id"])).scalar()
    if current is not None and current > d["version"]:
        return
    _upsert(uow.session, funding_plan, {"project_id": d["project_id"]}, {
        "plan_id": d["plan_id"], "version": d["version"], "valid": bool(d["valid"]),
        "total_costs": Decimal(d["total_costs"]), "external_funds": Decimal(d["external_funds"]),
        "municipal_share": Decimal(d["municipal_share"])})
