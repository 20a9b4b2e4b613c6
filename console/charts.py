"""Server-rendered SVG charts: the fairness bars per officer and the solver-vs-baseline bars.

No JavaScript and no library: each chart is one inline `<svg role="img">` with a `<title>`
and `<desc>`, a `<title>` on every bar (screen readers and hover), and the figures written
as text next to the bars, so nothing depends on colour alone. Colours meet WCAG AA contrast
against white (text) and 3:1 (bars).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#1f4e9c"  # within one of the fair share
OVER = "#a34400"  # more than one above the fair share
UNDER = "#2f6f4f"  # more than one below the fair share
SHARE = "#111111"
GRID = "#c8c8c8"
TEXT = "#1a1a1a"
BASELINE = "#6b6b6b"

_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    share: float | None
    history: float | None = None


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "\u2013"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "\u2026"


def fairness_svg(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    share_label: str,
    history_label: str,
    width: int = 350,
    tolerance: float = 1,
) -> SafeString:
    """Horizontal bars (this period) per officer with a tick at his fair share; the value,
    fair share and history (earlier periods) as text at the right. A bar more than
    `tolerance` above (below) the fair share is drawn in OVER (UNDER)."""
    uid = next(_ids)
    row_h, top, label_w, text_w = 18, 34, 128, 92
    plot_w = width - label_w - text_w - 10
    height = top + row_h * len(bars) + 10
    peak = max([b.value for b in bars] + [b.share or 0 for b in bars] + [1.0])
    scale = plot_w / peak
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="c{uid}t c{uid}d">',
        f'<title id="c{uid}t">{escape(title)}</title>',
        f'<desc id="c{uid}d">{escape(description)}</desc>',
        f'<text x="0" y="14" font-size="13" font-weight="bold" fill="{TEXT}">'
        f"{escape(title)}</text>",
        f'<text x="{width - text_w + 2}" y="28" font-size="9" fill="{TEXT}">'
        f"{escape(share_label)} · {escape(history_label)}</text>",
    ]
    # gridlines at whole numbers (at most ~6)
    step = max(1, round(peak / 5))
    tick = 0
    while tick <= peak:
        x = label_w + tick * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 8}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{top - 6}" font-size="9" text-anchor="middle" '
            f'fill="{TEXT}">{_fmt(tick)}</text>'
        )
        tick += step
    for i, b in enumerate(bars):
        y = top + i * row_h
        colour = BAR
        if b.share is not None and b.value > b.share + tolerance:
            colour = OVER
        elif b.share is not None and b.value < b.share - tolerance:
            colour = UNDER
        w = max(b.value * scale, 0)
        tip = f"{b.label}: {_fmt(b.value)}; {share_label} {_fmt(b.share)}"
        if b.history is not None:
            tip += f"; {history_label} {_fmt(b.history)}"
        out.append('<g class="bar">')
        out.append(f"<title>{escape(tip)}</title>")
        out.append(
            f'<text x="{label_w - 6}" y="{y + 12}" font-size="11" text-anchor="end" '
            f'fill="{TEXT}">{escape(_short(b.label, 21))}</text>'
        )
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="12" fill="{colour}"/>')
        if b.share is not None:
            sx = label_w + b.share * scale
            out.append(
                f'<line x1="{sx:.1f}" y1="{y + 1}" x2="{sx:.1f}" y2="{y + 17}" '
                f'stroke="{SHARE}" stroke-width="2.5"/>'
            )
        text = f"{_fmt(b.value)} / {_fmt(b.share)}"
        if b.history is not None:
            text += f" · {_fmt(b.history)}"
        out.append(
            f'<text x="{width - text_w + 4}" y="{y + 12}" font-size="11" '
            f'fill="{TEXT}">{escape(text)}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


@dataclass(frozen=True)
class Pair:
    label: str
    solver: float | None
    baseline: float | None
    better: str  # "lower" or "higher"


def comparison_svg(
    *,
    title: str,
    description: str,
    pairs: Sequence[Pair],
    solver_label: str,
    baseline_label: str,
    width: int = 560,
) -> SafeString:
    """Per measure two bars, the solver's and the first-come baseline's, each scaled to the
    larger of the two, with both values written out."""
    uid = next(_ids)
    group_h, top, label_w, text_w = 40, 44, 190, 70
    plot_w = width - label_w - text_w - 10
    height = top + group_h * len(pairs) + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="c{uid}t c{uid}d">',
        f'<title id="c{uid}t">{escape(title)}</title>',
        f'<desc id="c{uid}d">{escape(description)}</desc>',
        f'<text x="0" y="14" font-size="13" font-weight="bold" fill="{TEXT}">'
        f"{escape(title)}</text>",
        f'<rect x="0" y="24" width="12" height="10" fill="{BAR}"/>'
        f'<text x="16" y="33" font-size="11" fill="{TEXT}">{escape(solver_label)}</text>',
        f'<rect x="150" y="24" width="12" height="10" fill="{BASELINE}"/>'
        f'<text x="166" y="33" font-size="11" fill="{TEXT}">{escape(baseline_label)}</text>',
    ]
    for i, p in enumerate(pairs):
        y = top + i * group_h
        peak = max(abs(p.solver or 0), abs(p.baseline or 0), 1e-9)
        out.append(
            f'<text x="{label_w - 6}" y="{y + 20}" font-size="11" text-anchor="end" '
            f'fill="{TEXT}">{escape(p.label)}</text>'
        )
        for j, (value, colour, who) in enumerate(
            ((p.solver, BAR, solver_label), (p.baseline, BASELINE, baseline_label))
        ):
            by = y + 4 + j * 16
            w = plot_w * abs(value or 0) / peak
            tip = f"{p.label}, {who}: {_fmt(value, 2)}"
            out.append(
                f'<g class="bar"><title>{escape(tip)}</title>'
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="13" fill="{colour}"/>'
                f'<text x="{label_w + w + 4:.1f}" y="{by + 11}" font-size="11" '
                f'fill="{TEXT}">{escape(_fmt(value, 2))}</text></g>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
