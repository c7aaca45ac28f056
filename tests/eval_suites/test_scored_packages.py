"""An evaluation suite over scoring problems reports the mean score beside pass@k."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval_suites.services import run_create, run_execute, run_prepare
from tests.eval_suites.conftest import suite
from tests.problem_package.conftest import write_tree

pytestmark = pytest.mark.django_db(transaction=True)

# Two pass-fail groups worth 40 and 60; the solution solves the first only.
SUBTASKS = {
    "problem.yaml": (
        "problem_format_version: 2025-09\nname: Subtasks\ntype: scoring\nlimits:\n  time_limit: 2\n"
    ),
    "data/sample/1.in": "1\n",
    "data/sample/1.ans": "1\n",
    "data/secret/g1/test_group.yaml": "max_score: 40\n",
    "data/secret/g1/1.in": "5\n",
    "data/secret/g1/1.ans": "5\n",
    "data/secret/g2/test_group.yaml": "max_score: 60\n",
    "data/secret/g2/1.in": "500\n",
    "data/secret/g2/1.ans": "500\n",
    "submissions/accepted/small.py": "n = int(input())\nprint(n if n < 100 else 0)\n",
}


def test_a_suite_over_a_scoring_problem_reports_the_mean_score(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "subtasks", SUBTASKS)
    config = suite("problem_package", root)
    run = run_execute(run=run_create(prepared=run_prepare(config=config, samples_path=None)))
    assert list(run.samples.values_list("verdict", flat=True)) == ["WA"]
    assert run.metrics == {"pass@1": 0.0, "mean_score": 40.0}


def test_pass_fail_suites_have_no_mean_score(tmp_path: Path) -> None:
    files = {**SUBTASKS, "problem.yaml": SUBTASKS["problem.yaml"].replace("type: scoring\n", "")}
    root = write_tree(tmp_path / "passfail", files)
    run = run_execute(
        run=run_create(
            prepared=run_prepare(config=suite("problem_package", root), samples_path=None)
        )
    )
    assert run.metrics == {"pass@1": 0.0}
