"""The native API refuses what it cannot hold with a 4xx naming the field: text that is
not Unicode, JSON nested too deep, numbers of the wrong type or out of the server's
ranges, and checker flags nobody understands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_problem, make_user
from tests.problem_package.conftest import MINIMAL, write_tree
from verification.api.parsers import BoundedJSONParser, json_depth_exceeds
from verification.errors import InvalidInput, TooLarge
from verification.models import Problem
from verification.problem_package import load_package
from verification.services import CaseSpec, problem_upsert
from verification.services_import import problem_import

pytestmark = pytest.mark.django_db(transaction=True)

SQUARE = "n = int(input())\nprint(n * n)\n"


@pytest.fixture
def alice() -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=make_user("alice"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def square() -> Problem:
    return make_problem("square", [(f"{i}\n", f"{i * i}\n") for i in range(3)])


def post_raw(client: APIClient, url: str, body: str | bytes) -> Any:
    """Post a body exactly as given (json.dumps escapes a lone surrogate as \\ud800)."""
    return client.post(url, data=body, content_type="application/json")


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]


def problem(**fields: Any) -> dict[str, Any]:
    return {"slug": "p", "test_cases": [{"input": "1\n", "answer": "1\n"}], **fields}


def submission(**fields: Any) -> dict[str, Any]:
    return {"problem": "square", "language": "python", "source": SQUARE, **fields}


# --- text that is not Unicode --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/submissions/", submission(source="print(1)\ud800"), "source"),
        ("/api/v1/submissions/", submission(language="py\udfff"), "language"),
        (
            "/api/v1/submissions/",
            {"tests": [{"input": "\ud800", "answer": "1"}], "language": "python", "source": "x"},
            "tests.0.input",
        ),
        ("/api/v1/problems/", problem(title="\udc00"), "title"),
        (
            "/api/v1/submissions/",
            {
                "kind": "function_call",
                "tests": [{"fn_name": "f", "args": [["\ud800"]], "expected": 1}],
                "language": "python",
                "source": "def f(x):\n    return 1\n",
            },
            "tests.0.args.0.0",
        ),
        ("/api/v1/problems/", problem(**{"k\ud800": 1}), "k\\ud800"),
    ],
)
def test_a_lone_surrogate_is_400_naming_the_field(
    alice: APIClient, square: Problem, url: str, body: dict[str, Any], field: str
) -> None:
    error = error_of(post_raw(alice, url, json.dumps(body)), 400)
    assert "lone surrogate" in error["message"]
    assert error["field"] == field


def test_a_surrogate_pair_is_text(alice: APIClient, square: Problem) -> None:
    body = json.dumps(submission(source="print('\U0001f600')\n"))
    assert "\\ud83d\\ude00" in body
    assert post_raw(alice, "/api/v1/submissions/", body).status_code == 201


def test_a_body_that_is_not_utf8_is_400(alice: APIClient, square: Problem) -> None:
    body = json.dumps(submission()).encode().replace(b"print", b"pr\xffint")
    error = error_of(post_raw(alice, "/api/v1/submissions/", body), 400)
    assert "not valid UTF-8" in error["message"]


def test_a_form_field_that_is_not_utf8_is_400(alice: APIClient, square: Problem) -> None:
    body = b"problem=square&language=python&source=print(%FF)"
    response = alice.post(
        "/api/v1/submissions/", data=body, content_type="application/x-www-form-urlencoded"
    )
    error = error_of(response, 400)
    assert error["field"] == "source" and "UTF-8" in error["message"]


# --- depth and size -----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [101, 100_000])
def test_deep_nesting_is_refused_before_parsing(
    alice: APIClient, square: Problem, depth: int
) -> None:
    body = '{"problem": "square", "language": "python", "source": "x", "tests": '
    body += "[" * depth + "]" * depth + "}"
    error = error_of(post_raw(alice, "/api/v1/submissions/", body), 400)
    assert "deeper than 100 levels" in error["message"]


def test_brackets_inside_strings_do_not_count(alice: APIClient, square: Problem) -> None:
    source = "print(" + "[" * 5000 + "'\\\"{'" + "]" * 5000 + ")"
    response = post_raw(alice, "/api/v1/submissions/", json.dumps(submission(source=source)))
    assert response.status_code == 201, response.content


def test_the_parser_caps_what_it_reads() -> None:
    with override_settings(SCALEBOX_MAX_REQUEST_BYTES=1024), pytest.raises(TooLarge):
        BoundedJSONParser().parse(io.BytesIO(b'"' + b"a" * 5000 + b'"'))


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.integers() | st.text(), lambda c: st.lists(c, max_size=3)))
def test_depth_scan_agrees_with_the_parsed_value(value: Any) -> None:
    def depth(item: Any) -> int:
        return 1 + max(map(depth, item), default=0) if isinstance(item, list) else 0

    text = json.dumps(value)
    for limit in range(0, 8):
        assert json_depth_exceeds(text, limit) == (depth(value) > limit)


_ANY_CHARACTER = st.one_of(st.characters(), st.sampled_from(["\ud800", "\udc00", "\udbff"]))


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_ANY_CHARACTER, min_size=1, max_size=20).map("".join))
def test_any_text_is_either_accepted_or_a_400(alice: APIClient, text: str) -> None:
    body = json.dumps(problem(slug="x", statement=text))
    response = post_raw(alice, "/api/v1/problems/", body)
    assert response.status_code in (201, 400), response.content
    # Two escapes that form a pair are read as one character, as JSON says.
    received = json.loads(body)["statement"]
    refused = "\x00" in received or any(0xD800 <= ord(c) <= 0xDFFF for c in received)
    assert (response.status_code == 400) == refused, response.content
    Problem.objects.filter(slug="x").delete()


# --- numbers: types and server ranges -------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"output_limit_kb": 2**70}, "output_limit_kb", "from 1 to 131072 KB"),
        ({"output_limit_kb": 10**15}, "output_limit_kb", "from 1 to 131072 KB"),
        ({"output_limit_kb": 0}, "output_limit_kb", "from 1 to 131072 KB"),
        ({"memory_limit_mb": 1_000_000}, "memory_limit_mb", "from 16 to 8192 MB"),
        ({"memory_limit_mb": 1}, "memory_limit_mb", "from 16 to 8192 MB"),
        ({"time_limit_s": 601}, "time_limit_s", "from 0.01 to 600 seconds"),
        ({"memory_limit_mb": "512"}, "memory_limit_mb", "must be an integer, got a string"),
        ({"memory_limit_mb": True}, "memory_limit_mb", "must be an integer, got a boolean"),
        ({"memory_limit_mb": 512.5}, "memory_limit_mb", "must be an integer, got a number"),
        ({"time_limit_s": "1"}, "time_limit_s", "got a string"),
        ({"title": 5}, "title", "must be a string, got a number"),
        ({"slug": 5}, "slug", "must be a string"),
    ],
)
def test_problem_numbers_out_of_range_or_of_the_wrong_type(
    alice: APIClient, fields: dict[str, Any], field: str, text: str
) -> None:
    error = error_of(alice.post("/api/v1/problems/", problem(**fields), format="json"), 400)
    assert error["field"] == field
    assert text in error["message"]
    assert not Problem.objects.exists()


def test_inline_tests_take_an_output_limit_in_range(alice: APIClient, square: Problem) -> None:
    tests = [{"input": "3\n", "answer": "9\n"}]
    body = {"tests": tests, "language": "python", "source": SQUARE, "output_limit_kb": 0}
    error = error_of(alice.post("/api/v1/submissions/", body, format="json"), 400)
    assert error["field"] == "output_limit_kb" and "from 1 to 131072 KB" in error["message"]
    on_problem = {"problem": "square", "language": "python", "source": SQUARE}
    error = error_of(
        alice.post("/api/v1/submissions/", {**on_problem, "output_limit_kb": 4}, format="json"),
        400,
    )
    assert error["field"] == "output_limit_kb" and "inline tests" in error["message"]
    response = alice.post(
        "/api/v1/submissions/?wait=60", {**body, "output_limit_kb": 7}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Problem.objects.get(slug=response.json()["problem"]).output_limit_kb == 7


def test_an_infinite_number_is_400(alice: APIClient) -> None:
    body = json.dumps(problem()).replace('"slug"', '"time_limit_s": 1e400, "slug"')
    error = error_of(post_raw(alice, "/api/v1/problems/", body), 400)
    assert error["field"] == "time_limit_s" and "finite" in error["message"]


def test_a_problem_at_the_server_maximum_is_accepted(alice: APIClient) -> None:
    fields = {"output_limit_kb": 131072, "memory_limit_mb": 8192, "time_limit_s": 600}
    response = alice.post("/api/v1/problems/", problem(**fields), format="json")
    assert response.status_code == 201, response.content
    with override_settings(SCALEBOX_MAX_MEMORY_LIMIT_MB=4096):
        lowered = alice.post(
            "/api/v1/problems/", problem(slug="q", memory_limit_mb=8192), format="json"
        )
    assert "from 16 to 4096 MB" in error_of(lowered, 400)["message"]


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"memory_limit_mb": 1_000_000}, "memory_limit_mb", "from 16 to 8192 MB"),
        ({"time_limit_s": 10**6}, "time_limit_s", "600 seconds"),
        ({"priority": 2**70}, "priority", ""),
        ({"priority": "5"}, "priority", "must be an integer"),
        ({"priority": True}, "priority", "must be an integer"),
        ({"stop_on_first_failure": "yes"}, "stop_on_first_failure", "true or false"),
        ({"stop_on_first_failure": 1}, "stop_on_first_failure", "true or false"),
        ({"source": 5}, "source", "must be a string"),
        ({"language": ["python"]}, "language", "must be a string, got a list"),
    ],
)
def test_submission_fields_out_of_range_or_of_the_wrong_type(
    alice: APIClient, square: Problem, fields: dict[str, Any], field: str, text: str
) -> None:
    response = alice.post("/api/v1/submissions/", submission(**fields), format="json")
    error = error_of(response, 400)
    assert error["field"] == field
    assert text in error["message"]


def test_the_service_holds_packages_to_the_same_range() -> None:
    case = CaseSpec("1", "secret", b"1\n", b"1\n")
    with pytest.raises(InvalidInput, match="from 1 to 131072 KB"):
        problem_upsert(slug="big", title="", cases=[case], output_limit_kb=512 * 1024)
    with pytest.raises(InvalidInput, match="from 16 to 8192 MB"):
        problem_upsert(slug="big", title="", cases=[case], memory_limit_mb=10**6)


@pytest.mark.parametrize(
    ("limits", "text"),
    [
        ("memory: 100000", "from 16 to 8192 MB, got 100000"),
        ("output: 1000000", "from 1 to 131072 KB"),
        ("time_limit: 1000000", "from 0.01 to 600 seconds"),
    ],
)
def test_a_package_beyond_the_server_maximum_is_refused(
    tmp_path: Path, limits: str, text: str
) -> None:
    root = write_tree(
        tmp_path / "big", {**MINIMAL, "problem.yaml": f"name: Big\nlimits:\n  {limits}\n"}
    )
    with pytest.raises(InvalidInput, match=text):
        problem_import(package=load_package(root), slug="big")
    assert not Problem.objects.filter(slug="big").exists()


# --- checker flags --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        (
            {"validator_flags": ["case_sensitiv"]},
            "validator_flags",
            "unknown flag 'case_sensitiv'; known flags: case_sensitive, space_change_sensitive",
        ),
        ({"validator_flags": ["float_tolerance"]}, "validator_flags", "needs a value"),
        ({"validator_flags": ["float_tolerance", "x"]}, "validator_flags", "finite number"),
        (
            {"test_cases": [{"input": "1", "answer": "1", "validator_args": ["nope"]}]},
            "test_cases.0.validator_args",
            "unknown flag 'nope'",
        ),
    ],
)
def test_unknown_checker_flags_are_refused_at_creation(
    alice: APIClient, fields: dict[str, Any], field: str, text: str
) -> None:
    error = error_of(alice.post("/api/v1/problems/", problem(**fields), format="json"), 400)
    assert error["field"] == field
    assert text in error["message"]


def test_known_checker_flags_are_accepted(alice: APIClient) -> None:
    flags = ["case_sensitive", "float_tolerance", "1e-6", "space_change_sensitive"]
    response = alice.post("/api/v1/problems/", problem(validator_flags=flags), format="json")
    assert response.status_code == 201, response.content


def test_inline_tests_with_unknown_flags_are_refused(alice: APIClient) -> None:
    body = {
        "tests": [{"input": "2\n", "answer": "4\n"}],
        "language": "python",
        "source": SQUARE,
        "validator_flags": ["tolerance", "0.1"],
    }
    error = error_of(alice.post("/api/v1/submissions/", body, format="json"), 400)
    assert error["field"] == "validator_flags"
    assert "unknown flag 'tolerance'" in error["message"]
