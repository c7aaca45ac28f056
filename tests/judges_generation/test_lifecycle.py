"""One active judge per problem; who may approve; what may be approved."""

from __future__ import annotations

import pytest

from judges.generation.pipeline import judge_generate
from judges.models import Judge, JudgeAction, JudgeKind, JudgeOrigin, JudgeState
from judges.services_review import judge_activate, judge_approve, judge_reject
from tests.factories import make_problem, make_user
from tests.judges_generation.problems import fixture_install
from verification.errors import Forbidden, InvalidInput
from verification.models import Problem

pytestmark = pytest.mark.django_db


def _validated(slug: str) -> Judge:
    problem = Problem.objects.filter(slug=slug).first() or fixture_install(slug)
    generation = judge_generate(problem=problem)
    assert generation.judge is not None, generation.error
    return generation.judge


def test_activating_a_new_version_supersedes_the_old_one() -> None:
    reviewer = make_user("boss", is_staff=True, is_superuser=True)
    first = judge_approve(judge=_validated("circle-area"), user=reviewer)
    second = _validated("circle-area")
    assert (first.version, second.version) == (1, 2)
    assert second.previous == first, "the diff is shown against the active version"
    judge_approve(judge=second, user=reviewer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (JudgeState.SUPERSEDED, JudgeState.ACTIVE)
    assert first.events.filter(action=JudgeAction.SUPERSEDED).exists()
    problem = second.problem
    assert problem is not None and problem.judge == second
    assert Judge.objects.filter(problem=problem, state=JudgeState.ACTIVE).count() == 1


def test_a_newer_candidate_replaces_one_still_waiting_for_review() -> None:
    first = _validated("palindrome-check")
    second = _validated("palindrome-check")
    first.refresh_from_db()
    assert (first.state, second.state) == (JudgeState.SUPERSEDED, JudgeState.VALIDATED)


def test_only_reviewers_approve_and_only_validated_judges_are_approved() -> None:
    judge = _validated("triangle-area")
    staff = make_user("staff", is_staff=True)
    with pytest.raises(Forbidden):
        judge_approve(judge=judge, user=staff)
    with pytest.raises(Forbidden):
        judge_reject(judge=judge, user=staff)
    boss = make_user("boss2", is_staff=True, is_superuser=True)
    judge_reject(judge=judge, user=boss)
    with pytest.raises(InvalidInput, match="only a validated judge is approved"):
        judge_approve(judge=judge, user=boss)
    with pytest.raises(InvalidInput, match="only an approved judge is activated"):
        judge_activate(judge=judge, user=boss)
    judge.refresh_from_db()
    assert judge.state == JudgeState.REJECTED and judge.approved_by is None


@pytest.mark.django_db(transaction=True)
def test_reimporting_tests_keeps_a_reviewed_judge() -> None:
    problem = make_problem("keepjudge", [("1\n", "1\n")])
    reviewed = Judge.objects.create(
        key="keepjudge-python",
        kind=JudgeKind.PYTHON,
        language="python",
        files={"checker.py": "def check(i, o, a):\n    return o.split() == a.split()\n"},
        entry="checker.py",
        origin=JudgeOrigin.GENERATED,
        state=JudgeState.ACTIVE,
    )
    problem.judge = reviewed
    problem.save(update_fields=["judge"])
    again = make_problem("keepjudge", [("2\n", "2\n")])
    assert again.judge_id == reviewed.id
