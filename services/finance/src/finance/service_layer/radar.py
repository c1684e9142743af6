"""Runtime radar: finance.funding.ending_soon once per grant and threshold, and missing proofs of use."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from finance.adapters.orm import grant, grant_version, project, proof_submission, radar_notice
from finance.domain.radar import (
    DEFAULT_THRESHOLDS,
    due_thresholds,
    missing_proofs,
    months_between,
    parse_thresholds,
    proof_deadlines,
)
from finance.reference import UNKNOWN_PROJECT
from finance.service_layer.common import load_funders, now, wire


def configured_thresholds(settings) -> tuple[int, ...]:
    """The radar's thresholds from the service settings (``AKTIV_FINANCE_RADAR_MONTHS=6,3,1``), else 6/3/1."""
    return parse_thresholds(settings.get("RADAR_MONTHS", "") if settings is not None else "")


def _grants(conn) -> list[dict]:
    stmt = (select(grant.c.id, grant.c.project_id, grant.c.funder_id, grant_version.c.amount,
                   grant_version.c.period_start, grant_version.c.period_end, project.c.title, project.c.stage)
            .join(grant_version, (grant_version.c.grant_id == grant.c.id)
                  & (grant_version.c.version == grant.c.current_version))
            .outerjoin(project, project.c.id == grant.c.project_id)
            .order_by(grant_version.c.period_end, grant.c.id))
    return [dict(r) for r in conn.execute(stmt).mappings()]


def overview(conn, today: date, horizon_months: int | None = None, thresholds=DEFAULT_THRESHOLDS) -> dict:
    """What the radar shows: grants ending within the horizon (the look-ahead in months; default the largest
    threshold) and proofs of use past their deadline."""
    horizon_months = horizon_months or max(thresholds)
    funders = load_funders(conn)
    submitted: dict[tuple[str, str], set] = {}
    for r in conn.execute(select(proof_submission)).mappings():
        submitted.setdefault((r["project_id"], r["funder_id"]), set()).add((r["kind"], r["year"]))
    ending, missing = [], []
    for g in _grants(conn):
        name = funders[g["funder_id"]].label if g["funder_id"] in funders else g["funder_id"]
        base = {**g, "funder_name": name, "project_title": g["title"] or UNKNOWN_PROJECT}
        if due_thresholds(today, g["period_end"], (horizon_months,)):
            ending.append({**base, "months_left": max(0, months_between(today, g["period_end"])),
                           "sustainment_open": g["stage"] != "sustained"})
        rules = funders[g["funder_id"]].rules if g["funder_id"] in funders else None
        deadlines = proof_deadlines(g["period_start"], g["period_end"], rules.interim_due if rules else "04-30",
                                    rules.final_due_months if rules else 6)
        for d in missing_proofs(deadlines, submitted.get((g["project_id"], g["funder_id"]), set()), today):
            missing.append({**base, "kind": d.kind, "year": d.year, "due": d.due, "label": d.label})
    return {"today": today, "months": horizon_months, "ending_soon": ending, "missing_proofs": missing}


def run_radar(uow, today: date | None = None, thresholds=DEFAULT_THRESHOLDS) -> list[dict]:
    """Emit finance.funding.ending_soon.v1 for every grant reaching a threshold, once per grant, threshold
    and period end (an amendment that extends the period re-arms the radar). Returns what was emitted."""
    today = today or now().date()
    emitted = []
    with uow:
        s = uow.session
        seen = {(r.grant_id, r.threshold_months, r.period_end) for r in s.execute(select(radar_notice))}
        for g in _grants(s):
            for threshold in due_thresholds(today, g["period_end"], thresholds):
                key = (g["id"], threshold, g["period_end"])
                if key in seen:
                    continue
                s.execute(radar_notice.insert().values(grant_id=g["id"], threshold_months=threshold,
                                                       period_end=g["period_end"], at=now()))
                data = {"grant_id": g["id"], "project_id": g["project_id"], "funder_id": g["funder_id"],
                        "period_end": g["period_end"], "months_left": max(0, months_between(today, g["period_end"]))}
                uow.publish("finance.funding.ending_soon.v1", g["id"], wire(data))
                uow.audit(actor="radar", entity="grant", entity_id=g["id"], action="ending_soon",
                          changes={"threshold_months": threshold, **data})
                emitted.append({**data, "threshold_months": threshold})
        uow.commit()
    return emitted
