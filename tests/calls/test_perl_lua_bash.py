"""Function calls in Perl, Lua and Bash: what each stub makes of the language's values
and of the shapes programs come in, beyond the standard problems of ``problems.py``."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.harness.calls import bash, call_problem, lua, perl


@pytest.mark.parametrize(
    ("language", "args", "expected", "why"),
    [
        ("perl", [[1, True]], 1, "argument 1: Perl has no booleans"),
        ("perl", [1 << 64], 1, "argument 1: 18446744073709551616 does not fit in 64 bits"),
        ("lua", [[1, None]], 1, "argument 1: a Lua table cannot hold nil"),
        ("lua", [{"a": None}], 1, "argument 1: a Lua table cannot hold nil"),
        ("lua", [1], {"a": {}}, "expected value: an empty object is an empty Lua table"),
        ("bash", [None], 1, "argument 1: Bash has no null"),
        ("bash", [1], [1], "expected value: a Bash function takes and returns strings"),
        ("bash", ["a\x00b"], 1, "argument 1: a Bash string cannot hold a NUL character"),
    ],
)
def test_values_the_language_cannot_hold(
    language: str, args: list[Any], expected: Any, why: str
) -> None:
    problem = call_problem(language, args, expected)
    assert problem is not None and problem.startswith(why), problem


@pytest.mark.parametrize(
    ("language", "args", "expected"),
    [
        ("perl", [[1, None, "x"], {"k": [1.5]}], {}),
        ("lua", [[], {"k": [1, 2.5, "x", False]}], []),
        ("bash", ["text", 3, -2.5], "out"),
    ],
)
def test_values_the_language_can_hold(language: str, args: list[Any], expected: Any) -> None:
    assert call_problem(language, args, expected) is None


def _line_of(source: str, text: str) -> int:
    return next(i for i, line in enumerate(source.splitlines(), 1) if text in line)


def test_lua_and_bash_programs_keep_their_line_numbers() -> None:
    code = "#!/usr/bin/env lua\nlocal x = 1\nfunction f(a)\n  return a -- line 4\nend\n"
    source = lua.solver_source(code, "f", 1)
    assert _line_of(source, "-- line 4") == 4
    assert "#!/usr/bin/env lua" not in source
    code = "#!/bin/bash\nf() {\n  echo $1 # line 3\n}\n"
    assert _line_of(bash.solver_source(code, "f", 1), "# line 3") == 3


def test_perl_call_comes_before_the_data_section() -> None:
    source = perl.solver_source("sub f { 1 }\n__DATA__\nsub g { 2 }\n", "f", 0)
    assert source.index("ScaleBox::Call::run('f', 0)") < source.index("__DATA__")


# -- through the API ---------------------------------------------------------------------


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("scripter"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _verdict(
    client: APIClient, language: str, source: str, fn_name: str, cases: list[tuple[list[Any], Any]]
) -> str:
    tests = [{"fn_name": fn_name, "args": args, "expected": out} for args, out in cases]
    response = client.post(
        "/api/v1/submissions/?wait=120",
        {"kind": "function_call", "tests": tests, "language": language, "source": source},
        format="json",
    )
    assert response.status_code == 201, response.content
    verdict: str = response.json()["verdict"]
    return verdict


PERL_TRUTH = """sub same_ends {
    my ($s) = @_;
    return lc(substr($s, 0, 1)) eq lc(substr($s, -1));
}
"""

PERL_NUMBER_OR_STRING = """sub pick {
    my ($n, $s) = @_;
    my $used = $s + 0;  # a string used as a number stays a string
    return $_[2] ? $s : $n;
}
"""


@pytest.mark.django_db(transaction=True)
def test_perl_truth_values_are_1_and_0(client: APIClient) -> None:
    cases: list[tuple[list[Any], Any]] = [(["Aba"], 1), (["abc"], 0)]
    assert _verdict(client, "perl", PERL_TRUTH, "same_ends", cases) == "AC"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("cases", "verdict"),
    [
        ([([5, "5", 0], 5), ([5, "5", 1], "5")], "AC"),
        ([([5, "5", 0], "5")], "WA"),
        ([([5, "5", 1], 5)], "WA"),
    ],
)
def test_perl_numbers_and_strings_keep_their_kind(
    client: APIClient, cases: list[tuple[list[Any], Any]], verdict: str
) -> None:
    assert _verdict(client, "perl", PERL_NUMBER_OR_STRING, "pick", cases) == verdict


PERL_BYTES = """sub mark { return "ü" . $_[0]; }  # no `use utf8`: the literal is bytes
"""

PERL_CHARACTERS = """use utf8;
sub mark { my ($s) = @_; utf8::decode($s); return "ü" . reverse $s; }
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "expected"),
    [(PERL_BYTES, "üa✓"), (PERL_CHARACTERS, "ü✓a")],
    ids=["bytes", "characters"],
)
def test_perl_strings_are_utf8_bytes_and_characters_are_encoded(
    client: APIClient, source: str, expected: str
) -> None:
    assert _verdict(client, "perl", source, "mark", [(["a✓"], expected)]) == "AC"


LUA_SHAPES = """local Solution = {}
Solution.__index = Solution

function Solution:new()
    return setmetatable({ base = 10 }, self)
end

function Solution:split(x)
    return x // self.base, x % self.base
end
"""


@pytest.mark.django_db(transaction=True)
def test_lua_method_of_a_solution_object_and_several_results(client: APIClient) -> None:
    cases: list[tuple[list[Any], Any]] = [([42], [4, 2]), ([7], [0, 7])]
    assert _verdict(client, "lua", LUA_SHAPES, "split", cases) == "AC"


BASH_TEXT = """half() {
    awk -v x="$1" 'BEGIN { print x / 2 }'
}
pad() {
    printf '%03d\\n\\n' "$1"
}
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("fn_name", "cases", "verdict"),
    [
        ("half", [([1], 0.5), ([7], 3.5), ([4], 2)], "AC"),
        ("pad", [([7], "007")], "AC"),
        ("pad", [([7], 7)], "WA"),
    ],
)
def test_bash_output_is_a_number_when_it_reads_as_one(
    client: APIClient, fn_name: str, cases: list[tuple[list[Any], Any]], verdict: str
) -> None:
    assert _verdict(client, "bash", BASH_TEXT, fn_name, cases) == verdict
