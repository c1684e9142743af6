"""The project page, in tabs by phase (?tab=…, rendered on the server, so it works without JavaScript): what a
clerk needs at each step, and the evaluation only from the project's closure on, the sustainment plan only
after the evaluation."""

from __future__ import annotations

from decimal import Decimal

from flask import render_template, request
from sqlalchemy import select

from programmes import charts
from programmes.adapters.orm import district, field_of_action, funder, funding_plan, grant_award, organisation
from programmes.adapters.orm import programme as programme_table
from programmes.adapters.orm import target_group as target_group_table
from programmes.domain.assessment import CRITERIA
from programmes.domain.lifecycle import STAGE_LABELS, allowed_targets
from programmes.domain.reference import REPORT_KINDS, REPORT_STATUSES
from programmes.queries import (
    OWN_FUNDER_TYPES,
    evaluation_of,
    indicators_of,
    matching_calls,
    names,
    partners_of,
    reports_of,
    sustainment_of,
)
from programmes.service_layer import projects as handlers
from programmes.service_layer import workshop
from programmes.service_layer.common import load_project
from programmes.ui.common import can_edit, fill_choices, labels, readability_view, rt, tr
from programmes.ui.forms import (
    EvaluationForm,
    IndicatorForm,
    MeasurementForm,
    ProjectForm,
    PublishForm,
    ReportForm,
    ReportStatusForm,
    SustainmentForm,
    TransitionForm,
)
from servicekit.web.i18n import _

EVALUATION_FROM = ("closing", "evaluated", "sustained", "ended")
SUSTAINMENT_FROM = ("evaluated", "sustained", "ended")
#: which tab a form lives on (a form with errors is shown again on its own tab)
FORM_TAB = {"transition": "ueberblick", "publish": "ueberblick", "edit": "bearbeiten", "indicator": "indikatoren",
            "measurement": "indikatoren", "report": "berichte", "report_status": "berichte",
            "evaluation": "evaluation", "sustainment": "verstetigung"}
#: the finance department's plan-against-actual page of a project (built and owned by finance)
FINANCE_PLAN_ACTUAL = "/intern/finance/soll-ist/{project_id}"


def tabs_for(row: dict, *, has_evaluation: bool, has_sustainment: bool, editor: bool) -> list[tuple[str, str]]:
    """(slug, label) of the tabs a project has in its phase."""
    tabs = [("ueberblick", _("Überblick")), ("werkstatt", _("Ideenwerkstatt")), ("indikatoren", _("Indikatoren")),
            ("finanzen", _("Finanzen")), ("berichte", _("Berichte"))]
    if row["stage"] in EVALUATION_FROM or has_evaluation:
        tabs.append(("evaluation", _("Evaluation")))
    if row["stage"] in SUSTAINMENT_FROM or has_sustainment:
        tabs.append(("verstetigung", _("Verstetigung")))
    if editor:
        tabs.append(("bearbeiten", _("Stammdaten bearbeiten")))
    return tabs


def _evaluation_data(evaluation) -> dict:
    if not evaluation:
        return {}
    data = dict(evaluation)
    for key, item in (evaluation.get("criteria") or {}).items():
        data[f"{key}_score"], data[f"{key}_reason"] = item.get("score"), item.get("reason")
    return data


def _forms(row, conn, tab, given):
    """Only the forms of the shown tab (a form given with errors replaces the empty one)."""
    pid = row["id"]
    makers = {
        "ueberblick": {"transition": lambda: TransitionForm(formdata=None, prefix="transition"),
                       "publish": lambda: PublishForm(formdata=None, data={"published": not row["published"]})},
        "indikatoren": {"indicator": lambda: IndicatorForm(formdata=None, prefix="indicator"),
                        "measurement": lambda: MeasurementForm(formdata=None, prefix="measurement")},
        "berichte": {"report": lambda: ReportForm(formdata=None, prefix="report")},
        "evaluation": {"evaluation": lambda: EvaluationForm(formdata=None, prefix="evaluation",
                                                            data=_evaluation_data(evaluation_of(conn, pid)))},
        "verstetigung": {"sustainment": lambda: SustainmentForm(formdata=None, prefix="sustainment",
                                                                data=sustainment_of(conn, pid) or {})},
        "bearbeiten": {"edit": lambda: ProjectForm(formdata=None, prefix="edit", data=row)},
    }
    forms = {key: given.get(key) or make() for key, make in makers.get(tab, {}).items()}
    if "transition" in forms:
        forms["transition"].to.choices = [(s, tr(STAGE_LABELS[s])) for s in allowed_targets(row["stage"])]
    if "measurement" in forms:
        forms["measurement"].indicator_id.choices = [(i["id"], i["name"]) for i in indicators_of(conn, pid)]
    for key in ("report", "edit"):
        if key in forms:
            fill_choices(forms[key], conn)
    return forms


def finances_of(conn, project_id: str) -> dict:
    """What the programme office knows of the project's money, from finance's events: the current funding
    plan version (finance.funding_plan.validated) and the grants by funder (finance.grant.awarded/amended).
    Booked and drawn money is finance's: its plan-against-actual page shows it."""
    plan = conn.execute(select(funding_plan).where(funding_plan.c.project_id == project_id)).mappings().first()
    grants = [dict(r) for r in conn.execute(
        select(grant_award, funder.c.name.label("funder_name"), funder.c.type.label("funder_type"))
        .select_from(grant_award.outerjoin(funder, funder.c.id == grant_award.c.funder_id))
        .where(grant_award.c.project_id == project_id).order_by(funder.c.name, grant_award.c.period_start))
        .mappings()]
    third_party = sum((g["amount"] for g in grants if g["funder_type"] not in OWN_FUNDER_TYPES), Decimal("0.00"))
    plan = dict(plan) if plan else None
    return {"plan": plan, "grants": grants, "granted_third_party": third_party,
            "not_yet_granted": (plan["external_funds"] - third_party) if plan else None,
            "finance_url": FINANCE_PLAN_ACTUAL.format(project_id=project_id)}


def _tab_context(conn, row, tab) -> dict:
    pid = row["id"]
    if tab == "ueberblick":
        return {"history": handlers.history(conn, pid), "partners": partners_of(conn, row["partner_ids"]),
                "calls": matching_calls(conn, row["fields_of_action"]), "readability": readability_view(row["summary"]),
                "target_groups": names(conn, target_group_table)}
    if tab == "werkstatt":
        return {"assessments": workshop.assessments(conn, pid), "threshold": workshop.threshold(conn),
                "criteria": labels(CRITERIA)}
    if tab == "indikatoren":
        indicators = indicators_of(conn, pid)
        return {"indicators": indicators,
                "charts": {i["id"]: charts.indicator_svg(i, f"ind-{n}") for n, i in enumerate(indicators, 1)}}
    if tab == "finanzen":
        money = finances_of(conn, pid)
        return {"money": money, "money_chart": charts.money_svg(money)}
    if tab == "berichte":
        funders = {r.id: r.name for r in conn.execute(select(funder.c.id, funder.c.name))}
        return {"reports": reports_of(conn, pid), "funders": funders, "report_kinds": labels(REPORT_KINDS),
                "report_statuses": labels(REPORT_STATUSES), "status_form": ReportStatusForm(formdata=None)}
    if tab == "evaluation":
        return {"evaluation": evaluation_of(conn, pid), "criteria": labels(CRITERIA),
                "threshold": workshop.threshold(conn)}
    if tab == "verstetigung":
        return {"sustainment": sustainment_of(conn, pid)}
    return {}


def render_project(project_id, status=200, **given):
    """The project page on the tab of ``given`` (a form with errors) or ``?tab=``, else the overview."""
    with rt().engine.connect() as conn:
        row = load_project(conn, project_id)
        has_evaluation = evaluation_of(conn, project_id) is not None
        has_sustainment = sustainment_of(conn, project_id) is not None
        tabs = tabs_for(row, has_evaluation=has_evaluation, has_sustainment=has_sustainment, editor=can_edit())
        wanted = next((FORM_TAB[k] for k in given if k in FORM_TAB), None) or request.args.get("tab")
        tab = wanted if wanted in dict(tabs) else "ueberblick"
        programme = conn.execute(select(programme_table.c.id, programme_table.c.name)
                                 .where(programme_table.c.id == row["programme_id"])).mappings().first()
        ctx = {"row": row, "tab": tab, "tabs": tabs, "forms": _forms(row, conn, tab, given),
               "programme": programme, "fields": names(conn, field_of_action), "districts": names(conn, district),
               "organisations": {r.id: r.name for r in conn.execute(select(organisation.c.id, organisation.c.name))},
               "can_edit": can_edit(), **_tab_context(conn, row, tab)}
    return render_template("programmes/project.html", **ctx), status
