"""Server-rendered SVG charts of the unit capacity page (`console/views/capacity.py`).

Same conventions as `console/charts.py` (its colours, one `<svg role="img">` with `<title>`
and `<desc>`, a `<title>` on every bar, the figures as text so nothing depends on colour
alone): per team a column per day (filled places, open places stacked on them, the members
away as a figure under the day), and per team a bar per period (share of the places filled,
with the figures written out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from console.charts import BAR, GRID, OVER, TEXT

_ids = count(1)


@dataclass(frozen=True)
class DayColumn:
    label: str  # the day of the month
    tip: str  # the whole figures, for the bar's title
    filled: int
    open: int
    away: int  # absent + unavailable members
    weekend: bool


def _head(uid: int, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="k{uid}t k{uid}d">',
        f'<title id="k{uid}t">{escape(title)}</title>',
        f'<desc id="k{uid}d">{escape(description)}</desc>',
        f'<text x="0" y="14" font-size="13" font-weight="bold" fill="{TEXT}">'
        f"{escape(title)}</text>",
    ]


def days_svg(
    *,
    title: str,
    description: str,
    columns: Sequence[DayColumn],
    filled_label: str,
    open_label: str,
    away_label: str,
) -> SafeString:
    """A column per day: filled places (BAR) with the open ones (OVER) on top; under the
    axis the day and the number of members away."""
    uid = next(_ids)
    col_w, top, plot_h, left = 18, 40, 120, 30
    width = left + col_w * max(len(columns), 1) + 10
    height = top + plot_h + 34
    peak = max([c.filled + c.open for c in columns] + [1])
    scale = plot_h / peak
    base = top + plot_h
    out = _head(uid, width, height, title, description)
    out.append(
        f'<rect x="{left}" y="22" width="10" height="10" fill="{BAR}"/>'
        f'<text x="{left + 14}" y="31" font-size="11" fill="{TEXT}">{escape(filled_label)}</text>'
        f'<rect x="{left + 110}" y="22" width="10" height="10" fill="{OVER}"/>'
        f'<text x="{left + 124}" y="31" font-size="11" fill="{TEXT}">{escape(open_label)}</text>'
    )
    step = max(1, round(peak / 4))
    tick = 0
    while tick <= peak:
        y = base - tick * scale
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" '
            f'fill="{TEXT}">{tick}</text>'
        )
        tick += step
    out.append(
        f'<text x="{left - 4}" y="{base + 26}" font-size="9" text-anchor="end" '
        f'fill="{TEXT}">{escape(away_label)}</text>'
    )
    for i, c in enumerate(columns):
        x = left + i * col_w + 2
        filled_h, open_h = c.filled * scale, c.open * scale
        out.append(f'<g class="bar"><title>{escape(c.tip)}</title>')
        out.append(
            f'<rect x="{x}" y="{base - filled_h:.1f}" width="{col_w - 4}" '
            f'height="{filled_h:.1f}" fill="{BAR}"/>'
        )
        if c.open:
            out.append(
                f'<rect x="{x}" y="{base - filled_h - open_h:.1f}" width="{col_w - 4}" '
                f'height="{open_h:.1f}" fill="{OVER}"/>'
                f'<text x="{x + (col_w - 4) / 2:.1f}" y="{base - filled_h - open_h - 2:.1f}" '
                f'font-size="8" text-anchor="middle" fill="{TEXT}">{c.open}</text>'
            )
        weight = ' font-weight="bold"' if c.weekend else ""
        out.append(
            f'<text x="{x + (col_w - 4) / 2:.1f}" y="{base + 12}" font-size="9" '
            f'text-anchor="middle" fill="{TEXT}"{weight}>{escape(c.label)}</text>'
            f'<text x="{x + (col_w - 4) / 2:.1f}" y="{base + 26}" font-size="9" '
            f'text-anchor="middle" fill="{TEXT}">{c.away}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


@dataclass(frozen=True)
class PeriodBar:
    label: str
    percent: float | None  # of the places filled; None: no demand
    text: str  # the figures written out next to the bar


def trend_svg(*, title: str, description: str, bars: Sequence[PeriodBar]) -> SafeString:
    """A horizontal bar per period: the share of its places filled (0-100 %)."""
    uid = next(_ids)
    row_h, top, label_w, plot_w, text_w = 20, 30, 90, 200, 470
    width = label_w + plot_w + text_w
    height = top + row_h * max(len(bars), 1) + 8
    out = _head(uid, width, height, title, description)
    for pct in (0, 50, 100):
        x = label_w + plot_w * pct / 100
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 6}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{top - 6}" font-size="9" text-anchor="middle" '
            f'fill="{TEXT}">{pct}%</text>'
        )
    for i, b in enumerate(bars):
        y = top + i * row_h
        w = plot_w * (b.percent or 0) / 100
        shown = "\u2013" if b.percent is None else f"{b.percent:.0f}%"
        out.append(f'<g class="bar"><title>{escape(f"{b.label}: {shown}; {b.text}")}</title>')
        out.append(
            f'<text x="{label_w - 6}" y="{y + 13}" font-size="11" text-anchor="end" '
            f'fill="{TEXT}">{escape(b.label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="13" fill="{BAR}"/>'
            f'<text x="{label_w + plot_w + 6}" y="{y + 13}" font-size="11" fill="{TEXT}">'
            f"{escape(shown)} · {escape(b.text)}</text>"
        )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
