"""Indicator charts as server-rendered SVG (no JavaScript): bars for the measurements, dashed lines for
baseline and target. Every chart has a title and description, and the page shows the same numbers as a table."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from html import escape

from markupsafe import Markup

from gateway.public_site.i18n import datum, translate, zahl

WIDTH, HEIGHT, PAD_L, PAD_B, PAD_T = 480, 220, 48, 36, 16


def _num(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _fmt(value: Decimal) -> str:
    """The page's number format (1.234,5 · 1,234.5), as in the table below the chart."""
    return zahl(value.quantize(Decimal("0.01")) if value != value.to_integral() else value)


def _day(value) -> str:
    """A measurement's date as the reader writes it (10.06.2026 · 10 Jun 2026), never ISO."""
    return datum(str(value)[:10]) if value else ""


def indicator_svg(indicator: dict, chart_id: str) -> Markup:
    points = [(m.get("date", ""), _num(m.get("value"))) for m in indicator.get("measurements") or []]
    points = [(d, v) for d, v in points if v is not None]
    baseline, target = _num(indicator.get("baseline")), _num(indicator.get("target"))
    values = [v for _, v in points] + [x for x in (baseline, target) if x is not None]
    top = max(values + [Decimal(1)])
    top = top * Decimal("1.1")
    plot_w, plot_h = WIDTH - PAD_L - 8, HEIGHT - PAD_B - PAD_T
    name = escape(str(indicator.get("name", "")))
    unit = escape(str(indicator.get("unit", "") or ""))

    def y(v: Decimal) -> float:
        return round(PAD_T + plot_h - float(v / top) * plot_h, 1)

    desc = f"{name}: " + "; ".join(f"{escape(_day(d))}: {_fmt(v)} {unit}" for d, v in points)
    if baseline is not None:
        desc += f"; {escape(translate('Ausgangswert'))} {_fmt(baseline)}"
    if target is not None:
        desc += f"; {escape(translate('Zielwert'))} {_fmt(target)}"
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-t '
             f'{chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{name}</title><desc id="{chart_id}-d">{desc}</desc>',
             f'<line x1="{PAD_L}" y1="{PAD_T + plot_h}" x2="{WIDTH - 8}" y2="{PAD_T + plot_h}" stroke="#1a1a1a"/>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" text-anchor="end" font-size="11" fill="#1a1a1a">'
             f'{_fmt(top / Decimal("1.1"))}</text>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + plot_h}" text-anchor="end" font-size="11" fill="#1a1a1a">0</text>']
    if points:
        slot = plot_w / len(points)
        bar = min(slot * 0.6, 60)
        for i, (d, v) in enumerate(points):
            x = PAD_L + i * slot + (slot - bar) / 2
            parts.append(f'<rect x="{x:.1f}" y="{y(v)}" width="{bar:.1f}" height="{PAD_T + plot_h - y(v):.1f}" '
                         f'fill="#00507a"/>')
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - PAD_B + 16}" text-anchor="middle" '
                         f'font-size="11" fill="#1a1a1a">{escape(_day(d))}</text>')
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y(v) - 4}" text-anchor="middle" font-size="11" '
                         f'font-weight="600" fill="#1a1a1a">{_fmt(v)}</text>')
    for value, label, colour in ((baseline, escape(translate("Ausgangswert")), "#555555"),
                                 (target, escape(translate("Ziel")), "#1d6b2c")):
        if value is not None and value != 0:  # a zero baseline is the axis itself
            parts.append(f'<line x1="{PAD_L}" y1="{y(value)}" x2="{WIDTH - 8}" y2="{y(value)}" stroke="{colour}" '
                         f'stroke-width="2" stroke-dasharray="6 4"/>')
            parts.append(f'<text x="{WIDTH - 10}" y="{y(value) - 4}" text-anchor="end" font-size="11" '
                         f'fill="{colour}">{label} {_fmt(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped or a number
