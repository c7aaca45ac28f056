"""derive_time_limit follows each format's rule."""

from __future__ import annotations

import dataclasses

import pytest

from verification.problem_package import (
    PackageError,
    ProblemPackage,
    derive_time_limit,
    load_package,
)

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def legacy() -> ProblemPackage:
    return load_package(FIXTURES / "aplusb")


@pytest.fixture(scope="module")
def modern() -> ProblemPackage:
    return load_package(FIXTURES / "groups2025")


@pytest.mark.parametrize(
    ("max_ac", "expected"),
    [(0.0, 1.0), (0.1, 1.0), (0.29, 1.0), (0.3, 2.0), (0.35, 2.0), (0.5, 3.0), (1.01, 5.0)],
)
def test_legacy_rounds_time_multiplier_product(
    legacy: ProblemPackage, max_ac: float, expected: float
) -> None:
    seconds, explanation = derive_time_limit(max_ac, legacy)
    assert seconds == expected
    assert explanation.startswith("derived: legacy: ")
    assert "time_multiplier 5" in explanation


def test_legacy_uses_the_package_multiplier(legacy: ProblemPackage) -> None:
    package = dataclasses.replace(legacy, time_multiplier=4.0)
    assert derive_time_limit(0.7, package)[0] == 3.0


@pytest.mark.parametrize(
    ("max_ac", "expected"), [(0.0, 0.5), (0.1, 0.5), (0.2, 1.0), (0.5, 1.5), (0.51, 2.0)]
)
def test_2025_smallest_multiple_of_resolution(
    modern: ProblemPackage, max_ac: float, expected: float
) -> None:
    seconds, explanation = derive_time_limit(max_ac, modern)
    assert seconds == expected
    assert explanation.startswith("derived: 2025-09: ")
    assert "ac_to_time_limit 3" in explanation


def test_2025_defaults_with_whole_second_resolution(modern: ProblemPackage) -> None:
    package = dataclasses.replace(
        modern, time_multiplier=2.0, time_safety_margin=1.5, time_resolution_s=1.0
    )
    assert derive_time_limit(0.4, package)[0] == 1.0
    assert derive_time_limit(0.6, package)[0] == 2.0


def test_2025_upper_bound_from_time_limit_exceeded_solutions(modern: ProblemPackage) -> None:
    seconds, explanation = derive_time_limit(0.2, modern, min_tle_time_s=2.5)
    assert seconds == 1.0
    assert "time_limit_to_tle 2" in explanation
    with pytest.raises(PackageError, match=r"no time limit fits"):
        derive_time_limit(0.2, modern, min_tle_time_s=1.5)


def test_negative_time_is_a_programming_error(legacy: ProblemPackage) -> None:
    with pytest.raises(ValueError):
        derive_time_limit(-1.0, legacy)
