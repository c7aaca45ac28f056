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


def _batch_failed(  # noqa: PLR0917  (Celery's on_failure signature)
    self: Any, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
) -> None:
    judging_id = args[0] if args else kwargs["judging_id"]
    services_judging.judging_task_failed(
        judging_id=judging_id,
        attempt=kwargs.get("attempt"),
        error=f"a case batch failed: {services_judging.failure_text(exc)}",
        transient=services_judging.is_broker_failure(exc),
    )


def _finalize_failed(  # noqa: PLR0917  (Celery's on_failure signature)
    self: Any, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
) -> None:
    judging_id = args[1] if len(args) > 1 else kwargs["judging_id"]
    services_judging.judging_task_failed(
        judging_id=judging_id,
        attempt=kwargs.get("attempt"),
        error=f"finishing the judging failed: {services_judging.failure_text(exc)}",
        transient=services_judging.is_broker_failure(exc),
    )


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=5,
    on_failure=_batch_failed,
)
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


def _whole_failed(  # noqa: PLR0917  (Celery's on_failure signature)
    self: Any, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
) -> None:
    judging_id = args[0] if args else kwargs["judging_id"]
    services_judging.judging_task_failed(
        judging_id=judging_id,
        attempt=kwargs.get("attempt"),
        error=f"judging its cases failed: {services_judging.failure_text(exc)}",
        transient=services_judging.is_broker_failure(exc),
    )


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=5,
    on_failure=_whole_failed,
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


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=5,
    on_failure=_finalize_failed,
)
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
