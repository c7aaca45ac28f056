"""Reads: who may see and change what, and shaping stored judgings for callers.

The access rule lives here and only here; the API, the dashboard and the admin call it.

- A problem is read by slug by every signed-in user, except an inline problem (the hidden
  problem holding one submission's inline tests): no one reaches it by slug, its owner and
  staff included. Anonymous callers read nothing.
- A problem is changed (its tests replaced, a package imported over it) by its owner or
  staff only; a problem with no owner (imported by the CLI) by staff only.
- A submission is read by its owner, by staff, and by whoever may read an evaluation run
  it was judged for (a grant the ``eval_suites`` app registers); it is rejudged by its
  owner or staff only.
- A judge is read when it belongs to no problem (a shared built-in checker) or its
  problem is readable; a judge generation batch when every problem it generated for is.
  Staff read every judge and batch.
- Callers that pass no user (``actor=None``: management commands, the evaluation runner)
  act as the system and are not checked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from judges.models import (
    GenerationBatch,
    Judge,
    JudgeGeneration,
    JudgeKind,
    JudgeOrigin,
    JudgeState,
)
from verification.errors import Forbidden, NotFound
from verification.models import (
    Judging,
    JudgingStatus,
    Problem,
    ProblemKind,
    Submission,
)
from verification.outcome import judging_outcomes

SubmissionGrant = Callable[[Any], QuerySet[Any]]
"""Given a non-staff user, the ids (a ``values("submission_id")`` query) of submissions
a higher layer shows them beyond their own."""

_submission_grants: list[SubmissionGrant] = []


def problem_get(*, slug: str) -> Problem:
    """Any problem by slug, inline ones included: for trusted callers (commands) only."""
    problem = Problem.objects.filter(slug=slug).first()
    if problem is None:
        raise NotFound(f"no problem with slug {slug!r}")
    return problem


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def problems_visible_to(user: Any) -> QuerySet[Problem]:
    if not _signed_in(user):
        return Problem.objects.none()
    return Problem.objects.filter(inline=False)


def problems_editable_by(user: Any) -> QuerySet[Problem]:
    visible = problems_visible_to(user)
    if not _signed_in(user) or user.is_staff:
        return visible
    return visible.filter(owner_id=user.id)


def problem_is_editable_by(problem: Problem, user: Any) -> bool:
    if problem.inline or not _signed_in(user):
        return False
    return bool(user.is_staff or (problem.owner_id is not None and problem.owner_id == user.id))


def problem_visible_get(*, slug: str, user: Any) -> Problem:
    problem = problems_visible_to(user).filter(slug=slug).first()
    if problem is None:
        raise NotFound(f"no problem with slug {slug!r}")
    return problem


def problem_editable_get(*, slug: str, user: Any) -> Problem:
    """The problem ``user`` may change: NotFound when they may not read it, Forbidden
    when they may read but not change it."""
    problem = problem_visible_get(slug=slug, user=user)
    if not problem_is_editable_by(problem, user):
        raise Forbidden(f"problem {slug!r} is not yours: only its owner or staff may change it")
    return problem


def submission_grant_register(grant: SubmissionGrant) -> None:
    """Let a higher layer show more submissions (without this layer importing it)."""
    if grant not in _submission_grants:
        _submission_grants.append(grant)


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    submissions = Submission.objects.all()
    if not _signed_in(user):
        return submissions.none()
    if user.is_staff:
        return submissions
    rule = Q(owner_id=user.id)
    for grant in _submission_grants:
        rule |= Q(id__in=grant(user))
    return submissions.filter(rule)


def submissions_editable_by(user: Any) -> QuerySet[Submission]:
    """Submissions ``user`` may rejudge: their own, or any for staff."""
    submissions = Submission.objects.all()
    if not _signed_in(user):
        return submissions.none()
    return submissions if user.is_staff else submissions.filter(owner_id=user.id)


def judges_visible_to(user: Any) -> QuerySet[Judge]:
    if not _signed_in(user):
        return Judge.objects.none()
    if user.is_staff:
        return Judge.objects.all()
    # A judge sent with a request (a peer's special judge) is that client's code: staff only.
    shared = Q(problem__isnull=True) & ~Q(origin=JudgeOrigin.REQUEST)
    return Judge.objects.filter(shared | Q(problem__in=problems_visible_to(user)))


def judge_visible_get(*, judge_id: int, user: Any) -> Judge:
    judge = judges_visible_to(user).select_related("problem", "approved_by").filter(id=judge_id)
    found = judge.first()
    if found is None:
        raise NotFound(f"no judge with id {judge_id}")
    return found


def judge_generations_visible_to(user: Any) -> QuerySet[JudgeGeneration]:
    if not _signed_in(user):
        return JudgeGeneration.objects.none()
    if user.is_staff:
        return JudgeGeneration.objects.all()
    return JudgeGeneration.objects.filter(problem__in=problems_visible_to(user))


def generation_batches_visible_to(user: Any) -> QuerySet[GenerationBatch]:
    if not _signed_in(user):
        return GenerationBatch.objects.none()
    if user.is_staff:
        return GenerationBatch.objects.all()
    hidden = (
        JudgeGeneration.objects.filter(batch_id__isnull=False)
        .exclude(id__in=judge_generations_visible_to(user))
        .values("batch_id")
    )
    return GenerationBatch.objects.exclude(id__in=hidden)


def generation_batch_visible_get(*, batch_id: int, user: Any) -> GenerationBatch:
    batch = generation_batches_visible_to(user).filter(id=batch_id).first()
    if batch is None:
        raise NotFound(f"no generation batch with id {batch_id}")
    return batch


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


def problem_judging_state(*, problem: Problem) -> dict[str, Any]:
    """The judge deciding a problem now, and its latest generation. Who may see the
    problem is decided before, by ``problem_visible_get``."""
    latest = JudgeGeneration.objects.filter(problem=problem).select_related("judge").first()
    return {"problem": problem, "active": problem.judge, "generation": latest}


def judging_wait(*, judging_id: int, timeout_s: float, poll_s: float = 0.05) -> Judging:
    """Block until the judging is DONE or ``timeout_s`` passes; return its latest state."""
    deadline = time.monotonic() + timeout_s
    delay = poll_s
    while True:
        judging = Judging.objects.get(id=judging_id)
        if judging.status == JudgingStatus.DONE or time.monotonic() >= deadline:
            return judging
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 1.5, 0.5)


def judging_summary(*, judging: Judging) -> dict[str, Any]:
    """The judging as the ``judge`` command prints it."""
    cases = [
        {
            "name": case.name,
            "verdict": str(case.outcome.verdict),
            "time_s": case.outcome.time_s,
            "memory_kb": case.outcome.memory_kb,
            "worker": case.outcome.worker,
            "message": case.outcome.checker_message,
        }
        for case in judging_outcomes(
            judging_id=judging.id, fields=("time_s", "memory_kb", "worker", "checker_message")
        )
    ]
    return {
        "submission": judging.submission_id,
        "judging": judging.id,
        "status": judging.status,
        "verdict": judging.verdict or None,
        "cases": cases,
        "compile": judging.compile_info,
    }
