"""HumanEval+ (EvalPlus): HumanEval's tasks with many more tests.

Rows as published on the hub (evalplus/humanevalplus) and in EvalPlus's release files:
task_id, prompt, canonical_solution, entry_point, test (a ``check(candidate)`` looping
over inputs and expected results). Read from a local file or the hub.
"""

from __future__ import annotations

from typing import Any

from eval_suites.dataset_config import DatasetFilters
from eval_suites.loaders import register
from eval_suites.loaders.base import Loader, LoaderError, Task, require
from eval_suites.loaders.evalplus import without_numpy
from eval_suites.loaders.humaneval import completion_task


@register("humaneval+")
class HumanEvalPlusLoader(Loader):
    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        if "test" not in row and ("plus_input" in row or "base_input" in row):
            raise LoaderError(
                "this row has inputs but no test code (EvalPlus's raw release format); "
                "use the published file with a 'test' field (evalplus/humanevalplus)"
            )
        test = without_numpy(require(row, "test"))
        return completion_task(row, test=test)
