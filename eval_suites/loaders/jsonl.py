"""Generic JSONL: ScaleBox's own task format, one task a line.

    {"task_id": "sum", "kind": "stdin_stdout", "prompt": "...",
     "tests": [{"input": "1 2\\n", "output": "3\\n"}]}
    {"task_id": "add", "kind": "function_call", "fn_name": "add",
     "tests": [{"args": [1, 2], "expected": 3}]}
    {"task_id": "inc", "kind": "assert", "test": "assert inc(1) == 2", "entry_point": null}

Optional on every line: code_prefix (what a completion continues), difficulty,
time_limit_s, memory_limit_mb, validator_flags (list), canonical_solution,
canonical_language.
"""

from __future__ import annotations

from typing import Any, ClassVar

from eval_suites.dataset_config import DatasetFilters
from eval_suites.loaders import register
from eval_suites.loaders.base import (
    Loader,
    LoaderError,
    Task,
    assert_case,
    function_call_case,
    require,
    stdin_case,
)
from judges.checkers import CheckerArgumentError
from judges.services import judge_builtin_args_validate
from verification.models import ProblemKind
from verification.services import CaseSpec


def _cases(row: dict[str, Any], kind: str) -> list[CaseSpec]:
    if kind == ProblemKind.ASSERT:
        entry = row.get("entry_point")
        if entry is not None and not isinstance(entry, str):
            raise LoaderError("field 'entry_point' should be a string or null")
        return [assert_case(require(row, "test"), entry)]
    tests = require(row, "tests", list)
    if not tests:
        raise LoaderError("field 'tests' is empty")
    cases = []
    for i, test in enumerate(tests, 1):
        if not isinstance(test, dict):
            raise LoaderError(f"tests[{i - 1}] should be an object")
        name = str(test.get("name") or f"secret/{i:03d}")
        group = str(test.get("group") or "secret")
        if kind == ProblemKind.FUNCTION_CALL:
            if "args" not in test or "expected" not in test:
                raise LoaderError(f"tests[{i - 1}] needs 'args' and 'expected'")
            if not isinstance(test["args"], list):
                raise LoaderError(f"tests[{i - 1}].args should be a list")
            cases.append(
                function_call_case(
                    name, group, require(row, "fn_name"), test["args"], test["expected"]
                )
            )
        else:
            stdin, answer = test.get("input"), test.get("output")
            if not isinstance(stdin, str) or not isinstance(answer, str):
                raise LoaderError(f"tests[{i - 1}] needs string 'input' and 'output'")
            cases.append(stdin_case(name, group, stdin, answer))
    return cases


@register("jsonl")
class JsonlLoader(Loader):
    source_kinds: ClassVar[frozenset[str]] = frozenset({"path"})
    filters: ClassVar[frozenset[str]] = frozenset({"task_ids", "limit", "difficulty"})

    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        task_id = str(require(row, "task_id", (str, int)))
        kind = row.get("kind", ProblemKind.STDIN_STDOUT)
        if kind not in ProblemKind.values:
            raise LoaderError(f"unknown kind {kind!r}; known: {', '.join(ProblemKind.values)}")
        flags = row.get("validator_flags") or []
        if not isinstance(flags, list):
            raise LoaderError("field 'validator_flags' should be a list")
        checker = "default" if kind == ProblemKind.STDIN_STDOUT else kind
        try:
            judge_builtin_args_validate(name=checker, args=[str(f) for f in flags])
        except CheckerArgumentError as exc:
            raise LoaderError(f"field 'validator_flags': {exc}") from None
        canonical = row.get("canonical_solution")
        time_limit = row.get("time_limit_s")
        memory = row.get("memory_limit_mb")
        return Task(
            task_id=task_id,
            kind=kind,
            cases=tuple(_cases(row, kind)),
            prompt=str(row.get("prompt") or ""),
            code_prefix=str(row.get("code_prefix") or ""),
            entry_point=row.get("entry_point") or row.get("fn_name"),
            difficulty=str(row.get("difficulty") or ""),
            canonical=canonical if isinstance(canonical, str) else None,
            canonical_language=str(row.get("canonical_language") or "python"),
            time_limit_s=float(time_limit) if isinstance(time_limit, int | float) else None,
            memory_limit_mb=int(memory) if isinstance(memory, int) else None,
            validator_flags=tuple(map(str, flags)),
        )
