"""An evaluation suite can have its Python programs of stdin/stdout tasks run by PyPy."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval_suites.config import ConfigError
from eval_suites.models import EvalRun
from eval_suites.services import run_create, run_execute, run_prepare
from tests.eval_suites.conftest import FIXTURES, suite
from tests.problem_package.conftest import write_tree

pytestmark = pytest.mark.django_db(transaction=True)

WHICH_PYTHON = {
    "problem.yaml": "name: Which Python\nlimits:\n  time_limit: 5\n",
    "data/sample/1.in": "",
    "data/sample/1.ans": "PyPy\n",
    "data/secret/1.in": "",
    "data/secret/1.ans": "PyPy\n",
    "submissions/accepted/which.py": "import platform\nprint(platform.python_implementation())\n",
}


def _run(root: Path, **judging: str) -> EvalRun:
    config = suite("problem_package", root, **({"judging": judging} if judging else {}))
    return run_execute(run=run_create(prepared=run_prepare(config=config, samples_path=None)))


def test_a_suite_that_asks_for_pypy_runs_python_programs_with_it(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "which", WHICH_PYTHON)
    on_pypy = _run(root, python="pypy")
    assert list(on_pypy.samples.values_list("language", "verdict")) == [("pypy", "AC")]
    assert on_pypy.metrics["pass@1"] == 100.0
    assert "pypy" in on_pypy.environment["languages"]
    on_cpython = _run(root)
    assert list(on_cpython.samples.values_list("language", "verdict")) == [("python", "WA")]


def test_harness_tasks_keep_cpython() -> None:
    config = suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz", judging={"python": "pypy"})
    run = run_execute(run=run_create(prepared=run_prepare(config=config, samples_path=None)))
    assert set(run.samples.values_list("language", flat=True)) == {"python"}
    assert run.metrics == {"pass@1": 100.0}


def test_an_unknown_python_is_refused() -> None:
    with pytest.raises(ConfigError, match="python"):
        suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz", judging={"python": "jython"})
