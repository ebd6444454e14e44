"""Charts as plain SVG, drawn on the server from a view's :class:`~policykg.analysis.answers.view.
Chart` (the numbers are the view's; nothing here computes one). No script, no network: the chart is
in the page as it is served, prints as drawn and reads without JavaScript.

Two kinds: ``bars`` (horizontal bars, stacked by series, a ◆ before a marked bar's label) and
``diverging`` (an increase to the right, a decrease to the left of a zero line).
"""

from __future__ import annotations

from html import escape

from policykg.analysis.answers.view import Chart

#: Series colours: 24 distinguishable hues (Okabe–Ito, Tableau and ColorBrewer), so the tasks of
#: an agenda item rarely share one.
PALETTE = (
    "#1f5fbf", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d31", "#6a3d9a",
    "#b15928", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#e7298a", "#66a61e", "#a6761d",
    "#fb9a99", "#1b9e77", "#fdbf6f", "#9e9ac8", "#b2df8a", "#843c39", "#6baed6", "#de9ed6",
)  # fmt: skip
UP, DOWN = "#2e7d32", "#c62828"
MAX_BARS = 40
WIDTH, LABEL, VALUE, ROW = 880, 300, 190, 22


def _fit(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend(chart: Chart, colours: dict[str, str]) -> tuple[list[str], int]:
    if len(chart.series) < 2 or chart.kind != "bars":
        return [], 0
    out, x, y = [], 0, 14
    for name in chart.series:
        w = 30 + sum(7 if ord(ch) < 128 else 13 for ch in name)
        if x + w > WIDTH:
            x, y = 0, y + 18
        out.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colours[name]}"/>'
            f'<text x="{x + 16}" y="{y}" class="legend">{escape(name)}</text>'
        )
        x += w
    return out, y + 12


def svg(chart: Chart) -> str:
    """The chart as an ``<svg>`` element (a string of markup; every text is escaped)."""
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(chart.series)}
    bars = chart.bars[:MAX_BARS]
    legend, top = _legend(chart, colours)
    area = WIDTH - LABEL - VALUE
    parts = list(legend)
    if chart.kind == "diverging":
        biggest = max((abs(s.value) for b in bars for s in b.segments), default=0) or 1
        zero = LABEL + area / 2
        scale = (area / 2) / biggest
    else:
        biggest = max((sum(max(s.value, 0) for s in b.segments) for b in bars), default=0) or 1
        zero = LABEL
        scale = area / biggest
    for i, bar in enumerate(bars):
        y = top + 6 + i * ROW
        label = ("◆ " if bar.marked else "") + _fit(bar.label)
        tip = bar.label + (f" — {bar.mark}" if bar.mark else "") + f": {bar.text}"
        row = [f"<title>{escape(tip)}</title>"]
        row.append(
            f'<text x="{LABEL - 6}" y="{y + 14}" class="label" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        x = zero
        end = zero
        for seg in bar.segments:
            w = abs(seg.value) * scale
            if chart.kind == "diverging":
                colour = UP if seg.value >= 0 else DOWN
                left = zero if seg.value >= 0 else zero - w
                end = zero + w if seg.value >= 0 else zero - w
            else:
                colour = colours.get(seg.series, PALETTE[0])
                left, x = x, x + w
                end = x
            title = f"<title>{escape(seg.text)}</title>" if seg.text else ""
            row.append(
                f'<rect x="{left:.1f}" y="{y + 3}" width="{max(w, 0.5):.1f}" height="{ROW - 7}" '
                f'fill="{colour}"{" class=marked" if bar.marked else ""}>{title}</rect>'
            )
        if chart.kind == "diverging" and any(s.value < 0 for s in bar.segments):
            tx, anchor = zero + 6, "start"
        else:
            tx, anchor = end + 6, "start"
        row.append(
            f'<text x="{tx:.1f}" y="{y + 14}" class="value" text-anchor="{anchor}">'
            f"{escape(bar.text)}</text>"
        )
        body = "".join(row)
        if bar.href:
            body = f'<a href="{escape(bar.href)}">{body}</a>'
        parts.append(f'<g class="bar">{body}</g>')
    height = top + 12 + len(bars) * ROW
    if chart.kind == "diverging":
        parts.append(f'<line x1="{zero}" x2="{zero}" y1="{top}" y2="{height - 4}" class="axis"/>')
    title = escape(f"{chart.ko} — {chart.en}")
    return (
        f'<svg class="chart" id="chart-{escape(chart.id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{title}">'
        f"<title>{title}</title>{''.join(parts)}</svg>"
    )
