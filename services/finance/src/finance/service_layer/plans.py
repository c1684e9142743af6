"""Funding plans: every save is a new version, validated by the engine; versions are kept.

One project has exactly one funding plan (the "active" plan: its current version is what the journal splits by,
the proof of use compares against and the portfolio counts). A second ``POST /api/finance/plans`` for the same
project is refused with 409 and points to the existing plan: changes are new versions of that plan. The database
backs this with a unique index on ``funding_plan.project_id`` (migration 0003), so two concurrent requests cannot
both succeed."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from finance.adapters.orm import funding_plan, plan_cost, plan_source, plan_version
from finance.domain.errors import Conflict
from finance.domain.plans import CostLine, Plan, SourceLine, summarise, validate
from finance.service_layer.actors import named
from finance.service_layer.common import current_plan_of_project, load_funders, new_id, now, plan_row, wire
from servicekit.web.i18n import Msg


def build_plan(costs: list[dict], sources: list[dict], own_means_available=0) -> Plan:
    return Plan(
        costs=tuple(CostLine(str(c["position"]), c["category"], int(c["year"]), Decimal(str(c["amount"])),
                             c.get("label", "")) for c in costs),
        sources=tuple(SourceLine(s["funder_id"], int(s["year"]), Decimal(str(s["amount"])), s.get("position"))
                      for s in sources),
        own_means_available=Decimal(str(own_means_available or 0)),
    )


def check(conn, plan: Plan) -> dict:
    """The validation result without saving anything (the UI's live panel), with the sums per year and per
    funder that the panel shows beside the grid."""
    funders = load_funders(conn)
    failures = validate(plan, funders)
    summary = summarise(plan, funders)
    return {"valid": not failures, "failures": [f.to_dict() for f in failures],
            "total_costs": summary.total_costs, "total_sources": summary.total_sources,
            "external_funds": summary.external_funds, "municipal_share": summary.municipal_share,
            **sums(plan, funders)}


def sums(plan: Plan, funders) -> dict:
    """``by_year``: costs, sources and their difference per year; ``by_funder``: each funder's amount and share
    of the costs, largest first."""
    years = [{"year": y, "costs": sum((c.amount for c in plan.costs if c.year == y), Decimal(0)),
              "sources": sum((s.amount for s in plan.sources if s.year == y), Decimal(0))} for y in plan.years()]
    for row in years:
        row["difference"] = row["sources"] - row["costs"]
    total = plan.total_costs
    by_funder = [{"funder_id": f, "name": funders[f].name if f in funders else f,
                  "label": funders[f].label if f in funders else f, "amount": a,
                  "share": (a / total) if total else None} for f, a in plan.by_funder().items()]
    return {"by_year": years, "by_funder": sorted(by_funder, key=lambda r: (-r["amount"], r["name"]))}


def _second_plan(project_id: str, existing: dict) -> Conflict:
    return Conflict(Msg("Für das Projekt „%(project)s“ gibt es schon den Finanzierungsplan „%(title)s“ (%(id)s). "
                        "Ein Projekt hat genau einen Finanzierungsplan: Speichern Sie Änderungen als neue Version "
                        "dieses Plans.", project=project_id, title=existing["title"], id=existing["id"]))


def save_plan(uow, *, actor: str, project_id: str | None = None, title: str = "", costs: list[dict],
              sources: list[dict], own_means_available=0, note: str = "", plan_id: str | None = None,
              id: str | None = None, demo: bool = False, actor_name: str | None = None) -> dict:
    """New plan (``plan_id`` None, optional fixed ``id``) or a new version of ``plan_id``. ``actor_name``: who
    the actor is, by name (default: the name in the caller's signed identity)."""
    plan = build_plan(costs, sources, own_means_available)
    with uow:
        s = uow.session
        at = now()
        if plan_id is None:
            plan_id = id or new_id()
            version = 1
            if s.execute(select(funding_plan.c.id).where(funding_plan.c.id == plan_id)).first():
                raise Conflict(Msg("Einen Finanzierungsplan mit der Kennung „%(id)s“ gibt es schon.", id=plan_id))
            existing = current_plan_of_project(s, project_id)
            if existing is not None:
                raise _second_plan(project_id, existing)
            try:
                s.execute(funding_plan.insert().values(id=plan_id, project_id=project_id, current_version=1,
                                                       title=title or "Finanzierungsplan", demo=demo, created_at=at))
            except IntegrityError as exc:  # a concurrent request created the project's plan first
                raise Conflict(Msg("Für das Projekt „%(project)s“ wurde gerade ein Finanzierungsplan angelegt. "
                                   "Bitte laden Sie die Seite neu und speichern Sie eine neue Version dieses "
                                   "Plans.", project=project_id)) from exc
        else:
            head = plan_row(s, plan_id)
            project_id = head["project_id"]
            version = head["current_version"] + 1
            values = {"current_version": version}
            if title:
                values["title"] = title
            s.execute(funding_plan.update().where(funding_plan.c.id == plan_id).values(**values))
        result = check(s, plan)
        s.execute(plan_version.insert().values(
            plan_id=plan_id, version=version, own_means_available=plan.own_means_available, valid=result["valid"],
            failures=result["failures"], total_costs=result["total_costs"], external_funds=result["external_funds"],
            municipal_share=result["municipal_share"], note=note, created_at=at,
            **named(plan_version, "created_by", actor, actor_name)))
        if plan.costs:
            s.execute(plan_cost.insert(), [
                {"plan_id": plan_id, "version": version, "seq": i, "position": c.position, "category": c.category,
                 "year": c.year, "amount": c.amount, "label": c.label} for i, c in enumerate(plan.costs)])
        if plan.sources:
            s.execute(plan_source.insert(), [
                {"plan_id": plan_id, "version": version, "seq": i, "funder_id": x.funder_id, "year": x.year,
                 "amount": x.amount, "position": x.position} for i, x in enumerate(plan.sources)])
        uow.audit(actor=actor, entity="funding_plan", entity_id=plan_id, action="version_saved",
                  changes={"version": version, "valid": result["valid"], "total_costs": result["total_costs"],
                           "failures": [f["message"] for f in result["failures"]], "note": note})
        uow.publish("finance.funding_plan.validated.v1", plan_id, wire({
            "plan_id": plan_id, "project_id": project_id, "version": version, "valid": result["valid"],
            "total_costs": result["total_costs"], "external_funds": result["external_funds"],
            "municipal_share": result["municipal_share"], "failures": [f["message"] for f in result["failures"]]}))
        uow.commit()
    return {"id": plan_id, "project_id": project_id, "version": version, **result}
