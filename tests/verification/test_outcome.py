"""A case's outcome: its JSON between worker and finaliser, its row, its readers."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_problem
from verification.models import CaseResult
from verification.outcome import STORED_FIELDS, CaseOutcome, judging_outcomes
from verification.services import submission_create
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
