"""Fixtures for the evaluation-suite tests: small datasets in the real formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eval_suites.config import SuiteConfig, config_parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def suite(loader: str, path: Path | str, **extra: Any) -> SuiteConfig:
    """A config for ``loader`` reading ``path``, with ``extra`` top-level sections."""
    data: dict[str, Any] = {
        "name": f"test-{loader}",
        "dataset": {"loader": loader, "source": {"path": str(path)}},
    }
    filters = extra.pop("filters", None)
    if filters:
        data["dataset"]["filters"] = filters
    data.update(extra)
    return config_parse(data)


def write_samples(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def samples_file(tmp_path: Path) -> Callable[[list[dict[str, Any]]], Path]:
    counter = iter(range(1000))

    def make(rows: list[dict[str, Any]]) -> Path:
        return write_samples(tmp_path / f"samples{next(counter)}.jsonl", rows)

    return make
