"""The portfolio page: bars that carry their values and names (never codes), for all years or one budget year."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from flask import render_template, request

from finance.domain.funders import FUNDER_TYPES, OWN_TYPES
from finance.domain.money import ZERO
from finance.reference import NONE, district_name, field_name, funder_type_name

ALL = "alle"
BAR_WIDTH = 460  # px of the longest bar; label column and value text beside it keep the chart under 900 px


def _rows(groups: list[dict], key: str, year: int | None, name) -> list[dict]:
    """Sum the portfolio's (year, code) rows for one year or all years; name the codes; "ohne" comes last."""
    sums: dict[str, dict] = defaultdict(lambda: {"external": ZERO, "municipal": ZERO})
    for r in groups:
        if year is None or r["year"] == year:
            sums[r[key]]["external"] += Decimal(r["external"])
            sums[r[key]]["municipal"] += Decimal(r["municipal"])
    rows = [{"code": code, "label": name(code), **v} for code, v in sums.items() if v["external"] or v["municipal"]]
    return sorted(rows, key=lambda r: (r["code"] == NONE, -(r["external"] + r["municipal"]), r["label"]))


def _type_rows(groups: list[dict], year: int | None) -> list[dict]:
    rows = _rows(groups, "funder_type", year, funder_type_name)
    order = {t: i for i, t in enumerate(FUNDER_TYPES)}
    for r in rows:
        r["own"] = r["code"] in OWN_TYPES
    return sorted(rows, key=lambda r: (r["own"], order.get(r["code"], 99)))


def _scale(*tables: list[dict]) -> None:
    """Bar widths in px, one scale for the bars of a chart (a bar of 0 € has no width)."""
    peak = max([max(r["external"], r["municipal"]) for t in tables for r in t] or [Decimal(0)])
    for t in tables:
        for r in t:
            for kind in ("external", "municipal"):
                r[f"{kind}_px"] = round(float(r[kind] / peak * BAR_WIDTH), 1) if peak and r[kind] else 0


def portfolio_page(data: dict):
    years = [r["year"] for r in data["years"]]
    chosen = request.args.get("jahr", ALL)
    year = int(chosen) if chosen.isdigit() and int(chosen) in years else None
    by_year = [{"code": str(r["year"]), "label": str(r["year"]), "external": Decimal(r["external"]),
                "municipal": Decimal(r["municipal"])} for r in data["years"]]
    fields = _rows(data["by_field"], "field", year, field_name)
    districts = _rows(data["by_district"], "district", year, district_name)
    types = _type_rows(data.get("by_funder_type", []), year)
    for chart in (by_year, fields, districts, types):
        _scale(chart)
    chosen_totals = ({"external": sum((r["external"] for r in by_year if r["code"] == str(year)), ZERO),
                      "municipal": sum((r["municipal"] for r in by_year if r["code"] == str(year)), ZERO)}
                     if year else data["totals"])
    return render_template("finance/portfolio.html", data=data, years=years, year=year, by_year=by_year,
                           fields=fields, districts=districts, types=types, totals=data["totals"],
                           chosen_totals=chosen_totals, bar_width=BAR_WIDTH)
