"""An interactive problem through the native REST API: its package uploaded as a zip,
submissions judged against its interactor in the sandbox, and how it is shown."""

from __future__ import annotations

import io

import pytest
from rest_framework.test import APIClient

from tests.factories import make_problem, make_user
from tests.problem_package.conftest import FIXTURES, zip_directory
from verification.models import Problem

from .test_native_api import client_for

pytestmark = pytest.mark.django_db(transaction=True)

GUESS = FIXTURES / "interactive"
BISECT = (GUESS / "submissions" / "accepted" / "bisect.py").read_text(encoding="utf-8")
COUNT_UP = (GUESS / "submissions" / "wrong_answer" / "count_up.py").read_text(encoding="utf-8")


@pytest.fixture
def alice() -> APIClient:
    return client_for(make_user("alice"))


def _upload(client: APIClient) -> dict:
    data = io.BytesIO(zip_directory(GUESS))
    data.name = "guess.zip"
    response = client.post(
        "/api/v1/problems/upload/", {"package": data, "slug": "guess"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    return response.json()


def _submit(client: APIClient, source: str) -> dict:
    response = client.post(
        "/api/v1/submissions/?wait=60",
        {"problem": "guess", "language": "python", "source": source},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "DONE", body
    return body


def test_upload_shows_the_problem_is_interactive(alice: APIClient) -> None:
    uploaded = _upload(alice)
    assert uploaded["slug"] == "guess"
    assert (uploaded["interactive"], uploaded["validation_passes"]) == (True, 1)
    assert uploaded["format_version"] == "legacy"
    assert uploaded["test_case_count"] == 5
    assert uploaded["judge"], uploaded
    detail = alice.get("/api/v1/problems/guess/").json()
    assert (detail["interactive"], detail["validation_passes"]) == (True, 1)
    listed = {p["slug"]: p for p in alice.get("/api/v1/problems/").json()["results"]}
    assert (listed["guess"]["interactive"], listed["guess"]["validation_passes"]) == (True, 1)


def test_a_problem_judged_on_its_output_alone_is_not_interactive(alice: APIClient) -> None:
    make_problem("square", [("2\n", "4\n")])
    detail = alice.get("/api/v1/problems/square/").json()
    assert (detail["interactive"], detail["validation_passes"]) == (False, 1)


def test_the_fields_are_not_the_clients_to_set(alice: APIClient) -> None:
    """A problem created through the API is judged on its output: the fields are
    read-only, and a request that sets one is refused, saying where they come from."""
    body = {"slug": "double", "test_cases": [{"input": "1\n", "answer": "2\n"}]}
    for field, value in (("interactive", True), ("validation_passes", 3)):
        response = alice.post("/api/v1/problems/", {**body, field: value}, format="json")
        assert response.status_code == 400, response.content
        error = response.json()["error"]
        assert error["field"] == field, error
        assert "problem package" in error["message"], error
        assert not Problem.objects.filter(slug="double").exists()
    response = alice.post("/api/v1/problems/", body, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["interactive"], response.json()["validation_passes"]) == (False, 1)


def test_submissions_are_judged_by_talking_to_the_interactor(alice: APIClient) -> None:
    _upload(alice)
    accepted = _submit(alice, BISECT)
    assert accepted["verdict"] == "AC", accepted
    cases = accepted["judging"]["cases"]
    assert [c["verdict"] for c in cases] == ["AC"] * 5
    assert all(c["worker"] for c in cases)

    wrong = _submit(alice, COUNT_UP)
    assert wrong["verdict"] == "WA", wrong
    detail = alice.get(f"/api/v1/submissions/{wrong['id']}/").json()
    assert detail["verdict"] == "WA"
    assert detail["source"] == COUNT_UP
    cases = detail["judging"]["cases"]
    # The first case (37) is out of reach of ten questions counting up from 1.
    assert cases[0]["verdict"] == "WA"
    assert "did not find the number within 10 questions" in str(cases[0]), cases[0]
