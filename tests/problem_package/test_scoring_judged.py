"""A scored problem judged end to end in the sandbox: the validator's score.txt, the
groups' and submission's scores, verify_problem's check of stated scores, the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.models import Judging, Problem, ReferenceSolution
from verification.problem_package import load_package
from verification.selectors import judging_wait
from verification.services import submission_create
from verification.services_import import problem_import
from verification.services_verify import problem_verify

from .conftest import PackageBuilder

# Accepts when the output's first token is the answer; a second token "partial" on a
# case of the sum group makes the case worth 10 of its 30 (score.txt).
VALIDATOR = """\
import os
import sys

answer = open(sys.argv[2]).read().split()
feedback = sys.argv[3]
words = sys.stdin.read().split()
if not words or words[0] != answer[0]:
    sys.exit(43)
if words[1:] == ["partial"]:
    with open(os.path.join(feedback, "score.txt"), "w") as out:
        out.write("10\\n")
if words[1:] == ["half"]:
    with open(os.path.join(feedback, "score_multiplier.txt"), "w") as out:
        out.write("0.5\\n")
if words[1:] == ["both"]:
    for name in ("score.txt", "score_multiplier.txt"):
        with open(os.path.join(feedback, name), "w") as out:
            out.write("1\\n")
if words[1:] == ["greedy"]:
    with open(os.path.join(feedback, "score.txt"), "w") as out:
        out.write("1000\\n")
sys.exit(42)
"""

# Cases 1x are the pass-fail group worth 40, cases 2x the sum group worth 60.
PACKAGE = {
    "problem.yaml": (
        "problem_format_version: 2025-09\nname: Points\ntype: scoring\nlimits:\n  time_limit: 2\n"
    ),
    "data/sample/1.in": "1\n",
    "data/sample/1.ans": "1\n",
    "data/secret/test_group.yaml": "max_score: 100\n",
    "data/secret/g1/test_group.yaml": "max_score: 40\n",
    "data/secret/g2/test_group.yaml": "max_score: 60\nscore_aggregation: sum\n",
    "data/secret/g1/1.in": "11\n",
    "data/secret/g1/1.ans": "11\n",
    "data/secret/g1/2.in": "12\n",
    "data/secret/g1/2.ans": "12\n",
    "data/secret/g2/1.in": "21\n",
    "data/secret/g2/1.ans": "21\n",
    "data/secret/g2/2.in": "22\n",
    "data/secret/g2/2.ans": "22\n",
    "output_validator/check.py": VALIDATOR,
    "submissions/submissions.yaml": "accepted/full.py:\n  score: 100\n",
    "submissions/accepted/full.py": "print(input())\n",
    "submissions/accepted/half.py": (
        "# @EXPECTED_SCORE@: 60\nn = input()\nprint(n, 'partial' if int(n) > 20 else '')\n"
    ),
    "submissions/accepted/overclaimed.py": (
        "# @EXPECTED_SCORE@: [90, 100]\nn = input()\nprint(n, 'partial' if int(n) > 20 else '')\n"
    ),
    "submissions/wrong_answer/small_wrong.py": (
        "n = int(input())\nprint(n if n < 10 or n > 20 else 0)\n"
    ),
}


@pytest.fixture
def problem(make_package: PackageBuilder) -> Problem:
    package = load_package(make_package(PACKAGE, name="points", base={}))
    return problem_import(package=package)


def _judge(problem: Problem, source: str) -> Judging:
    submission = submission_create(problem=problem, language="python", source=source)
    return judging_wait(judging_id=submission.judgings.get().id, timeout_s=300)


@pytest.mark.django_db(transaction=True)
def test_a_judged_scored_problem_scores_its_groups(problem: Problem) -> None:
    judging = _judge(problem, PACKAGE["submissions/accepted/half.py"])
    assert judging.verdict == "AC"
    assert judging.score == pytest.approx(60)
    groups = judging.group_scores
    assert groups["secret/g1"] == {"verdict": "AC", "score": 40.0, "max_score": 40.0}
    assert groups["secret/g2"]["score"] == pytest.approx(20)  # 10 + 10 from score.txt
    scores = judging.case_results.order_by("order").values_list("test_case__name", "score")
    assert dict(scores)["secret/g2/1"] == 10.0

    wrong = _judge(problem, PACKAGE["submissions/wrong_answer/small_wrong.py"])
    assert wrong.verdict == "WA"
    assert (wrong.group_scores["secret/g1"]["score"], wrong.score) == (0.0, pytest.approx(60))


@pytest.mark.django_db(transaction=True)
def test_verify_problem_checks_stated_scores(problem: Problem) -> None:
    outcomes = {Path(o.path).name: o for o in problem_verify(problem=problem)}
    assert outcomes["full.py"].ok and outcomes["full.py"].score == pytest.approx(100)
    assert outcomes["half.py"].ok, outcomes["half.py"]
    assert outcomes["small_wrong.py"].ok, outcomes["small_wrong.py"]
    overclaimed = outcomes["overclaimed.py"]
    assert not overclaimed.ok
    assert overclaimed.actual == "AC"
    assert overclaimed.detail == "expected score [90, 100], got 60"
    stored = ReferenceSolution.objects.get(path="accepted/overclaimed.py")
    assert (stored.last_verified_ok, stored.last_score) == (False, pytest.approx(60))


@pytest.mark.django_db(transaction=True)
def test_the_api_returns_the_scores(problem: Problem) -> None:
    judging = _judge(problem, PACKAGE["submissions/accepted/full.py"])
    client = APIClient()
    client.force_authenticate(make_user("staff", is_staff=True))
    body = client.get(f"/api/v1/submissions/{judging.submission_id}/").json()
    assert body["score"] == pytest.approx(100)
    assert body["judging"]["score"] == pytest.approx(100)
    assert body["judging"]["group_scores"]["secret"]["max_score"] == 100.0
    assert body["judgings"][0]["score"] == pytest.approx(100)


@pytest.mark.django_db(transaction=True)
def test_a_pass_fail_problem_has_no_score(make_package: PackageBuilder) -> None:
    files = {**PACKAGE, "problem.yaml": PACKAGE["problem.yaml"].replace("type: scoring\n", "")}
    problem = problem_import(package=load_package(make_package(files, name="pf", base={})))
    judging = _judge(problem, PACKAGE["submissions/accepted/full.py"])
    assert (judging.verdict, judging.score, judging.group_scores) == ("AC", None, {})


@pytest.mark.django_db(transaction=True)
def test_a_score_above_the_packages_bounds_is_a_judge_error(problem: Problem) -> None:
    greedy = "n = input()\nprint(n, 'greedy' if int(n) > 20 else '')\n"
    judging = _judge(problem, greedy)
    assert judging.verdict == "JE"
    assert judging.error.startswith("scoring: ")
    assert "1000" in judging.error


@pytest.mark.django_db(transaction=True)
def test_a_score_multiplier_is_a_fraction_of_the_cases_maximum(problem: Problem) -> None:
    # The sum group's 60 points are shared by its two cases: half of 30 each.
    halves = "n = input()\nprint(n, 'half' if int(n) > 20 else '')\n"
    judging = _judge(problem, halves)
    assert judging.verdict == "AC"
    assert judging.group_scores["secret/g2"]["score"] == pytest.approx(30)
    assert judging.score == pytest.approx(70)


@pytest.mark.django_db(transaction=True)
def test_a_validator_writing_both_score_files_is_a_judge_error(problem: Problem) -> None:
    both = "n = input()\nprint(n, 'both' if int(n) > 20 else '')\n"
    judging = _judge(problem, both)
    assert judging.verdict == "JE"
    messages = list(judging.case_results.values_list("checker_message", flat=True))
    assert any("both score.txt and score_multiplier.txt" in m for m in messages)
