"""In the Python harness's function-call and assert modes, a program that raises is a
run-time error (RE) and one that returns a wrong value a wrong answer (WA), each with a
message in words: no harness report, nonce or harness-internal name reaches the reader."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

INTERNAL = ("_SolverGone", "_Unencodable", "_ProgramRaised", "_WrongValue", "nonce", "RuntimeError")


def _judged(client: APIClient, kind: str, source: str) -> dict[str, Any]:
    test: dict[str, Any]
    if kind == "function_call":
        test = {"fn_name": "add", "args": [1, 2], "expected": 3}
    else:
        check = (
            "def check(candidate):\n"
            "    assert candidate(2, 2) == 4\n"
            "    assert candidate(1, 2) == 3\n"
        )
        test = {"test": check, "entry_point": "add"}
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {"kind": kind, "tests": [test], "language": "python", "source": source},
        format="json",
    )
    assert response.status_code == 201, response.content
    case = response.json()["judging"]["cases"][0]
    for name in INTERNAL:
        assert name not in case["checker_message"], case
    return case


@pytest.mark.parametrize("kind", ["function_call", "assert"])
@pytest.mark.parametrize(
    ("source", "verdict", "message"),
    [
        ("def add(a, b):\n    return a // 0\n", "RE", "raised ZeroDivisionError: integer"),
        ("import sys\ndef add(a, b):\n    sys.exit(3)\n", "RE", "raised SystemExit: 3"),
        ("import os\ndef add(a, b):\n    os._exit(0)\n", "RE", "exited during a call to add"),
        ("def add(a, b):\n    return object()\n", "WA", "returned a value of type object"),
        ("def add(a, b):\n    return a + b\n", "AC", ""),
    ],
)
def test_an_exception_is_re_and_a_wrong_value_wa(
    client: APIClient, kind: str, source: str, verdict: str, message: str
) -> None:
    case = _judged(client, kind, source)
    assert case["verdict"] == verdict, case
    assert message in case["checker_message"], case


def test_a_wrong_value_says_which_assertion_failed(client: APIClient) -> None:
    case = _judged(client, "assert", "def add(a, b):\n    return 4\n")
    assert case["verdict"] == "WA", case
    assert case["checker_message"] == "assertion 2 failed (1 held before it)"
    call = _judged(client, "function_call", "def add(a, b):\n    return a - b\n")
    assert (call["verdict"], call["checker_message"]) == ("WA", "expected 3, got -1")


def test_tests_that_catch_the_programs_exception_still_fail_as_wrong(client: APIClient) -> None:
    """Test code may catch an exception of the program's (it is a RuntimeError, as it was):
    what then fails is an assertion, a wrong answer."""
    check = (
        "def check(candidate):\n    try:\n        candidate(1, 2)\n"
        "    except RuntimeError:\n        assert False, 'the call raised'\n"
    )
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {
            "kind": "assert",
            "tests": [{"test": check, "entry_point": "add"}],
            "language": "python",
            "source": "def add(a, b):\n    raise ValueError('no')\n",
        },
        format="json",
    )
    case = response.json()["judging"]["cases"][0]
    assert case["verdict"] == "WA", case
    assert case["checker_message"] == "assertion 1 failed (0 held before it): the call raised"


def test_a_printed_report_claiming_an_exception_is_still_only_wa(client: APIClient) -> None:
    """The program cannot write the harness's report (its stdout is stderr, and it never
    sees the nonce): a forged line saying "raised" changes nothing."""
    forged = (
        "import json\n"
        "def add(a, b):\n"
        '    print(json.dumps({"nonce": "0" * 32, "status": "raised", "exception": True}))\n'
        "    return 0\n"
    )
    case = _judged(client, "function_call", forged)
    assert case["verdict"] == "WA", case
