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


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    max_value: float | None = None,
    width: int = 520,
    height: int = 220,
) -> SafeString:
    """Vertical bars with their label below and their value above, scaled to
    ``max_value`` (default: the largest value)."""
    top, bottom, side = 40, 36, 8
    plot_h = height - top - bottom
    peak = max_value if max_value is not None else max((b.value for b in bars), default=0.0)
    peak = peak or 1.0
    slot = (width - 2 * side) / max(len(bars), 1)
    bar_w = max(min(slot * 0.7, 60.0), 2.0)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text class="chart-title" x="{side}" y="16">{escape(title)}</text>',
        f'<line class="axis" x1="{side}" y1="{top + plot_h}" x2="{width - side}" '
        f'y2="{top + plot_h}"/>',
    ]
    label_every = max(math.ceil(46 / slot), 1) if slot < 46 else 1
    for i, bar in enumerate(bars):
        value = max(bar.value, 0.0)
        h = plot_h * min(value / peak, 1.0)
        x = side + i * slot + (slot - bar_w) / 2
        y = top + plot_h - h
        centre = x + bar_w / 2
        label = escape(bar.label)
        shown = escape(bar.text or _number(bar.value))
        parts.append(
            f'<g class="bar {escape(bar.css)}"><title>{label}: {shown}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}"/>'
        )
        if i % label_every == 0:
            parts.append(
                f'<text class="label" x="{centre:.1f}" y="{top + plot_h + 14}" '
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
            f'<text class="empty" x="{width / 2}" y="{top + plot_h / 2}" '
            'text-anchor="middle">no data yet</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above went through escape()
