"""Reads behind the dashboard's run pages, each one aggregate query in the database.

Who sees a run: its owner, staff, and everyone when the run is shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast, NullIf
from django.utils import timezone

from eval_suites.models import EvalRun, EvalSample, EvalTask, RunStatus, SampleStatus
from verification.models import CaseResult
from verification.verdicts import Verdict

# Verdicts a sample can end with, in the order the pages show them.
SAMPLE_VERDICTS = [v.value for v in Verdict if v != Verdict.SKIPPED]
# Upper bounds (seconds) of the time-per-case histogram's buckets; the last is open.
TIME_BUCKETS_S = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0]
LIST_DEFERRED = ("config", "environment", "judges", "limits", "excluded", "dataset")
FINISHED = (RunStatus.COMPLETE, RunStatus.INCOMPLETE)


def runs_visible(*, user: Any) -> QuerySet[EvalRun]:
    runs = EvalRun.objects.all()
    if user.is_staff:
        return runs
    return runs.filter(Q(owner_id=user.id) | Q(shared=True))


def submissions_of_visible_runs(user: Any) -> QuerySet[Any]:
    """Whoever may read a run may read the submissions judged for its samples (a grant
    ``verification.selectors.submissions_visible_to`` applies)."""
    return EvalSample.objects.filter(
        run__in=runs_visible(user=user), submission_id__isnull=False
    ).values("submission_id")


def sample_of_submission(submission_id: int) -> EvalSample | None:
    """The sample a submission was judged for, which the submission page links to."""
    return (
        EvalSample.objects.filter(submission_id=submission_id)
        .select_related("run", "task")
        .only("id", "index", "run__id", "run__name", "task__id", "task__task_id")
        .first()
    )


@dataclass(frozen=True)
class RunFilters:
    suite: str = ""
    model: str = ""
    status: str = ""
    since: date | None = None
    until: date | None = None
    search: str = ""


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def run_list(*, user: Any, filters: RunFilters) -> QuerySet[EvalRun]:
    """Visible runs, newest first, without the large JSON columns the list does not show."""
    runs = runs_visible(user=user).select_related("owner").defer(*LIST_DEFERRED)
    if filters.suite:
        runs = runs.filter(name=filters.suite)
    if filters.model:
        runs = runs.filter(model_name=filters.model)
    if filters.status:
        runs = runs.filter(status=filters.status)
    if filters.since:
        runs = runs.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        runs = runs.filter(created_at__lt=_day_start(filters.until + timedelta(days=1)))
    if filters.search:
        term = filters.search.strip()
        query = (
            Q(name__icontains=term)
            | Q(model_name__icontains=term)
            | Q(suite_path__icontains=term)
            | Q(code_version__icontains=term)
        )
        if term.isdigit():
            query |= Q(id=int(term))
        runs = runs.filter(query)
    return runs.order_by("-id")


def run_filter_choices(*, user: Any, limit: int = 500) -> dict[str, list[str]]:
    """The suites and models of the visible runs, for the filter menus."""
    runs = runs_visible(user=user)
    return {
        "suites": list(runs.order_by("name").values_list("name", flat=True).distinct()[:limit]),
        "models": list(
            runs.exclude(model_name="")
            .order_by("model_name")
            .values_list("model_name", flat=True)
            .distinct()[:limit]
        ),
    }


@dataclass
class DifficultyTally:
    difficulty: str
    tasks: int
    scored: int
    passed: int
    excluded: int

    @property
    def pass_rate(self) -> float | None:
        return 100.0 * self.passed / self.scored if self.scored else None


def run_difficulty_tallies(*, run: EvalRun) -> list[DifficultyTally]:
    rows = (
        EvalSample.objects.filter(run=run)
        .values("task__difficulty")
        .annotate(
            tasks=Count("task", distinct=True),
            scored=Count("id", filter=Q(status=SampleStatus.DONE)),
            passed=Count("id", filter=Q(status=SampleStatus.DONE, passed=True)),
            excluded=Count("id", filter=Q(status=SampleStatus.EXCLUDED)),
        )
        .order_by("task__difficulty")
    )
    return [
        DifficultyTally(
            r["task__difficulty"] or "", r["tasks"], r["scored"], r["passed"], r["excluded"]
        )
        for r in rows
    ]


def run_sample_verdicts(*, run: EvalRun) -> dict[str, int]:
    """Judged samples per verdict, plus EXCLUDED and PENDING (not yet judged) counts."""
    counts: dict[str, int] = {}
    for status, verdict, n in (
        EvalSample.objects.filter(run=run)
        .values_list("status", "verdict")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if status == SampleStatus.DONE:
            key = verdict or "-"
        elif status == SampleStatus.EXCLUDED:
            key = "EXCLUDED"
        else:
            key = "PENDING"
        counts[key] = counts.get(key, 0) + n
    return counts


@dataclass
class CaseStats:
    cases: int = 0
    system_errors: int = 0
    judge_errors: int = 0
    total_time_s: float = 0.0
    histogram: list[tuple[str, int]] = field(default_factory=list)


def _bucket_label(low: float, high: float | None) -> str:
    def fmt(s: float) -> str:
        return f"{s * 1000:g}ms" if s < 1 else f"{s:g}s"

    return f"≥{fmt(low)}" if high is None else f"<{fmt(high)}"


def run_case_stats(*, run: EvalRun) -> CaseStats:
    """Counts over every case result of the run's latest judgings, in one query (cached
    for a finished run: its results no longer change)."""
    key = f"dashboard:run-cases:{run.id}:{run.finished_at.timestamp() if run.finished_at else 0}"
    if run.status in FINISHED and run.finished_at:
        cached = cache.get(key)
        if cached is not None:
            return CaseStats(**cached)
    judgings = EvalSample.objects.filter(run_id=run.id, judging__isnull=False).values("judging_id")
    aggregates: dict[str, Any] = {
        "cases": Count("id"),
        "system_errors": Count("id", filter=Q(verdict=Verdict.SE)),
        "judge_errors": Count("id", filter=Q(verdict=Verdict.JE)),
        "total_time_s": Sum("time_s"),
    }
    low = 0.0
    for i, high in enumerate(TIME_BUCKETS_S):
        aggregates[f"b{i}"] = Count("id", filter=Q(time_s__gte=low, time_s__lt=high))
        low = high
    aggregates["b_last"] = Count("id", filter=Q(time_s__gte=low))
    row = CaseResult.objects.filter(judging_id__in=judgings).aggregate(**aggregates)
    histogram = []
    low = 0.0
    for i, high in enumerate(TIME_BUCKETS_S):
        histogram.append((_bucket_label(low, high), int(row[f"b{i}"] or 0)))
        low = high
    histogram.append((_bucket_label(low, None), int(row["b_last"] or 0)))
    stats = CaseStats(
        cases=int(row["cases"] or 0),
        system_errors=int(row["system_errors"] or 0),
        judge_errors=int(row["judge_errors"] or 0),
        total_time_s=float(row["total_time_s"] or 0.0),
        histogram=histogram,
    )
    if run.status in FINISHED and run.finished_at:
        cache.set(key, stats.__dict__, timeout=3600)
    return stats


TASK_SORTS = {
    "order": ("order",),
    "pass": ("pass_rate", "order"),
    "-pass": ("-pass_rate", "order"),
    "task": ("task_id",),
}


def run_task_rows(*, run: EvalRun, sort: str = "order", search: str = "") -> QuerySet[EvalTask]:
    """The run's tasks with their sample tallies and verdict mix, aggregated in one query."""
    verdict_counts = {
        f"n_{v}": Count("samples", filter=Q(samples__status=SampleStatus.DONE, samples__verdict=v))
        for v in SAMPLE_VERDICTS
    }
    rows = (
        EvalTask.objects.filter(run=run)
        .select_related("problem")
        .only("id", "run_id", "task_id", "order", "difficulty", "problem__slug", "problem__title")
        .annotate(
            samples_total=Count("samples"),
            scored=Count("samples", filter=Q(samples__status=SampleStatus.DONE)),
            passed=Count(
                "samples", filter=Q(samples__status=SampleStatus.DONE, samples__passed=True)
            ),
            excluded=Count("samples", filter=Q(samples__status=SampleStatus.EXCLUDED)),
            **verdict_counts,
        )
        .annotate(
            pass_rate=100.0
            * Cast(F("passed"), FloatField())
            / NullIf(Cast(F("scored"), FloatField()), 0.0)
        )
    )
    if search:
        rows = rows.filter(Q(task_id__icontains=search) | Q(problem__slug__icontains=search))
    return rows.order_by(*TASK_SORTS.get(sort, TASK_SORTS["order"]))


def task_verdict_mix(task: Any) -> list[tuple[str, int]]:
    """(verdict, count) of an annotated task row, the verdicts it has only."""
    return [(v, getattr(task, f"n_{v}", 0)) for v in SAMPLE_VERDICTS if getattr(task, f"n_{v}", 0)]


@dataclass(frozen=True)
class TaskOutcome:
    task_pk: int
    task_id: str
    problem_slug: str
    scored: int
    passed: int

    @property
    def solved(self) -> bool:
        return self.passed > 0

    @property
    def pass_rate(self) -> float:
        return 100.0 * self.passed / self.scored if self.scored else 0.0


def run_task_outcomes(*, run: EvalRun) -> dict[str, TaskOutcome]:
    """task_id -> its scored and passed samples; tasks with no judged sample are left out."""
    rows = (
        EvalSample.objects.filter(run=run, status=SampleStatus.DONE)
        .values("task_id", "task__task_id", "task__problem__slug")
        .annotate(scored=Count("id"), passed=Count("id", filter=Q(passed=True)))
        .order_by()
    )
    return {
        r["task__task_id"]: TaskOutcome(
            r["task_id"], r["task__task_id"], r["task__problem__slug"], r["scored"], r["passed"]
        )
        for r in rows
    }


@dataclass(frozen=True)
class Flip:
    task_id: str
    problem_slug: str
    a: TaskOutcome
    b: TaskOutcome


@dataclass
class Comparison:
    gained: list[Flip]
    """Unsolved in A (no sample passed), solved in B."""
    lost: list[Flip]
    """Solved in A, unsolved in B."""
    both: int
    only_a: int
    only_b: int
    rate_changed: int
    """Tasks in both whose pass rate over samples changed."""


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sorts ``HumanEval/2`` before ``HumanEval/10``: digits by their number, the rest by
    its text (case-blind)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def runs_compare(*, a: EvalRun, b: EvalRun) -> Comparison:
    """Match the tasks of two runs by task id and list the ones that flipped, in the
    natural order of their ids."""
    outcomes_a, outcomes_b = run_task_outcomes(run=a), run_task_outcomes(run=b)
    shared = [t for t in outcomes_a if t in outcomes_b]
    gained, lost, changed = [], [], 0
    for task_id in sorted(shared, key=natural_key):
        one, two = outcomes_a[task_id], outcomes_b[task_id]
        flip = Flip(task_id, two.problem_slug, one, two)
        if not one.solved and two.solved:
            gained.append(flip)
        elif one.solved and not two.solved:
            lost.append(flip)
        if abs(one.pass_rate - two.pass_rate) > 1e-9:
            changed += 1
    return Comparison(
        gained=gained,
        lost=lost,
        both=len(shared),
        only_a=len(outcomes_a) - len(shared),
        only_b=len(outcomes_b) - len(shared),
        rate_changed=changed,
    )


def metric_keys(*runs: EvalRun) -> list[str]:
    """The pass@k keys any of the runs has, by k."""
    keys = {k for run in runs for k in (run.metrics or {}) if k.startswith("pass@")}
    return sorted(keys, key=lambda k: int(k.split("@", 1)[1]) if k[5:].isdigit() else 0)


def task_samples(*, task: EvalTask) -> QuerySet[EvalSample]:
    return (
        EvalSample.objects.filter(task=task)
        .select_related("judging")
        .defer("completion", "program", "extra")
        .order_by("index")
    )
