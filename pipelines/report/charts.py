"""The report's charts as inline SVG: nothing to fetch, readable offline and in print.

Only geometry is computed here (where a point or a bar goes); every number written on
a chart is a mart value, formatted by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from pipelines.report.data import Moment, Point

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 12, 12, 28, 44
# Growth bars stop here (percent); a longer one is cut and its exact figure written.
BAR_CAP = 1000.0


@dataclass(frozen=True)
class Bar:
    """One growth bar: its row label, value (percent) and the text written beside it."""

    label: str
    growth_pct: float | None
    text: str
    flagged: bool = False  # a small base: hatched, to read with care


@dataclass(frozen=True)
class BarGroup:
    """A channel's bars, or a note when it has none (no previous period)."""

    title: str
    bars: Sequence[Bar]
    note: str = ""


def daily_chart(points: Sequence[Point], campaign_start: date,
                marks: Sequence[tuple[date, str]], title: str,
                peak_text: Callable[[Point], str], day_text: Callable[[date], str]) -> Markup:
    """A line of one metric per day: the previous period in grey, the campaign in colour
    on a shaded band, key moments (day, tooltip) as numbered dashed lines, the peak day
    labelled."""
    if not points:
        return Markup()
    days = [p.day for p in points]
    first, count = days[0], len(days)
    peak = max(points, key=lambda p: p.value)
    top = peak.value or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * ((day - first).days + 0.5) / count

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    band = x(campaign_start) - plot_w / count / 2
    parts = [
        f'<rect class="band" x="{band:.1f}" y="{TOP}" width="{WIDTH - RIGHT - band:.1f}" '
        f'height="{plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}"/>',
        f'<line class="start" x1="{band:.1f}" y1="{TOP}" x2="{band:.1f}" y2="{TOP + plot_h}"/>',
    ]
    for period in ("previous", "current"):
        line = " ".join(f"{x(p.day):.1f},{y(p.value):.1f}" for p in points if p.period == period)
        if line:
            parts.append(f'<polyline class="line {period}" points="{line}"/>')
    for number, (day, tooltip) in enumerate(marks, start=1):
        mx = x(day)
        parts.append(
            f'<g class="moment"><line x1="{mx:.1f}" y1="{TOP - 8}" x2="{mx:.1f}" '
            f'y2="{TOP + plot_h}"/><circle cx="{mx:.1f}" cy="{TOP - 14}" r="8"/>'
            f'<text x="{mx:.1f}" y="{TOP - 10}">{number}</text>'
            f"<title>{escape(tooltip)}</title></g>")
    anchor = "end" if x(peak.day) > WIDTH * 0.7 else "start"
    parts.append(f'<circle class="peak" cx="{x(peak.day):.1f}" cy="{y(peak.value):.1f}" r="3"/>'
                 f'<text class="peak" x="{x(peak.day) + (-6 if anchor == "end" else 6):.1f}" '
                 f'y="{y(peak.value) + 4:.1f}" text-anchor="{anchor}">'
                 f"{escape(peak_text(peak))}</text>")
    base = TOP + plot_h + 18
    for day, anchor in ((first, "start"), (campaign_start, "middle"), (days[-1], "end")):
        parts.append(f'<text class="tick" x="{x(day):.1f}" y="{base}" text-anchor="{anchor}">'
                     f"{escape(day_text(day))}</text>")
    return _svg(title, "daily", HEIGHT, parts)


def charted_moments(moments: Sequence[Moment], points: Sequence[Point]) -> list[Moment]:
    """The moments within a daily chart of `points`, in the order it numbers them."""
    if not points:
        return []
    return [m for m in moments if points[0].day <= m.day <= points[-1].day]


BAR_W, TEXT_W = 460, 150
# room above each bar for its label at the larger font phones get (report.css)
LABEL_H, BAR_H, GAP, HEAD = 30, 14, 10, 34


def growth_bars(groups: Sequence[BarGroup], title: str) -> Markup:
    """Horizontal growth bars grouped by channel, each under its label so that long
    names fit a phone; 0 % is a vertical axis, a bar beyond BAR_CAP is cut (») and a
    small-base bar hatched."""
    values = [b.growth_pct for g in groups for b in g.bars if b.growth_pct is not None]
    if not values:
        return Markup()
    low = max(-100.0, min(0.0, *values))
    high = max(1.0, min(BAR_CAP, max(values)))
    zero = BAR_W * (-low) / (high - low)

    def length(value: float) -> float:
        return BAR_W * min(abs(value), high if value > 0 else -low) / (high - low)

    parts: list[str] = []
    row_y, axis_top = 0, 0
    for group in groups:
        parts.append(f'<text class="group" x="0" y="{row_y + HEAD - 10}">'
                     f"{escape(group.title)}</text>")
        row_y += HEAD
        if group.note:
            parts.append(f'<text class="note" x="0" y="{row_y + 8}">{escape(group.note)}</text>')
            row_y += LABEL_H
        for bar in group.bars:
            value = bar.growth_pct or 0.0
            size = length(value)
            left = zero if value >= 0 else zero - size
            bar_y = row_y + LABEL_H
            css = "bar flagged" if bar.flagged else "bar"
            parts.append(
                f'<text class="label" x="{zero + 4:.1f}" '
                f'y="{row_y + LABEL_H - 9}">{escape(bar.label)}</text>'
                f'<rect class="{css}" x="{left:.1f}" y="{bar_y}" width="{size:.1f}" '
                f'height="{BAR_H}"/>'
                f'<text class="value" x="{max(zero, left + size) + 6:.1f}" '
                f'y="{bar_y + BAR_H - 2}">{"» " if value > high else ""}{escape(bar.text)}'
                "</text>")
            row_y += LABEL_H + BAR_H + GAP
        axis_top = axis_top or HEAD
    parts.insert(0, f'<line class="axis" x1="{zero:.1f}" y1="{axis_top}" x2="{zero:.1f}" '
                    f'y2="{row_y}"/>')
    parts.insert(0, '<defs><pattern id="hatch" width="6" height="6" '
                    'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                    '<rect width="6" height="6" fill="#fff4db"/>'
                    '<line x1="0" y1="0" x2="0" y2="6" stroke="#8a5a00" stroke-width="2"/>'
                    "</pattern></defs>")
    return _svg(title, "bars", row_y + 4, parts, width=BAR_W + TEXT_W)


def _svg(title: str, css: str, height: int, parts: list[str], width: int = WIDTH) -> Markup:
    svg = (f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" '
           f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
           f"<title>{escape(title)}</title>{''.join(parts)}</svg>")
    # Safe: every text written into the parts went through escape() above.
    return Markup(svg)  # noqa: S704
