"""The server-wide ranges of run limits, checked wherever a limit enters.

A problem (API, package, inline), a submission's own limits and a /run_code request are
all held to the same ranges: at least what a program needs to start, at most what the
operator allows a run to take from a host (``SCALEBOX_MAX_TIME_LIMIT_S``,
``SCALEBOX_MAX_MEMORY_LIMIT_MB``, ``SCALEBOX_MAX_OUTPUT_LIMIT_KB``). A value outside is
an ``InvalidInput`` whose message gives the allowed range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

from verification.errors import InvalidInput

# Below this a sandboxed interpreter or a compiled program's loader cannot start, and
# the run would fail as a sandbox error instead of saying the request was wrong.
MIN_MEMORY_LIMIT_MB = 16
MIN_TIME_LIMIT_S = 0.01
MIN_OUTPUT_LIMIT_KB = 1


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str

    def describe(self) -> str:
        return f"from {self.low:g} to {self.high:g} {self.unit}"


def time_limit_range() -> Range:
    return Range(MIN_TIME_LIMIT_S, settings.SCALEBOX_MAX_TIME_LIMIT_S, "seconds")


def memory_limit_range() -> Range:
    return Range(MIN_MEMORY_LIMIT_MB, settings.SCALEBOX_MAX_MEMORY_LIMIT_MB, "MB")


def output_limit_range() -> Range:
    return Range(MIN_OUTPUT_LIMIT_KB, settings.SCALEBOX_MAX_OUTPUT_LIMIT_KB, "KB")


def _check(value: float, allowed: Range, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{field} must be a number, got {value!r}", field=field)
    if not (math.isfinite(value) and allowed.low <= value <= allowed.high):
        raise InvalidInput(f"{field} must be {allowed.describe()}, got {value!r}", field=field)


def time_limit_check(value: float, *, field: str = "time_limit_s") -> float:
    _check(value, time_limit_range(), field)
    return float(value)


def memory_limit_check(value: int, *, field: str = "memory_limit_mb") -> int:
    _check(value, memory_limit_range(), field)
    return int(value)


def output_limit_check(value: int, *, field: str = "output_limit_kb") -> int:
    _check(value, output_limit_range(), field)
    return int(value)
