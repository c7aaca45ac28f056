"""Staff set a judge's protocol through the API: POST /api/v1/judges/."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from judges.models import JudgeKind, JudgeOrigin, JudgeState
from tests.factories import make_problem, make_user
from verification.models import Problem
from verification.services import submission_create

pytestmark = pytest.mark.django_db(transaction=True)

TESTLIB_CHECKER = (
    "import sys\n"
    "out = open(sys.argv[2]).read().split()\n"
    "ans = open(sys.argv[3]).read().split()\n"
    "if sorted(out) == sorted(ans):\n"
    "    sys.exit(0)\n"
    "sys.stderr.write('not the same multiset')\n"
    "sys.exit(1)\n"
)


def client_for(**fields: object) -> APIClient:
    user = make_user(str(fields.pop("username")), **fields)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_staff_writes_a_testlib_judge_that_then_decides_verdicts() -> None:
    problem = make_problem("anyorder", [("3\n", "1 2 3\n")])
    boss = client_for(username="boss", is_staff=True, is_superuser=True)
    response = boss.post(
        "/api/v1/judges/",
        {
            "problem": "anyorder",
            "kind": "testlib",
            "language": "python",
            "files": {"checker.py": TESTLIB_CHECKER},
            "entry": "checker.py",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    problem.refresh_from_db()
    judge = problem.judge
    assert judge is not None
    assert (judge.kind, judge.origin, judge.state) == (
        JudgeKind.TESTLIB,
        JudgeOrigin.STAFF,
        JudgeState.ACTIVE,
    )
    reversed_order = submission_create(
        problem=Problem.objects.get(slug="anyorder"), language="python", source="print(3, 2, 1)\n"
    )
    missing = submission_create(problem=problem, language="python", source="print(3, 2)\n")
    assert reversed_order.judgings.get().verdict == "AC"
    result = missing.judgings.get()
    assert result.verdict == "WA"
    assert result.case_results.get().checker_message == "not the same multiset"


def test_a_builtin_judge_with_flags() -> None:
    problem = make_problem("approx", [("\n", "3.14159\n")])
    boss = client_for(username="boss", is_staff=True, is_superuser=True)
    response = boss.post(
        "/api/v1/judges/",
        {
            "problem": "approx",
            "kind": "builtin",
            "builtin_name": "default",
            "args": ["float_tolerance", "1e-3"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    close = submission_create(problem=problem, language="python", source="print(3.1414)\n")
    assert close.judgings.get().verdict == "AC"


@pytest.mark.parametrize(
    ("payload", "status", "text"),
    [
        ({"kind": "builtin", "builtin_name": "fuzzy"}, 400, "unknown built-in checker 'fuzzy'"),
        ({"kind": "builtin", "builtin_name": "assert"}, 400, "unknown built-in checker 'assert'"),
        ({"kind": "kattis", "files": {}, "entry": "v.py"}, 400, "source files"),
        ({"kind": "telepathy"}, 400, "not a valid choice"),
        (
            {
                "kind": "kattis",
                "language": "cpp",
                "files": {"v.cpp": "int main( {"},
                "entry": "v.cpp",
            },
            400,
            "does not compile",
        ),
    ],
)
def test_bad_judges_are_refused(payload: dict, status: int, text: str) -> None:
    make_problem("p", [("1\n", "1\n")])
    boss = client_for(username="boss", is_staff=True, is_superuser=True)
    response = boss.post("/api/v1/judges/", {"problem": "p", **payload}, format="json")
    assert response.status_code == status, response.content
    assert text in response.json()["error"]["message"]
    assert Problem.objects.get(slug="p").judge.kind == JudgeKind.BUILTIN  # type: ignore[union-attr]


def test_only_staff_write_judges() -> None:
    make_problem("p", [("1\n", "1\n")])
    user = client_for(username="researcher")
    response = user.post(
        "/api/v1/judges/",
        {"problem": "p", "kind": "builtin", "builtin_name": "tokens"},
        format="json",
    )
    assert response.status_code == 403
