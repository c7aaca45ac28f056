"""Celery tasks: thin wrappers that take ids and call one service each."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from verification import services, workers
from verification import worker_signals as _worker_signals  # noqa: F401  (connects signals)

_TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def run_case_batch(self: Any, judging_id: int, case_ids: list[int]) -> dict[str, Any]:
    worker = self.request.hostname or settings.SCALEBOX_WORKER_NAME
    if self.request.is_eager:
        worker = settings.SCALEBOX_WORKER_NAME
    else:
        workers.worker_heartbeat(name=worker)
    return services.case_batch_run(judging_id=judging_id, case_ids=case_ids, worker=worker)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def finalize_submission(self: Any, batch_results: list[dict[str, Any]], judging_id: int) -> str:
    return services.judging_finalize(judging_id=judging_id, batch_results=batch_results)
