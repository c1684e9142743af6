"""Read side: lists with filters, details, deadline radar, dashboard figures, public views."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from programmes.adapters.orm import (
    district,
    evaluation,
    field_of_action,
    funder,
    funding_call,
    funding_ending,
    funding_plan,
    idea,
    indicator,
    measurement,
    organisation,
    programme,
    project,
    report,
    sustainment_plan,
    target_group,
)
from programmes.domain.indicators import attainment_percent
from programmes.domain.lifecycle import FINAL, STAGES
from programmes.service_layer.common import load, months_between, today
from servicekit.web.i18n import Msg


def _rows(conn, stmt) -> list[dict]:
    return [dict(r) for r in conn.execute(stmt).mappings()]


def _text_match(row: dict, q: str | None, keys) -> bool:
    if not q:
        return True
    needle = q.casefold()
    return any(needle in str(row.get(k) or "").casefold() for k in keys)


def names(conn, table, *, active_only: bool = False) -> dict[str, str]:
    """code → name; all entries by default (labels of existing records), only active ones for choices."""
    stmt = select(table.c.code, table.c.name).order_by(table.c.name)
    if active_only:
        stmt = stmt.where(table.c.active.is_(True))
    return {r.code: r.name for r in conn.execute(stmt)}


def reference(conn, table) -> list[dict]:
    return _rows(conn, select(table).order_by(table.c.name))


def list_programmes(conn, *, q=None, status=None, field=None, published_only=False) -> list[dict]:
    stmt = select(programme).order_by(programme.c.name)
    if status:
        stmt = stmt.where(programme.c.status == status)
    if published_only:
        stmt = stmt.where(programme.c.published.is_(True))
    rows = _rows(conn, stmt)
    return [r for r in rows if (not field or field in (r["fields_of_action"] or []))
            and _text_match(r, q, ("name", "short_name", "summary", "description"))]


def list_projects(conn, *, q=None, programme_id=None, stage=None, field=None, district_code=None,
                  published_only=False) -> list[dict]:
    stmt = select(project).order_by(project.c.title)
    if programme_id:
        stmt = stmt.where(project.c.programme_id == programme_id)
    if stage:
        stmt = stmt.where(project.c.stage == stage)
    if published_only:
        stmt = stmt.where(project.c.published.is_(True))
    rows = _rows(conn, stmt)
    return [r for r in rows if (not field or field in (r["fields_of_action"] or []))
            and (not district_code or district_code in (r["districts"] or []))
            and _text_match(r, q, ("title", "summary", "description", "responsible"))]


def list_ideas(conn, *, q=None, source=None, best_practice=None, field=None) -> list[dict]:
    stmt = select(idea).order_by(idea.c.created_at.desc())
    if source:
        stmt = stmt.where(idea.c.source == source)
    if best_practice is not None:
        stmt = stmt.where(idea.c.best_practice.is_(best_practice))
    return [r for r in _rows(conn, stmt) if (not field or field in (r["fields_of_action"] or []))
            and _text_match(r, q, ("title", "description", "source_detail"))]


def list_calls(conn, *, field=None) -> list[dict]:
    rows = _rows(conn, select(funding_call).order_by(funding_call.c.deadline))
    return [r for r in rows if not field or field in (r["fields_of_action"] or [])]


def matching_calls(conn, fields_of_action) -> list[dict]:
    """Open funding calls whose fields of action overlap the project's or idea's."""
    wanted = set(fields_of_action or [])
    return [c for c in list_calls(conn) if c["deadline"] >= today() and wanted & set(c["fields_of_action"] or [])]


def _with_measurements(conn, ind: dict) -> dict:
    ms = _rows(conn, select(measurement).where(measurement.c.indicator_id == ind["id"])
               .order_by(measurement.c.measured_on, measurement.c.id))
    latest = ms[-1]["value"] if ms else None
    return {**ind, "measurements": ms, "attainment_percent": attainment_percent(ind["baseline"], ind["target"], latest)}


def indicators_of(conn, project_id: str) -> list[dict]:
    return [_with_measurements(conn, ind) for ind in
            _rows(conn, select(indicator).where(indicator.c.project_id == project_id).order_by(indicator.c.name))]


def indicator_detail(conn, indicator_id: str) -> dict:
    """One indicator with its measurements and attainment (NotFound if it does not exist)."""
    return _with_measurements(conn, load(conn, indicator, indicator_id))


def call_detail(conn, call_id: str) -> dict:
    return load(conn, funding_call, call_id)


def reports_of(conn, project_id: str) -> list[dict]:
    return _rows(conn, select(report).where(report.c.project_id == project_id).order_by(report.c.due_date))


def all_reports(conn, *, status=None, funder_id=None) -> list[dict]:
    """Berichtswesen: every report with its project, earliest due first."""
    stmt = (select(report, project.c.title.label("project_title")).join(project, project.c.id == report.c.project_id)
            .order_by(report.c.due_date, report.c.title))
    if status:
        stmt = stmt.where(report.c.status == status)
    if funder_id:
        stmt = stmt.where(report.c.funder_id == funder_id)
    return _rows(conn, stmt)


def evaluation_of(conn, project_id: str) -> dict | None:
    row = conn.execute(select(evaluation).where(evaluation.c.project_id == project_id)).mappings().first()
    return dict(row) if row else None


def sustainment_of(conn, project_id: str) -> dict | None:
    row = conn.execute(select(sustainment_plan).where(sustainment_plan.c.project_id == project_id)).mappings().first()
    return dict(row) if row else None


def partners_of(conn, ids) -> list[dict]:
    ids = list(ids or [])
    if not ids:
        return []
    known = {r.id: r.name for r in conn.execute(select(organisation.c.id, organisation.c.name)
                                                .where(organisation.c.id.in_(ids)))}
    return [{"id": i, "name": known[i]} for i in ids if i in known]


def organisations(conn) -> list[dict]:
    return _rows(conn, select(organisation).order_by(organisation.c.name))


def funders(conn) -> list[dict]:
    return _rows(conn, select(funder).order_by(funder.c.name))


def radar(conn, *, months: int = 6) -> list[dict]:
    """Reports due (open ones stay, marked overdue, until submitted), funding periods ending (finance) and
    projects ending without a sustainment plan; a funding period or project end that has passed drops off."""
    horizon = today() + timedelta(days=31 * months)
    titles = {r.id: r.title for r in conn.execute(select(project.c.id, project.c.title))}
    items = []
    for r in _rows(conn, select(report).where(report.c.status.in_(["planned", "in_progress"]),
                                              report.c.due_date <= horizon)):
        items.append({"kind": "report_due", "date": r["due_date"], "project_id": r["project_id"],
                      "project_title": titles.get(r["project_id"], r["project_id"]),
                      "text": Msg("Bericht fällig: %(title)s", title=r["title"]), "overdue": r["due_date"] < today()})
    for r in _rows(conn, select(funding_ending).where(funding_ending.c.period_end >= today(),
                                                      funding_ending.c.period_end <= horizon)):
        left = max(0, months_between(today(), r["period_end"]))  # counted today, not when finance announced it
        items.append({"kind": "funding_ending", "date": r["period_end"], "project_id": r["project_id"],
                      "project_title": titles.get(r["project_id"], r["project_id"]),
                      "text": (Msg("Förderzeitraum endet (noch %(n)s Monat)", n=left) if left == 1 else
                               Msg("Förderzeitraum endet (noch %(n)s Monate)", n=left)),
                      "overdue": False})
    planned = set(conn.execute(select(sustainment_plan.c.project_id)).scalars())
    for r in _rows(conn, select(project).where(project.c.end_date.is_not(None), project.c.end_date >= today(),
                                               project.c.end_date <= horizon, project.c.stage.not_in(FINAL))):
        if r["id"] not in planned:
            items.append({"kind": "no_sustainment", "date": r["end_date"], "project_id": r["id"],
                          "project_title": r["title"], "text": Msg("Projekt endet ohne Verstetigungsplan"),
                          "overdue": r["end_date"] < today()})
    for c in list_calls(conn):
        if today() <= c["deadline"] <= horizon:
            items.append({"kind": "call_deadline", "date": c["deadline"], "project_id": None,
                          "project_title": "", "text": Msg("Förderaufruf: %(title)s", title=c["title"]),
                          "overdue": False})
    return sorted(items, key=lambda i: (i["date"], i["kind"]))


def dashboard(conn) -> dict:
    projects = _rows(conn, select(project))
    fields, districts = names(conn, field_of_action), names(conn, district)
    by_stage = Counter(p["stage"] for p in projects)
    by_field = Counter(f for p in projects for f in (p["fields_of_action"] or []))
    by_district = Counter(d for p in projects for d in (p["districts"] or []))
    plans = _rows(conn, select(funding_plan))
    external = sum((p["external_funds"] for p in plans), Decimal("0.00"))
    municipal = sum((p["municipal_share"] for p in plans), Decimal("0.00"))
    return {
        "projects": len(projects),
        "by_stage": [{"key": s, "count": by_stage.get(s, 0)} for s in STAGES],
        "by_field": [{"key": c, "label": fields.get(c, c), "count": n} for c, n in sorted(by_field.items())],
        "by_district": [{"key": c, "label": districts.get(c, c), "count": n} for c, n in sorted(by_district.items())],
        "external_funds": external, "municipal_share": municipal,
    }


def target_groups(conn) -> list[dict]:
    return reference(conn, target_group)
