"""A suite's languages are checked against the executors' names and test modes up front."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eval_suites.config import ConfigError
from eval_suites.services import run_prepare
from tests.eval_suites.conftest import FIXTURES, suite

pytestmark = pytest.mark.django_db


def test_assert_tasks_refuse_a_language_without_a_harness(
    samples_file: Callable[[list[dict[str, Any]]], Path],
) -> None:
    samples = samples_file([{"task_id": "Mini/0", "completion": "int x;", "language": "c"}])
    config = suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz")
    with pytest.raises(ConfigError, match="which run in python only, not 'c'"):
        run_prepare(config=config, samples_path=samples)


def test_unknown_sample_language(samples_file: Callable[[list[dict[str, Any]]], Path]) -> None:
    samples = samples_file([{"task_id": "Mini/0", "completion": "x", "language": "cobol"}])
    config = suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz")
    with pytest.raises(ConfigError, match="unknown language 'cobol'"):
        run_prepare(config=config, samples_path=samples)
