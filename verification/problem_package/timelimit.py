"""Deriving a time limit from the accepted solutions' run times, as each format says."""

from __future__ import annotations

import math

from .metadata import LEGACY
from .model import PackageError, ProblemPackage


def derive_time_limit(
    max_ac_time_s: float, package: ProblemPackage, *, min_tle_time_s: float | None = None
) -> tuple[float, str]:
    """The time limit the package's format prescribes, and how it was obtained.

    ``max_ac_time_s`` is the slowest run time of any accepted reference solution on
    any test case.

    - legacy (problemtools' rule): ``max(1, round(T_ac * time_multiplier))`` whole
      seconds, rounding halves up; ``time_multiplier`` defaults to 5 (and
      ``time_safety_margin``, default 2, only bounds how slow a TLE solution must be).
    - 2025-09: the smallest positive multiple of ``time_resolution`` (default 1 s) that
      is at least ``T_ac * ac_to_time_limit`` (default 2.0); when ``min_tle_time_s``
      (the fastest time_limit_exceeded solution) is given, the limit must also satisfy
      ``limit * time_limit_to_tle <= T_tle`` (default 1.5), else PackageError.
    """
    if max_ac_time_s < 0 or not math.isfinite(max_ac_time_s):
        raise ValueError(f"max_ac_time_s must be a non-negative number, got {max_ac_time_s!r}")
    if package.format_version == LEGACY:
        exact = max_ac_time_s * package.time_multiplier
        seconds = float(max(1, math.floor(exact + 0.5)))
        explanation = (
            f"derived: legacy: max(1, round({max_ac_time_s:.3f} s slowest accepted "
            f"x time_multiplier {package.time_multiplier:g})) = {seconds:g} s"
        )
        return seconds, explanation
    resolution = package.time_resolution_s
    lower = max_ac_time_s * package.time_multiplier
    steps = max(1, math.ceil(lower / resolution - 1e-9))
    seconds = round(steps * resolution, 9)
    explanation = (
        f"derived: {package.format_version}: smallest multiple of time_resolution {resolution:g} s "
        f">= {max_ac_time_s:.3f} s slowest accepted x ac_to_time_limit "
        f"{package.time_multiplier:g} = {seconds:g} s"
    )
    if min_tle_time_s is not None:
        if seconds * package.time_safety_margin > min_tle_time_s:
            raise PackageError(
                f"problem.yaml limits: no time limit fits: {seconds:g} s x time_limit_to_tle "
                f"{package.time_safety_margin:g} exceeds the fastest time_limit_exceeded "
                f"solution ({min_tle_time_s:.3f} s)"
            )
        explanation += (
            f"; x time_limit_to_tle {package.time_safety_margin:g} <= "
            f"{min_tle_time_s:.3f} s fastest time_limit_exceeded"
        )
    return seconds, explanation
