"""The native REST API under /api/v1/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_problem, make_user
from tests.problem_package.conftest import zip_directory
from verification.executors import executor_for
from verification.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "aplusb"
SQUARE = "n = int(input())\nprint(n * n)\n"


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def alice() -> APIClient:
    return client_for(make_user("alice"))


@pytest.fixture
def bob() -> APIClient:
    return client_for(make_user("bob"))


@pytest.fixture
def square():
    return make_problem("square", [(f"{i}\n", f"{i * i}\n") for i in range(4)])


def assert_error(response, status: int, text: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert text in body["error"]["message"], body


def test_requires_a_token() -> None:
    response = APIClient().get("/api/v1/submissions/")
    assert_error(response, 401, "credentials")


def test_create_problem_and_read_it(alice: APIClient) -> None:
    response = alice.post(
        "/api/v1/problems/",
        {
            "slug": "double",
            "title": "Double",
            "time_limit_s": 1.5,
            "test_cases": [
                {"input": "1\n", "answer": "2\n", "group": "sample"},
                {"input": "5\n", "answer": "10\n"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "double" and body["time_limit_s"] == 1.5
    assert body["test_case_count"] == 2
    assert {g["group"]: g["cases"] for g in body["groups"]} == {"sample": 1, "secret": 1}
    listed = alice.get("/api/v1/problems/").json()
    assert [p["slug"] for p in listed["results"]] == ["double"]
    assert alice.get("/api/v1/problems/double/").json()["title"] == "Double"


def test_duplicate_slug_and_bad_problem_input(alice: APIClient, square) -> None:
    dup = alice.post(
        "/api/v1/problems/",
        {"slug": "square", "test_cases": [{"input": "", "answer": ""}]},
        format="json",
    )
    assert_error(dup, 400, "exists")
    no_cases = alice.post("/api/v1/problems/", {"slug": "x", "test_cases": []}, format="json")
    assert_error(no_cases, 400, "")
    assert no_cases.json()["error"]["field"] == "test_cases"
    assert_error(alice.get("/api/v1/problems/nope/"), 404, "no problem with slug 'nope'")


def test_submit_and_wait_for_the_verdict(alice: APIClient, square) -> None:
    response = alice.post(
        "/api/v1/submissions/?wait=60",
        {"problem": "square", "language": "python", "source": SQUARE},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["verdict"] == "AC" and body["status"] == "DONE"
    cases = body["judging"]["cases"]
    assert [c["verdict"] for c in cases] == ["AC"] * 4
    assert all(c["worker"] for c in cases)
    detail = alice.get(f"/api/v1/submissions/{body['id']}/").json()
    assert detail["source"] == SQUARE


def test_inline_tests(alice: APIClient) -> None:
    response = alice.post(
        "/api/v1/submissions/?wait=60",
        {
            "tests": [{"input": "2\n", "answer": "4\n"}, {"input": "3\n", "answer": "10\n"}],
            "language": "python",
            "source": SQUARE,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["verdict"] == "WA"
    assert [c["verdict"] for c in body["judging"]["cases"]] == ["AC", "WA"]
    # inline problems are not listed
    assert alice.get("/api/v1/problems/").json()["results"] == []


def test_batch_and_its_limit(alice: APIClient, square) -> None:
    one = {"problem": "square", "language": "python", "source": SQUARE}
    response = alice.post(
        "/api/v1/submissions/batch/?wait=60", {"submissions": [one, one]}, format="json"
    )
    assert response.status_code == 201, response.content
    assert [s["verdict"] for s in response.json()] == ["AC", "AC"]
    with override_settings(SCALEBOX_MAX_BATCH_SUBMISSIONS=1):
        too_many = alice.post(
            "/api/v1/submissions/batch/", {"submissions": [one, one]}, format="json"
        )
    assert_error(too_many, 400, "the limit is 1")


def test_rejudge_keeps_the_old_judging(alice: APIClient, square) -> None:
    created = alice.post(
        "/api/v1/submissions/?wait=60",
        {"problem": "square", "language": "python", "source": SQUARE},
        format="json",
    ).json()
    again = alice.post(f"/api/v1/submissions/{created['id']}/rejudge/?wait=60")
    assert again.status_code == 201
    body = again.json()
    assert len(body["judgings"]) == 2
    assert body["judging"]["id"] != created["judging"]["id"]
    assert body["verdict"] == "AC"


def test_users_see_only_their_own_submissions(alice: APIClient, bob: APIClient, square) -> None:
    created = alice.post(
        "/api/v1/submissions/?wait=60",
        {"problem": "square", "language": "python", "source": SQUARE},
        format="json",
    ).json()
    assert_error(bob.get(f"/api/v1/submissions/{created['id']}/"), 404, "no submission")
    assert bob.get("/api/v1/submissions/").json()["results"] == []
    assert_error(bob.post(f"/api/v1/submissions/{created['id']}/rejudge/"), 404, "")
    staff = client_for(make_user("root", is_staff=True))
    assert staff.get(f"/api/v1/submissions/{created['id']}/").status_code == 200
    assert len(staff.get("/api/v1/submissions/").json()["results"]) == 1


def test_list_filters(alice: APIClient, square) -> None:
    for source in (SQUARE, "print(0)\n"):
        alice.post(
            "/api/v1/submissions/?wait=60",
            {"problem": "square", "language": "python", "source": source},
            format="json",
        )
    wa = alice.get("/api/v1/submissions/?verdict=WA").json()["results"]
    assert [s["verdict"] for s in wa] == ["WA"]
    assert len(alice.get("/api/v1/submissions/?problem=square").json()["results"]) == 2
    assert alice.get("/api/v1/submissions/?language=cpp").json()["results"] == []


@pytest.mark.parametrize(
    ("payload", "status", "text"),
    [
        ({"language": "python", "source": SQUARE}, 400, "either 'problem' or 'tests'"),
        ({"problem": "square", "language": "cobol", "source": SQUARE}, 422, "unknown language"),
        (
            {"problem": "square", "language": "swift", "source": SQUARE},
            422,
            "language 'swift' has no runtime here",
        ),
        (
            {"problem": "square", "language": "julia", "source": SQUARE},
            422,
            "language 'julia' has no runtime here",
        ),
        ({"problem": "square", "language": "python", "source": ""}, 400, "source is empty"),
        ({"problem": "nope", "language": "python", "source": SQUARE}, 404, "no problem"),
        ({"problem": "square", "language": "python", "source": SQUARE, "priority": 12}, 400, ""),
    ],
)
def test_bad_submissions(alice: APIClient, square, payload, status, text) -> None:
    assert_error(alice.post("/api/v1/submissions/", payload, format="json"), status, text)


@override_settings(SCALEBOX_EMBEDDED=True)
def test_a_language_whose_runtime_is_missing_is_refused_at_submit(
    alice: APIClient, square, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(executor_for("racket")), "is_installed", lambda self: False)
    response = alice.post(
        "/api/v1/submissions/",
        {"problem": "square", "language": "racket", "source": "(displayln 1)"},
        format="json",
    )
    assert_error(response, 422, "language 'racket' has no runtime installed here")
    assert response.json()["error"]["code"] == "language_unavailable"
    assert not Submission.objects.exists()


def test_size_limits(alice: APIClient, square) -> None:
    with override_settings(SCALEBOX_MAX_SOURCE_BYTES=20):
        big = alice.post(
            "/api/v1/submissions/",
            {"problem": "square", "language": "python", "source": "#" * 21},
            format="json",
        )
    assert_error(big, 413, "the limit is 20 bytes")
    with override_settings(SCALEBOX_MAX_REQUEST_BYTES=2000):
        huge = alice.post(
            "/api/v1/submissions/",
            {"problem": "square", "language": "python", "source": "#" * 5000},
            format="json",
        )
    assert_error(huge, 413, "the limit is 2000 bytes")
    with override_settings(SCALEBOX_MAX_CASES=1):
        many = alice.post(
            "/api/v1/submissions/",
            {
                "tests": [{"input": "1", "answer": "1"}, {"input": "2", "answer": "4"}],
                "language": "python",
                "source": SQUARE,
            },
            format="json",
        )
    assert_error(many, 400, "the limit is 1")


def test_wait_must_be_a_number(alice: APIClient, square) -> None:
    response = alice.post(
        "/api/v1/submissions/?wait=soon",
        {"problem": "square", "language": "python", "source": SQUARE},
        format="json",
    )
    assert_error(response, 400, "wait must be a number")


@pytest.mark.parametrize("raw", ["nan", "inf", "-1"])
def test_wait_must_be_finite_and_not_negative(alice: APIClient, square, raw: str) -> None:
    response = alice.post(
        f"/api/v1/submissions/?wait={raw}",
        {"problem": "square", "language": "python", "source": SQUARE},
        format="json",
    )
    assert_error(response, 400, "wait must be a finite number of seconds, not negative")
    assert not Submission.objects.exists()


def test_upload_a_problem_package(alice: APIClient) -> None:
    data = io.BytesIO(zip_directory(EXAMPLE))
    data.name = "aplusb.zip"
    response = alice.post("/api/v1/problems/upload/", {"package": data}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "aplusb" and body["test_case_count"] == 13
    assert body["time_limit_s"] == 1.0


def test_upload_rejects_a_bad_zip(alice: APIClient) -> None:
    data = io.BytesIO(b"not a zip at all")
    data.name = "broken.zip"
    response = alice.post("/api/v1/problems/upload/", {"package": data}, format="multipart")
    assert_error(response, 400, "")
    assert response.json()["error"]["field"] == "package"


def test_only_owner_or_staff_replace_tests(alice: APIClient, bob: APIClient) -> None:
    alice.post(
        "/api/v1/problems/",
        {"slug": "mine", "test_cases": [{"input": "1\n", "answer": "1\n"}]},
        format="json",
    )
    new = {"test_cases": [{"input": "2\n", "answer": "4\n"}]}
    assert_error(bob.put("/api/v1/problems/mine/test_cases/", new, format="json"), 403, "owner")
    ok = alice.put("/api/v1/problems/mine/test_cases/", new, format="json")
    assert ok.status_code == 200 and ok.json()["test_case_count"] == 1


def test_schema_and_docs(alice: APIClient) -> None:
    schema = alice.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/submissions/" in schema.content
    assert alice.get("/api/v1/docs/").status_code == 200


def _inline(client: APIClient, kind: str, tests: list, source: str):
    return client.post(
        "/api/v1/submissions/?wait=60",
        {"kind": kind, "tests": tests, "language": "python", "source": source},
        format="json",
    )


FUNCTION_TESTS = [
    {"fn_name": "add", "args": [2, 3], "expected": 5},
    {"fn_name": "add", "args": [[1], [2]], "expected": [1, 2]},
]


@pytest.mark.parametrize(
    ("source", "verdict"),
    [
        ("def add(a, b):\n    return a + b\n", "AC"),
        ("def add(a, b):\n    return a\n", "WA"),
        ("import os\nos._exit(0)\n", "RE"),
        (
            "class Yes:\n    def __eq__(self, other):\n        return True\n"
            "def add(a, b):\n    return Yes()\n",
            "WA",
        ),
    ],
    ids=["right", "wrong", "exit-at-import", "lying-eq"],
)
def test_inline_function_call_tests(alice: APIClient, source: str, verdict: str) -> None:
    response = _inline(alice, "function_call", FUNCTION_TESTS, source)
    assert response.status_code == 201, response.content
    assert response.json()["verdict"] == verdict


@pytest.mark.parametrize(
    ("flags", "verdict"), [([], "WA"), (["float_tolerance", "1e-6"], "AC")], ids=["exact", "tol"]
)
def test_inline_function_call_tests_take_float_tolerances(
    alice: APIClient, flags: list[str], verdict: str
) -> None:
    response = alice.post(
        "/api/v1/submissions/?wait=60",
        {
            "kind": "function_call",
            "tests": [{"fn_name": "third", "args": [1], "expected": 0.3333333}],
            "validator_flags": flags,
            "language": "python",
            "source": "def third(x):\n    return x / 3\n",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["verdict"] == verdict


def test_inline_function_call_tests_refuse_flags_they_do_not_know(alice: APIClient) -> None:
    response = alice.post(
        "/api/v1/submissions/",
        {
            "kind": "function_call",
            "tests": FUNCTION_TESTS,
            "validator_flags": ["case_sensitive"],
            "language": "python",
            "source": "def add(a, b):\n    return a + b\n",
        },
        format="json",
    )
    assert_error(response, 400, "unknown function-call checker flag 'case_sensitive'")
    assert not Submission.objects.exists()


ASSERT_TESTS = [
    {"test": "def check(candidate):\n    assert candidate(4) == 16\n", "entry_point": "sq"},
    {"test": "assert sq(3) == 9\nassert sq(0) == 0\n"},
]


@pytest.mark.parametrize(
    ("source", "verdict"),
    [
        ("def sq(x):\n    return x * x\n", "AC"),
        ("def sq(x):\n    return x + x\n", "WA"),
        # The program's own exit inside the call is a run-time error, not a wrong value.
        ("import sys\ndef sq(x):\n    sys.exit(0)\n", "RE"),
    ],
    ids=["right", "wrong", "exit-in-function"],
)
def test_inline_assert_tests(alice: APIClient, source: str, verdict: str) -> None:
    response = _inline(alice, "assert", ASSERT_TESTS, source)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["verdict"] == verdict
    assert len(body["judging"]["cases"]) == 2


def test_inline_tests_must_match_their_kind(alice: APIClient) -> None:
    response = _inline(alice, "function_call", [{"input": "1", "answer": "1"}], "x = 1\n")
    assert_error(response, 400, "required")
    assert response.json()["error"]["field"].startswith("tests.0")
    unknown = _inline(alice, "graph", [{"input": "1", "answer": "1"}], "x = 1\n")
    assert_error(unknown, 400, "not a valid choice")
    cpp = alice.post(
        "/api/v1/submissions/",
        {"kind": "assert", "tests": ASSERT_TESTS, "language": "cpp", "source": "int main(){}"},
        format="json",
    )
    assert_error(cpp, 422, "python")
