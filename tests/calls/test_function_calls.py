"""Function calls in every language with a solver stub, through the native API.

``programs/<language>/<problem>.<ext>`` solves a problem of ``problems.py`` and must be
accepted; ``programs/<language>/<problem>__hack_<what>.<ext>`` tries to pass without
solving it (exiting early, printing a forged report, returning a value that claims to
equal anything, ...) and must not be accepted. Every language that runs function calls
has a program for every problem, except where it lacks the type: ``UNSUPPORTED`` names
those, and the submission is then refused with a 422 saying why.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.executors import FUNCTION_CALL, language_for_extension, languages_supporting

from .problems import PROBLEMS

pytestmark = pytest.mark.django_db(transaction=True)

PROGRAMS = Path(__file__).with_name("programs")

# (language, problem) pairs whose values the language cannot hold: refused at submit.
UNSUPPORTED: dict[tuple[str, str], str] = {
    ("cpp", "mixed"): "expected value: a list mixing",
    ("javascript", "add"): "argument 1: 4611686018427387904 is beyond the integers JavaScript",
    ("typescript", "add"): "argument 1: 4611686018427387904 is beyond the integers JavaScript",
    ("php", "tally"): "expected value: PHP arrays cannot tell an empty object from an empty list",
    ("rust", "mixed"): "expected value: a list mixing",
    ("java", "mixed"): "expected value: a list mixing",
    ("kotlin", "mixed"): "expected value: a list mixing",
    ("perl", "negate"): "argument 1: Perl has no booleans",
    ("perl", "mixed"): "expected value: Perl has no booleans",
    ("lua", "tally"): "expected value: an empty object is an empty Lua table",
    ("lua", "mixed"): "expected value: a Lua table cannot hold nil",
    ("bash", "scale"): "argument 1: a Bash function takes and returns strings and numbers",
    ("bash", "negate"): "argument 1: Bash has no booleans",
    ("bash", "transpose"): "argument 1: a Bash function takes and returns strings and numbers",
    ("bash", "tally"): "argument 1: a Bash function takes and returns strings and numbers",
    ("bash", "find"): "argument 1: a Bash function takes and returns strings and numbers",
    ("bash", "mixed"): "expected value: a Bash function takes and returns strings",
    ("r", "add"): "argument 1: 4611686018427387904 is beyond the integers R holds exactly",
    ("verilog", "find"): "argument 1: Verilog functions take and return integers only",
    ("verilog", "mixed"): "argument 2: Verilog functions take and return integers only",
    ("verilog", "negate"): "argument 1: Verilog functions take and return integers only",
    ("verilog", "scale"): "argument 1: Verilog functions take and return integers only",
    ("verilog", "shout"): "argument 1: Verilog functions take and return integers only",
    ("verilog", "tally"): "argument 1: Verilog functions take and return integers only",
    ("verilog", "transpose"): "argument 1: Verilog functions take and return integers only",
    ("csharp", "mixed"): "expected value: a list mixing",
    ("d", "mixed"): "expected value: a list mixing",
    ("scala", "mixed"): "expected value: a list mixing",
    ("kotlin_script", "mixed"): "expected value: a list mixing",
    ("tcl", "scale"): "argument 1: an empty Tcl list or dict is the empty string",
    ("tcl", "tally"): "argument 1: an empty Tcl list or dict is the empty string",
    ("tcl", "negate"): "argument 1: Tcl has no booleans",
    ("tcl", "find"): "expected value: Tcl has no null",
    ("tcl", "mixed"): "expected value: Tcl has no booleans",
    ("nim", "mixed"): "expected value: a list mixing",
    ("ocaml", "mixed"): "expected value: a list mixing",
    ("c", "tally"): "expected value: objects have no map type here",
    ("c", "find"): "expected value: C has no null value",
    ("c", "mixed"): "expected value: C has no null value",
    ("haskell", "mixed"): "expected value: a list mixing",
    ("pascal", "tally"): "expected value: objects have no map type here",
    ("pascal", "find"): "expected value: Pascal has no null value",
    ("pascal", "mixed"): "expected value: Pascal has no null value",
    ("fortran", "tally"): "expected value: objects have no map type here",
    ("fortran", "find"): "expected value: Fortran has no null value",
    ("fortran", "mixed"): "expected value: Fortran has no null value",
    ("ada", "tally"): "expected value: objects have no map type here",
    ("ada", "find"): "expected value: Ada has no null value",
    ("ada", "mixed"): "expected value: Ada has no null value",
}


def _programs() -> list[Path]:
    return sorted(p for p in PROGRAMS.glob("*/*") if p.is_file())


def _problem_of(path: Path) -> str:
    return path.stem.split("__", 1)[0]


def _tests(problem: str) -> list[dict[str, object]]:
    spec = PROBLEMS[problem]
    return [
        {"fn_name": spec.fn_name, "args": args, "expected": expected}
        for args, expected in spec.cases
    ]


@pytest.fixture
def client() -> APIClient:
    token, _ = Token.objects.get_or_create(user=make_user("caller"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _submit(client: APIClient, language: str, problem: str, source: str):
    return client.post(
        "/api/v1/submissions/?wait=120",
        {"kind": "function_call", "tests": _tests(problem), "language": language, "source": source},
        format="json",
    )


@pytest.mark.parametrize("path", _programs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_program(client: APIClient, path: Path) -> None:
    language = path.parent.name
    assert language_for_extension(path.suffix) is not None, path
    response = _submit(client, language, _problem_of(path), path.read_text())
    assert response.status_code == 201, response.content
    body = response.json()
    if "__hack_" in path.stem:
        assert body["verdict"] != "AC", body
    else:
        assert body["verdict"] == "AC", body


@pytest.mark.parametrize(("language", "problem"), sorted(UNSUPPORTED))
def test_values_the_language_cannot_hold_are_refused(
    client: APIClient, language: str, problem: str
) -> None:
    response = _submit(client, language, problem, "unused")
    assert response.status_code == 422, response.content
    assert UNSUPPORTED[(language, problem)] in response.content.decode()


def test_every_language_has_a_program_for_every_problem() -> None:
    languages = set(languages_supporting(FUNCTION_CALL)) - {"python"}
    missing = [
        (language, problem)
        for language in sorted(languages)
        for problem in PROBLEMS
        if (language, problem) not in UNSUPPORTED
        and not list((PROGRAMS / language).glob(f"{problem}.*"))
    ]
    assert not missing, missing
    hacks = {language for language in languages if list((PROGRAMS / language).glob("*__hack_*"))}
    assert hacks == languages, languages - hacks
