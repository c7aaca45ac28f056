"""Interactive and multi-pass problems judged on real celery workers: the submission and
its interactor run in the worker's sandbox, each case's passes on one worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from verification.models import CaseResult, Judging, JudgingStatus
from verification.problem_package import load_package
from verification.selectors import judging_wait
from verification.services import submission_create
from verification.services_import import problem_import

pytestmark = pytest.mark.integration

PACKAGES = Path(__file__).resolve().parents[1] / "fixtures" / "packages"


def _judge(problem, path: str, language: str) -> Judging:
    source = (PACKAGES / problem.slug / "submissions" / path).read_text(encoding="utf-8")
    submission = submission_create(problem=problem, language=language, source=source)
    return judging_wait(judging_id=submission.judgings.get().id, timeout_s=240)


@override_settings(SCALEBOX_BATCH_SIZE=2)
def test_an_interactive_problem_on_two_workers(start_worker) -> None:
    w1 = start_worker("w1@interact")
    w2 = start_worker("w2@interact")
    problem = problem_import(package=load_package(PACKAGES / "interactive"))
    accepted = _judge(problem, "accepted/bisect.cpp", "cpp")
    assert (accepted.status, accepted.verdict) == (JudgingStatus.DONE, "AC")
    workers = set(CaseResult.objects.filter(judging=accepted).values_list("worker", flat=True))
    assert workers and workers <= {w1.name, w2.name}
    wrong = _judge(problem, "wrong_answer/crash_after_rejected.cpp", "cpp")
    assert wrong.verdict == "WA"
    crashed = _judge(problem, "run_time_error/raises_at_start.py", "python")
    assert crashed.verdict == "RE"


def test_a_multi_pass_problem_on_a_worker(start_worker) -> None:
    start_worker("w1@passes")
    problem = problem_import(package=load_package(PACKAGES / "multipass"))
    assert _judge(problem, "accepted/codes.py", "python").verdict == "AC"
    forgets = _judge(problem, "wrong_answer/forgets.py", "python")
    assert forgets.verdict == "WA"
    messages = CaseResult.objects.filter(judging=forgets).values_list("checker_message", flat=True)
    assert all(m.startswith("pass 2: ") for m in messages if m)
