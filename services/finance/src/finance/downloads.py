"""Finance's downloads named by the thing they hold, e.g. ``Verwendungsnachweis_Juze-Truck_ESF-Plus_2026-2027.pdf``:
the names of project, funder and years, never an id (naming and headers: ``servicekit.web.downloads``)."""

from __future__ import annotations

from finance import journal_queries
from servicekit.web.downloads import attachment  # noqa: F401  (finance's views import it from here)


def proof_name_parts(conn, report: dict) -> list:
    """``[Verwendungsnachweis, <project>, <funder>, <years>]``: an interim proof by its budget year, a final one by
    the years of the plan."""
    from servicekit.web.i18n import _

    kind = _("Zwischennachweis") if report["kind"] == "interim" else _("Verwendungsnachweis")
    if report["kind"] == "interim" and report.get("year"):
        years = str(report["year"])
    else:
        span = journal_queries.plan_span(conn, report["project_id"])
        years = "" if not span else (str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}")
    return [kind, _project_name(conn, report), report.get("funder_label") or report["funder_name"], years]


def _project_name(conn, report: dict) -> str:
    """The project's title from programmes' read model, else the title of its funding plan."""
    from sqlalchemy import select

    from finance.adapters.orm import funding_plan, project

    title = conn.execute(select(project.c.title).where(project.c.id == report["project_id"])).scalar()
    return title or conn.execute(select(funding_plan.c.title)
                                 .where(funding_plan.c.project_id == report["project_id"])).scalar() or ""


def proof_pdf(report: dict) -> bytes:
    """The PDF in the reader's language, with German figures (``reports.export.to_pdf``)."""
    from finance.reports.export import to_pdf

    return to_pdf(report)
