"""A case's outcome: its JSON between worker and finaliser, its row, its readers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_problem
from verification.models import CaseResult, Judging, Problem
from verification.outcome import STORED_FIELDS, CaseOutcome, judging_outcomes, judgings_outcomes
from verification.services import SubmissionSpec, submission_create, submissions_create
from verification.services_judging import case_batch_run
from verification.verdicts import Verdict

RAN = CaseOutcome(
    verdict=Verdict.WA,
    time_s=0.0123,
    wall_time_s=0.05,
    memory_kb=9000,
    exit_code=0,
    signal=None,
    stdout_excerpt="4\n",
    stderr_excerpt="",
    checker_message="expected 5, got 4",
    score=0.0,
    judge_id=None,
    worker="w1@host",
    isolation="full",
    case_id=7,
    index=2,
)


def test_json_round_trip_keeps_every_field() -> None:
    data = json.loads(json.dumps(RAN.to_json()))
    assert CaseOutcome.from_json(data) == RAN
    assert isinstance(CaseOutcome.from_json(data).verdict, Verdict)


def test_json_holds_only_what_is_set() -> None:
    skipped = CaseOutcome(verdict=Verdict.SKIPPED, case_id=3, index=1, worker="w")
    assert skipped.to_json() == {"verdict": "SKIPPED", "worker": "w", "case_id": 3, "index": 1}
    assert RAN.to_json()["score"] == 0.0 and RAN.to_json()["exit_code"] == 0


def test_a_minimal_result_reads_with_defaults() -> None:
    outcome = CaseOutcome.from_json({"case_id": 4, "verdict": "AC", "unknown": 1})
    assert outcome == CaseOutcome(verdict=Verdict.AC, case_id=4)
    assert outcome.checker_message == "" and outcome.time_s is None
    with pytest.raises(ValueError):
        CaseOutcome.from_json({"verdict": "OK"})


def test_the_stored_fields_are_case_result_columns() -> None:
    columns = {f.attname for f in CaseResult._meta.concrete_fields}
    assert set(STORED_FIELDS) <= columns
    assert columns - set(STORED_FIELDS) == {"id", "judging_id", "test_case_id", "order"}
    assert "system_error" not in RAN.stored_fields()


@pytest.mark.django_db(transaction=True)
def test_stored_outcomes_read_back_in_test_order() -> None:
    problem = make_problem(
        slug="square-outcome",
        cases=[("2\n", "4\n"), ("3\n", "9\n"), ("4\n", "16\n")],
    )
    submission = submission_create(
        problem=problem,
        language="python",
        source="n = int(input())\nprint(n * n if n < 4 else 0)\n",
    )
    judging = submission.judgings.get()
    judged = judging_outcomes(judging_id=judging.id)
    assert [(c.order, c.outcome.index, c.outcome.verdict) for c in judged] == [
        (0, 0, "AC"),
        (1, 1, "AC"),
        (2, 2, "WA"),
    ]
    assert [c.outcome.case_id for c in judged] == list(judging.case_ids)
    assert judged[2].outcome.stdout_excerpt == "0\n" and judged[2].outcome.worker


def _stored(problem: Any, source: str, *, stop_on_first_failure: bool = False) -> Judging:
    spec = SubmissionSpec(
        problem=problem,
        language="python",
        source=source,
        stop_on_first_failure=stop_on_first_failure,
    )
    [(_, judging)] = submissions_create(specs=[spec], enqueue=False)
    return judging


@pytest.mark.django_db(transaction=True)
def test_a_batch_returns_one_outcome_per_case_skipping_after_a_failure() -> None:
    problem = make_problem(slug="square-batch", cases=[(f"{i}\n", f"{i * i}\n") for i in range(4)])
    judging = _stored(
        problem, "n = int(input())\nprint(n * n if n != 1 else 0)\n", stop_on_first_failure=True
    )
    result = case_batch_run(judging_id=judging.id, case_ids=list(judging.case_ids), worker="w")
    outcomes = [CaseOutcome.from_json(c) for c in result["cases"]]
    assert [(o.case_id, o.index, o.verdict) for o in outcomes] == [
        (judging.case_ids[0], 0, "AC"),
        (judging.case_ids[1], 1, "WA"),
        (judging.case_ids[2], 2, "SKIPPED"),
        (judging.case_ids[3], 3, "SKIPPED"),
    ]
    assert {o.worker for o in outcomes} == {"w"}
    assert outcomes[1].stdout_excerpt == "0\n" and outcomes[1].memory_kb
    assert result["compile"] == {"ok": True, "message": ""} and "error" not in result
    judging.refresh_from_db()
    assert judging.first_failure_order == 1


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_does_not_compile_gives_every_case_ce() -> None:
    problem = make_problem(slug="square-ce", cases=[("1\n", "1\n"), ("2\n", "4\n")])
    judging = _stored(problem, "def (:\n")
    result = case_batch_run(judging_id=judging.id, case_ids=list(judging.case_ids), worker="w")
    assert [c["verdict"] for c in result["cases"]] == ["CE", "CE"]
    assert result["compile"]["ok"] is False and "error" not in result
    stale = case_batch_run(judging_id=judging.id, case_ids=[-1], worker="w")
    assert stale == {"cases": [], "compile": {}, "stale": True}


@pytest.mark.django_db(transaction=True)
def test_a_batch_reads_neither_the_statement_nor_the_provenance_of_its_problem() -> None:
    """Both can be large and judging never needs them: each batch would fetch them again."""
    problem = make_problem(slug="square-wordy", cases=[(f"{i}\n", f"{i * i}\n") for i in range(3)])
    Problem.objects.filter(id=problem.id).update(
        statement="A long statement. " * 10_000, provenance={"files": ["x"] * 10_000}
    )
    judging = _stored(problem, "n = int(input())\nprint(n * n)\n")
    with CaptureQueriesContext(connection) as queries:
        result = case_batch_run(judging_id=judging.id, case_ids=list(judging.case_ids), worker="w")
    assert [c["verdict"] for c in result["cases"]] == ["AC", "AC", "AC"]
    read = [q["sql"] for q in queries.captured_queries if "verification_problem" in q["sql"]]
    assert read, "the batch reads its problem"
    for sql in read:
        assert '"statement"' not in sql and '"provenance"' not in sql, sql


@pytest.mark.django_db(transaction=True)
def test_the_outcomes_of_many_judgings_come_in_one_query_each_in_test_order() -> None:
    problem = make_problem(slug="square-many", cases=[(f"{i}\n", f"{i * i}\n") for i in range(3)])
    right = submission_create(
        problem=problem, language="python", source="n = int(input())\nprint(n * n)\n"
    ).judgings.get()
    wrong = submission_create(
        problem=problem, language="python", source="n = int(input())\nprint(n)\n"
    ).judgings.get()
    unjudged = _stored(problem, "print(0)\n")
    with CaptureQueriesContext(connection) as queries:
        found = judgings_outcomes(
            judging_ids=[wrong.id, unjudged.id, right.id], fields=("checker_message",)
        )
    assert len(queries.captured_queries) == 1
    assert set(found) == {right.id, wrong.id}  # one with nothing stored is missing
    for judging in (right, wrong):
        assert [c.outcome.case_id for c in found[judging.id]] == list(judging.case_ids)
        assert found[judging.id] == judging_outcomes(
            judging_id=judging.id, fields=("checker_message",)
        )
    assert [c.outcome.verdict for c in found[right.id]] == ["AC", "AC", "AC"]
    assert [c.outcome.verdict for c in found[wrong.id]] == ["AC", "AC", "WA"]
