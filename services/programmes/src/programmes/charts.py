"""Server-rendered SVG charts for the portfolio dashboard (no JavaScript, accessible titles)."""

from __future__ import annotations

from html import escape

from programmes.domain.lifecycle import STAGE_LABELS
from programmes.domain.reference import NotFound
from programmes.texts import tr
from servicekit.web.i18n import Msg
from servicekit.web.ui import euro

WIDTH, BAR_H, GAP, LABEL_W = 560, 22, 8, 170
COLOURS = ("#005a9c", "#2e7d32", "#b35900", "#6a1b9a", "#00838f", "#ad1457")


def bar_chart(title: str, items: list[tuple[str, float, str]], ident: str = "chart") -> str:
    """Horizontal bars: items = (label, value, value text)."""
    height = 40 + len(items) * (BAR_H + GAP)
    top = max([v for _, v, _ in items] + [1])
    scale = (WIDTH - LABEL_W - 90) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" role="img" '
             f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{ident}-title"><title id="{ident}-title">'
             f'{escape(title)}</title>',
             f'<text x="0" y="20" font-size="16" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>']
    for i, (label, value, text) in enumerate(items):
        y = 34 + i * (BAR_H + GAP)
        width = max(value * scale, 1 if value else 0)
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + 16}" font-size="13" text-anchor="end" fill="#1a1a1a">'
                     f'{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{width:.1f}" height="{BAR_H}" '
                     f'fill="{COLOURS[i % len(COLOURS)]}"><title>{escape(label)}: {escape(text)}</title></rect>')
        parts.append(f'<text x="{LABEL_W + width + 6:.1f}" y="{y + 16}" font-size="13" fill="#1a1a1a">'
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
