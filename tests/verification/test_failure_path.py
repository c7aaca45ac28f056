"""The failure path: whatever fails, a judging ends (SE with its error), never RUNNING.

Embedded default (SQLite, tasks in this process). Each test replaces at most one seam.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import redis.exceptions
from celery.exceptions import ChordError, SoftTimeLimitExceeded
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import make_problem, make_user
from verification import services_judging, tasks
from verification.executors import python as python_executor
from verification.executors.python import PythonExecutor
from verification.models import CaseResult, Judging, JudgingStatus
from verification.outcome import CaseOutcome
from verification.services import SubmissionSpec, submission_create, submissions_create

pytestmark = pytest.mark.django_db(transaction=True)

SQUARE_OK = "n = int(input())\nprint(n * n)\n"


def _square(n: int = 4, slug: str = "square"):
    return make_problem(slug, [(f"{i}\n", f"{i * i}\n") for i in range(n)])


def _stored(problem: Any, source: str = SQUARE_OK) -> Judging:
    """A judging stored but never sent: as a lost message leaves it."""
    [(_, judging)] = submissions_create(
        specs=[SubmissionSpec(problem=problem, language="python", source=source)], enqueue=False
    )
    return judging


def _one_result_per_case(judging: Judging) -> list[str]:
    rows = list(CaseResult.objects.filter(judging=judging).order_by("order"))
    assert [r.test_case_id for r in rows] == list(judging.case_ids)
    assert not [c for c, n in Counter(r.test_case_id for r in rows).items() if n > 1]
    return [r.verdict for r in rows]


def test_an_unexpected_exception_while_compiling_ends_the_judging_with_se(monkeypatch) -> None:
    def broken(self: Any, source: bytes, *, flags: tuple[str, ...] = ()) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PythonExecutor, "compile", broken)
    submission = submission_create(problem=_square(), language="python", source=SQUARE_OK)
    judging = submission.judgings.get()
    assert judging.status == JudgingStatus.DONE
    assert judging.verdict == "SE"
    assert "OSError" in judging.error and "No space left on device" in judging.error
    assert set(_one_result_per_case(judging)) == {"SE"}


def test_a_batch_task_that_fails_ends_the_judging_through_on_failure(monkeypatch) -> None:
    judging = _stored(_square())

    def broken(**kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("the worker's disk is gone")

    monkeypatch.setattr(services_judging, "case_batch_run", broken)
    result = tasks.run_case_batch.apply(
        args=(judging.id, judging.case_ids), kwargs={"attempt": 0}, throw=False
    )
    assert result.failed()
    judging.refresh_from_db()
    assert (judging.status, judging.verdict) == (JudgingStatus.DONE, "SE")
    assert "RuntimeError: the worker's disk is gone" in judging.error
    assert set(_one_result_per_case(judging)) == {"SE"}


def test_a_finalize_that_fails_ends_the_judging_through_on_failure(monkeypatch) -> None:
    judging = _stored(_square())

    def broken(verdicts: Any) -> str:
        raise ValueError("a verdict nobody knows")

    monkeypatch.setattr(services_judging, "overall_verdict", broken)
    batch = {"cases": [{"case_id": c, "verdict": "AC"} for c in judging.case_ids]}
    result = tasks.finalize_submission.apply(args=([batch], judging.id), throw=False)
    assert result.failed()
    judging.refresh_from_db()
    assert (judging.status, judging.verdict) == (JudgingStatus.DONE, "SE")
    assert "finishing the judging failed: ValueError" in judging.error
    assert set(_one_result_per_case(judging)) == {"SE"}


def _running(attempts: int) -> Judging:
    judging = _stored(_square())
    Judging.objects.filter(id=judging.id).update(status=JudgingStatus.RUNNING, attempts=attempts)
    return judging


def test_a_chord_error_callback_ends_the_judging_with_se() -> None:
    judging = _running(1)
    error = ChordError("Dependency 6c99 raised ValueError('a verdict nobody knows')")
    tasks.judging_chord_failed(None, error, None, judging_id=judging.id, attempt=1)
    judging.refresh_from_db()
    assert (judging.status, judging.verdict) == (JudgingStatus.DONE, "SE")
    assert "ChordError" in judging.error and "ValueError" in judging.error


def test_a_chord_broken_by_a_broker_outage_is_sent_again() -> None:
    judging = _running(1)
    error = ChordError("Callback error: ConnectionError('Error 111 connecting to redis:6379')")
    tasks.judging_chord_failed(None, error, None, judging_id=judging.id, attempt=1)
    judging.refresh_from_db()  # sent again, and run here (embedded default)
    assert (judging.status, judging.verdict, judging.attempts) == (JudgingStatus.DONE, "AC", 2)
    assert set(_one_result_per_case(judging)) == {"AC"}


def test_a_batch_whose_result_the_backend_lost_is_sent_again() -> None:
    # Celery's own text when a header task could not store its result (Redis restarting).
    judging = _running(1)
    error = ChordError("Dependency a849c8bd raised network:ConnectionError")
    tasks.judging_chord_failed(None, error, None, judging_id=judging.id, attempt=1)
    judging.refresh_from_db()
    assert (judging.status, judging.verdict, judging.attempts) == (JudgingStatus.DONE, "AC", 2)


def test_a_batch_that_fails_on_a_broker_outage_is_sent_again(monkeypatch) -> None:
    judging = _running(1)
    real = services_judging.case_batch_run
    calls: list[int] = []

    def backend_gone_once(**kwargs: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6399")
        return real(**kwargs)

    monkeypatch.setattr(services_judging, "case_batch_run", backend_gone_once)
    result = tasks.run_case_batch.apply(
        args=(judging.id, judging.case_ids), kwargs={"attempt": 1}, throw=False
    )
    assert result.failed()
    judging.refresh_from_db()  # sent again, and run here (embedded default)
    assert (judging.status, judging.verdict, judging.attempts) == (JudgingStatus.DONE, "AC", 2)
    assert set(_one_result_per_case(judging)) == {"AC"}


@override_settings(SCALEBOX_RECONCILE_MAX_ATTEMPTS=2)
def test_a_chord_broken_again_once_its_attempts_are_used_ends_with_se() -> None:
    judging = _running(2)
    error = ChordError("Callback error: OperationalError('[Errno 111] Connection refused')")
    tasks.judging_chord_failed(None, error, None, judging_id=judging.id, attempt=2)
    judging.refresh_from_db()
    assert (judging.status, judging.verdict, judging.attempts) == (JudgingStatus.DONE, "SE", 2)
    assert "OperationalError" in judging.error


def test_judging_fail_keeps_results_written_and_fills_the_rest() -> None:
    judging = _stored(_square(4))
    first = judging.case_ids[0]
    CaseResult.objects.create(judging=judging, test_case_id=first, order=0, verdict="AC")
    assert services_judging.judging_fail(judging_id=judging.id, error="TimeLimitExceeded: 660")
    judging.refresh_from_db()
    assert (judging.status, judging.verdict, judging.error) == (
        JudgingStatus.DONE,
        "SE",
        "TimeLimitExceeded: 660",
    )
    assert _one_result_per_case(judging) == ["AC", "SE", "SE", "SE"]


def test_judging_fail_never_overwrites_a_finished_judging() -> None:
    submission = submission_create(problem=_square(), language="python", source=SQUARE_OK)
    judging = submission.judgings.get()
    assert judging.verdict == "AC"
    assert not services_judging.judging_fail(judging_id=judging.id, error="late failure")
    judging.refresh_from_db()
    assert (judging.verdict, judging.error) == ("AC", "")
    assert set(_one_result_per_case(judging)) == {"AC"}


def test_a_failure_of_an_earlier_attempt_does_not_end_a_judging_sent_again() -> None:
    judging = _stored(_square())
    Judging.objects.filter(id=judging.id).update(attempts=2)
    assert not services_judging.judging_fail(judging_id=judging.id, error="old chord", attempt=1)
    judging.refresh_from_db()
    assert judging.status == JudgingStatus.QUEUED
    assert services_judging.judging_fail(judging_id=judging.id, error="this chord", attempt=2)


def test_a_late_original_result_after_a_failure_duplicates_nothing() -> None:
    judging = _stored(_square(3))
    services_judging.judging_fail(judging_id=judging.id, error="worker lost")
    late = [
        {
            "cases": [{"case_id": cid, "verdict": "AC"} for cid in judging.case_ids],
            "compile": {"ok": True},
        }
    ]
    assert services_judging.judging_finalize(judging_id=judging.id, batch_results=late) == "SE"
    judging.refresh_from_db()
    assert judging.verdict == "SE"
    assert _one_result_per_case(judging) == ["SE", "SE", "SE"]


def test_batch_system_errors_reach_the_judging_error() -> None:
    judging = _stored(_square(2))
    cases = judging.case_ids
    batches = [
        {
            "cases": [{"case_id": cases[0], "verdict": "AC"}],
            "compile": {"ok": True},
        },
        {
            "cases": [{"case_id": cases[1], "verdict": "SE", "checker_message": "run: OSError"}],
            "compile": {"ok": True},
            "error": "run: OSError: [Errno 5] Input/output error",
        },
    ]
    assert services_judging.judging_finalize(judging_id=judging.id, batch_results=batches) == "SE"
    judging.refresh_from_db()
    assert judging.error == "run: OSError: [Errno 5] Input/output error"


@override_settings(SCALEBOX_LOCAL_POOL_SIZE=1)
def test_the_error_is_shown_in_the_api_submission_detail(monkeypatch) -> None:
    def broken(self: Any, source: bytes, *, flags: tuple[str, ...] = ()) -> Any:
        raise PermissionError(13, "Permission denied", "/var/cache/compiled")

    monkeypatch.setattr(PythonExecutor, "compile", broken)
    client = APIClient()
    client.force_authenticate(make_user("alice"))
    _square()
    response = client.post(
        "/api/v1/submissions/",
        {"problem": "square", "language": "python", "source": SQUARE_OK},
        format="json",
    )
    assert response.status_code == 201, response.content
    judging = response.json()["judging"]
    assert judging["verdict"] == "SE"
    assert "PermissionError" in judging["error"]


# Case by case (no stdin/stdout batch): the second case's own run is the one cut short.
@override_settings(SCALEBOX_BATCH_SIZE=10, SCALEBOX_LOCAL_POOL_SIZE=1, SCALEBOX_BATCH_STDIO=False)
def test_a_batch_past_its_soft_time_limit_stores_the_error(monkeypatch) -> None:
    real_run_one = services_judging._run_one
    calls = {"n": 0}

    def run_one_then_time_out(*args: Any, **kwargs: Any) -> CaseOutcome:
        calls["n"] += 1
        if calls["n"] == 2:
            raise SoftTimeLimitExceeded()
        return real_run_one(*args, **kwargs)

    monkeypatch.setattr(services_judging, "_run_one", run_one_then_time_out)
    submission = submission_create(problem=_square(4), language="python", source=SQUARE_OK)
    judging = submission.judgings.get()
    assert _one_result_per_case(judging) == ["AC", "SE", "SE", "SE"]
    assert judging.verdict == "SE"
    assert "SoftTimeLimitExceeded" in judging.error


@override_settings(SCALEBOX_BATCH_SIZE=10, SCALEBOX_LOCAL_POOL_SIZE=1)
def test_a_stdin_stdout_batch_run_past_its_soft_time_limit_stores_the_error(monkeypatch) -> None:
    real_run = python_executor.FastPythonProgram.run

    def batch_run_times_out(self: Any, stdin: bytes, *args: Any, **kwargs: Any) -> Any:
        if stdin.startswith(b"S"):  # the batch's harness run (its code's length line)
            raise SoftTimeLimitExceeded()
        return real_run(self, stdin, *args, **kwargs)

    monkeypatch.setattr(python_executor.FastPythonProgram, "run", batch_run_times_out)
    submission = submission_create(problem=_square(4), language="python", source=SQUARE_OK)
    judging = submission.judgings.get()
    assert _one_result_per_case(judging) == ["SE", "SE", "SE", "SE"]
    assert judging.verdict == "SE"
    assert "SoftTimeLimitExceeded" in judging.error
