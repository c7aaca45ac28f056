"""Server-rendered SVG bar charts for the dashboard: no script, readable without colour."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""
    """What is printed above the bar (default: the value)."""
    css: str = ""
    """An extra class, e.g. ``verdict-WA``, so the stylesheet can colour it."""


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _ticks(peak: float) -> list[float]:
    """Up to five round values from 0 to ``peak`` for the y-axis."""
    if peak <= 0:
        return [0.0]
    raw = peak / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if peak >= 1 and step < 1:
        step = 1.0
    return [i * step for i in range(int(peak / step + 1e-9) + 1)]


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    max_value: float | None = None,
    width: int = 520,
    height: int = 220,
    unit: str = "",
) -> SafeString:
    """Vertical bars with their label below and their value above, scaled to
    ``max_value`` (default: the largest value), on a y-axis with a few round ticks
    (``unit`` after each tick's number)."""
    top, bottom, left, right = 40, 36, 44, 24
    plot_h = height - top - bottom
    plot_w = width - left - right
    peak = max_value if max_value is not None else max((b.value for b in bars), default=0.0)
    peak = peak or 1.0
    ticks = _ticks(peak)
    peak = max(peak, ticks[-1])
    slot = plot_w / max(len(bars), 1)
    bar_w = max(min(slot * 0.7, 60.0), 2.0)
    base = top + plot_h
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text class="chart-title" x="{left}" y="16">{escape(title)}</text>',
    ]
    for tick in ticks:
        y = base - plot_h * tick / peak
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_number(tick) + unit)}</text>"
        )
    parts.append(f'<line class="axis" x1="{left}" y1="{top - 6}" x2="{left}" y2="{base}"/>')
    parts.append(f'<line class="axis" x1="{left}" y1="{base}" x2="{width - right}" y2="{base}"/>')
    label_every = max(math.ceil(46 / slot), 1) if slot < 46 else 1
    for i, bar in enumerate(bars):
        value = max(bar.value, 0.0)
        h = plot_h * min(value / peak, 1.0)
        x = left + i * slot + (slot - bar_w) / 2
        y = base - h
        centre = x + bar_w / 2
        label = escape(bar.label)
        shown = escape(bar.text or _number(bar.value))
        parts.append(
            f'<g class="bar {escape(bar.css)}"><title>{label}: {shown}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}"/>'
        )
        if i % label_every == 0:
            parts.append(
                f'<text class="label" x="{centre:.1f}" y="{base + 14}" '
                f'text-anchor="middle">{label}</text>'
            )
        if slot >= 30:
            parts.append(
                f'<text class="value" x="{centre:.1f}" y="{y - 4:.1f}" '
                f'text-anchor="middle">{shown}</text>'
            )
        parts.append("</g>")
    if not bars:
        parts.append(
            f'<text class="empty" x="{left + plot_w / 2}" y="{top + plot_h / 2}" '
            'text-anchor="middle">no data yet</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above went through escape()
