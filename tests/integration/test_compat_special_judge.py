"""/common_evaluate_batch with a special judge on real PostgreSQL, a broker, Redis and a
celery worker: the request is judged by the pipeline's chord like any other, its judge an
exit_code judge row."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.compat.admission import admission_reset
from verification.models import Submission

pytestmark = pytest.mark.integration

# Accepts any two numbers that add up to the case's input.
JUDGE = """import sys
c = int(open("stdin.txt").read())
answer = open("answer.txt").read().split()
sys.exit(0 if len(answer) == 2 and int(answer[0]) + int(answer[1]) == c else 1)
"""


def _post(client: APIClient, code: str, run_all_cases: bool) -> dict[str, Any]:
    body = {
        "completion": f"```python\n{code}\n```",
        "config": {
            "language": "python",
            "run_timeout": 5,
            "provided_data": {
                "test_cases": {"type": "stdin_stdout", "input": ["3", "7", "9"], "output": [""] * 3}
            },
            "extra": {"special_judge_program": JUDGE, "run_all_cases": run_all_cases},
        },
    }
    response = client.post("/common_evaluate_batch", body, format="json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_special_judge_runs_in_the_pipeline_on_a_worker(start_worker) -> None:
    start_worker("sj@itest")
    admission_reset()
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION="Token " + Token.objects.create(user=make_user("trainer")).key
    )
    good = _post(client, "c = int(input())\nprint(c - 1, 1)", run_all_cases=True)
    assert good["accepted"] is True, good["tests"]
    assert [t["verdict"] for t in good["tests"]] == ["AC"] * 3
    wrong = _post(client, "c = int(input())\nprint(c, 1 if c == 7 else 0)", run_all_cases=False)
    assert wrong["verdict"] == "WA"
    assert [t["verdict"] for t in wrong["tests"]] == ["AC", "WA"]  # then SKIPPED, not shown
    submissions = Submission.objects.filter(id__in=[good["submission_id"], wrong["submission_id"]])
    judges = {s.problem.judge_id for s in submissions}
    assert len(judges) == 1
    judging = Submission.objects.get(id=wrong["submission_id"]).judgings.get()
    assert list(judging.case_results.order_by("order").values_list("verdict", flat=True)) == [
        "AC",
        "WA",
        "SKIPPED",
    ]
