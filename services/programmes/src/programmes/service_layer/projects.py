"""Projects and their lifecycle: every transition is guarded, recorded (who, when, why) and published."""

from __future__ import annotations

from sqlalchemy import exists, select

from programmes.adapters.orm import (
    assessment,
    decision,
    grant_award,
    indicator,
    measurement,
    programme,
    project,
    report,
    stage_change,
    sustainment_plan,
)
from programmes.domain.lifecycle import Evidence, check_transition
from programmes.domain.reference import Conflict
from programmes.service_layer.common import (
    funder_names,
    load_project,
    new_id,
    not_found,
    notice_for,
    now,
    project_event,
    project_funder_ids,
)
from servicekit.auth import actor_name
from servicekit.web.i18n import Msg

PROJECT_FIELDS = ("title", "summary", "description", "programme_id", "fields_of_action", "districts",
                  "target_groups", "partner_ids", "responsible", "start_date", "end_date")


def _check_programme(session, programme_id) -> None:
    if programme_id and not session.execute(select(programme.c.id).where(programme.c.id == programme_id)).first():
        raise not_found("programme", programme_id)


def insert_project(uow, *, actor: str, id: str | None = None, source: str = "", idea_id=None, demo=False,
                   **data) -> dict:
    """Insert inside an open unit of work (used by create_project and propose_project)."""
    _check_programme(uow.session, data.get("programme_id"))
    values = {k: data[k] for k in PROJECT_FIELDS if k in data}
    for key in ("fields_of_action", "districts", "target_groups", "partner_ids"):
        values[key] = list(values.get(key) or [])
    for key in ("summary", "description", "responsible"):
        values[key] = values.get(key) or ""
    values.update(id=id or new_id(), stage="idea", source=source or "", idea_id=idea_id, demo=demo,
                  published=False, version=1, updated_at=now())
    uow.session.execute(project.insert().values(**values))
    row = load_project(uow.session, values["id"])
    uow.publish("programmes.project.proposed.v1", row["id"], project_event(row, source=row["source"]))
    uow.audit(actor=actor, entity="project", entity_id=row["id"], action="created", changes=values)
    return row


def create_project(uow, *, actor: str, **data) -> dict:
    with uow:
        row = insert_project(uow, actor=actor, **data)
        uow.commit()
    return row


def update_project(uow, project_id: str, *, actor: str, check=None, **changes) -> dict:
    with uow:
        before = load_project(uow.session, project_id, lock=True)
        if check:
            check(before)
        if "programme_id" in changes:
            _check_programme(uow.session, changes["programme_id"])
        values = {k: v for k, v in changes.items() if k in PROJECT_FIELDS}
        diff = {k: {"vorher": before[k], "nachher": v} for k, v in values.items() if before[k] != v}
        if diff:
            uow.session.execute(project.update().where(project.c.id == project_id)
                                .values(**values, version=before["version"] + 1, updated_at=now()))
            uow.audit(actor=actor, entity="project", entity_id=project_id, action="updated", changes=diff)
            after = load_project(uow.session, project_id)
            # Every change reaches the read models (finance's portfolio, participation's agenda links) ...
            uow.publish("programmes.project.updated.v1", project_id, project_event(after))
            if before["published"]:  # ... and the public site gets the new text of a published project
                _publish_event(uow, after)
        row = load_project(uow.session, project_id)
        uow.commit()
    return row


def evidence_for(session, row: dict, documented_decision: bool = False) -> Evidence:
    pid = row["id"]
    latest = session.execute(select(assessment.c.passed).where(assessment.c.project_id == pid,
                                                               assessment.c.kind == "workshop")
                             .order_by(assessment.c.at.desc())).first()
    has = lambda stmt: bool(session.execute(select(exists(stmt))).scalar())  # noqa: E731
    return Evidence(
        assessed=latest is not None,
        assessment_passed=bool(latest and latest.passed),
        grant=has(select(grant_award.c.id).where(grant_award.c.project_id == pid)),
        decision=has(select(decision.c.id).where(decision.c.project_id == pid, decision.c.outcome == "approved")),
        documented_decision=documented_decision,
        final_report=has(select(report.c.id).where(report.c.project_id == pid, report.c.kind == "final",
                                                   report.c.status.in_(["submitted", "accepted"]))),
        measurements=has(select(measurement.c.id).join(indicator, indicator.c.id == measurement.c.indicator_id)
                         .where(indicator.c.project_id == pid)),
        sustainment_plan=has(select(sustainment_plan.c.project_id).where(sustainment_plan.c.project_id == pid)),
    )


def apply_transition(uow, row: dict, target: str, *, reason: str, actor: str,
                     documented_decision: bool = False) -> dict:
    """Check the guards and move the project, inside an open unit of work."""
    check_transition(row["stage"], target, evidence_for(uow.session, row, documented_decision), reason)
    return record_move(uow, row, target, reason=reason, actor=actor)


def record_move(uow, row: dict, target: str, *, reason: str, actor: str) -> dict:
    """Move the project without the lifecycle's guards (apply_transition checks them first; a refusal by
    finance takes back an approval): recorded (who, when, why), audited and published."""
    uow.session.execute(project.update().where(project.c.id == row["id"])
                        .values(stage=target, version=row["version"] + 1, updated_at=now()))
    uow.session.execute(stage_change.insert().values(project_id=row["id"], from_stage=row["stage"], to_stage=target,
                                                     reason=reason, actor=actor, actor_name=actor_name(actor),
                                                     at=now()))
    moved = load_project(uow.session, row["id"])
    uow.publish("programmes.project.stage_changed.v1", row["id"],
                project_event(moved, from_stage=row["stage"], reason=reason, actor=actor))
    if target == "closing":
        uow.publish("programmes.project.closed.v1", row["id"], project_event(moved))
    uow.audit(actor=actor, entity="project", entity_id=row["id"], action="stage_changed",
              changes={"stage": {"vorher": row["stage"], "nachher": target}, "grund": reason})
    return moved


def change_stage(uow, project_id: str, target: str, *, reason: str, actor: str, decision_reference: str = "",
                 check=None) -> dict:
    with uow:
        row = load_project(uow.session, project_id, lock=True)
        if check:
            check(row)
        documented = bool(decision_reference.strip())
        if target == "approved" and documented:
            reason = f"{reason} (Entscheidung: {decision_reference.strip()})".strip()
        moved = apply_transition(uow, row, target, reason=reason, actor=actor, documented_decision=documented)
        uow.commit()
    return moved


def history(session, project_id: str) -> list[dict]:
    load_project(session, project_id)
    rows = session.execute(select(stage_change).where(stage_change.c.project_id == project_id)
                           .order_by(stage_change.c.id)).mappings()
    return [dict(r) for r in rows]


def _publish_event(uow, row: dict) -> None:
    notice = notice_for(funder_names(uow.session, project_funder_ids(uow.session, row)))
    uow.publish("programmes.project.published.v1", row["id"],
                project_event(row, summary=row["summary"], funder_notice=notice,
                              url=f"/projekte/{row['id']}"))


def set_project_published(uow, project_id: str, published: bool, *, actor: str) -> dict:
    with uow:
        row = load_project(uow.session, project_id, lock=True)
        if published and row["stage"] in ("rejected", "withdrawn"):
            raise Conflict(Msg("Abgelehnte oder zurückgezogene Projekte werden nicht veröffentlicht."))
        if published and not row["summary"].strip():
            raise Conflict(Msg("Vor der Veröffentlichung braucht das Projekt eine Kurzbeschreibung in einfacher "
                               "Sprache."))
        if row["published"] != published:
            uow.session.execute(project.update().where(project.c.id == project_id)
                                .values(published=published, version=row["version"] + 1, updated_at=now()))
            uow.audit(actor=actor, entity="project", entity_id=project_id,
                      action="published" if published else "unpublished")
            row = load_project(uow.session, project_id)
            if published:
                _publish_event(uow, row)
        uow.commit()
    return row
