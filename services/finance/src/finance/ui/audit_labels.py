"""Finance's change log in words: the labels of its audit actions and fields (German, English) and the
names of the records its changes point to, for ``servicekit.web.auditview``."""

from __future__ import annotations

from sqlalchemy import select

from finance.adapters.orm import funder, grant, grant_version, project
from finance.domain.funders import CATEGORY_NAMES, REPORT_FORMATS
from finance.domain.proof import KINDS
from finance.reference import funder_type_name
from servicekit.web.auditview import AuditView, audit_view, format_value
from servicekit.web.i18n import _, select_locale, tr

ACTIONS = {
    "created": ("Angelegt", "Created"),
    "updated": ("Geändert", "Changed"),
    "awarded": ("Bewilligung erfasst", "Grant recorded"),
    "amended": ("Änderungsbescheid erfasst", "Amendment recorded"),
    "ending_soon": ("Hinweis: Förderung endet bald", "Notice: funding ends soon"),
    "decision_booked": ("Beschluss gebucht", "Decision booked"),
    "decision_refused": ("Beschluss abgelehnt (Fonds reicht nicht)", "Decision refused (fund insufficient)"),
    "approved": ("Freigegeben", "Approved"),
    "approval_refused": ("Freigabe verweigert (Vier-Augen-Prinzip)", "Approval refused (four-eyes principle)"),
    "submitted": ("Eingereicht", "Submitted"),
    "received": ("Geld eingegangen", "Money received"),
    "version_saved": ("Version gespeichert", "Version saved"),
    "booked": ("Gebucht", "Booked"),
    "reversed": ("Storniert", "Reversed"),
}
RULE_FIELDS = {
    "max_rate": ("Höchstförderquote", "Maximum funding rate", "rate"),
    "min_own_share": ("Mindesteigenanteil", "Minimum own share", "rate"),
    "cofinancing_min_public": ("Nationale öffentliche Kofinanzierung mindestens",
                               "National public co-financing at least", "rate"),
    "joint_group": ("Gruppe der gemeinsamen Höchstquote", "Joint maximum rate group"),
    "joint_max_rate": ("Gemeinsame Höchstquote", "Joint maximum rate", "rate"),
    "eligible_categories": ("Förderfähige Kategorien", "Eligible categories"),
    "overhead_rate": ("Verwaltungspauschale höchstens", "Overhead flat rate at most", "rate"),
    "excluded_funders": ("Nicht kombinierbar mit", "Cannot be combined with"),
    "need_rule_weeks": ("Bedarfsprinzip (Wochen)", "Need rule (weeks)"),
    "basis": ("Abrechnung", "Accounting basis"),
    "report_format": ("Berichtsformat", "Report format"),
    "interim_due": ("Zwischennachweis fällig", "Interim proof due"),
    "final_due_months": ("Schlussnachweis binnen Monaten", "Final proof within months"),
    "taper": ("Anschubfinanzierung (Höchstanteile je Jahr)", "Start-up funding (maximum shares per year)", "rate"),
    "position_overrun_tolerance": ("Erlaubte Überschreitung je Kostenposition", "Permitted overrun per cost position",
                                   "rate"),
}
#: no ``position_overrun_tolerance``: an overrun of a plan position is only ever warned about
NO_OVERRUN_LIMIT = ("keine Grenze (Überschreitung wird nur gewarnt)", "no limit (an overrun is only warned about)")
FIELDS = {
    "name": ("Name", "Name"), "short_name": ("Kurzname", "Short name"), "type": ("Art", "Type"),
    "public": ("Öffentliche Mittel", "Public funds"), "publicity_notice": ("Förderhinweis", "Funding notice"),
    "rules_version": ("Regelversion", "Rules version"), "rules": ("Regeln", "Rules"), **RULE_FIELDS,
    "project_id": ("Projekt", "Project"), "funder_id": ("Fördermittelgeber", "Funder"),
    "grant_id": ("Bewilligung", "Grant"), "amount": ("Betrag", "Amount", "money"),
    "budget": ("Budget", "Budget", "money"), "total_costs": ("Gesamtausgaben", "Total costs", "money"),
    "period_start": ("Zeitraum von", "Period from"), "period_end": ("Zeitraum bis", "Period to"),
    "due_date": ("Zahlung fällig am", "Payment due on"), "reference": ("Aktenzeichen", "File reference"),
    "conditions": ("Auflagen", "Conditions"), "reason": ("Anlass", "Reason"), "version": ("Version", "Version"),
    "year": ("Jahr", "Year"), "status": ("Status", "Status"), "kind": ("Art des Nachweises", "Kind of proof"),
    "threshold_months": ("Hinweis-Schwelle (Monate)", "Notice threshold (months)"),
    "months_left": ("Restlaufzeit (Monate)", "Months left"), "receipt_number": ("Belegnummer", "Receipt number"),
    "category": ("Kategorie", "Category"), "position": ("Planposition", "Plan position"),
    "shares": ("Aufteilung", "Split"), "valid": ("Gültig", "Valid"), "failures": ("Regelverstöße", "Rule violations"),
    "note": ("Anlass der Version", "Reason for the version"),
}
STATUS_NAMES = {"draft": ("wartet auf Freigabe", "awaiting approval"), "approved": ("freigegeben", "approved"),
                "submitted": ("eingereicht", "submitted"), "received": ("eingegangen", "received")}
BASIS_NAMES = {"expense": ("Ausgabenbasis", "Expense basis"), "cost": ("Kostenbasis", "Cost basis")}


def _due(value) -> str:
    """A deadline stored as "MM-DD" (in the following year) read as a date: "04-30" → "30.04."."""
    text = str(value or "")
    return f"{text[3:5]}.{text[0:2]}." if len(text) == 5 and text[2] == "-" else text


def _names(conn) -> tuple[dict, dict, dict]:
    funders = {r.id: r.name for r in conn.execute(select(funder.c.id, funder.c.name))}
    projects = {r.id: r.title for r in conn.execute(select(project.c.id, project.c.title))}
    grants = {}
    for r in conn.execute(select(grant.c.id, grant.c.project_id, grant.c.funder_id, grant_version.c.reference)
                          .join(grant_version, (grant_version.c.grant_id == grant.c.id)
                                & (grant_version.c.version == grant.c.current_version))):
        what = f"{funders.get(r.funder_id, '')} – {projects.get(r.project_id, '')}".strip(" –")
        grants[r.id] = f"{r.reference} ({what})" if r.reference and what else (r.reference or what or None)
    return funders, projects, grants


def values(conn, lang: str | None = None) -> dict:
    """How finance's stored codes and ids read: funders, projects and grants by name, codes by their labels."""
    funders, projects, grants = _names(conn)
    lang = lang or select_locale()

    def shares(split: dict) -> str:
        return "; ".join(f"{funders.get(f) or _('unbekannter Geber')} {format_value(a, 'money', lang)}"
                         for f, a in split.items())

    def label(names: dict):
        return lambda code: tr(names[code]) if code in names else None

    return {
        "funder_id": funders.get, "excluded_funders": funders.get, "project_id": projects.get, "grant_id": grants.get,
        "type": funder_type_name, "category": label(CATEGORY_NAMES), "eligible_categories": label(CATEGORY_NAMES),
        "report_format": label(REPORT_FORMATS), "kind": label(KINDS), "status": STATUS_NAMES, "basis": BASIS_NAMES,
        "interim_due": _due, "shares": shares,
        "position_overrun_tolerance": lambda v: NO_OVERRUN_LIMIT if v in (None, "") else None,
        "reason": lambda text: _("Bewilligung") if text == "Bewilligung" else None,
    }


rule_values = values


def finance_audit(conn, entries: list[dict], lang: str | None = None) -> AuditView:
    """The entries as rows for the ``audit_table`` macro, in the reader's language."""
    return audit_view(entries, ACTIONS, FIELDS, values=values(conn, lang), lang=lang)
