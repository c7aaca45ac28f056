"""Storing a parsed problem package: the problem, its tests, judge and solutions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from judges.checkers import CheckerArgumentError
from judges.custom import JudgeBuildError, judge_build
from judges.models import Judge, JudgeKind
from judges.services import judge_builtin_args_validate, judge_custom_from_package
from verification.errors import Forbidden, InvalidInput
from verification.models import Problem, ReferenceSolution
from verification.problem_package import ProblemPackage, derive_time_limit
from verification.sandbox import SandboxUnavailable
from verification.selectors import judging_wait, problem_is_editable_by
from verification.services import CaseSpec, problem_upsert, submission_create

INLINE_SLUG_PREFIX = "inline-"
"""Inline problems' slugs start with this; no user may claim one, taken or not."""


def problem_slug_claim_check(*, slug: str, actor: Any) -> None:
    """Refuse ``actor`` a slug they may not create or replace a problem under: an inline
    problem's (answered the same whether one exists, so nothing is revealed), or an
    existing problem that is neither theirs nor theirs to change as staff. ``actor=None``
    is the system (management commands) and may claim any slug."""
    if actor is None:
        return
    if slug.startswith(INLINE_SLUG_PREFIX):
        raise Forbidden(
            f"slugs starting with {INLINE_SLUG_PREFIX!r} are reserved for inline tests",
            field="slug",
        )
    existing = Problem.objects.select_for_update().filter(slug=slug).first()
    if existing is not None and not problem_is_editable_by(existing, actor):
        raise Forbidden(f"problem {slug!r} exists and is not yours to replace", field="slug")


def problem_claim_confirm(*, problem: Problem, actor: Any) -> None:
    """After writing, inside the same transaction: refuse (and so roll back) when the
    slug was created by someone else between ``problem_slug_claim_check`` and the write."""
    if actor is not None and not problem_is_editable_by(problem, actor):
        raise Forbidden(
            f"problem {problem.slug!r} exists and is not yours to replace", field="slug"
        )


def package_flags_check(package: ProblemPackage) -> None:
    """Refuse a package judged by the default output validator (it brings none of its
    own) with flags that validator does not understand: every case would end JE. The
    arguments checked are those a case is judged with (the problem's flags, then the
    case's own, which repeat them before its group's)."""
    if package.validator is not None:
        return
    flags = list(package.validator_flags)
    _default_flags_check(flags, "the package's validator_flags")
    checked: set[tuple[str, ...]] = set()
    for case in package.tests:
        if case.validator_args in checked:
            continue
        checked.add(case.validator_args)
        _default_flags_check(
            [*flags, *case.validator_args], f"the output validator arguments of {case.name}"
        )


def _default_flags_check(args: list[str], where: str) -> None:
    try:
        judge_builtin_args_validate(name="default", args=args)
    except CheckerArgumentError as exc:
        raise InvalidInput(
            f"{where} {args!r} are refused by the default output validator: {exc}",
            field="package",
        ) from None


def case_args_check(*, judge: Judge | None, case_args: Sequence[Sequence[str]]) -> None:
    """Refuse tests whose ``validator_args`` the problem's built-in checker would refuse
    (each case is judged with the judge's args followed by its own, so every such case
    would end JE); the error's field is ``test_cases.<index>.validator_args``. A custom
    judge understands its own arguments: it is run, not parsed, so nothing is checked."""
    if judge is not None and judge.kind != JudgeKind.BUILTIN:
        return
    name = judge.builtin_name if judge is not None else "default"
    base = list(judge.args) if judge is not None else []
    for index, args in enumerate(case_args):
        try:
            judge_builtin_args_validate(name=name, args=[*base, *args])
        except CheckerArgumentError as exc:
            with_base = f" after the judge's {base!r}" if base else ""
            raise InvalidInput(
                f"validator_args {list(args)!r}{with_base} are refused by the problem's "
                f"{name} checker: {exc}",
                field=f"test_cases.{index}.validator_args",
            ) from None


def problem_import(
    *, package: ProblemPackage, slug: str | None = None, actor: Any = None
) -> Problem:
    """Create or update the problem a package describes, all in one transaction.

    ``actor`` is the user importing (who owns a problem they create); a user may replace
    only a problem they own, staff any listed one. ``None`` is the system (the
    ``import_problem`` command, evaluation suites): it may import over any slug."""
    slug = slug or slugify(package.short_name)
    if not slug:
        raise InvalidInput("the package has no usable short name; pass --slug")
    package_flags_check(package)
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
        problem_slug_claim_check(slug=slug, actor=actor)
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
            owner=actor,
            interactive=package.interactive,
            validation_passes=package.validation_passes,
        )
        problem_claim_confirm(problem=problem, actor=actor)
        problem.scoring = package.scoring.to_json() if package.scoring is not None else {}
        problem.save(update_fields=["scoring"])
        if package.validator is not None:
            problem.judge = judge_custom_from_package(
                problem_slug=slug, validator=package.validator, flags=package.validator_flags
            )
            problem.save(update_fields=["judge"])
            _build_judge_now(problem.judge)
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
                    "permitted": list(solution.permitted),
                    "required": [list(r) for r in solution.required],
                    "expected_score": (
                        list(solution.expected_score) if solution.expected_score else None
                    ),
                },
            )
        problem.reference_solutions.exclude(path__in=seen).delete()
    if package.time_limit_s is None:
        problem_time_limit_derive(problem=problem, package=package)
        problem.refresh_from_db()
    return problem


def _build_judge_now(judge: Any) -> None:
    """Compile a package's validator at import, so that one that does not build is refused
    with its compiler's message. Without a sandbox here, workers build it later."""
    try:
        judge_build(judge)
    except JudgeBuildError as exc:
        raise InvalidInput(f"the package's output validator: {exc}") from None
    except SandboxUnavailable:
        return


def problem_time_limit_derive(*, problem: Problem, package: ProblemPackage) -> None:
    """Set a time limit the package did not give, from its accepted solutions' run times,
    by the rule of the package's format (see ``derive_time_limit``)."""
    accepted = [
        ref
        for ref in problem.reference_solutions.order_by("path")
        if ref.expected == "accepted" or list(ref.expected_verdicts) == ["AC"]
    ]
    cap = float(settings.SCALEBOX_DERIVE_TIME_LIMIT_CAP_S)
    if not accepted:
        Problem.objects.filter(id=problem.id).update(
            time_limit_source="ScaleBox default: no time limit given and no accepted solution "
            "to derive one from"
        )
        return
    slowest = 0.0
    for ref in accepted:
        submission = submission_create(
            problem=problem,
            language=ref.language,
            source=ref.source,
            options={"time_limit_s": cap, "reference_solution": ref.path},
        )
        judging = judging_wait(judging_id=submission.judgings.get().id, timeout_s=3600)
        if judging.verdict != "AC":
            Problem.objects.filter(id=problem.id).update(
                time_limit_source=f"ScaleBox default: accepted solution {ref.path} got "
                f"{judging.verdict} with a {cap:g} s limit, so no limit could be derived"
            )
            return
        times = judging.case_results.values_list("time_s", flat=True)
        slowest = max([slowest, *(t or 0.0 for t in times)])
    seconds, how = derive_time_limit(slowest, package)
    Problem.objects.filter(id=problem.id).update(time_limit_s=seconds, time_limit_source=how)
