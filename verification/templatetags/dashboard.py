"""Template filters of the dashboard pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

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


def _amount(value: float, unit: str) -> str:
    """``64 MB``, ``1.5 GB``: no trailing ``.0``."""
    return f"{value:.0f} {unit}" if float(value).is_integer() else f"{value:.1f} {unit}"


@register.filter
def kilobytes(value: Any) -> str:
    """A size in KB as people read it: 900 KB, 64 MB, 1.5 GB."""
    if value is None or value == "":
        return "—"
    return size(float(value) * 1024)


@register.filter
def megabytes(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return size(float(value) * 1024 * 1024)


@register.filter
def size(value: Any) -> str:
    """A size in bytes as people read it: 12 B, 3.5 KB, 64 MB."""
    if value is None or value == "":
        return "—"
    value = float(value)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} B" if unit == "B" else _amount(round(value, 1), unit)
        value /= 1024
    return _amount(round(value, 1), "GB")


@register.filter
def run_label(run: Any) -> str:
    """A run told apart from others of its suite: ``#12 humaneval · base-7b · 2026-12-07
    14:05`` (``no model`` when it has none)."""
    created = getattr(run, "created_at", None)
    when = timezone.localtime(created).strftime("%Y-%m-%d %H:%M") if created else ""
    model = getattr(run, "model_name", "") or "no model"
    return " · ".join(part for part in (f"#{run.id} {run.name}", model, when) if part)
