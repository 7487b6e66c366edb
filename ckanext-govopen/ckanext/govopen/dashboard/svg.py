"""Server-side SVG bar charts: no JavaScript, no CDN, readable by screen readers.

Horizontal bars, each with its label above it and its value as text beside
it, so the numbers are in the page (and the accessible name), not only in bar
lengths. A ``viewBox`` of 360 units wide with ``width="100%"`` makes the chart
fit a 375 px phone screen at about the page's own font size and scale up on
a desktop. CKAN-free.
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence, Tuple

from markupsafe import Markup, escape

WIDTH = 360
TITLE_HEIGHT = 28
ROW_HEIGHT = 40
BAR_HEIGHT = 14
VALUE_SPACE = 76          # room right of the longest bar for its value text
MAX_LABEL_CHARS = 30
COLOURS = ("#1f6f8b", "#99a8b2")   # bar, empty track (contrast >= 4.5:1 on white for the bar)

Row = Tuple[str, Optional[float], str]   # label, value (None: no value), value as text


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[:MAX_LABEL_CHARS - 1] + "…"


def bar_chart(chart_id: str, title: str, rows: Sequence[Row], maximum: Optional[float] = None,
              description: str = "") -> Markup:
    """An accessible horizontal bar chart.

    :param chart_id: unique in the page (ids of the title and description)
    :param rows: ``(label, value, value_text)``; a ``None`` value draws no bar
    :param maximum: the value of a full-length bar (default: the largest value)
    """
    rows = list(rows)
    values = [v for _, v, _ in rows if v is not None]
    top = maximum if maximum is not None else (max(values) if values else 0)
    track = WIDTH - VALUE_SPACE
    height = TITLE_HEIGHT + ROW_HEIGHT * max(len(rows), 1) + 6
    cid = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="govopen-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{cid}-title {cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description or _describe(rows))}</desc>',
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="#222">{escape(title)}</text>',
    ]
    if not rows:
        parts.append(f'<text x="0" y="{TITLE_HEIGHT + 18}" font-size="13" fill="#555">—</text>')
    for i, (label, value, text) in enumerate(rows):
        y = TITLE_HEIGHT + i * ROW_HEIGHT
        length = 0.0
        if value is not None and top:
            length = max(0.0, min(1.0, float(value) / float(top))) * track
        parts.append(f'<g class="govopen-chart-row"><title>{escape(label)}: {escape(text)}</title>')
        parts.append(f'<text x="0" y="{y + 13}" font-size="13" fill="#222">{escape(_short(label))}</text>')
        parts.append(f'<rect x="0" y="{y + 18}" width="{track}" height="{BAR_HEIGHT}" fill="{COLOURS[1]}" '
                     f'fill-opacity="0.25"/>')
        if length:
            parts.append(f'<rect x="0" y="{y + 18}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                         f'fill="{COLOURS[0]}"/>')
        parts.append(f'<text x="{track + 6}" y="{y + 30}" font-size="13" fill="#222" '
                     f'class="govopen-chart-value">{escape(text)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _describe(rows: Iterable[Row]) -> str:
    return "; ".join(f"{label}: {text}" for label, _, text in rows)


def percent(value: Optional[float]) -> str:
    """``0.6667`` -> ``"66.7%"``; ``None`` -> ``"—"`` (nothing to divide by)."""
    return "—" if value is None else f"{value * 100:.1f}%"
