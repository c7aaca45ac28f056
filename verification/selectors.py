"""Reads: shaping stored judgings for callers."""

from __future__ import annotations

import time
from typing import Any

from verification.errors import NotFound
from verification.models import CaseResult, Judging, JudgingStatus, Problem


def problem_get(*, slug: str) -> Problem:
    problem = Problem.objects.filter(slug=slug).first()
    if problem is None:
        raise NotFound(f"no problem with slug {slug!r}")
    return problem


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
            "name": name,
            "verdict": verdict,
            "time_s": time_s,
            "memory_kb": memory_kb,
            "worker": worker,
            "message": message,
        }
        for name, verdict, time_s, memory_kb, worker, message in CaseResult.objects.filter(
            judging=judging
        )
        .order_by("order")
        .values_list(
            "test_case__name", "verdict", "time_s", "memory_kb", "worker", "checker_message"
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
