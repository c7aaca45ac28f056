"""Celery tasks of the judges app: thin wrappers around one service each."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from judges import services_generation


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def generate_judges_batch(self: Any, batch_id: int) -> str:
    """Generate the judges of one batch; progress is in the batch row and the task's meta."""

    def progress(batch: Any) -> None:
        if not self.request.is_eager:
            self.update_state(
                state="PROGRESS",
                meta={"done": batch.done, "failed": batch.failed, "total": batch.total},
            )

    return services_generation.generation_batch_run(batch_id=batch_id, progress=progress)
