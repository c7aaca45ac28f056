"""LiveCodeBench code generation (the ``code_generation_lite`` release files).

Rows: question_title, question_content, platform, question_id, contest_id,
contest_date, starter_code, difficulty, public_test_cases (a JSON string),
private_test_cases (a JSON string, or base64(zlib(pickle(JSON string))) — unpickled
here with a loader that refuses every global), metadata (a JSON string; ``func_name``
for LeetCode-style problems).

Tests of type ``stdin`` become stdin/stdout cases; ``functional`` ones become function
calls (each input line is one JSON argument; a ``class Solution`` method is found by
the harness). Release versions map to the files as LiveCodeBench publishes them:
``release_vN`` is test.jsonl … testN.jsonl, ``vN`` is the one file, ``release_latest``
every file there is.

Judged as LiveCodeBench's own grader judges: every Python program runs after its import
prelude (``verification.harness.preludes``), and stdin/stdout outputs are compared by the
``livecodebench`` checker; a suite's ``judging.prelude`` and ``judging.checker`` change
either.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

from eval_suites.dataset_config import DatasetFilters, DatasetSource, HubSource
from eval_suites.loaders import register
from eval_suites.loaders.base import (
    Loader,
    LoaderError,
    Task,
    function_call_case,
    require,
    stdin_case,
)
from eval_suites.loaders.sources import file_rows, hub_rows
from eval_suites.safe_pickle import UnsafePickle, compressed_pickle_loads
from verification.models import ProblemKind
from verification.services import CaseSpec

LATEST_RELEASE = 6
TIME_LIMIT_S = 6.0  # LiveCodeBench's own per-test timeout
_VERSION = re.compile(r"^(release_)?v(\d+)$")


def release_files(version: str | None, available: int = LATEST_RELEASE) -> list[str]:
    def name(n: int) -> str:
        return "test.jsonl" if n == 1 else f"test{n}.jsonl"

    if version is None or version == "release_latest":
        return [name(n) for n in range(1, available + 1)]
    match = _VERSION.match(version)
    if match is None:
        raise LoaderError(
            f"unknown release version {version!r}: use release_vN, vN or release_latest"
        )
    number = int(match.group(2))
    if number < 1:
        raise LoaderError(f"unknown release version {version!r}")
    if match.group(1):
        return [name(n) for n in range(1, number + 1)]
    return [name(number)]


def _tests(value: Any, field: str) -> list[dict[str, Any]]:
    if isinstance(value, list):
        tests = value
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            try:
                tests = json.loads(text)
            except ValueError as exc:
                raise LoaderError(f"{field} is not valid JSON ({exc})") from None
        else:
            try:
                unpacked = compressed_pickle_loads(text)
            except UnsafePickle as exc:
                raise LoaderError(f"{field}: {exc}") from None
            try:
                tests = json.loads(unpacked) if isinstance(unpacked, str | bytes) else unpacked
            except ValueError as exc:
                raise LoaderError(f"{field}: the unpickled text is not JSON ({exc})") from None
    else:
        raise LoaderError(f"{field} should be a JSON string")
    if not isinstance(tests, list) or not all(
        isinstance(t, dict) and isinstance(t.get("input"), str) and isinstance(t.get("output"), str)
        for t in tests
    ):
        raise LoaderError(f"{field} should be a list of {{input, output, testtype}} objects")
    return tests


def _metadata(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError) as exc:
        raise LoaderError(f"field 'metadata' is not valid JSON ({exc})") from None
    if not isinstance(parsed, dict):
        raise LoaderError("field 'metadata' should be a JSON object")
    return parsed


def _case(test: dict[str, Any], name: str, group: str, fn_name: str | None) -> CaseSpec:
    if test.get("testtype", "stdin") == "functional":
        if not fn_name:
            raise LoaderError("a functional test but no func_name in metadata")
        try:
            args = [json.loads(line) for line in test["input"].split("\n")]
            want = json.loads(test["output"])
        except ValueError as exc:
            raise LoaderError(f"{name}: functional input/output is not JSON ({exc})") from None
        return function_call_case(name, group, fn_name, args, want)
    return stdin_case(name, group, test["input"], test["output"])


def lcb_prompt(content: str, starter: str) -> str:
    if starter.strip():
        return (
            f"{content}\n\nComplete the following starter code; return the whole solution "
            f"in one fenced Python code block.\n\n```python\n{starter}\n```\n"
        )
    return (
        f"{content}\n\nRead the inputs from stdin, solve the problem and write the answer "
        "to stdout. Return the whole program in one fenced Python code block.\n"
    )


@register("livecodebench")
class LiveCodeBenchLoader(Loader):
    prelude: ClassVar[str] = "livecodebench"
    stdin_checker: ClassVar[str | None] = "livecodebench"
    filters: ClassVar[frozenset[str]] = frozenset(
        {
            "task_ids",
            "limit",
            "difficulty",
            "release_version",
            "start_date",
            "end_date",
            "platforms",
        }
    )

    def read(
        self, source: DatasetSource, filters: DatasetFilters
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        if source.hub is not None:
            hub = source.hub
            if hub.data_files is None:
                files = release_files(filters.release_version)
                hub = HubSource(**{**hub.model_dump(), "data_files": files, "split": "train"})
            return hub_rows(hub)
        assert source.path is not None
        if not source.path.is_dir():
            return file_rows(source.path)
        return self._directory_rows(source.path, filters.release_version)

    def _directory_rows(
        self, directory: Path, version: str | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        present = sorted(directory.glob("test*.jsonl"))
        if version is None or version == "release_latest":
            names = [p.name for p in present]
            names.sort(key=lambda n: int(n[4:-6] or 1))
        else:
            names = release_files(version)
        rows: list[dict[str, Any]] = []
        hashes = {}
        for file_name in names:
            path = directory / file_name
            if not path.exists():
                raise LoaderError(f"release {version} needs {path}, which does not exist")
            part, info = file_rows(path)
            rows.extend(part)
            hashes[file_name] = info["sha256"]
        if not names:
            raise LoaderError(f"{directory} holds no test*.jsonl release files")
        return rows, {"kind": "path", "path": str(directory), "files": hashes, "sha256": ""}

    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        task_id = str(require(row, "question_id", (str, int)))
        content = require(row, "question_content")
        starter = row.get("starter_code") or ""
        metadata = _metadata(row.get("metadata"))
        fn_name = metadata.get("func_name")
        public = _tests(row.get("public_test_cases", "[]"), "public_test_cases")
        private = _tests(row.get("private_test_cases", "[]"), "private_test_cases")
        if not public and not private:
            raise LoaderError(f"task {task_id!r} has no tests")
        cases = [
            _case(t, f"{group}/{i:03d}", group, fn_name)
            for group, tests in (("public", public), ("private", private))
            for i, t in enumerate(tests, 1)
        ]
        functional = {t.get("testtype", "stdin") == "functional" for t in public + private}
        if len(functional) != 1:
            raise LoaderError(f"task {task_id!r} mixes functional and stdin tests")
        kind = ProblemKind.FUNCTION_CALL if functional == {True} else ProblemKind.STDIN_STDOUT
        return Task(
            task_id=task_id,
            kind=kind,
            cases=tuple(cases),
            prompt=lcb_prompt(content, starter),
            entry_point=fn_name if kind == ProblemKind.FUNCTION_CALL else None,
            difficulty=str(row.get("difficulty") or ""),
            time_limit_s=TIME_LIMIT_S,
            metadata={
                "question_title": row.get("question_title", ""),
                "platform": row.get("platform", ""),
                "contest_id": row.get("contest_id", ""),
                "contest_date": str(row.get("contest_date") or ""),
                "starter_code": starter,
            },
        )
