"""The pipeline in the embedded default: SQLite, no broker, batches in a local pool."""

from __future__ import annotations

from collections import Counter

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.test import override_settings

from tests.factories import make_problem
from verification import services_judging
from verification.errors import InvalidInput, LanguageUnavailable, TooLarge
from verification.models import CaseResult, Judging, JudgingStatus
from verification.models import TestCase as StoredCase
from verification.services import CaseSpec, judging_create, problem_upsert, submission_create
from verification.services_judging import judging_finalize

pytestmark = pytest.mark.django_db(transaction=True)

SQUARE_OK = "n = int(input())\nprint(n * n)\n"


def _square_problem(n: int = 10, slug: str = "square"):
    return make_problem(slug, [(f"{i}\n", f"{i * i}\n") for i in range(n)])


def _judge(problem, source: str, language: str = "python", **kw) -> Judging:
    submission = submission_create(problem=problem, language=language, source=source, **kw)
    return submission.judgings.get()


@override_settings(SCALEBOX_BATCH_SIZE=3, SCALEBOX_LOCAL_POOL_SIZE=2)
def test_accepted_with_one_result_per_case() -> None:
    judging = _judge(_square_problem(), SQUARE_OK)
    assert judging.status == JudgingStatus.DONE
    assert judging.verdict == "AC", list(judging.case_results.values("verdict", "checker_message"))
    results = list(judging.case_results.order_by("order"))
    assert [r.order for r in results] == list(range(10))
    assert all(r.verdict == "AC" for r in results)
    assert all(r.memory_kb and r.memory_kb > 0 for r in results)
    assert all(r.worker for r in results)
    assert all(r.judge_id == judging.judge_id for r in results)


@override_settings(SCALEBOX_BATCH_SIZE=4)
def test_first_failing_case_in_test_order_decides() -> None:
    source = "n = int(input())\nif n == 5:\n    raise SystemExit(1)\nprint(n * n + (n == 8))\n"
    judging = _judge(_square_problem(), source)
    verdicts = list(judging.case_results.order_by("order").values_list("verdict", flat=True))
    assert verdicts == ["AC"] * 5 + ["RE", "AC", "AC", "WA", "AC"]
    assert judging.verdict == "RE"


@override_settings(SCALEBOX_BATCH_SIZE=5, SCALEBOX_LOCAL_POOL_SIZE=1)
def test_stop_on_first_failure_skips_later_cases() -> None:
    source = "n = int(input())\nprint(n * n + (n == 1))\n"
    judging = _judge(_square_problem(20), source, stop_on_first_failure=True)
    assert judging.verdict == "WA"
    counts = Counter(judging.case_results.values_list("verdict", flat=True))
    # One local worker: the failure at index 1 is seen before anything after it runs.
    assert counts == {"AC": 1, "WA": 1, "SKIPPED": 18}


def test_compile_error_is_reported_with_the_message() -> None:
    judging = _judge(_square_problem(3), "int main( { return 0; }\n", language="cpp")
    assert judging.verdict == "CE"
    assert judging.compile_info["ok"] is False
    assert "error" in judging.compile_info["message"]


def test_time_limit() -> None:
    problem = make_problem("loop", [("1\n", "1\n")], time_limit_s=0.5)
    judging = _judge(problem, "while True:\n    pass\n")
    assert judging.verdict == "TLE"


def test_rejudge_is_a_new_judging_and_old_results_stay() -> None:
    problem = _square_problem(4)
    first = _judge(problem, SQUARE_OK)
    second = judging_create(submission=first.submission)
    second.refresh_from_db()
    assert second.id != first.id
    assert second.status == JudgingStatus.DONE and second.verdict == "AC"
    assert CaseResult.objects.filter(judging=first).count() == 4
    assert CaseResult.objects.filter(judging=second).count() == 4


def test_finalize_twice_is_harmless() -> None:
    judging = _judge(_square_problem(3), SQUARE_OK)
    before = list(CaseResult.objects.filter(judging=judging).values_list("id", "verdict"))
    assert judging_finalize(judging_id=judging.id, batch_results=[]) == "AC"
    after = list(CaseResult.objects.filter(judging=judging).values_list("id", "verdict"))
    assert before == after


def test_reimport_retires_changed_cases_and_keeps_old_results() -> None:
    problem = _square_problem(3, slug="versioned")
    judging = _judge(problem, SQUARE_OK)
    old_case = StoredCase.objects.get(problem=problem, name="secret/002")
    old_answer = bytes(old_case.answer.data)
    problem_upsert(
        slug="versioned",
        title="versioned",
        cases=[
            CaseSpec("secret/001", "secret", b"0\n", b"0\n"),
            CaseSpec("secret/002", "secret", b"1\n", b"2\n"),  # changed answer
        ],
    )
    old_case.refresh_from_db()
    assert old_case.active is False
    assert bytes(old_case.answer.data) == old_answer
    active = StoredCase.objects.filter(problem=problem, active=True).order_by("order")
    assert [tc.name for tc in active] == ["secret/001", "secret/002"]
    assert active[1].id != old_case.id
    assert CaseResult.objects.get(judging=judging, test_case=old_case).verdict == "AC"


def test_bad_submissions_are_refused_with_a_reason() -> None:
    problem = _square_problem(1)
    with pytest.raises(LanguageUnavailable, match="unknown language 'cobol'"):
        submission_create(problem=problem, language="cobol", source="x")
    with pytest.raises(InvalidInput, match="source is empty"):
        submission_create(problem=problem, language="python", source="  \n")
    with pytest.raises(InvalidInput, match="not valid UTF-8"):
        submission_create(problem=problem, language="python", source=b"print(1)\xff\n")
    with override_settings(SCALEBOX_MAX_SOURCE_BYTES=10), pytest.raises(TooLarge):
        submission_create(problem=problem, language="python", source="print(12345678)")
    assert Judging.objects.count() == 0


# Case by case (no stdin/stdout batch): the third case's own run is the one cut short.
@override_settings(SCALEBOX_BATCH_SIZE=10, SCALEBOX_LOCAL_POOL_SIZE=1, SCALEBOX_BATCH_STDIO=False)
def test_task_time_limit_leaves_system_errors_not_wrong_answers(monkeypatch) -> None:
    real_run_one = services_judging._run_one
    calls = {"n": 0}

    def run_one_then_time_out(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SoftTimeLimitExceeded()
        return real_run_one(*args, **kwargs)

    monkeypatch.setattr(services_judging, "_run_one", run_one_then_time_out)
    judging = _judge(_square_problem(6), SQUARE_OK)
    verdicts = list(judging.case_results.order_by("order").values_list("verdict", flat=True))
    assert verdicts == ["AC", "AC", "SE", "SE", "SE", "SE"]
    assert judging.verdict == "SE"
