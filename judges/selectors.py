"""Reads: which problems want a judge generated, a generation batch, and the judge
deciding a problem (who may see which is ``verification.selectors``'s rule)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from judges.models import GenerationBatch, Judge, JudgeGeneration, JudgeKind, JudgeState
from verification.errors import NotFound
from verification.models import Problem, ProblemKind


def problems_for_generation(*, slugs: list[str] | None = None) -> list[Problem]:
    """The named problems (all must exist), or every listed stdin/stdout problem still
    judged by a built-in checker and with no generated judge waiting for review."""
    if slugs:
        found = {p.slug: p for p in Problem.objects.filter(slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise NotFound(f"no problem with slug {', '.join(map(repr, missing))}")
        return [found[slug] for slug in dict.fromkeys(slugs)]
    pending = Judge.objects.filter(state=JudgeState.VALIDATED).values("problem_id")
    return list(
        Problem.objects.filter(inline=False, kind=ProblemKind.STDIN_STDOUT)
        .filter(Q(judge__isnull=True) | Q(judge__kind=JudgeKind.BUILTIN))
        .exclude(id__in=pending)
        .order_by("slug")
    )


def batch_get(*, batch_id: int) -> GenerationBatch:
    batch = GenerationBatch.objects.filter(id=batch_id).first()
    if batch is None:
        raise NotFound(f"no generation batch with id {batch_id}")
    return batch


def problem_judging_state(*, problem: Problem) -> dict[str, Any]:
    """The judge deciding a problem now, and its latest generation. Who may see the
    problem is decided before, by ``verification.selectors.problem_visible_get``."""
    latest = JudgeGeneration.objects.filter(problem=problem).select_related("judge").first()
    return {"problem": problem, "active": problem.judge, "generation": latest}
