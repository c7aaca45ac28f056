"""A horizontal bar chart as a small standalone SVG file (no plotting library needed)."""

from __future__ import annotations

from html import escape
from pathlib import Path


def bar_chart(
    path: Path,
    title: str,
    bars: list[tuple[str, float]],
    *,
    unit: str = "",
    reference: float | None = None,
    reference_label: str = "",
) -> None:
    """Write ``bars`` (label, value) as an SVG chart; ``reference`` draws a dashed line."""
    label_w, bar_w, row_h, top = 330, 420, 26, 46
    width = label_w + bar_w + 90
    height = top + row_h * len(bars) + 30
    peak = max([v for _, v in bars] + [reference or 0.0]) or 1.0
    scale = bar_w / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="10" y="24" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        parts.append(f'<text x="10" y="{y + 16}">{escape(label)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{value * scale:.1f}" height="{row_h - 8}" '
            'fill="#4a7bd0"/>'
        )
        parts.append(
            f'<text x="{label_w + value * scale + 6:.1f}" y="{y + 16}">{value:.2f}{escape(unit)}'
            "</text>"
        )
    if reference is not None:
        x = label_w + reference * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 22}" stroke="#d04a4a" '
            'stroke-dasharray="5,4"/>'
        )
        parts.append(
            f'<text x="{x + 4:.1f}" y="{height - 8}" fill="#d04a4a">{escape(reference_label)}'
            "</text>"
        )
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")
