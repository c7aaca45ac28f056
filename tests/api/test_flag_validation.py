"""Checker arguments nobody understands are refused with 400 when they are written, not
found out case by case as JE: a staff-written built-in judge's ``args``, and the
``validator_args`` of tests that replace a problem's tests (checked against the judge
that decides the problem when it is a built-in checker)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from judges.checkers.default import KNOWN_FLAGS
from judges.models import Judge, JudgeKind, JudgeOrigin, JudgeState
from judges.services import judge_builtin_get_or_create
from tests.factories import make_problem, make_user
from verification.models import Problem
from verification.services import CaseSpec, problem_upsert, submission_create

pytestmark = pytest.mark.django_db(transaction=True)


def client_for(username: str, **fields: Any) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=make_user(username, **fields))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def error_of(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, response.content
    return dict(response.json()["error"])


# --- POST /api/v1/judges/ ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "text"),
    [
        ("default", ["case_sensitiv"], f"unknown flag 'case_sensitiv'; known flags: {KNOWN_FLAGS}"),
        ("default", ["float_tolerance"], "float_tolerance needs a value"),
        ("floats", ["tolerance=0.1"], "unknown argument 'tolerance=0.1'"),
        ("tokens", ["case_sensitive"], "takes no arguments"),
    ],
)
def test_a_builtin_judge_with_bad_args_is_refused(name: str, args: list[str], text: str) -> None:
    problem = make_problem("p", [("1\n", "1\n")])
    before = problem.judge_id
    boss = client_for("boss", is_staff=True, is_superuser=True)
    body = {"problem": "p", "kind": "builtin", "builtin_name": name, "args": args}
    error = error_of(boss.post("/api/v1/judges/", body, format="json"))
    assert error["field"] == "args"
    assert text in error["message"]
    assert Problem.objects.get(slug="p").judge_id == before
    assert not Judge.objects.filter(origin=JudgeOrigin.STAFF).exists()


def test_a_builtin_judge_with_good_args_is_created() -> None:
    make_problem("p", [("\n", "0.5\n")])
    boss = client_for("boss", is_staff=True, is_superuser=True)
    body = {"problem": "p", "kind": "builtin", "builtin_name": "floats", "args": ["abs=0.1"]}
    response = boss.post("/api/v1/judges/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["args"] == ["abs=0.1"]


# --- PUT /api/v1/problems/<slug>/test_cases/ --------------------------------------------------


@pytest.fixture
def alice() -> APIClient:
    client = client_for("alice")
    body = {"slug": "mine", "test_cases": [{"input": "1\n", "answer": "1\n"}]}
    assert client.post("/api/v1/problems/", body, format="json").status_code == 201
    return client


def replace(client: APIClient, *cases: dict[str, Any]) -> Any:
    return client.put("/api/v1/problems/mine/test_cases/", {"test_cases": cases}, format="json")


def case(*args: str) -> dict[str, Any]:
    return {"input": "2\n", "answer": "2\n", "validator_args": list(args)}


def active_args() -> list[list[str]]:
    cases = Problem.objects.get(slug="mine").test_cases.filter(active=True)
    return [list(c.validator_args) for c in cases]


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["nope"], f"unknown flag 'nope'; known flags: {KNOWN_FLAGS}"),
        (["float_tolerance", "lots"], "float_tolerance needs a finite number, got 'lots'"),
    ],
)
def test_replaced_tests_with_unknown_flags_are_refused(
    alice: APIClient, args: list[str], text: str
) -> None:
    error = error_of(replace(alice, case(), case(*args)))
    assert error["field"] == "test_cases.1.validator_args"
    assert text in error["message"]
    assert active_args() == [[]]


def test_replaced_tests_are_checked_with_the_problems_flags(alice: APIClient) -> None:
    problem = Problem.objects.get(slug="mine")
    problem.judge = judge_builtin_get_or_create(name="default", args=["float_tolerance", "1e-6"])
    problem.save(update_fields=["judge"])
    error = error_of(replace(alice, case("float_relative_tolerance")))
    assert "float_relative_tolerance needs a value" in error["message"]


def test_replaced_tests_are_checked_against_the_problems_builtin_checker(
    alice: APIClient,
) -> None:
    problem = Problem.objects.get(slug="mine")
    problem.judge = judge_builtin_get_or_create(name="floats")
    problem.save(update_fields=["judge"])
    error = error_of(replace(alice, case("case_sensitive")))
    assert error["field"] == "test_cases.0.validator_args"
    assert "floats" in error["message"] and "got 'case_sensitive'" in error["message"]
    ok = replace(alice, case("abs=0.5"))
    assert ok.status_code == 200, ok.content
    assert active_args() == [["abs=0.5"]]


def test_known_flags_still_replace_the_tests_and_judge_with_them(alice: APIClient) -> None:
    flags = ["case_sensitive", "space_change_sensitive", "float_tolerance", "1e-6"]
    response = replace(alice, {"input": "\n", "answer": "0.5\n", "validator_args": flags})
    assert response.status_code == 200, response.content
    assert active_args() == [flags]
    problem = Problem.objects.get(slug="mine")
    close = submission_create(problem=problem, language="python", source="print(0.5000001)\n")
    assert close.judgings.get().verdict == "AC"


def test_a_custom_judge_receives_its_own_arguments_unchecked(alice: APIClient) -> None:
    """A custom judge's arguments are its own to understand (it is run, not parsed)."""
    problem = Problem.objects.get(slug="mine")
    problem.judge = Judge.objects.create(
        key="mine-kattis",
        version=1,
        kind=JudgeKind.KATTIS,
        language="python",
        files={"v.py": "import sys\nsys.exit(42)\n"},
        entry="v.py",
        state=JudgeState.ACTIVE,
        origin=JudgeOrigin.STAFF,
        problem=problem,
    )
    problem.save(update_fields=["judge"])
    response = replace(alice, case("--strict"))
    assert response.status_code == 200, response.content
    assert active_args() == [["--strict"]]


def test_a_builtin_judge_is_checked_with_the_args_of_the_problems_cases() -> None:
    """Each case is judged with the judge's args followed by its own: a checker that
    refuses a case's arguments would end that case JE."""
    spec = CaseSpec(
        name="secret/001",
        group="secret",
        input=b"\n",
        answer=b"0.5\n",
        validator_args=("float_tolerance", "1e-6"),
    )
    problem_upsert(slug="p", title="p", cases=[spec])
    boss = client_for("boss", is_staff=True, is_superuser=True)
    body = {"problem": "p", "kind": "builtin", "builtin_name": "floats", "args": []}
    error = error_of(boss.post("/api/v1/judges/", body, format="json"))
    assert error["field"] == "args"
    assert "test case secret/001's ['float_tolerance', '1e-6']" in error["message"]
    assert "got 'float_tolerance'" in error["message"]
    body = {
        "problem": "p",
        "kind": "builtin",
        "builtin_name": "default",
        "args": ["case_sensitive"],
    }
    response = boss.post("/api/v1/judges/", body, format="json")
    assert response.status_code == 201, response.content
