"""MBPP (Austin et al. 2021): a described Python function checked by plain asserts.

Rows in either published shape: the full set (task_id, text, code, test_list,
test_setup_code, challenge_test_list) or the sanitized one (task_id, prompt, code,
test_imports, test_list). Samples are whole programs; the tests call the function by
its name.
"""

from __future__ import annotations

import re
from typing import Any

from eval_suites.dataset_config import DatasetFilters
from eval_suites.loaders import register
from eval_suites.loaders.base import Loader, LoaderError, Task, assert_case, require
from verification.models import ProblemKind

_CALLED = re.compile(r"([A-Za-z_]\w*)\s*\(")
_DEFINED = re.compile(r"^def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)


def tested_function(tests: list[str], code: str) -> str | None:
    """The function the asserts call: the first called name the reference defines."""
    defined = _DEFINED.findall(code)
    for test in tests:
        for name in _CALLED.findall(test):
            if name in defined:
                return name
    return defined[0] if defined else None


def mbpp_prompt(description: str, tests: list[str]) -> str:
    return f"{description}\nYour code should pass these tests:\n\n" + "\n".join(tests) + "\n"


def mbpp_parts(row: dict[str, Any]) -> tuple[str, str, str, list[str], str]:
    """(task id, description, reference code, asserts, setup code) of either shape."""
    task_id = str(require(row, "task_id", (str, int)))
    description = row.get("text", row.get("prompt"))
    if not isinstance(description, str):
        raise LoaderError("missing field 'text' (or 'prompt' in the sanitized set)")
    code = require(row, "code")
    tests = require(row, "test_list", list)
    if not tests or not all(isinstance(t, str) for t in tests):
        raise LoaderError("field 'test_list' should be a non-empty list of strings")
    setup = row.get("test_setup_code") or ""
    imports = row.get("test_imports") or []
    if not isinstance(setup, str) or not isinstance(imports, list):
        raise LoaderError("fields 'test_setup_code' / 'test_imports' are malformed")
    setup = "\n".join([*map(str, imports), setup]).strip()
    return task_id, description, code, tests, setup


@register("mbpp")
class MbppLoader(Loader):
    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        task_id, description, code, tests, setup = mbpp_parts(row)
        test = (setup + "\n" if setup else "") + "\n".join(tests) + "\n"
        return Task(
            task_id=task_id,
            kind=ProblemKind.ASSERT,
            cases=(assert_case(test, None),),
            prompt=mbpp_prompt(description, tests),
            entry_point=tested_function(tests, code),
            canonical=code,
        )
