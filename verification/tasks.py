"""Celery tasks: thin wrappers that take ids and call one service each.

Every task has a failure path: a task that fails for good (out of retries, past its
hard time limit, an exception nobody expected) ends its judging with SE and the error
stored, through ``on_failure``; a chord that fails calls ``judging_chord_failed``. A
failure that is a broker or result backend outage sends the judging again instead, while
it has attempts left (``services_judging.judging_task_failed``).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from verification import services_judging, workers
from verification import worker_signals as _worker_signals  # noqa: F401  (connects signals)

_TRANSIENT = (OperationalError, InterfaceError)


def _judging_failed(position: int, what: str) -> Any:
    """An ``on_failure`` for a task whose judging id is its positional argument
    ``position`` (or its ``judging_id`` keyword): the judging ends, or is sent again when
    the failure was the broker's or the result backend's."""

    def on_failure(  # noqa: PLR0917  (Celery's on_failure signature)
        self: Any, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        judging_id = args[position] if len(args) > position else kwargs["judging_id"]
        services_judging.judging_task_failed(
            judging_id=judging_id,
            attempt=kwargs.get("attempt"),
            error=f"{what}: {services_judging.failure_text(exc)}",
            transient=services_judging.is_broker_failure(exc),
        )

    return on_failure


# A judging's tasks: acknowledged once done, given back when their worker is lost, retried
# on a database hiccup.
_JUDGING_TASK: dict[str, Any] = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": _TRANSIENT,
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**_JUDGING_TASK, on_failure=_judging_failed(0, "a case batch failed"))
def run_case_batch(
    self: Any, judging_id: int, case_ids: list[int], attempt: int | None = None
) -> dict[str, Any]:
    return _batch_run(self.request, judging_id, case_ids)


def _batch_run(request: Any, judging_id: int, case_ids: list[int]) -> dict[str, Any]:
    if request.is_eager:
        worker = settings.SCALEBOX_WORKER_NAME
        return services_judging.case_batch_run(
            judging_id=judging_id, case_ids=case_ids, worker=worker
        )
    worker = request.hostname or settings.SCALEBOX_WORKER_NAME
    with workers.batch_claimed(judging_id=judging_id, case_ids=case_ids, worker=worker):
        return services_judging.case_batch_run(
            judging_id=judging_id, case_ids=case_ids, worker=worker
        )


@shared_task(
    **_JUDGING_TASK,
    on_failure=_judging_failed(0, "judging its cases failed"),
    ignore_result=True,
)
def judge_single_batch(
    self: Any, judging_id: int, case_ids: list[int], attempt: int | None = None
) -> str:
    """A judging whose cases make one batch: run it and finish the judging in this task,
    with no chord (no result stored, no counter, no second message). Both steps are
    idempotent, so a redelivered task simply runs again."""
    result = _batch_run(self.request, judging_id, case_ids)
    return services_judging.judging_finalize(judging_id=judging_id, batch_results=[result])


@shared_task(**_JUDGING_TASK, on_failure=_judging_failed(1, "finishing the judging failed"))
def finalize_submission(
    self: Any, batch_results: list[dict[str, Any]], judging_id: int, attempt: int | None = None
) -> str:
    return services_judging.judging_finalize(judging_id=judging_id, batch_results=batch_results)


@shared_task
def judging_chord_failed(
    request: Any, exc: BaseException, traceback: Any, judging_id: int, attempt: int | None = None
) -> None:
    """The chord's error callback, called where the failure is seen (a ChordError)."""
    services_judging.judging_task_failed(
        judging_id=judging_id,
        attempt=attempt,
        error=f"the judging's chord failed: {services_judging.failure_text(exc)}",
    )
