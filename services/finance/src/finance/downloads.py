"""Downloads named by the thing they hold, e.g. ``Verwendungsnachweis_Juze-Truck_ESF-Plus_2026-2027.pdf``: the
names of project, funder and years, never an id. The header carries an ASCII name (umlauts spelled out) for old
clients and the exact UTF-8 name (RFC 6266 ``filename*``) for everyone else."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Response

from finance import journal_queries

_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
                          "„": "", "“": "", "”": "", "‚": "", "‘": "", "’": "", "–": "-", "—": "-"})


def _part(text: str) -> str:
    text = re.sub(r"[^\w.-]+", "-", str(text).strip(), flags=re.UNICODE)
    return re.sub(r"-{2,}", "-", text).strip("-._")


def filename(parts, ext: str) -> str:
    """``["Verwendungsnachweis", "Juze-Truck", "ESF Plus", "2026"]`` →
    ``Verwendungsnachweis_Juze-Truck_ESF-Plus_2026.<ext>`` (empty parts are left out)."""
    name = "_".join(p for p in (_part(x) for x in parts if x) if p) or "Download"
    return f"{name[:150]}.{ext}"


def ascii_name(name: str) -> str:
    spelled = unicodedata.normalize("NFKD", name.translate(_SPELLED)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]+", "-", spelled) or "Download"


def attachment(body, mimetype: str, parts, ext: str) -> Response:
    name = filename(parts, ext)
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=ascii_name(name),
                         **{"filename*": "UTF-8''" + quote(name, safe="")})
    return response


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
