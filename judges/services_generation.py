"""Batches of judge generation: created by the API, run by a Celery task.

Problems live in the ``verification`` app, a layer above this one; it registers the read
that finds them (``generation_problems_register``) so a batch can name them by slug.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from judges.models import GenerationBatch
from judges.selectors import batch_get

ProblemsFinder = Callable[..., list[Any]]
"""Called with ``slugs=`` (a list, or None for every problem that wants a judge): the
problems to generate judges for, raising ``NotFound`` for a slug that names none."""

_problems_finders: list[ProblemsFinder] = []


def generation_problems_register(finder: ProblemsFinder) -> None:
    """Name the read that finds problems by slug (the ``verification`` app's)."""
    _problems_finders[:] = [finder]


def _problems_for(slugs: list[str] | None) -> list[Any]:
    if not _problems_finders:
        raise RuntimeError("no problems finder registered: is the verification app installed?")
    return _problems_finders[0](slugs=slugs)


def generation_batch_create(
    *, slugs: list[str] | None, user: Any = None, concurrency: int | None = None
) -> GenerationBatch:
    """Record a batch for the named problems (or all that want a judge); run it on commit."""
    problems = _problems_for(slugs)
    limit = max(1, concurrency or settings.SCALEBOX_JUDGEGEN_CONCURRENCY)
    batch = GenerationBatch.objects.create(
        problems=[p.slug for p in problems],
        total=len(problems),
        concurrency=limit,
        requested_by=user if user is not None and user.is_authenticated else None,
    )

    def enqueue() -> None:
        # judges.tasks imports this module: its task wraps generation_batch_run.
        from judges.tasks import generate_judges_batch  # noqa: PLC0415

        generate_judges_batch.delay(batch.id)

    transaction.on_commit(enqueue)
    return batch


def generation_batch_run(
    *, batch_id: int, progress: Callable[[GenerationBatch], None] | None = None
) -> str:
    """Run a queued batch once (a redelivered task finds it taken and does nothing)."""
    if not GenerationBatch.objects.filter(id=batch_id, status="queued").update(status="running"):
        return batch_get(batch_id=batch_id).status
    batch = batch_get(batch_id=batch_id)
    problems = _problems_for(list(batch.problems)) if batch.problems else []

    def report(_: Any) -> None:
        if progress is not None:
            progress(batch_get(batch_id=batch_id))

    # The pipeline (schemas, the model's client) loads when a batch runs, not with the
    # app: every process registers the problems finder at start-up (verification.apps).
    from judges.generation.pipeline import judges_generate_many  # noqa: PLC0415

    judges_generate_many(
        problems=problems, concurrency=batch.concurrency, batch=batch, on_result=report
    )
    GenerationBatch.objects.filter(id=batch_id).update(status="done", finished_at=timezone.now())
    return "done"
