"""Celery tasks of the compatibility endpoints: one plain task per request, no chord."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from verification import runs


@shared_task(acks_late=True, reject_on_worker_lost=True)
def compat_run_code(args: dict[str, Any]) -> dict[str, Any]:
    """One /run_code request: compile and run once; the result, its output cut to the
    reply's cap, as JSON."""
    from verification.compat.run_code import code_run_capped

    return runs.code_run_to_json(code_run_capped(args))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def compat_special_judge_cases(args: dict[str, Any]) -> dict[str, Any]:
    """The cases of one /common_evaluate_batch request that has a special judge."""
    from verification.compat.special_judge import special_judge_evaluate

    return special_judge_evaluate(**args)
