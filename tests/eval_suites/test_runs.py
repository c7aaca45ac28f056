"""Runs through the real pipeline (embedded default, real sandbox) on small fixtures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eval_suites.config import SuiteConfig
from eval_suites.exports import run_export
from eval_suites.models import EvalRun, EvalSample, RunStatus, SampleStatus
from eval_suites.services import (
    RunError,
    run_create,
    run_execute,
    run_prepare,
    run_rerun_prepare,
)
from tests.eval_suites.conftest import FIXTURES, suite
from verification import services_judging
from verification.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)
MakeSamples = Callable[[list[dict[str, Any]]], Path]

HE_RIGHT = {"Mini/0": "    return a + b\n", "Mini/1": '    return word.upper() + "!"\n'}
HE_WRONG = {"Mini/0": "    return a - b\n", "Mini/1": "    return word\n"}


def evaluate(config: SuiteConfig, samples: Path | None = None) -> EvalRun:
    run = run_create(prepared=run_prepare(config=config, samples_path=samples))
    return run_execute(run=run)


def verdicts(run: EvalRun) -> list[tuple[str, int, str, str]]:
    return list(
        run.samples.order_by("task__order", "index").values_list(
            "task__task_id", "index", "status", "verdict"
        )
    )


def test_canonical_solutions_all_pass() -> None:
    run = evaluate(suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz"))
    assert run.status == RunStatus.COMPLETE
    assert run.metrics == {"pass@1": 100.0}
    assert {v for *_, v in verdicts(run)} == {"AC"}


def test_pass_at_k_over_several_samples(samples_file: MakeSamples) -> None:
    rows = [
        {"task_id": "Mini/0", "completion": HE_RIGHT["Mini/0"]},
        {"task_id": "Mini/0", "completion": HE_WRONG["Mini/0"]},
        {"task_id": "Mini/0", "completion": HE_RIGHT["Mini/0"]},
        {"task_id": "Mini/1", "completion": HE_WRONG["Mini/1"]},
        {"task_id": "Mini/1", "completion": HE_WRONG["Mini/1"]},
        {"task_id": "Mini/1", "completion": HE_RIGHT["Mini/1"]},
    ]
    config = suite(
        "humaneval",
        FIXTURES / "humaneval_mini.jsonl.gz",
        filters={"task_ids": ["Mini/0", "Mini/1"]},
        metrics={"pass_at_k": [1, 2, 3]},
    )
    run = evaluate(config, samples_file(rows))
    # Mini/0: n=3, c=2; Mini/1: n=3, c=1.
    # pass@1 = (2/3 + 1/3) / 2 = 1/2; pass@2 = (1 + (1 - C(2,2)/C(3,2))) / 2 = (1 + 2/3) / 2
    assert run.metrics == {"pass@1": 50.0, "pass@2": 83.333333, "pass@3": 100.0}
    assert [v for *_, v in verdicts(run)] == ["AC", "WA", "AC", "WA", "WA", "AC"]


def test_livecodebench_stdin_functional_and_difficulties(samples_file: MakeSamples) -> None:
    rows = [
        {
            "task_id": "abc900_a",
            "completion": "```python\na, b = map(int, input().split())\nprint(a + b)\n```",
        },
        {"task_id": "abc900_a", "completion": "print(3)\n"},
        {
            "task_id": "9001",
            "completion": "Sure:\n```python\nclass Solution:\n    def twoLargest(self, nums):\n"
            "        a, b = sorted(nums)[-2:]\n        return a + b\n```",
        },
        {
            "task_id": "9001",
            "completion": "```python\nclass Solution:\n    def twoLargest(self, nums):\n"
            "        return max(nums)\n```",
        },
        {"task_id": "1900A", "completion": "```python\nprint(len(input().split()))\n```"},
        {"task_id": "1900A", "completion": "```python\nwhile True:\n    pass\n```"},
    ]
    config = suite(
        "livecodebench",
        FIXTURES / "livecodebench",
        judging={"time_limit_s": 0.5},
        metrics={"pass_at_k": [1, 2]},
    )
    run = evaluate(config, samples_file(rows))
    assert [v for *_, v in verdicts(run)] == ["AC", "WA", "AC", "WA", "AC", "TLE"]
    assert run.metrics == {
        "pass@1": 50.0,
        "pass@2": 100.0,
        "by_difficulty": {
            "easy": {"pass@1": 50.0, "pass@2": 100.0},
            "hard": {"pass@1": 50.0, "pass@2": 100.0},
            "medium": {"pass@1": 50.0, "pass@2": 100.0},
        },
    }
    wrong = run.samples.get(task__task_id="9001", index=1)
    assert wrong.cases["first_failure"]["case"] == "public/001"
    assert wrong.program.startswith("class Solution:")


@pytest.mark.parametrize(
    ("loader", "path"),
    [
        ("humaneval+", "humaneval_plus_mini.jsonl"),
        ("mbpp", "mbpp_mini.jsonl"),
        ("mbpp", "mbpp_sanitized_mini.json"),
        ("mbpp+", "mbpp_plus_mini.jsonl"),
        ("codecontests", "codecontests_mini.jsonl"),
        ("problem_package", "packages"),
        ("jsonl", "generic_mini.jsonl"),
    ],
)
def test_every_loader_judges_its_reference_solutions_correct(loader: str, path: str) -> None:
    run = evaluate(suite(loader, FIXTURES / path))
    assert run.status == RunStatus.COMPLETE, run.excluded
    assert run.metrics["pass@1"] == 100.0, verdicts(run)


def test_wrong_programs_fail_on_every_loader_kind(samples_file: MakeSamples) -> None:
    rows = [
        {"task_id": "square", "completion": "print(int(input()) * 2)\n"},
        {"task_id": "halve", "completion": "def halve(x):\n    return x // 2\n"},
        {"task_id": "inc", "completion": "def inc(x):\n    return x\n"},
    ]
    run = evaluate(suite("jsonl", FIXTURES / "generic_mini.jsonl"), samples_file(rows))
    assert run.metrics["pass@1"] == 0.0
    assert [v for *_, v in verdicts(run)] == ["WA", "WA", "WA"]


def test_an_empty_program_is_a_recorded_failure(samples_file: MakeSamples) -> None:
    rows = [{"task_id": "square", "completion": "```python\n```"}]
    run = evaluate(
        suite("jsonl", FIXTURES / "generic_mini.jsonl", filters={"task_ids": ["square"]}),
        samples_file(rows),
    )
    sample = run.samples.get()
    assert (sample.status, sample.verdict, sample.passed) == (SampleStatus.DONE, "CE", False)
    assert "empty" in sample.error
    assert run.metrics["pass@1"] == 0.0 and run.status == RunStatus.COMPLETE


def test_same_config_and_samples_give_identical_results(
    samples_file: MakeSamples, tmp_path: Path
) -> None:
    rows = [
        {"task_id": t, "completion": c}
        for t in ("Mini/0", "Mini/1")
        for c in (HE_RIGHT[t], HE_WRONG[t], HE_RIGHT[t])
    ]
    path = samples_file(rows)
    config = suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz", metrics={"pass_at_k": [1, 2]})
    first, second = evaluate(config, path), evaluate(config, path)
    assert first.metrics == second.metrics
    assert verdicts(first) == verdicts(second)
    assert (first.config_hash, first.dataset_hash, first.samples_hash) == (
        second.config_hash,
        second.dataset_hash,
        second.samples_hash,
    )
    one = run_export(run=first, directory=tmp_path / "one")
    two = run_export(run=second, directory=tmp_path / "two")
    assert (one / "metrics.json").read_bytes() == (two / "metrics.json").read_bytes()
    assert (one / "metrics.csv").read_bytes() == (two / "metrics.csv").read_bytes()


def test_manifest_records_what_is_needed_to_repeat_the_run(tmp_path: Path) -> None:
    run = evaluate(suite("jsonl", FIXTURES / "generic_mini.jsonl", judging={"time_limit_s": 1.5}))
    manifest = json.loads((run_export(run=run, directory=tmp_path) / "manifest.json").read_text())
    assert manifest["config"]["judging"]["time_limit_s"] == 1.5
    assert len(manifest["config_hash"]) == 64 and len(manifest["dataset_hash"]) == 64
    assert manifest["dataset"]["source"]["sha256"]
    assert manifest["code_version"]
    assert manifest["limits"]["time_limit_s"] == 1.5
    assert {j["builtin_name"] for j in manifest["judges"]} == {"default", "function_call", "assert"}
    assert all(j["version"] >= 1 for j in manifest["judges"])
    env = manifest["environment"]
    assert env["mode"] == "embedded"
    assert env["languages"]["python"].startswith("Python 3")
    assert env["workers"] and env["isolation"]
    assert manifest["started_at"] and manifest["finished_at"]


def test_exports_follow_human_eval_and_livecodebench_shapes(
    samples_file: MakeSamples, tmp_path: Path
) -> None:
    rows = [
        {"task_id": "Mini/0", "completion": HE_RIGHT["Mini/0"], "model": "m"},
        {"task_id": "Mini/0", "completion": HE_WRONG["Mini/0"], "model": "m"},
    ]
    config = suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz", filters={"limit": 1})
    out = run_export(run=evaluate(config, samples_file(rows)), directory=tmp_path)
    results = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    assert [(r["task_id"], r["completion"], r["model"], r["passed"]) for r in results] == [
        ("Mini/0", HE_RIGHT["Mini/0"], "m", True),
        ("Mini/0", HE_WRONG["Mini/0"], "m", False),
    ]
    assert results[0]["result"] == "passed"
    assert results[1]["result"].startswith("failed: WA")
    problems = json.loads((out / "livecodebench.json").read_text())
    assert problems[0]["question_id"] == "Mini/0"
    assert problems[0]["graded_list"] == [True, False] and problems[0]["pass@1"] == 0.5
    assert len(problems[0]["code_list"]) == 2
    csv_lines = (out / "metrics.csv").read_text().splitlines()
    assert csv_lines == ["scope,metric,value,tasks,samples", "all,pass@1,50.0,1,2"]
    assert json.loads((out / "metrics.json").read_text()) == {"pass@1": 50.0}


def test_a_passing_exit_code_is_not_a_pass(samples_file: MakeSamples) -> None:
    rows = [{"task_id": "Mini/0", "completion": "    import sys\n    sys.exit(0)\n"}]
    config = suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz", filters={"limit": 1})
    run = evaluate(config, samples_file(rows))
    assert run.metrics == {"pass@1": 0.0}


# --- sandbox failures are never scored ---------------------------------------------------------


def _failing_sandbox(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[int]:
    real = services_judging.testdata_read
    calls = [0]

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] <= failures:
            raise OSError("sandbox host lost")
        return real(*args, **kwargs)

    monkeypatch.setattr(services_judging, "testdata_read", flaky)
    return calls


def test_a_sandbox_error_is_retried_and_then_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_sandbox(monkeypatch, failures=1)
    config = suite(
        "humaneval",
        FIXTURES / "humaneval_mini.jsonl.gz",
        filters={"limit": 1},
        judging={"concurrency": 1},
    )
    run = evaluate(config)
    sample = run.samples.get()
    assert (sample.status, sample.verdict, sample.attempts) == (SampleStatus.DONE, "AC", 2)
    assert run.status == RunStatus.COMPLETE and run.metrics == {"pass@1": 100.0}


def test_a_lasting_sandbox_error_excludes_the_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_sandbox(monkeypatch, failures=10**6)
    config = suite(
        "humaneval",
        FIXTURES / "humaneval_mini.jsonl.gz",
        filters={"limit": 1},
        judging={"sandbox_retries": 1},
    )
    run = evaluate(config)
    sample = run.samples.get()
    assert (sample.status, sample.verdict, sample.passed) == (SampleStatus.EXCLUDED, "SE", None)
    assert sample.attempts == 2
    assert run.status == RunStatus.INCOMPLETE
    assert run.metrics == {}, "an excluded sample must not be scored as a failure"
    assert run.excluded == [
        {
            "task_id": "Mini/0",
            "index": 0,
            "reason": "sandbox error: sandbox failure: sandbox host lost",
        }
    ]


# --- rerun -------------------------------------------------------------------------------------


def test_rerun_repeats_a_run_from_its_record(samples_file: MakeSamples) -> None:
    rows = [{"task_id": t, "completion": HE_WRONG[t]} for t in ("Mini/0", "Mini/1")]
    rows.append({"task_id": "Mini/0", "completion": HE_RIGHT["Mini/0"]})
    config = suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz")
    original = evaluate(config, samples_file(rows))
    again = run_execute(run=run_rerun_prepare(run_id=original.id))
    assert again.rerun_of_id == original.id
    assert again.metrics == original.metrics and again.config_hash == original.config_hash
    assert again.samples_hash == original.samples_hash
    assert verdicts(again) == verdicts(original)
    assert Submission.objects.count() == 6


def test_rerun_refuses_a_changed_dataset(tmp_path: Path) -> None:
    path = tmp_path / "tasks.jsonl"
    path.write_bytes((FIXTURES / "generic_mini.jsonl").read_bytes())
    original = evaluate(suite("jsonl", path))
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    rows[0]["tests"].append({"input": "5\n", "output": "25\n"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(RunError, match="has changed since it was recorded"):
        run_rerun_prepare(run_id=original.id)
    with pytest.raises(RunError, match="no run 999"):
        run_rerun_prepare(run_id=999)


def test_sample_rows_link_each_submission_once() -> None:
    run = evaluate(suite("jsonl", FIXTURES / "generic_mini.jsonl"))
    links = list(EvalSample.objects.filter(run=run).values_list("submission_id", flat=True))
    assert len(set(links)) == 3 and None not in links
    for submission in Submission.objects.filter(id__in=links):
        assert submission.options["eval_run"] == run.id
        assert submission.judgings.count() == 1


def test_worker_processes_judge_like_threads(samples_file: MakeSamples) -> None:
    rows = [
        {"task_id": t, "completion": c}
        for t in ("Mini/0", "Mini/1")
        for c in (HE_RIGHT[t], HE_WRONG[t], HE_RIGHT[t], HE_WRONG[t])
    ]
    path = samples_file(rows)
    threads = evaluate(suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz"), path)
    processes = evaluate(
        suite("humaneval", FIXTURES / "humaneval_mini.jsonl.gz", judging={"processes": 2}), path
    )
    assert processes.status == RunStatus.COMPLETE
    assert verdicts(processes) == verdicts(threads)
    assert processes.metrics == threads.metrics == {"pass@1": 50.0}
