"""Template filters of the dashboard pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """``mapping[key]`` for keys a template cannot spell, such as ``pass@1``."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def seconds(value: Any) -> str:
    """CPU or wall seconds as people read them: 12 ms, 1.25 s."""
    if value is None or value == "":
        return "—"
    value = float(value)
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


@register.filter
def kilobytes(value: Any) -> str:
    if value is None or value == "":
        return "—"
    value = int(value)
    return f"{value / 1024:.1f} MB" if value >= 1024 else f"{value} KB"


@register.filter
def size(value: Any) -> str:
    if value is None or value == "":
        return "—"
    value = float(value)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
