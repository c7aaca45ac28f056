"""Celery tasks of the compatibility endpoints: one plain task per /run_code request, no
chord (/common_evaluate_batch goes through the pipeline's tasks)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from verification import runs
from verification.compat.run_code import code_run_capped


@shared_task(acks_late=True, reject_on_worker_lost=True)
def compat_run_code(args: dict[str, Any]) -> dict[str, Any]:
    """One /run_code request: compile and run once; the result, its output cut to the
    reply's cap, as JSON."""
    return runs.code_run_to_json(code_run_capped(args))
