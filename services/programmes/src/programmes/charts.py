"""Server-rendered SVG charts (no JavaScript, accessible titles and descriptions): the portfolio dashboard, and
on the internal project page the indicators and the project's money."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from markupsafe import Markup

from programmes.domain.lifecycle import STAGE_LABELS
from programmes.domain.reference import NotFound
from programmes.texts import tr, value_text
from servicekit.web.i18n import Msg
from servicekit.web.ui import datum, euro

WIDTH, BAR_H, GAP, LABEL_W = 560, 22, 8, 170
COLOURS = ("#005a9c", "#2e7d32", "#b35900", "#6a1b9a", "#00838f", "#ad1457")


def bar_chart(title: str, items: list[tuple[str, float, str]], ident: str = "chart") -> str:
    """Horizontal bars: items = (label, value, value text); the label column is as wide as the longest label."""
    height = 40 + len(items) * (BAR_H + GAP)
    top = max([v for _, v, _ in items] + [1])
    label_w = max([LABEL_W] + [int(len(label) * 7.4) + 16 for label, _, _ in items])  # no label is cut off
    total_w = WIDTH + label_w - LABEL_W
    scale = (total_w - label_w - 130) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{height}" role="img" '
             f'viewBox="0 0 {total_w} {height}" aria-labelledby="{ident}-title"><title id="{ident}-title">'
             f'{escape(title)}</title>',
             f'<text x="0" y="20" font-size="16" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>']
    for i, (label, value, text) in enumerate(items):
        y = 34 + i * (BAR_H + GAP)
        bar = max(value * scale, 1 if value else 0)
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" font-size="13" text-anchor="end" fill="#1a1a1a">'
                     f'{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar:.1f}" height="{BAR_H}" '
                     f'fill="{COLOURS[i % len(COLOURS)]}"><title>{escape(label)}: {escape(text)}</title></rect>')
        parts.append(f'<text x="{label_w + bar + 6:.1f}" y="{y + 16}" font-size="13" fill="#1a1a1a">'
                     f'{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def chart_svg(data: dict, chart: str) -> str:
    """The chart in the reader's language (titles and fixed labels; names from the database stay as they are)."""
    if chart == "stage":
        return bar_chart(tr(Msg("Projekte nach Phase")), [(tr(STAGE_LABELS[s["key"]]), s["count"], str(s["count"]))
                                                          for s in data["by_stage"] if s["count"]], "chart-stage")
    if chart == "field":
        return bar_chart(tr(Msg("Projekte nach Handlungsfeld")), [(s["label"], s["count"], str(s["count"]))
                                                                  for s in data["by_field"]], "chart-field")
    if chart == "district":
        return bar_chart(tr(Msg("Projekte nach Stadtteil")), [(s["label"], s["count"], str(s["count"]))
                                                              for s in data["by_district"]], "chart-district")
    if chart == "funds":
        ext, mun = data["external_funds"], data["municipal_share"]
        return bar_chart(tr(Msg("Drittmittel und städtischer Anteil")),
                         [(tr(Msg("Drittmittel")), float(ext), euro(ext)),
                          (tr(Msg("Städtischer Anteil")), float(mun), euro(mun))],
                         "chart-funds")
    raise NotFound(Msg("Das Diagramm „%(chart)s“ gibt es nicht.", chart=chart))


# -- the internal project page ---------------------------------------------------------------------------
IND_W, IND_H, PAD_L, PAD_B, PAD_T, PAD_R = 560, 230, 56, 40, 18, 12


def indicator_svg(indicator: dict, chart_id: str) -> Markup:
    """One indicator: a bar per measurement (dated, in Berlin's calendar), dashed lines for baseline and target,
    with a title and a description that says the same in words (the page shows the numbers as a table too)."""
    points = [(m["measured_on"], Decimal(m["value"])) for m in indicator.get("measurements") or []]
    baseline, target = Decimal(indicator["baseline"]), Decimal(indicator["target"])
    top = max([v for _, v in points] + [baseline, target, Decimal(1)]) * Decimal("1.1")
    plot_w, plot_h = IND_W - PAD_L - PAD_R, IND_H - PAD_B - PAD_T
    name, unit = escape(indicator["name"]), escape(indicator.get("unit") or "")

    def y(v: Decimal) -> float:
        return round(PAD_T + plot_h - float(max(v, Decimal(0)) / top) * plot_h, 1)

    raw_unit = indicator.get("unit") or ""
    said = ("; ".join(f"{datum(d)}: {value_text(v)} {raw_unit}".strip() for d, v in points)
            or tr(Msg("noch keine Messwerte")))
    desc = tr(Msg("%(name)s: %(values)s. Ausgangswert %(baseline)s, Zielwert %(target)s.", name=indicator["name"],
                  values=said, baseline=value_text(baseline), target=value_text(target)))
    parts = [f'<svg class="chart" width="{IND_W}" height="{IND_H}" viewBox="0 0 {IND_W} {IND_H}" role="img" '
             f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{name}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
             f'<line x1="{PAD_L}" y1="{PAD_T + plot_h}" x2="{IND_W - PAD_R}" y2="{PAD_T + plot_h}" stroke="#1a1a1a"/>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" text-anchor="end" font-size="12" fill="#1a1a1a">'
             f'{value_text((top / Decimal("1.1")).quantize(Decimal("0.01")))}</text>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + plot_h}" text-anchor="end" font-size="12" fill="#1a1a1a">0</text>']
    if points:
        slot = plot_w / len(points)
        bar = min(slot * 0.6, 56)
        for i, (d, v) in enumerate(points):
            x = PAD_L + i * slot + (slot - bar) / 2
            parts.append(f'<rect x="{x:.1f}" y="{y(v)}" width="{bar:.1f}" height="{PAD_T + plot_h - y(v):.1f}" '
                         f'fill="#00507a"><title>{escape(datum(d))}: {escape(value_text(v))} {unit}</title></rect>')
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y(v) - 4}" text-anchor="middle" font-size="12" '
                         f'fill="#1a1a1a">{escape(value_text(v))}</text>')
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{IND_H - PAD_B + 16}" text-anchor="middle" font-size="11" '
                         f'fill="#1a1a1a">{escape(datum(d))}</text>')
    for value, label, colour in ((baseline, Msg("Ausgangswert"), "#555555"), (target, Msg("Zielwert"), "#1d6b2c")):
        if value != 0:  # a zero baseline is the axis itself
            parts.append(f'<line x1="{PAD_L}" y1="{y(value)}" x2="{IND_W - PAD_R}" y2="{y(value)}" stroke="{colour}" '
                         f'stroke-width="2" stroke-dasharray="6 4"/>')
            parts.append(f'<text x="{IND_W - PAD_R - 2}" y="{y(value) - 4}" text-anchor="end" font-size="12" '
                         f'fill="{colour}">{escape(tr(label))} {escape(value_text(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped or a number


def money_svg(money: dict) -> Markup | None:
    """The project's money as programmes knows it from finance: planned against granted (None without either)."""
    plan = money["plan"]
    if plan is None and not money["grants"]:
        return None
    items = []
    if plan is not None:
        items += [(tr(Msg("Gesamtausgaben laut Plan")), plan["total_costs"]),
                  (tr(Msg("Drittmittel laut Plan")), plan["external_funds"]),
                  (tr(Msg("Städtischer Anteil laut Plan")), plan["municipal_share"])]
    items.append((tr(Msg("Bewilligte Drittmittel")), money["granted_third_party"]))
    return Markup(bar_chart(tr(Msg("Plan und Bewilligung")),  # noqa: S704 - bar_chart escapes every text
                            [(label, float(value), euro(value)) for label, value in items], "chart-money"))
