"""An evaluation suite over an interactive problem package: each sample talks to the
package's interactor in the sandbox, and is scored by what the interactor decided."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from eval_suites.loaders.problem_package import package_digest
from eval_suites.models import EvalRun
from eval_suites.services import run_create, run_execute, run_prepare
from tests.eval_suites.conftest import suite
from tests.problem_package.conftest import FIXTURES
from verification.models import Problem
from verification.problem_package import load_package

pytestmark = pytest.mark.django_db(transaction=True)
MakeSamples = Callable[[list[dict[str, Any]]], Path]

GUESS = FIXTURES / "interactive"


def _fenced(relative: str) -> str:
    return "```python\n" + (GUESS / "submissions" / relative).read_text(encoding="utf-8") + "```"


SAMPLES = [
    {"task_id": "interactive", "completion": _fenced("accepted/bisect.py")},
    {"task_id": "interactive", "completion": _fenced("wrong_answer/count_up.py")},
    {"task_id": "interactive", "completion": _fenced("run_time_error/raises_at_start.py")},
]


def _only_problem(run: EvalRun) -> Problem:
    (task,) = run.tasks.all()
    return task.problem


def test_samples_are_judged_against_the_interactor(samples_file: MakeSamples) -> None:
    config = suite("problem_package", GUESS, metrics={"pass_at_k": [1, 2]})
    prepared = run_prepare(config=config, samples_path=samples_file(SAMPLES))
    run = run_execute(run=run_create(prepared=prepared))
    problem = _only_problem(run)
    assert (problem.interactive, problem.validation_passes) == (True, 1)
    samples = list(run.samples.order_by("index"))
    assert [(s.index, s.verdict, s.passed) for s in samples] == [
        (0, "AC", True),
        (1, "WA", False),
        (2, "RE", False),
    ]
    # One of three right: pass@1 = 1/3; pass@2 = 1 - C(2,2)/C(3,2) = 2/3.
    assert run.metrics == {"pass@1": 33.333333, "pass@2": 66.666667}


def test_the_canonical_solution_passes() -> None:
    """Without samples the package's accepted Python solution is the one sample."""
    config = suite("problem_package", GUESS, samples={"source": "canonical"})
    run = run_execute(run=run_create(prepared=run_prepare(config=config)))
    assert list(run.samples.values_list("verdict", flat=True)) == ["AC"]
    assert run.metrics == {"pass@1": 100.0}


def test_evaluate_command_over_the_package(tmp_path: Path, samples_file: MakeSamples) -> None:
    """``manage.py evaluate`` over the interactive package: metrics.json and the
    per-sample results as a user reads them."""
    suite_path = tmp_path / "suite.yaml"
    suite_path.write_text(
        f"name: guess\ndataset:\n  loader: problem_package\n  source:\n    path: {GUESS}\n",
        encoding="utf-8",
    )
    out_dir = tmp_path / "out"
    printed = StringIO()
    call_command(
        "evaluate",
        str(suite_path),
        "--samples",
        str(samples_file(SAMPLES[:2])),
        "--output",
        str(out_dir),
        "--no-progress",
        stdout=printed,
    )
    assert json.loads((out_dir / "metrics.json").read_text()) == {"pass@1": 50.0}
    results = [
        json.loads(line) for line in (out_dir / "results.jsonl").read_text().splitlines() if line
    ]
    assert [(r["task_id"], r["passed"], r["scalebox"]["verdict"]) for r in results] == [
        ("interactive", True, "AC"),
        ("interactive", False, "WA"),
    ]
    assert "verdicts: AC 1, WA 1" in printed.getvalue()


def test_a_change_of_judging_mode_is_a_new_problem_for_suites() -> None:
    """A suite's problem is found again by the package's digest: a package that becomes
    interactive, or multi-pass, must not be judged as the stored problem was."""
    package = load_package(GUESS)
    plain = dataclasses.replace(package, interactive=False)
    multi = dataclasses.replace(package, validation_passes=3)
    digests = {package_digest(p) for p in (package, plain, multi)}
    assert len(digests) == 3
    assert package_digest(package) == package_digest(load_package(GUESS))
