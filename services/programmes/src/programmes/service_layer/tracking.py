"""Indicators and measurements, reports (Berichtswesen), evaluation and sustainment (Verstetigung)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from programmes.adapters.orm import evaluation, indicator, measurement, report, sustainment_plan
from programmes.domain.assessment import evaluate
from programmes.domain.reference import Conflict
from programmes.service_layer.common import load, load_project, new_id, now, project_event, today
from programmes.service_layer.projects import apply_transition
from programmes.service_layer.workshop import threshold
from servicekit.auth import actor_name
from servicekit.web.i18n import Msg

REPORT_DUE_HORIZON_DAYS = 30


INDICATOR_FIELDS = ("name", "unit", "baseline", "target")
MEASUREMENTS_ARE_EVIDENCE = Msg("Der Indikator hat schon Messwerte. Sie belegen die Evaluation des Projekts, "
                                "deshalb kann er nicht gelöscht werden.")


def add_indicator(uow, project_id: str, *, actor: str, id: str | None = None, **data) -> dict:
    with uow:
        load_project(uow.session, project_id)
        values = {"id": id or new_id(), "project_id": project_id, "unit": "", **data, "version": 1}
        uow.session.execute(indicator.insert().values(**values))
        uow.audit(actor=actor, entity="indicator", entity_id=values["id"], action="created", changes=values)
        uow.commit()
    return values


def update_indicator(uow, indicator_id: str, *, actor: str, check=None, **changes) -> dict:
    """Change name, unit, baseline or target; ``check(before)`` may refuse (ETag or the form's version).
    Measurements stay; the attainment is computed from the new baseline and target."""
    with uow:
        before = load(uow.session, indicator, indicator_id, lock=True)
        if check:
            check(before)
        values = {k: v for k, v in changes.items() if k in INDICATOR_FIELDS}
        if "unit" in values:
            values["unit"] = values["unit"] or ""
        diff = {k: {"vorher": before[k], "nachher": v} for k, v in values.items() if before[k] != v}
        if diff:
            uow.session.execute(indicator.update().where(indicator.c.id == indicator_id)
                                .values(**values, version=before["version"] + 1))
            uow.audit(actor=actor, entity="indicator", entity_id=indicator_id, action="updated",
                      changes={"project_id": before["project_id"], **diff})
        row = load(uow.session, indicator, indicator_id)
        uow.commit()
    return row


def has_measurements(session, indicator_id: str) -> bool:
    return session.execute(select(measurement.c.id).where(measurement.c.indicator_id == indicator_id)
                           .limit(1)).first() is not None


def delete_indicator(uow, indicator_id: str, *, actor: str, check=None) -> dict:
    """Delete an indicator that has no measurements yet. Measurements are the evidence of the evaluation
    (the guard to "evaluated" needs them), so an indicator with measurements stays (409)."""
    with uow:
        before = load(uow.session, indicator, indicator_id, lock=True)
        if check:
            check(before)
        if has_measurements(uow.session, indicator_id):
            raise Conflict(MEASUREMENTS_ARE_EVIDENCE)
        uow.session.execute(indicator.delete().where(indicator.c.id == indicator_id))
        uow.audit(actor=actor, entity="indicator", entity_id=indicator_id, action="deleted", changes=before)
        uow.commit()
    return before


def add_measurement(uow, indicator_id: str, *, actor: str, measured_on, value, note: str = "") -> dict:
    with uow:
        ind = load(uow.session, indicator, indicator_id, "Der Indikator")
        if measured_on > today():
            raise Conflict(Msg("Messwerte können nicht in der Zukunft liegen."))
        new = uow.session.execute(measurement.insert().values(indicator_id=indicator_id, measured_on=measured_on,
                                                              value=value, note=note)).inserted_primary_key[0]
        uow.audit(actor=actor, entity="indicator", entity_id=indicator_id, action="measured",
                  changes={"project_id": ind["project_id"], "datum": measured_on, "wert": value})
        uow.commit()
    return {"id": new, "indicator_id": indicator_id, "measured_on": measured_on, "value": value, "note": note}


def _announce(uow, row: dict) -> None:
    uow.publish("programmes.report.due.v1", row["id"], {
        "report_id": row["id"], "project_id": row["project_id"], "funder_id": row["funder_id"],
        "due_date": row["due_date"].isoformat(), "title": row["title"]})
    uow.session.execute(report.update().where(report.c.id == row["id"]).values(due_announced=True))


def add_report(uow, project_id: str, *, actor: str, id: str | None = None, **data) -> dict:
    with uow:
        load_project(uow.session, project_id)
        values = {"id": id or new_id(), "project_id": project_id, "status": "planned", "text": "",
                  "funder_id": None, "due_announced": False, **data}
        uow.session.execute(report.insert().values(**values))
        uow.audit(actor=actor, entity="report", entity_id=values["id"], action="created", changes=values)
        row = load(uow.session, report, values["id"], "Der Bericht")
        if row["status"] in ("planned", "in_progress") and row["due_date"] <= today() + timedelta(
                days=REPORT_DUE_HORIZON_DAYS):
            _announce(uow, row)
        row = load(uow.session, report, values["id"], "Der Bericht")
        uow.commit()
    return row


def update_report(uow, report_id: str, *, actor: str, check=None, **changes) -> dict:
    """Change a report; ``check(before)`` may refuse (ETag or the form's version)."""
    with uow:
        before = load(uow.session, report, report_id, "Der Bericht", lock=True)
        if check:
            check(before)
        if changes.get("status") in ("submitted", "accepted") and not (changes.get("text") or before["text"]).strip():
            raise Conflict(Msg("Ein Bericht ohne Text kann nicht eingereicht werden."))
        if changes.get("status") == "submitted" and not before["submitted_on"]:
            changes.setdefault("submitted_on", today())
        diff = {k: {"vorher": before[k], "nachher": v} for k, v in changes.items() if before[k] != v}
        if diff:
            uow.session.execute(report.update().where(report.c.id == report_id)
                                .values(**changes, version=before["version"] + 1))
            uow.audit(actor=actor, entity="report", entity_id=report_id, action="updated", changes=diff)
        row = load(uow.session, report, report_id, "Der Bericht")
        uow.commit()
    return row


def announce_due_reports(uow, *, horizon_days: int = REPORT_DUE_HORIZON_DAYS) -> int:
    """Publish programmes.report.due once for every open report due within the horizon."""
    with uow:
        rows = uow.session.execute(select(report).where(
            report.c.due_announced.is_(False), report.c.status.in_(["planned", "in_progress"]),
            report.c.due_date <= today() + timedelta(days=horizon_days))).mappings().all()
        for row in rows:
            _announce(uow, dict(row))
        uow.commit()
    return len(rows)


def _current(session, table, project_id: str) -> dict | None:
    row = session.execute(select(table).where(table.c.project_id == project_id)).mappings().first()
    return dict(row) if row else None


def record_evaluation(uow, project_id: str, *, actor: str, goal_attainment: str, lessons_learned: str = "",
                      attainment_percent: int | None = None, criteria: dict | None = None, check=None) -> dict:
    """Evaluation: goal attainment, lessons learned, the seven criteria re-assessed (all seven, 0–3 with a
    reason; total and pass against the workshop's configured threshold, else InvalidAssessment). A project in
    "closing" moves to "evaluated" (the guard needs indicator measurements). ``check(before)`` may refuse
    an overwrite (ETag or the form's version); ``before`` is None for the first evaluation."""
    with uow:
        row = load_project(uow.session, project_id, lock=True)
        before = _current(uow.session, evaluation, project_id)
        if check:
            check(before)
        result = evaluate(criteria or {}, threshold(uow.session))
        if row["stage"] not in ("closing", "evaluated", "sustained", "ended"):
            raise Conflict(Msg("Evaluiert wird ein Projekt im Abschluss oder danach."))
        values = {"project_id": project_id, "goal_attainment": goal_attainment, "lessons_learned": lessons_learned,
                  "attainment_percent": attainment_percent, "criteria": criteria, "total": result.total,
                  "threshold": result.threshold, "passed": result.passed, "actor": actor,
                  "actor_name": actor_name(actor), "at": now(),
                  "version": before["version"] + 1 if before else 1}
        if row["stage"] == "closing":
            row = apply_transition(uow, row, "evaluated", reason="Evaluation erfasst", actor=actor)
        uow.session.execute(evaluation.delete().where(evaluation.c.project_id == project_id))
        uow.session.execute(evaluation.insert().values(**values))
        uow.publish("programmes.project.evaluated.v1", project_id,
                    project_event(row, attainment_percent=attainment_percent))
        uow.audit(actor=actor, entity="evaluation", entity_id=project_id, action="recorded", changes=values)
        uow.commit()
    return values


def save_sustainment_plan(uow, project_id: str, *, actor: str, check=None, **data) -> dict:
    """Save the sustainment plan; ``check(before)`` may refuse an overwrite (``before`` is None at first)."""
    with uow:
        load_project(uow.session, project_id, lock=True)
        before = _current(uow.session, sustainment_plan, project_id)
        if check:
            check(before)
        values = {"project_id": project_id, "notes": "", "amount": None, **data,
                  "version": before["version"] + 1 if before else 1}
        uow.session.execute(sustainment_plan.delete().where(sustainment_plan.c.project_id == project_id))
        uow.session.execute(sustainment_plan.insert().values(**values))
        uow.audit(actor=actor, entity="sustainment_plan", entity_id=project_id, action="saved", changes=values)
        uow.commit()
    return values
