"""A key the native API does not know is refused with 400 naming it, at every level of a
request body, and nothing is stored: a misspelt limit (``time_limit`` for
``time_limit_s``) must not leave the default in force without a word."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_problem, make_user
from tests.problem_package.conftest import MINIMAL, write_tree, zip_directory
from verification.models import Problem, Submission, TestCase

pytestmark = pytest.mark.django_db

SQUARE = "n = int(input())\nprint(n * n)\n"


@pytest.fixture
def staff() -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=make_user("root", is_staff=True))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def refused(response: Any, field: str) -> str:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid", error
    assert error["field"] == field, error
    assert f"unknown field {field.rsplit('.', 1)[-1]!r}" in error["message"], error
    return str(error["message"])


def test_a_misspelt_limit_of_a_submission_is_refused_and_nothing_is_stored(
    staff: APIClient,
) -> None:
    make_problem("square", [("2\n", "4\n")])
    body = {"problem": "square", "language": "python", "source": SQUARE, "time_limit": 0.5}
    message = refused(staff.post("/api/v1/submissions/", body, format="json"), "time_limit")
    assert "time_limit_s" in message  # the fields it could have meant are named
    assert not Submission.objects.exists()


def test_an_unknown_key_of_an_inline_test_is_refused_with_its_place(staff: APIClient) -> None:
    body = {
        "language": "python",
        "source": SQUARE,
        "tests": [{"input": "2\n", "answer": "4\n"}, {"input": "3\n", "expected": "9\n"}],
    }
    response = staff.post("/api/v1/submissions/", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    # The second test lacks its answer and names a key no test has: either is its fault.
    assert error["field"].startswith("tests.1"), error
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("kind", "test", "field"),
    [
        ("stdin_stdout", {"input": "2\n", "answer": "4\n", "timeout": 1}, "timeout"),
        ("function_call", {"fn_name": "f", "args": [1], "expected": 1, "kwargs": {}}, "kwargs"),
        ("assert", {"test": "assert f() == 1", "entry": "f"}, "entry"),
    ],
)
def test_each_kind_of_inline_test_knows_its_keys(
    staff: APIClient, kind: str, test: dict[str, Any], field: str
) -> None:
    source = "def f(*a):\n    return 1\n"
    body = {"kind": kind, "language": "python", "source": source, "tests": [test]}
    refused(staff.post("/api/v1/submissions/", body, format="json"), f"tests.0.{field}")
    assert not Submission.objects.exists()


def test_a_submission_of_a_batch_with_an_unknown_key_refuses_the_batch(staff: APIClient) -> None:
    make_problem("square", [("2\n", "4\n")])
    good = {"problem": "square", "language": "python", "source": SQUARE}
    body = {"submissions": [good, {**good, "priorty": 9}]}
    refused(staff.post("/api/v1/submissions/batch/", body, format="json"), "submissions.1.priorty")
    assert not Submission.objects.exists()
    waiting: dict[str, Any] = {"submissions": [good], "wait": 5}
    refused(staff.post("/api/v1/submissions/batch/", waiting, format="json"), "wait")


def test_a_problem_with_an_unknown_key_is_not_created_nor_changed(staff: APIClient) -> None:
    body = {"slug": "p", "test_cases": [{"input": "1\n", "answer": "1\n"}], "memory_mb": 64}
    refused(staff.post("/api/v1/problems/", body, format="json"), "memory_mb")
    assert not Problem.objects.filter(slug="p").exists()
    body = {"slug": "p", "test_cases": [{"input": "1\n", "answer": "1\n", "ouput": "1\n"}]}
    refused(staff.post("/api/v1/problems/", body, format="json"), "test_cases.0.ouput")
    assert not Problem.objects.filter(slug="p").exists()

    kept = make_problem("kept", [("1\n", "1\n")])
    body = {"test_cases": [{"input": "2\n", "answer": "2\n"}], "slug": "kept"}
    refused(staff.put("/api/v1/problems/kept/test_cases/", body, format="json"), "slug")
    active = TestCase.objects.filter(problem=kept, active=True)
    assert [bytes(data) for data in active.values_list("input__data", flat=True)] == [b"1\n"]


def test_a_package_upload_with_an_unknown_form_field_is_refused(
    staff: APIClient, tmp_path: Path
) -> None:
    archive = io.BytesIO(zip_directory(write_tree(tmp_path / "pkg", MINIMAL)))
    archive.name = "pkg.zip"
    form = {"package": archive, "slug": "pkg", "overwrite": "yes"}
    refused(staff.post("/api/v1/problems/upload/", form, format="multipart"), "overwrite")
    assert not Problem.objects.filter(slug="pkg").exists()


def test_a_token_request_with_an_unknown_key_is_refused() -> None:
    make_user("bob")
    client = APIClient()
    body = {"username": "bob", "password": "pw", "remember": True}
    refused(client.post("/api/v1/token/", body, format="json"), "remember")
    answer = client.post("/api/v1/token/", {"username": "bob", "password": "pw"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["username"] == "bob"


def test_a_staff_judge_with_an_unknown_key_is_refused(staff: APIClient) -> None:
    make_problem("square", [("2\n", "4\n")])
    body = {"problem": "square", "kind": "builtin", "builtin_name": "tokens", "activ": False}
    before = Problem.objects.get(slug="square").judge_id
    refused(staff.post("/api/v1/judges/", body, format="json"), "activ")
    assert Problem.objects.get(slug="square").judge_id == before


def test_an_error_in_a_later_item_of_a_list_names_that_item(staff: APIClient) -> None:
    good = {"input": "1\n", "answer": "1\n"}
    body = {"slug": "p", "test_cases": [good, good, {"input": "3\n"}]}
    response = staff.post("/api/v1/problems/", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["field"] == "test_cases.2.answer", error
    assert "required" in error["message"], error
