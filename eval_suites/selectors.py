"""Reads: a run's tallies per task, its verdict counts, and the rows of its summary."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q

from eval_suites.metrics import TaskTally
from eval_suites.models import EvalRun, EvalSample, SampleStatus


def run_tallies(*, run: EvalRun) -> list[TaskTally]:
    """Per task, in dataset order: samples scored and samples passed (excluded ones and
    ones not yet judged are not scored), and the scores of a scoring problem's."""
    scored: Counter[int] = Counter()
    passed: Counter[int] = Counter()
    scores: dict[int, list[float]] = {}
    for task_id, ok, score in run.samples.filter(status=SampleStatus.DONE).values_list(
        "task_id", "passed", "judging__score"
    ):
        scored[task_id] += 1
        passed[task_id] += bool(ok)
        if score is not None:
            scores.setdefault(task_id, []).append(score)
    return [
        TaskTally(task_id, difficulty, scored[pk], passed[pk], tuple(scores.get(pk, ())))
        for pk, task_id, difficulty in run.tasks.order_by("order").values_list(
            "id", "task_id", "difficulty"
        )
    ]


def run_verdict_counts(*, run: EvalRun) -> dict[str, int]:
    counts = Counter(
        verdict or "-"
        for verdict in run.samples.filter(status=SampleStatus.DONE).values_list(
            "verdict", flat=True
        )
    )
    return dict(sorted(counts.items()))


def run_summary_rows(*, run: EvalRun) -> list[dict[str, Any]]:
    """One row overall and one per difficulty: tasks, samples scored, pass@k values."""
    tallies = run_tallies(run=run)
    metrics = run.metrics or {}
    keys = [k for k in metrics if k.startswith("pass@")]
    rows = [
        {
            "scope": "all",
            "tasks": len(tallies),
            "samples": sum(t.n for t in tallies),
            **{k: metrics.get(k) for k in keys},
        }
    ]
    for level, scores in (metrics.get("by_difficulty") or {}).items():
        group = [t for t in tallies if t.difficulty == level]
        rows.append(
            {
                "scope": level,
                "tasks": len(group),
                "samples": sum(t.n for t in group),
                **{k: scores.get(k) for k in keys},
            }
        )
    return rows


def run_pass_tally(*, run_id: int) -> tuple[int, int]:
    """Samples of the run judged so far (excluded ones not counted), and how many passed."""
    counts = EvalSample.objects.filter(run_id=run_id, status=SampleStatus.DONE).aggregate(
        judged=Count("id"), passed=Count("id", filter=Q(passed=True))
    )
    return counts["judged"], counts["passed"]
