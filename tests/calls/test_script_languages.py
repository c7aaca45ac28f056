"""Function calls in JavaScript, TypeScript, PHP and Ruby: the values each refuses, and
the shapes of program their solvers take beyond those of ``programs/``."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.harness.calls import call_problem, solver_source


@pytest.mark.parametrize(
    ("language", "args", "expected", "why"),
    [
        ("javascript", [2**53], 1, "argument 1: 9007199254740992 is beyond the integers"),
        ("typescript", [1], [-(2**53)], "expected value: -9007199254740992 is beyond"),
        ("php", [{}], 1, "argument 1: PHP arrays cannot tell an empty object"),
        ("php", [1], {"a": {"0": 1, "1": 2}}, "expected value: PHP arrays cannot tell an object"),
        ("php", [2**63], 1, "argument 1: 9223372036854775808 does not fit in 64 bits"),
        ("ruby", [[[[[]]]]], 1, None),
    ],
)
def test_values_refused(language: str, args: list[Any], expected: Any, why: str | None) -> None:
    problem = call_problem(language, args, expected)
    if why is None:
        assert problem is None
    else:
        assert problem is not None and problem.startswith(why), problem


@pytest.mark.parametrize(
    ("language", "value"),
    [
        ("javascript", [2**53 - 1, -(2**53 - 1), 0.5, "x", None, {"a": [True]}]),
        ("php", {"0": 1, "2": 3}),
        ("php", {"1": "a"}),
        ("php", []),
        ("ruby", [2**80, {}, [1, "mixed", None]]),
    ],
)
def test_values_held(language: str, value: Any) -> None:
    assert call_problem(language, [value], value) is None


def test_values_nested_too_deeply_are_refused() -> None:
    deep: list[Any] = []
    for _ in range(150):
        deep = [deep]
    for language in ("javascript", "php", "ruby"):
        assert call_problem(language, [deep], 1) == "argument 1: nested too deeply"


def test_php_stub_reopens_php_after_a_closing_tag() -> None:
    ended_outside = solver_source("php", "function f() { return 1; } ?>\n<p>", "f", 0)
    assert ended_outside.startswith("<?php function f()")
    assert "<p>\n<?php\n" in ended_outside
    ended_inside = solver_source("php", "<?php ?>\n<p>\n<?php function f() {}", "f", 0)
    assert ended_inside.count("<?php") == 2


def test_ruby_stub_goes_before_the_data_section() -> None:
    source = solver_source("ruby", "def f = DATA.read\n__END__\ndata\n", "f", 0)
    assert source.index("ScaleboxCall.run(") < source.index("__END__\ndata\n")
    assert source.endswith("__END__\ndata\n")


# -- through the API ---------------------------------------------------------------------


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("scripter"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "source", "args", "expected"),
    [
        # A shebang and "use strict" stay first; a default export is found as the module's.
        (
            "javascript",
            "#!/usr/bin/env node\n'use strict';\nmodule.exports = function twice(x) {\n"
            "  return 2 * x;\n};\n",
            [21.5],
            43,
        ),
        (
            "typescript",
            "export async function twice(x: number): Promise<number> {\n  return 2 * x;\n}\n",
            [4],
            8,
        ),
        # Whole floats reach a parameter declared int as ints; HTML after a closing tag.
        (
            "php",
            "<?php\ndeclare(strict_types=1);\nfunction twice(int $x): int { return 2 * $x; }\n"
            "?>\n<p>done</p>\n",
            [3.0],
            6,
        ),
        ("ruby", "def twice(x) = 2 * x + DATA.read.to_i\n__END__\n1\n", [5], 11),
        ("ruby", "module Solution\n  def self.twice(x) = 2 * x\nend\n", [0.25], 0.5),
    ],
)
def test_program_shapes(
    client: APIClient, language: str, source: str, args: list[Any], expected: Any
) -> None:
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {
            "kind": "function_call",
            "tests": [{"fn_name": "twice", "args": args, "expected": expected}],
            "language": language,
            "source": source,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["verdict"] == "AC", response.json()
