"""LiveCodeBench's grading rules in a livecodebench suite: the import prelude before every
Python program, and the line-by-line, number-aware comparison of stdin outputs; both
the loader's defaults, both switchable in the suite file. Runs through the real pipeline
(embedded default, real sandbox)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eval_suites.config import ConfigError, SuiteConfig
from eval_suites.models import EvalRun
from eval_suites.services import run_create, run_execute, run_prepare
from tests.eval_suites.conftest import FIXTURES, suite
from verification.harness.preludes import LIVECODEBENCH
from verification.models import Problem

pytestmark = pytest.mark.django_db(transaction=True)
MakeSamples = Callable[[list[dict[str, Any]]], Path]
RULES = FIXTURES / "livecodebench_rules.jsonl"

# Uses List, defaultdict and Counter, none of them imported.
REPEATED = (
    "```python\nclass Solution:\n"
    "    def repeatedValues(self, nums: List[int]) -> int:\n"
    "        seen = defaultdict(int)\n"
    "        for x in nums:\n"
    "            seen[x] += 1\n"
    "        return sum(1 for n in Counter(seen).values() if n > 1)\n```"
)
GCD = "```python\na, b = map(int, input().split())\nprint(gcd(a, b))\n```"
QUOTIENT = "```python\na, b = map(int, input().split())\nprint(a / b)\n```"  # 2.0 for 2


def lcb(**extra: Any) -> SuiteConfig:
    return suite("livecodebench", RULES, **extra)


def evaluate(config: SuiteConfig, samples: Path) -> EvalRun:
    run = run_create(prepared=run_prepare(config=config, samples_path=samples))
    return run_execute(run=run)


def verdicts(run: EvalRun) -> dict[str, str]:
    return dict(run.samples.values_list("task__task_id", "verdict"))


def test_programs_that_lean_on_the_prelude_pass_by_default(samples_file: MakeSamples) -> None:
    rows = [
        {"task_id": "9100", "completion": REPEATED},
        {"task_id": "abc950_b", "completion": GCD},
        {"task_id": "abc950_c", "completion": QUOTIENT},
    ]
    config = lcb()
    assert config.judging.prelude == "livecodebench"
    run = evaluate(config, samples_file(rows))
    assert verdicts(run) == {"9100": "AC", "abc950_b": "AC", "abc950_c": "AC"}
    assert run.metrics["pass@1"] == 100.0
    sample = run.samples.get(task__task_id="abc950_b")
    # The sample keeps the program as written; the submission runs it after the prelude.
    assert sample.program.startswith("a, b = map(int")
    assert sample.submission is not None
    assert sample.submission.source.text == LIVECODEBENCH + "\n" + sample.program


def test_without_the_prelude_they_fail(samples_file: MakeSamples) -> None:
    rows = [
        {"task_id": "9100", "completion": REPEATED},
        {"task_id": "abc950_b", "completion": GCD},
    ]
    run = evaluate(lcb(judging={"prelude": "none"}), samples_file(rows))
    assert verdicts(run)["abc950_b"] == "RE"
    assert verdicts(run)["9100"] != "AC"
    assert run.metrics["pass@1"] == 0.0
    sample = run.samples.get(task__task_id="9100")
    assert sample.submission is not None
    assert sample.submission.source.text == sample.program
    assert "NameError" in sample.cases["first_failure"]["message"]


def test_numbers_compare_by_value_unless_the_suite_names_another_checker(
    samples_file: MakeSamples,
) -> None:
    rows = [{"task_id": "abc950_c", "completion": QUOTIENT}]
    run = evaluate(lcb(), samples_file(rows))
    assert verdicts(run) == {"abc950_c": "AC"}
    problem = Problem.objects.get(id=run.tasks.get(task_id="abc950_c").problem_id)
    assert problem.judge is not None
    assert problem.judge.builtin_name == "livecodebench"
    strict = evaluate(lcb(judging={"checker": {"name": "default"}}), samples_file(rows))
    assert verdicts(strict) == {"abc950_c": "WA"}


def test_the_checker_judges_stdin_tasks_only(samples_file: MakeSamples) -> None:
    rows = [{"task_id": "9100", "completion": REPEATED}, {"task_id": "abc950_b", "completion": GCD}]
    run = evaluate(lcb(judging={"checker": {"name": "tokens"}}), samples_file(rows))
    assert verdicts(run) == {"9100": "AC", "abc950_b": "AC"}
    judges = {
        task_id: Problem.objects.get(id=problem_id).judge
        for task_id, problem_id in run.tasks.values_list("task_id", "problem_id")
    }
    stdin_judge = judges["abc950_b"]
    assert stdin_judge is not None and stdin_judge.builtin_name == "tokens"
    function_judge = judges["9100"]
    assert function_judge is None or function_judge.builtin_name != "tokens"


def test_a_syntax_error_is_reported_at_the_programs_own_line(samples_file: MakeSamples) -> None:
    broken = "```python\na, b = map(int, input().split())\nprint(gcd(a, b)\n```"
    run = evaluate(lcb(), samples_file([{"task_id": "abc950_b", "completion": broken}]))
    sample = run.samples.get()
    assert sample.verdict == "CE"
    assert "line 2" in sample.cases["compile"], sample.cases["compile"]


def test_a_checker_that_judges_no_task_is_refused(samples_file: MakeSamples) -> None:
    leetcode = {"platforms": ["leetcode"]}
    with pytest.raises(ConfigError, match="'tokens' judges stdin/stdout tests"):
        run_prepare(config=lcb(filters=leetcode, judging={"checker": {"name": "tokens"}}))
    with pytest.raises(ConfigError, match="unknown checker 'tokenz'"):
        run_prepare(config=lcb(judging={"checker": {"name": "tokenz"}}))
    atcoder = {"platforms": ["atcoder"]}
    with pytest.raises(ConfigError, match="'function_call' judges function_call tests"):
        run_prepare(config=lcb(filters=atcoder, judging={"checker": {"name": "function_call"}}))
    # The loader's own checker is a default, never a reason to refuse a dataset.
    samples = samples_file([{"task_id": "9100", "completion": REPEATED}])
    prepared = run_prepare(config=lcb(filters=leetcode), samples_path=samples)
    assert [t.task_id for t in prepared.dataset.tasks] == ["9100"]
