"""Reads of the judges app's own rows. Which problems want a judge generated, and the
judge deciding a problem, are ``verification.selectors``'s reads (problems live there),
as is who may see which."""

from __future__ import annotations

from judges.models import GenerationBatch
from verification.errors import NotFound


def batch_get(*, batch_id: int) -> GenerationBatch:
    batch = GenerationBatch.objects.filter(id=batch_id).first()
    if batch is None:
        raise NotFound(f"no generation batch with id {batch_id}")
    return batch
