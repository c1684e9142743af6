"""UI: plan against actual (Soll-Ist-Vergleich) per project: planned, granted, booked and drawn per funder, per
year and per plan position, as tables and as bar charts (SVG drawn here, values written beside the bars)."""

from __future__ import annotations

from decimal import Decimal

from flask import render_template

from finance import budget as reads
from servicekit.auth import require_roles
from servicekit.web.app import runtime_of
from servicekit.web.i18n import _
from servicekit.web.listing import Listing

BAR_AREA = 430  # px of the longest bar; the value is written after it
LABEL_WIDTH = 190
BAR_HEIGHT = 14
GROUP_GAP = 14


def series_labels() -> dict:
    return {"planned": _("geplant"), "granted": _("bewilligt"), "booked": _("gebucht"), "drawn": _("abgerufen")}


def chart(groups: list[tuple[str, dict]], keys: tuple[str, ...], over: set[int] = frozenset()) -> dict:
    """Geometry of a horizontal bar chart: per group (name, {key: amount}) one bar per key. ``over``: indexes of
    groups whose "booked" bar is drawn as an overrun."""
    peak = max([abs(values.get(k) or Decimal(0)) for _name, values in groups for k in keys] or [Decimal(1)])
    peak = peak or Decimal(1)
    bars, labels, y = [], [], 6
    for index, (name, values) in enumerate(groups):
        labels.append({"x": 0, "y": y + BAR_HEIGHT * len(keys) / 2 + 5, "text": name})
        for key in keys:
            amount = values.get(key) or Decimal(0)
            width = float(max(Decimal(0), amount) / peak * BAR_AREA)
            css = "over" if key == "booked" and index in over else key
            bars.append({"x": LABEL_WIDTH, "y": y, "width": round(max(width, 1.0), 1), "height": BAR_HEIGHT - 2,
                         "css": css, "amount": amount, "series": series_labels()[key], "group": name,
                         "text_x": round(LABEL_WIDTH + max(width, 1.0) + 6, 1), "text_y": y + BAR_HEIGHT - 3})
            y += BAR_HEIGHT
        y += GROUP_GAP
    return {"bars": bars, "labels": labels, "height": y, "width": LABEL_WIDTH + BAR_AREA + 150}


def register(bp) -> None:
    from finance.ui.views import READ, read

    @bp.get("/soll-ist")
    @require_roles(*READ)
    def budgets():
        listing = Listing.from_request(page_size=25)
        with runtime_of().engine.connect() as conn:
            page = listing.fetch(conn, reads.budget_projects(q=listing.q))
        return render_template("finance/budgets.html", page=page, listing=listing)

    @bp.get("/soll-ist/<project_id>")
    @require_roles(*READ)
    def budget(project_id):
        data = reads.rows(read(reads.plan_vs_actual, project_id))
        keys = ("planned", "granted", "booked", "drawn")
        funders = chart([(f["funder_label"] or f["funder_name"], f) for f in data["funders"]], keys)
        years = chart([(str(y["year"]), y) for y in data["years"]], keys)
        positions = data["positions"]
        by_position = chart([(_("Pos. %(position)s, %(year)s", position=p["position"], year=p["year"]), p)
                             for p in positions], ("planned", "booked"),
                            over={i for i, p in enumerate(positions) if p["over"]})
        return render_template("finance/budget.html", data=data, funders_chart=funders, years_chart=years,
                               positions_chart=by_position, labels=series_labels())
