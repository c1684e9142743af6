"""Read side: lists with filters, details, deadline radar, dashboard figures, public views."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import and_, func, or_, select

from programmes import lists
from programmes.adapters.orm import (
    district,
    evaluation,
    field_of_action,
    funder,
    funding_call,
    funding_ending,
    funding_plan,
    grant_award,
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


def names(conn, table, *, active_only: bool = False) -> dict[str, str]:
    """code → name; all entries by default (labels of existing records), only active ones for choices."""
    stmt = select(table.c.code, table.c.name).order_by(table.c.name)
    if active_only:
        stmt = stmt.where(table.c.active.is_(True))
    return {r.code: r.name for r in conn.execute(stmt)}


def programme_choices(conn) -> list[tuple[str, str]]:
    """(id, short name or name) of every programme, for a filter (a long name would widen the filter bar)."""
    rows = conn.execute(select(programme.c.id, programme.c.name, programme.c.short_name))
    return sorted(((r.id, r.short_name or r.name) for r in rows), key=lambda item: item[1].casefold())


def reference(conn, table) -> list[dict]:
    return _rows(conn, select(table).order_by(table.c.name))


def list_programmes(conn, **filters) -> list[dict]:
    return lists.rows(conn, lists.programmes_stmt(**filters))


def list_projects(conn, **filters) -> list[dict]:
    return lists.rows(conn, lists.projects_stmt(**filters))


def list_ideas(conn, **filters) -> list[dict]:
    return lists.rows(conn, lists.ideas_stmt(**filters))


def list_calls(conn, **filters) -> list[dict]:
    return lists.rows(conn, lists.calls_stmt(**filters))


def matching_calls(conn, fields_of_action) -> list[dict]:
    """Open funding calls whose fields of action overlap the project's or idea's."""
    wanted = set(fields_of_action or [])
    if not wanted:
        return []
    return [c for c in list_calls(conn, open_from=today()) if wanted & set(c["fields_of_action"] or [])]


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


def all_reports(conn, **filters) -> list[dict]:
    """Berichtswesen: every report with its project and funder, earliest due first."""
    return lists.rows(conn, lists.reports_stmt(**filters))


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
    for c in list_calls(conn, open_from=today()):
        if c["deadline"] <= horizon:
            items.append({"kind": "call_deadline", "date": c["deadline"], "project_id": None,
                          "project_title": "", "text": Msg("Förderaufruf: %(title)s", title=c["title"]),
                          "overdue": False})
    return sorted(items, key=lambda i: (i["date"], i["kind"]))


#: funder types that are the city's own money (finance's OWN_TYPES): never third-party money
OWN_FUNDER_TYPES = ("own_funds", "municipality")
#: stages in which the city is committed to its co-financing share (as finance's portfolio counts them)
COMMITTED_STAGES = ("approved", "running", "closing", "evaluated", "sustained", "ended")


def third_party_funds(conn) -> Decimal:
    """Drittmittel as finance's portfolio counts them: the granted amount of every grant (its latest version,
    from finance.grant.awarded/amended) from a funder that is not the city itself (a funder finance has not
    announced yet counts, as in finance). Plans alone, not yet granted, count nothing."""
    stmt = (select(func.coalesce(func.sum(grant_award.c.amount), 0))
            .select_from(grant_award.outerjoin(funder, funder.c.id == grant_award.c.funder_id))
            .where(or_(funder.c.type.is_(None), funder.c.type.not_in(OWN_FUNDER_TYPES))))
    return Decimal(conn.execute(stmt).scalar_one()).quantize(Decimal("0.01"))


def municipal_share(conn) -> Decimal:
    """The city's co-financing burden: the own share of the valid funding plan of every project that is
    approved or later ("ended" only with a grant), from finance.funding_plan.validated."""
    granted = select(grant_award.c.project_id)
    stmt = (select(func.coalesce(func.sum(funding_plan.c.municipal_share), 0))
            .select_from(funding_plan.join(project, project.c.id == funding_plan.c.project_id))
            .where(funding_plan.c.valid.is_(True),
                   or_(project.c.stage.in_([s for s in COMMITTED_STAGES if s != "ended"]),
                       and_(project.c.stage == "ended", project.c.id.in_(granted)))))
    return Decimal(conn.execute(stmt).scalar_one()).quantize(Decimal("0.01"))


def dashboard(conn) -> dict:
    by_stage = dict(conn.execute(select(project.c.stage, func.count()).group_by(project.c.stage)).all())
    fields, districts = names(conn, field_of_action), names(conn, district)
    codes = conn.execute(select(project.c.fields_of_action, project.c.districts)).all()
    by_field = Counter(f for r in codes for f in (r.fields_of_action or []))
    by_district = Counter(d for r in codes for d in (r.districts or []))
    return {
        "projects": sum(by_stage.values()),
        "by_stage": [{"key": s, "count": by_stage.get(s, 0)} for s in STAGES],
        "by_field": [{"key": c, "label": fields.get(c, c), "count": n} for c, n in sorted(by_field.items())],
        "by_district": [{"key": c, "label": districts.get(c, c), "count": n} for c, n in sorted(by_district.items())],
        "external_funds": third_party_funds(conn), "municipal_share": municipal_share(conn),
    }


def target_groups(conn) -> list[dict]:
    return reference(conn, target_group)
