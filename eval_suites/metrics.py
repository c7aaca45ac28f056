"""pass@k with the unbiased estimator of Chen et al. (2021), overall and per difficulty;
and, for tasks of scoring problems, the mean score.

For a task with n samples of which c pass, pass@k = 1 - C(n - c, k) / C(n, k): the
chance that k samples drawn without replacement include a passing one. It is computed
in exact rational arithmetic, so the same verdicts always give the same digits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import comb
from typing import Any


def pass_at_k(n: int, c: int, k: int) -> Fraction:
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got n={n}, c={c}")
    if k < 1 or k > n:
        raise ValueError(f"need 1 <= k <= n, got n={n}, k={k}")
    if n - c < k:
        return Fraction(1)
    return 1 - Fraction(comb(n - c, k), comb(n, k))


@dataclass(frozen=True)
class TaskTally:
    task_id: str
    difficulty: str
    n: int
    """Samples scored (excluded samples are not counted)."""
    c: int
    """Samples that passed."""
    scores: tuple[float, ...] = ()
    """The scores of the scored samples that have one (a scoring problem's)."""


def _percent(value: Fraction) -> float:
    return round(float(value * 100), 6)


def _scores(
    tallies: Sequence[TaskTally], ks: Iterable[int]
) -> tuple[dict[str, float], dict[str, Any]]:
    scores: dict[str, float] = {}
    detail: dict[str, Any] = {}
    scored = [t for t in tallies if t.n > 0]
    for k in ks:
        counted = [t for t in scored if t.n >= k]
        key = f"pass@{k}"
        detail[key] = {
            "tasks": len(counted),
            "tasks_with_fewer_than_k_samples": len(scored) - len(counted),
        }
        if not counted:
            continue
        mean = sum((pass_at_k(t.n, t.c, k) for t in counted), Fraction(0)) / len(counted)
        scores[key] = _percent(mean)
    return scores, detail


def metrics_compute(
    tallies: Sequence[TaskTally], ks: Sequence[int], *, by_difficulty: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(metrics in percent as written to metrics.json, details: counts behind each value).

    pass@k averages over the tasks with at least k scored samples; a k that no task
    reaches is left out (and said so in the details) rather than reported as zero.
    """
    scores, overall = _scores(tallies, ks)
    metrics: dict[str, Any] = dict(scores)
    detail: dict[str, Any] = {
        "overall": overall,
        "tasks": len(tallies),
        "tasks_scored": sum(1 for t in tallies if t.n > 0),
        "samples_scored": sum(t.n for t in tallies),
        "samples_passed": sum(t.c for t in tallies),
    }
    with_scores = [t for t in tallies if t.scores]
    if with_scores:
        # Each task weighs the same, as in pass@k: the mean of its samples' mean scores.
        means = [sum(t.scores) / len(t.scores) for t in with_scores]
        metrics["mean_score"] = round(sum(means) / len(means), 6)
        detail["mean_score"] = {
            "tasks": len(with_scores),
            "samples": sum(len(t.scores) for t in with_scores),
        }
    levels = sorted({t.difficulty for t in tallies if t.difficulty})
    if by_difficulty and levels:
        per_level: dict[str, dict[str, float]] = {}
        per_level_detail: dict[str, Any] = {}
        for level in levels:
            group = [t for t in tallies if t.difficulty == level]
            per_level[level], counts = _scores(group, ks)
            per_level_detail[level] = {**counts, "tasks": len(group)}
        metrics["by_difficulty"] = per_level
        detail["by_difficulty"] = per_level_detail
    return metrics, detail
