"""Storing a parsed problem package: the problem, its tests, judge and solutions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from verification.errors import InvalidInput
from verification.models import Problem, ReferenceSolution
from verification.problem_package import ProblemPackage
from verification.services import CaseSpec, problem_upsert


def problem_import(
    *, package: ProblemPackage, slug: str | None = None, owner: Any = None
) -> Problem:
    """Create or update the problem a package describes, all in one transaction."""
    slug = slug or slugify(package.short_name)
    if not slug:
        raise InvalidInput("the package has no usable short name; pass --slug")
    cases = [
        CaseSpec(
            name=case.name,
            group=case.group,
            input=case.input,
            answer=case.answer,
            validator_args=tuple(case.validator_args),
        )
        for case in package.tests
    ]
    with transaction.atomic():
        problem = problem_upsert(
            slug=slug,
            title=package.title,
            statement=package.statement,
            cases=cases,
            time_limit_s=package.time_limit_s,
            time_limit_source=package.time_limit_source,
            memory_limit_mb=package.memory_limit_mb,
            output_limit_kb=package.output_limit_kb,
            validator_flags=package.validator_flags,
            provenance=dict(package.provenance),
            format_version=package.format_version,
            owner=owner,
        )
        if package.validator is not None:
            from judges.services import judge_custom_from_package

            problem.judge = judge_custom_from_package(
                problem_slug=slug, validator=package.validator, flags=package.validator_flags
            )
            problem.save(update_fields=["judge"])
        seen = []
        for solution in package.submissions:
            seen.append(solution.path)
            ReferenceSolution.objects.update_or_create(
                problem=problem,
                path=solution.path,
                defaults={
                    "language": solution.language,
                    "source": solution.source.decode("utf-8", errors="replace"),
                    "expected": solution.expected,
                    "expected_verdicts": list(solution.expected_verdicts),
                },
            )
        problem.reference_solutions.exclude(path__in=seen).delete()
    return problem
