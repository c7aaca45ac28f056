"""CodeContests (Li et al. 2022, AlphaCode): competitive programming, stdin/stdout.

Rows as on the hub (deepmind/code_contests, Parquet) or the same rows as JSONL: name,
description, public_tests / private_tests / generated_tests ({input: [...], output:
[...]}), difficulty and source (enum numbers), solutions ({language: [...], solution:
[...]}), time_limit ({seconds, nanos} or null), memory_limit_bytes.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from eval_suites.dataset_config import DatasetFilters
from eval_suites.loaders import register
from eval_suites.loaders.base import Loader, LoaderError, Task, require, stdin_case
from verification.models import ProblemKind
from verification.services import CaseSpec

DIFFICULTIES = [
    "unknown",
    "easy",
    "medium",
    "hard",
    "harder",
    "hardest",
    "external",
    *"ABCDEFGHIJKLMNOPQRSTUV",
]
SOURCES = ["unknown", "codechef", "codeforces", "hackerearth", "codejam", "atcoder", "aizu"]
# The solutions' language enum; Python 2 solutions are not run by a Python 3 executor.
LANGUAGES = {3: "python", 2: "cpp", 4: "java"}
TEST_SETS: list[Literal["public", "private", "generated"]] = ["public", "private", "generated"]


def _enum_name(value: Any, names: list[str]) -> str:
    if isinstance(value, int) and 0 <= value < len(names):
        return names[value]
    return str(value or "")


def _test_set(row: dict[str, Any], key: str) -> list[tuple[str, str]]:
    tests = row.get(key)
    if tests is None:
        return []
    if not isinstance(tests, dict):
        raise LoaderError(f"field {key!r} should be an object of input and output lists")
    inputs, outputs = tests.get("input") or [], tests.get("output") or []
    if len(inputs) != len(outputs):
        raise LoaderError(f"field {key!r} has {len(inputs)} inputs but {len(outputs)} outputs")
    return list(zip(map(str, inputs), map(str, outputs), strict=True))


def _time_limit(value: Any) -> float | None:
    if not isinstance(value, dict):
        return None
    seconds = float(value.get("seconds") or 0) + float(value.get("nanos") or 0) / 1e9
    return seconds if 0 < seconds <= 600 else None


def _canonical(row: dict[str, Any]) -> tuple[str | None, str]:
    solutions = row.get("solutions") or {}
    languages = solutions.get("language") or []
    sources = solutions.get("solution") or []
    for wanted, name in LANGUAGES.items():
        for language, source in zip(languages, sources, strict=False):
            if language == wanted and isinstance(source, str):
                return source, name
    return None, "python"


@register("codecontests")
class CodeContestsLoader(Loader):
    filters: ClassVar[frozenset[str]] = frozenset({"task_ids", "limit", "difficulty", "test_sets"})
    kinds: ClassVar[frozenset[str]] = frozenset({ProblemKind.STDIN_STDOUT})

    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        name = require(row, "name")
        description = require(row, "description")
        sets = filters.test_sets or TEST_SETS
        cases: list[CaseSpec] = []
        for test_set in sets:
            for i, (stdin, answer) in enumerate(_test_set(row, f"{test_set}_tests"), 1):
                cases.append(stdin_case(f"{test_set}/{i:03d}", test_set, stdin, answer))
        if not cases:
            raise LoaderError(f"task {name!r} has no tests in {', '.join(sets)}")
        memory = row.get("memory_limit_bytes")
        canonical, language = _canonical(row)
        return Task(
            task_id=name,
            kind=ProblemKind.STDIN_STDOUT,
            cases=tuple(cases),
            prompt=description,
            difficulty=_enum_name(row.get("difficulty"), DIFFICULTIES),
            canonical=canonical,
            canonical_language=language,
            time_limit_s=_time_limit(row.get("time_limit")),
            memory_limit_mb=int(memory) >> 20 if isinstance(memory, int) and memory > 0 else None,
            metadata={
                "platform": _enum_name(row.get("source"), SOURCES),
                "cf_rating": row.get("cf_rating"),
                "cf_tags": row.get("cf_tags"),
            },
        )
