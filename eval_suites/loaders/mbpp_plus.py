"""MBPP+ (EvalPlus): MBPP's tasks with many more tests.

Rows as published (evalplus/mbppplus): task_id ("Mbpp/2"), prompt, code, test_imports,
test_list, and ``test``: inputs, expected results and an ``assertion`` helper that
calls the function by name.
"""

from __future__ import annotations

from typing import Any

from eval_suites.dataset_config import DatasetFilters
from eval_suites.loaders import register
from eval_suites.loaders.base import Loader, Task, assert_case, require
from eval_suites.loaders.evalplus import without_numpy
from eval_suites.loaders.mbpp import mbpp_parts, mbpp_prompt, tested_function
from verification.models import ProblemKind


@register("mbpp+")
class MbppPlusLoader(Loader):
    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        task_id, description, code, tests, setup = mbpp_parts(row)
        test = without_numpy(require(row, "test"))
        if setup:
            test = setup + "\n" + test
        return Task(
            task_id=task_id,
            kind=ProblemKind.ASSERT,
            cases=(assert_case(test, None),),
            prompt=mbpp_prompt(description, tests),
            entry_point=tested_function(tests, code),
            canonical=code,
        )
