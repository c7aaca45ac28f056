"""GET /api/v1/submissions/ with its filters, and how much of a submission runs by default."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api.test_native_api import client_for
from tests.dashboard.factories import judged_submission, problem_for
from tests.factories import make_problem, make_user
from verification.models import Judging, JudgingStatus, Submission

pytestmark = pytest.mark.django_db(transaction=True)
LOOPS = "while True:\n    pass\n"


@pytest.fixture
def square() -> Any:
    # Three cases, each of which a program that never ends spends its time limit on.
    return make_problem("square", [(f"{i}\n", f"{i * i}\n") for i in range(3)], time_limit_s=0.5)


def submit(client: APIClient, source: str, **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {"problem": "square", "language": "python", "source": source, **extra},
        format="json",
    )
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_a_failing_submission_stops_at_its_first_failure_by_default(square: Any) -> None:
    alice = client_for(make_user("alice"))
    body = submit(alice, LOOPS)
    assert body["stop_on_first_failure"] is True
    assert body["verdict"] == "TLE"
    assert [c["verdict"] for c in body["judging"]["cases"]] == ["TLE", "SKIPPED", "SKIPPED"]


def test_every_case_runs_when_asked(square: Any) -> None:
    alice = client_for(make_user("alice"))
    body = submit(alice, "print(0)\n", stop_on_first_failure=False)
    assert body["stop_on_first_failure"] is False
    assert body["verdict"] == "WA"
    # 0 * 0 is 0: the first case passes, the two after the first failure run too.
    assert [c["verdict"] for c in body["judging"]["cases"]] == ["AC", "WA", "WA"]


def test_a_batch_stops_at_first_failures_too_unless_told(square: Any) -> None:
    alice = client_for(make_user("alice"))
    one = {"problem": "square", "language": "python", "source": "print(0)\n"}
    response = alice.post(
        "/api/v1/submissions/batch/?wait=120",
        {"submissions": [one, {**one, "stop_on_first_failure": False}]},
        format="json",
    )
    assert response.status_code == 201, response.content
    first, second = response.json()
    assert [c["verdict"] for c in first["judging"]["cases"]] == ["AC", "WA", "SKIPPED"]
    assert [c["verdict"] for c in second["judging"]["cases"]] == ["AC", "WA", "WA"]


@pytest.fixture
def mixed() -> dict[str, int]:
    """alice's submissions on two problems in two languages, one rejudged to another verdict."""
    alice = make_user("alice")
    other = make_user("bob")
    ac = judged_submission(problem_for("sum"), "AC", owner=alice)
    wa = judged_submission(problem_for("sum"), "WA", owner=alice)
    tle = judged_submission(problem_for("other"), "TLE", owner=alice)
    Submission.objects.filter(id=tle.submission_id).update(language="cpp")
    # Rejudged: WA first, then AC. It counts as AC now.
    rejudged = judged_submission(problem_for("other"), "WA", owner=alice)
    Judging.objects.create(
        submission_id=rejudged.submission_id, status=JudgingStatus.DONE, verdict="AC"
    )
    old = judged_submission(problem_for("sum"), "RE", owner=alice)
    Submission.objects.filter(id=old.submission_id).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    bobs = judged_submission(problem_for("sum"), "WA", owner=other)
    return {
        "ac": ac.submission_id,
        "wa": wa.submission_id,
        "tle": tle.submission_id,
        "rejudged": rejudged.submission_id,
        "old": old.submission_id,
        "bobs": bobs.submission_id,
    }


def listed(client: APIClient, query: str) -> list[int]:
    response = client.get(f"/api/v1/submissions/?{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_the_list_filters_by_problem_language_verdict_and_date(mixed: dict[str, int]) -> None:
    alice = client_for(make_user("alice"))
    ids = mixed
    assert listed(alice, "") == sorted(
        [ids["ac"], ids["wa"], ids["tle"], ids["rejudged"], ids["old"]], reverse=True
    )
    assert listed(alice, "problem=other") == [ids["rejudged"], ids["tle"]]
    assert listed(alice, "language=cpp") == [ids["tle"]]
    assert listed(alice, "language=python3&problem=other") == [ids["rejudged"]]
    assert listed(alice, "verdict=AC") == [ids["rejudged"], ids["ac"]]
    assert listed(alice, "verdict=WA") == [ids["wa"]]
    week_ago = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert listed(alice, f"date_to={week_ago}") == [ids["old"]]
    assert ids["old"] not in listed(alice, f"date_from={week_ago}")
    after = (timezone.now() - timedelta(days=7)).isoformat().replace("+00:00", "Z")
    assert listed(alice, f"created_before={after}") == [ids["old"]]
    assert len(listed(alice, f"created_after={after}")) == 4
    # The first and the last days there are.
    assert len(listed(alice, "date_from=0001-01-01&date_to=9999-12-31")) == 5


def test_staff_list_everyone_s_submissions(mixed: dict[str, int]) -> None:
    staff = client_for(make_user("root", is_staff=True))
    assert mixed["bobs"] in listed(staff, "verdict=WA")
    assert len(listed(staff, "")) == 6


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("language=cobol", "language", "unknown language 'cobol'"),
        ("verdict=NOPE", "verdict", "NOPE"),
        ("verdict=SKIPPED", "verdict", "SKIPPED"),
        ("date_from=yesterday", "date_from", "valid date"),
        ("created_after=soon", "created_after", "valid date"),
        ("created_after=0001-01-01T00:00:00%2B05:00", "created_after", "out of range"),
        ("created_before=9999-12-31T23:59:59-05:00", "created_before", "out of range"),
    ],
)
def test_bad_filters_are_a_clear_400(
    mixed: dict[str, int], query: str, field: str, message: str
) -> None:
    alice = client_for(make_user("alice"))
    response = alice.get(f"/api/v1/submissions/?{query}")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == field
    assert message in error["message"]
