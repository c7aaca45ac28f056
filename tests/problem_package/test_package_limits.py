"""A package that gives no memory limit gets the format's default, not ScaleBox's."""

from __future__ import annotations

import pytest

from verification.models import Problem
from verification.problem_package import load_package
from verification.problem_package.metadata import FORMAT_MEMORY_LIMIT_MB
from verification.services_import import problem_import

from .conftest import PackageBuilder

HEADERS = {
    "legacy": "name: Tiny\n",
    "2023-07-draft": "problem_format_version: 2023-07-draft\nname: Tiny\n",
    "2025-09": "problem_format_version: 2025-09\nname: Tiny\n",
}


@pytest.mark.parametrize("version", sorted(HEADERS))
def test_no_memory_limit_gets_the_formats_default(
    version: str, make_package: PackageBuilder
) -> None:
    package = load_package(make_package({"problem.yaml": HEADERS[version]}))
    assert package.format_version == version
    assert FORMAT_MEMORY_LIMIT_MB == 2048
    assert package.memory_limit_mb == 2048


@pytest.mark.parametrize("version", sorted(HEADERS))
def test_a_given_memory_limit_is_kept(version: str, make_package: PackageBuilder) -> None:
    yaml = HEADERS[version] + "limits:\n  memory: 300\n"
    package = load_package(make_package({"problem.yaml": yaml}))
    assert package.memory_limit_mb == 300


def test_a_limits_mapping_without_memory_gets_the_default(make_package: PackageBuilder) -> None:
    package = load_package(make_package({"problem.yaml": "name: T\nlimits:\n  time_limit: 2\n"}))
    assert (package.time_limit_s, package.memory_limit_mb) == (2.0, 2048)


@pytest.mark.django_db
def test_the_imported_problem_gets_the_formats_default(make_package: PackageBuilder) -> None:
    root = make_package({"problem.yaml": "name: Tiny\nlimits:\n  time_limit: 1.0\n"})
    problem = problem_import(package=load_package(root), slug="no-memory-limit")
    assert Problem.objects.get(id=problem.id).memory_limit_mb == 2048
