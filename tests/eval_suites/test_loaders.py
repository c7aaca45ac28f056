"""Every loader on small fixtures in its dataset's real format (no database needed)."""

from __future__ import annotations

import base64
import gzip
import json
import pickle
import re
import zlib
from pathlib import Path
from typing import Any

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eval_suites.config import config_parse
from eval_suites.loaders import LoaderError, loader_get
from eval_suites.loaders.base import Dataset
from tests.eval_suites.conftest import FIXTURES, suite


def load(loader: str, path: Path | str, **filters: Any) -> Dataset:
    config = suite(loader, path, filters=filters or None)
    return loader_get(loader).load(config.dataset)


def payload(case: Any) -> dict[str, Any]:
    return json.loads(case.input)


def test_humaneval_bundled_data_loads_offline() -> None:
    config = config_parse({"name": "t", "dataset": {"loader": "humaneval"}})
    dataset = loader_get("humaneval").load(config.dataset)
    assert len(dataset.tasks) == 164
    first = dataset.tasks[0]
    assert first.task_id == "HumanEval/0"
    assert first.kind == "assert" and first.entry_point == "has_close_elements"
    assert first.code_prefix == first.prompt and first.canonical
    assert payload(first.cases[0])["entry_point"] == "has_close_elements"
    assert dataset.source["kind"] == "bundled" and len(dataset.source["sha256"]) == 64


def test_humaneval_from_a_gzipped_file() -> None:
    dataset = load("humaneval", FIXTURES / "humaneval_mini.jsonl.gz")
    assert [t.task_id for t in dataset.tasks] == ["Mini/0", "Mini/1", "Mini/2"]
    task = dataset.tasks[1]
    assert task.entry_point == "shout"
    assert "def check(candidate)" in payload(task.cases[0])["test"]
    assert task.canonical == '    return word.upper() + "!"\n'


def test_humaneval_plus_replaces_the_numpy_import_only() -> None:
    dataset = load("humaneval+", FIXTURES / "humaneval_plus_mini.jsonl")
    test = payload(dataset.tasks[0].cases[0])["test"]
    assert "import numpy" not in test
    assert "class np:" in test and "def assertion(out, exp, atol):" in test
    namespace: dict[str, Any] = {}
    exec(test.replace("def check", "def _unused_check"), namespace)
    np = namespace["np"]
    assert np.allclose(0.1 + 0.2, 0.3, rtol=1e-07, atol=1e-6)
    assert not np.allclose([1.0, 2.0], [1.0, 2.1], rtol=1e-07, atol=1e-6)
    assert np.allclose([1.0, 2.0], 1.0 + 1e-9, atol=1.0)


def test_mbpp_full_and_sanitized_shapes() -> None:
    full = load("mbpp", FIXTURES / "mbpp_mini.jsonl")
    assert [t.task_id for t in full.tasks] == ["901", "902"]
    gap = full.tasks[1]
    assert gap.code_prefix == "" and gap.entry_point == "max_gap"
    body = payload(gap.cases[0])
    assert body["entry_point"] is None
    assert body["test"].startswith("import math\nassert max_gap([1, 9, 3]) == 6")
    assert "Your code should pass these tests" in gap.prompt
    sanitized = load("mbpp", FIXTURES / "mbpp_sanitized_mini.json")
    assert sanitized.tasks[0].task_id == "903"
    assert sanitized.tasks[0].entry_point == "reverse_words"


def test_mbpp_plus() -> None:
    dataset = load("mbpp+", FIXTURES / "mbpp_plus_mini.jsonl")
    area = dataset.task("Mbpp/904")
    assert area is not None
    test = payload(area.cases[0])["test"]
    assert test.startswith("import math\n") and "import numpy" not in test
    assert "assertion(circle_area(*inp), exp, 0)" in test


def test_livecodebench_stdin_functional_and_pickled_private_tests() -> None:
    dataset = load("livecodebench", FIXTURES / "livecodebench")
    assert [t.task_id for t in dataset.tasks] == ["abc900_a", "9001", "1900A"]
    stdin_task, call_task, pickled_stdin = dataset.tasks
    assert stdin_task.kind == "stdin_stdout" and stdin_task.difficulty == "easy"
    assert [c.name for c in stdin_task.cases] == ["public/001", "private/001", "private/002"]
    assert stdin_task.cases[1].input == b"10 20\n" and stdin_task.cases[1].answer == b"30\n"
    assert call_task.kind == "function_call" and call_task.entry_point == "twoLargest"
    private = [c for c in call_task.cases if c.group == "private"]
    assert [payload(c) for c in private] == [
        {"fn_name": "twoLargest", "args": [[2, 2]]},
        {"fn_name": "twoLargest", "args": [[-1, -2, -3]]},
    ]
    assert [json.loads(c.answer) for c in private] == [4, -3]
    assert pickled_stdin.cases[-1].input == b"hello\n"
    assert call_task.metadata["platform"] == "leetcode"
    assert "class Solution" in call_task.prompt


def test_livecodebench_release_versions_and_date_window() -> None:
    directory = FIXTURES / "livecodebench"
    assert len(load("livecodebench", directory, release_version="release_v1").tasks) == 2
    assert [t.task_id for t in load("livecodebench", directory, release_version="v2").tasks] == [
        "1900A"
    ]
    window = load("livecodebench", directory, start_date="2023-07-01", end_date="2024-01-01")
    assert [t.task_id for t in window.tasks] == ["9001"]
    assert [t.task_id for t in load("livecodebench", directory, difficulty=["hard"]).tasks] == [
        "1900A"
    ]
    assert [t.task_id for t in load("livecodebench", directory, platforms=["atcoder"]).tasks] == [
        "abc900_a"
    ]
    with pytest.raises(LoaderError, match=r"test3\.jsonl"):
        load("livecodebench", directory, release_version="release_v3")
    with pytest.raises(LoaderError, match="unknown release version"):
        load("livecodebench", directory, release_version="latest-ish")


class _Boom:
    def __reduce__(self) -> tuple[Any, ...]:
        return (print, ("pickle ran code",))


def test_livecodebench_refuses_a_pickle_that_names_a_global(tmp_path: Path) -> None:
    row = json.loads((FIXTURES / "livecodebench" / "test.jsonl").read_text().splitlines()[0])
    row["private_test_cases"] = base64.b64encode(zlib.compress(pickle.dumps(_Boom()))).decode()
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(LoaderError, match=r"row 1: private_test_cases: .*builtins\.print"):
        load("livecodebench", path)


def test_codecontests_tests_limits_difficulty_and_reference_solutions() -> None:
    dataset = load("codecontests", FIXTURES / "codecontests_mini.jsonl")
    double, maximum = dataset.tasks
    assert double.task_id == "1000_A. Double It"
    assert [c.group for c in double.cases] == ["public", "private", "private", "generated"]
    assert double.time_limit_s == 1.0 and double.memory_limit_mb == 256
    assert double.difficulty == "A" and double.metadata["platform"] == "codeforces"
    assert double.canonical == "print(2 * int(input()))" and double.canonical_language == "python"
    assert maximum.canonical_language == "cpp" and maximum.time_limit_s is None
    assert maximum.memory_limit_mb is None
    only_public = load("codecontests", FIXTURES / "codecontests_mini.jsonl", test_sets=["public"])
    assert [len(t.cases) for t in only_public.tasks] == [1, 1]


def test_codecontests_from_parquet(tmp_path: Path) -> None:
    rows = [
        json.loads(line) for line in (FIXTURES / "codecontests_mini.jsonl").read_text().splitlines()
    ]
    path = tmp_path / "test-00000-of-00001.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    from_parquet = load("codecontests", path)
    from_jsonl = load("codecontests", FIXTURES / "codecontests_mini.jsonl")
    assert from_parquet.content_hash() == from_jsonl.content_hash()


def test_problem_package_directory() -> None:
    dataset = load("problem_package", FIXTURES / "packages")
    assert [t.task_id for t in dataset.tasks] == ["double", "maxpair"]
    double = dataset.tasks[0]
    assert [c.name for c in double.cases] == ["sample/1", "secret/1", "secret/2"]
    assert double.canonical == "print(2 * int(input()))\n"
    assert double.time_limit_s == 1.0 and double.package is not None
    single = load("problem_package", FIXTURES / "packages" / "maxpair")
    assert [t.task_id for t in single.tasks] == ["maxpair"]
    assert single.tasks[0].validator_flags == ("float_tolerance", "1e-6")


def test_generic_jsonl_all_three_kinds() -> None:
    dataset = load("jsonl", FIXTURES / "generic_mini.jsonl")
    square, halve, inc = dataset.tasks
    assert square.kind == "stdin_stdout" and square.cases[0].input == b"3\n"
    assert halve.kind == "function_call" and halve.validator_flags == ("float_tolerance", "1e-6")
    assert payload(halve.cases[0]) == {"fn_name": "halve", "args": [3]}
    assert inc.kind == "assert" and payload(inc.cases[0])["entry_point"] is None


def test_hub_source_goes_through_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    with gzip.open(FIXTURES / "humaneval_mini.jsonl.gz", "rt") as lines:
        rows = [json.loads(line) for line in lines]
    calls: list[dict[str, Any]] = []

    def fake_load_dataset(path: str, name: str | None = None, **kwargs: Any) -> Any:
        calls.append({"path": path, "name": name, **kwargs})
        return datasets.Dataset.from_list(rows)

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    config = config_parse(
        {
            "name": "t",
            "dataset": {
                "loader": "humaneval",
                "source": {"hub": {"id": "openai/openai_humaneval", "revision": "abc123"}},
            },
        }
    )
    dataset = loader_get("humaneval").load(config.dataset)
    assert len(dataset.tasks) == 3
    assert calls == [
        {
            "path": "openai/openai_humaneval",
            "name": None,
            "revision": "abc123",
            "split": "test",
            "data_files": None,
        }
    ]
    assert dataset.source["revision"] == "abc123" and len(dataset.source["sha256"]) == 64
    assert (
        dataset.content_hash()
        == load("humaneval", FIXTURES / "humaneval_mini.jsonl.gz").content_hash()
    )


def test_livecodebench_hub_source_names_the_release_files(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_load_dataset(path: str, name: str | None = None, **kwargs: Any) -> Any:
        seen.update(kwargs)
        rows = [
            json.loads(x)
            for x in (FIXTURES / "livecodebench" / "test.jsonl").read_text().splitlines()
        ]
        return datasets.Dataset.from_list(rows)

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    config = config_parse(
        {
            "name": "t",
            "dataset": {
                "loader": "livecodebench",
                "source": {"hub": {"id": "livecodebench/code_generation_lite", "revision": "r1"}},
                "filters": {"release_version": "release_v3"},
            },
        }
    )
    loader_get("livecodebench").load(config.dataset)
    assert seen["data_files"] == ["test.jsonl", "test2.jsonl", "test3.jsonl"]
    assert seen["split"] == "train"


def test_hub_failure_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("no network")

    monkeypatch.setattr(datasets, "load_dataset", offline)
    config = config_parse(
        {
            "name": "t",
            "dataset": {"loader": "mbpp", "source": {"hub": {"id": "mbpp", "revision": "r"}}},
        }
    )
    with pytest.raises(
        LoaderError, match=r"cannot load mbpp@r \(split test\) from the hub: no network"
    ):
        loader_get("mbpp").load(config.dataset)


# --- bad datasets -----------------------------------------------------------------------


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match=r"dataset file .*nowhere\.jsonl does not exist"):
        load("humaneval", tmp_path / "nowhere.jsonl")
    with pytest.raises(LoaderError, match="does not exist"):
        load("problem_package", tmp_path / "no-packages")


def test_malformed_line_is_named_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    good = json.dumps({"task_id": "x", "tests": [{"input": "", "output": ""}]})
    path.write_text(good + "\n{not json\n")
    with pytest.raises(LoaderError, match=r"d\.jsonl:2: not valid JSON"):
        load("jsonl", path)


def test_missing_field_and_duplicate_ids_are_named(tmp_path: Path) -> None:
    path = tmp_path / "he.jsonl"
    path.write_text(json.dumps({"task_id": "a", "prompt": "", "entry_point": "f"}) + "\n")
    with pytest.raises(LoaderError, match="row 1: missing field 'test'"):
        load("humaneval", path)
    row = {"task_id": "a", "tests": [{"input": "1", "output": "1"}]}
    path.write_text(json.dumps(row) + "\n" + json.dumps(row) + "\n")
    with pytest.raises(LoaderError, match="row 2: task id 'a' appears twice"):
        load("jsonl", path)


def test_filters_naming_unknown_tasks_or_leaving_none_are_errors() -> None:
    with pytest.raises(LoaderError, match="unknown tasks: Mini/9"):
        load("humaneval", FIXTURES / "humaneval_mini.jsonl.gz", task_ids=["Mini/9"])
    with pytest.raises(LoaderError, match="leave no task"):
        load("jsonl", FIXTURES / "generic_mini.jsonl", difficulty=["impossible"])


def test_dataset_hash_follows_content_not_file_bytes(tmp_path: Path) -> None:
    plain = tmp_path / "he.jsonl"
    plain.write_bytes(gzip.decompress((FIXTURES / "humaneval_mini.jsonl.gz").read_bytes()))
    gz = load("humaneval", FIXTURES / "humaneval_mini.jsonl.gz")
    assert load("humaneval", plain).content_hash() == gz.content_hash()
    rows = [json.loads(x) for x in plain.read_text().splitlines()]
    rows[0]["test"] += "    assert candidate(1, 1) == 2\n"
    plain.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert load("humaneval", plain).content_hash() != gz.content_hash()


@pytest.mark.parametrize(
    ("kind", "flags", "message"),
    [
        ("stdin_stdout", ["case_sensitiv"], "unknown flag 'case_sensitiv'"),
        ("function_call", ["case_sensitive"], "unknown function-call checker flag"),
        ("assert", ["float_tolerance", "1e-6"], "takes no arguments"),
    ],
)
def test_generic_jsonl_refuses_flags_its_checker_does_not_know(
    tmp_path: Path, kind: str, flags: list[str], message: str
) -> None:
    tests = {
        "stdin_stdout": [{"input": "1\n", "output": "1\n"}],
        "function_call": [{"args": [1], "expected": 1}],
        "assert": None,
    }[kind]
    row: dict[str, object] = {"task_id": "t", "kind": kind, "validator_flags": flags}
    if kind == "assert":
        row["test"] = "assert f(1) == 1"
    else:
        row["tests"] = tests
        row["fn_name"] = "f"
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(LoaderError, match=f"validator_flags.*{re.escape(message)}"):
        load("jsonl", path)
