"""Idea workshop (Ideenwerkstatt): assessments against the seven criteria and the configurable threshold."""

from __future__ import annotations

from sqlalchemy import select

from programmes.adapters.orm import assessment, workshop_setting
from programmes.domain.assessment import DEFAULT_THRESHOLD, MAX_TOTAL, InvalidAssessment, evaluate
from programmes.service_layer.common import load_project, new_id, now, project_event
from programmes.service_layer.projects import apply_transition
from servicekit.auth import actor_name
from servicekit.web.i18n import Msg


def threshold(session) -> int:
    value = session.execute(select(workshop_setting.c.threshold).where(workshop_setting.c.id == 1)).scalar()
    return DEFAULT_THRESHOLD if value is None else int(value)


def set_threshold(uow, value: int, *, actor: str) -> int:
    if not 0 <= value <= MAX_TOTAL:
        raise InvalidAssessment({"threshold": [Msg("Die Schwelle muss zwischen 0 und %(max)s liegen.", max=MAX_TOTAL)]})
    with uow:
        before = threshold(uow.session)
        if uow.session.execute(select(workshop_setting.c.id).where(workshop_setting.c.id == 1)).first():
            uow.session.execute(workshop_setting.update().where(workshop_setting.c.id == 1).values(threshold=value))
        else:
            uow.session.execute(workshop_setting.insert().values(id=1, threshold=value))
        uow.audit(actor=actor, entity="workshop_setting", entity_id=1, action="updated",
                  changes={"threshold": {"vorher": before, "nachher": value}})
        uow.commit()
    return value


def assess(uow, project_id: str, *, scores: dict, assessors: list[str], actor: str, kind: str = "workshop") -> dict:
    """Record an assessment. A workshop assessment of an idea moves it to "assessed" (the gate to concept
    is the pass mark; a failed idea stays assessed and can be re-worked back to idea)."""
    with uow:
        row = load_project(uow.session, project_id, lock=True)
        result = evaluate(scores, threshold(uow.session))
        if not [a for a in assessors if a.strip()]:
            raise InvalidAssessment({"assessors": [Msg("Mindestens eine bewertende Person angeben.")]})
        record = {"id": new_id(), "project_id": project_id, "kind": kind, "scores": scores, "assessors": assessors,
                  "total": result.total, "threshold": result.threshold, "passed": result.passed, "actor": actor,
                  "actor_name": actor_name(actor), "at": now()}
        uow.session.execute(assessment.insert().values(**record))
        uow.audit(actor=actor, entity="assessment", entity_id=record["id"], action="created",
                  changes={"project_id": project_id, "total": result.total, "passed": result.passed})
        if kind == "workshop":
            uow.publish("programmes.project.assessed.v1", project_id,
                        project_event(row, score=result.total, passed=result.passed))
            if row["stage"] == "idea":
                verdict = "bestanden" if result.passed else "nicht bestanden"
                apply_transition(uow, row, "assessed", actor=actor,
                                 reason=f"Ideenwerkstatt: {result.total} von 21 Punkten, {verdict}")
        uow.commit()
    return record


def assessments(session, project_id: str) -> list[dict]:
    load_project(session, project_id)
    rows = session.execute(select(assessment).where(assessment.c.project_id == project_id)
                           .order_by(assessment.c.at)).mappings()
    return [dict(r) for r in rows]
