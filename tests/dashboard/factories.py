"""Builders of evaluation runs with judged samples, for the dashboard's tests.

Tasks, samples and case results are written in bulk, so a test can ask for many rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from eval_suites.metrics import metrics_compute
from eval_suites.models import EvalRun, EvalSample, EvalTask, RunStatus, SampleStatus
from eval_suites.selectors import run_tallies
from tests.factories import make_problem
from verification.models import (
    CaseResult,
    Judging,
    JudgingStatus,
    Problem,
    Submission,
    SubmissionSource,
    TestCase,
)
from verification.verdicts import Verdict

EXCLUDED = "EXCLUDED"
# Every problem of these tests: two cases, "a b" -> a + b.
CASES = [("1 2\n", "3\n"), ("20 22\n", "42\n")]
WRONG_OUTPUT = "41\n"


@dataclass(frozen=True)
class TaskSpec:
    task_id: str
    verdicts: Sequence[str]
    """One per sample: a verdict, or EXCLUDED for a sample the sandbox failed."""
    difficulty: str = "easy"


def problem_for(slug: str) -> Problem:
    existing = Problem.objects.filter(slug=slug).first()
    return existing or make_problem(slug, CASES)


def judged_submission(
    problem: Problem, verdict: str, *, owner: Any = None, source: str = "print(3)\n"
) -> Judging:
    """A finished submission: every case AC, or the last case failing with ``verdict``."""
    cases = list(TestCase.objects.filter(problem=problem, active=True).order_by("order"))
    submission = Submission.objects.create(problem=problem, language="python", owner=owner)
    SubmissionSource.objects.create(submission=submission, text=source, sha256="0" * 64)
    now = timezone.now()
    judging = Judging.objects.create(
        submission=submission,
        status=JudgingStatus.DONE,
        verdict=verdict,
        case_ids=[c.id for c in cases],
        started_at=now,
        finished_at=now,
    )
    CaseResult.objects.bulk_create(case_rows(judging, cases, verdict))
    return judging


def case_rows(judging: Judging, cases: Sequence[TestCase], verdict: str) -> list[CaseResult]:
    rows = []
    for order, case in enumerate(cases):
        last = order == len(cases) - 1
        case_verdict = verdict if last and verdict != Verdict.AC else Verdict.AC
        failed = case_verdict != Verdict.AC
        rows.append(
            CaseResult(
                judging=judging,
                test_case=case,
                order=order,
                verdict=case_verdict,
                time_s=0.004 + 0.01 * order,
                wall_time_s=0.01 + 0.01 * order,
                memory_kb=9000 + order,
                stdout_excerpt=WRONG_OUTPUT if failed else CASES[order % len(CASES)][1],
                checker_message="expected 42, got 41" if failed else "",
                worker="w1@host-a",
                isolation="bwrap",
            )
        )
    return rows


def make_run(
    *,
    name: str = "humaneval",
    model: str = "model-a",
    owner: Any = None,
    shared: bool = False,
    tasks: Sequence[TaskSpec] = (),
    status: str = RunStatus.COMPLETE,
    pass_at_k: Sequence[int] = (1,),
) -> EvalRun:
    """A finished run whose samples were judged with the given verdicts, with metrics
    computed the way the suite runner computes them."""
    run = EvalRun.objects.create(
        name=name,
        suite_path=f"eval_suites/configs/{name}.yaml",
        config={
            "name": name,
            "samples": {"source": "endpoint", "model": model, "base_url": "http://x/v1"},
            "metrics": {"pass_at_k": list(pass_at_k), "by_difficulty": True},
        },
        config_hash="c" * 64,
        dataset={"loader": "humaneval", "tasks": len(tasks)},
        dataset_hash="d" * 64,
        code_version="test",
        owner=owner,
        shared=shared,
        status=RunStatus.RUNNING,
    )
    task_rows = EvalTask.objects.bulk_create(
        EvalTask(
            run=run,
            task_id=spec.task_id,
            order=order,
            problem=problem_for(_slug(spec.task_id)),
            kind="stdin_stdout",
            difficulty=spec.difficulty,
            task_hash="t" * 64,
        )
        for order, spec in enumerate(tasks)
    )
    samples = []
    for task, spec in zip(task_rows, tasks, strict=True):
        for index, verdict in enumerate(spec.verdicts):
            judging = judged_submission(
                task.problem, Verdict.SE if verdict == EXCLUDED else verdict
            )
            samples.append(
                EvalSample(
                    run=run,
                    task=task,
                    index=index,
                    completion="print(3)",
                    language="python",
                    program="print(3)\n",
                    status=SampleStatus.EXCLUDED if verdict == EXCLUDED else SampleStatus.DONE,
                    submission_id=judging.submission_id,
                    judging=judging,
                    attempts=1,
                    verdict=Verdict.SE if verdict == EXCLUDED else verdict,
                    passed=None if verdict == EXCLUDED else verdict == Verdict.AC,
                    cases=_case_summary(verdict),
                    error="sandbox failed three times" if verdict == EXCLUDED else "",
                    finished_at=timezone.now(),
                )
            )
    EvalSample.objects.bulk_create(samples)
    metrics, detail = metrics_compute(run_tallies(run=run), pass_at_k, by_difficulty=True)
    excluded = [
        {"task_id": s.task.task_id, "index": s.index, "reason": s.error}
        for s in samples
        if s.status == SampleStatus.EXCLUDED
    ]
    detail["samples_excluded"] = len(excluded)
    detail["samples_unfinished"] = 0
    EvalRun.objects.filter(id=run.id).update(
        metrics=metrics,
        metrics_detail=detail,
        excluded=excluded,
        status=status,
        finished_at=timezone.now() if status != RunStatus.RUNNING else None,
    )
    run.refresh_from_db()
    return run


def _slug(task_id: str) -> str:
    return "p-" + "".join(ch if ch.isalnum() else "-" for ch in task_id.lower())


def _case_summary(verdict: str) -> dict[str, Any]:
    if verdict in (Verdict.AC, EXCLUDED):
        return {"counts": {"AC": 2}, "first_failure": None, "max_time_s": 0.014}
    return {
        "counts": {"AC": 1, verdict: 1},
        "first_failure": {"case": "secret/002", "verdict": verdict, "message": "expected 42"},
        "max_time_s": 0.014,
        "max_memory_kb": 9001,
    }


def uniform_tasks(count: int, verdicts: Sequence[str] = ("AC", "WA")) -> list[TaskSpec]:
    return [TaskSpec(f"task/{i:03d}", verdicts, "easy" if i % 2 else "hard") for i in range(count)]
