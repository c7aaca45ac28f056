"""Python 2 submissions are told apart by their content as well as by their #! line and
skipped with a warning; a package that asks for PyPy gets it for its Python submissions."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from verification.errors import InvalidInput
from verification.problem_package import load_package
from verification.problem_package.python2 import python2_reason
from verification.services_import import problem_import
from verification.services_verify import problem_verify

from .conftest import PackageBuilder

PYTHON2 = {
    "shebang": b"#!/usr/bin/env python2\nprint(input())\n",
    "print statement": b"n = int(raw_input())\nprint n * 2\n",
    "print to a stream": b"import sys\nprint >>sys.stderr, 'x'\nprint(1)\n",
    "except with a comma": b"try:\n    n = 1\nexcept ValueError, error:\n    pass\n",
    "raw_input that parses": b"n = int(raw_input())\nprint(n * 2)\n",
    "xrange that parses": b"for i in xrange(3):\n    print(i)\n",
}
PYTHON3 = {
    "plain": b"print(sum(map(int, input().split())))\n",
    "a shim for raw_input": (
        b"try:\n    raw_input\nexcept NameError:\n    raw_input = input\nprint(raw_input())\n"
    ),
    "xrange imported": b"from six.moves import xrange\nprint(list(xrange(2)))\n",
    "xrange defined": b"def xrange(n):\n    return range(n)\nprint(list(xrange(2)))\n",
    "a syntax error": b"print(1\n",
    "a word print": b"# print the sum\nprint(1)\n",
    "too deep to parse": b"x = " + b"(" * 100_000 + b")" * 100_000 + b"\n",
}


@pytest.mark.parametrize("name", sorted(PYTHON2))
def test_python2_is_recognised(name: str) -> None:
    assert python2_reason(PYTHON2[name]) is not None


@pytest.mark.parametrize("name", sorted(PYTHON3))
def test_python3_is_not_taken_for_python2(name: str) -> None:
    assert python2_reason(PYTHON3[name]) is None


def test_python2_submissions_are_skipped_with_a_warning(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "submissions/accepted/new.py": PYTHON3["plain"],
            "submissions/accepted/old.py": PYTHON2["raw_input that parses"],
            "submissions/wrong_answer/older.py": PYTHON2["print statement"],
        }
    )
    package = load_package(root)
    assert [solution.path for solution in package.submissions] == ["accepted/new.py"]
    assert (
        "submissions/accepted/old.py: a Python 2 program (uses raw_input, which Python 3 "
        "does not have), ignored"
    ) in package.warnings
    assert (
        "submissions/wrong_answer/older.py: a Python 2 program (not Python 3, and written in "
        "Python 2), ignored"
    ) in package.warnings


@pytest.mark.parametrize("spelling", ["pypy", "pypy3", "PyPy3"])
def test_a_package_that_asks_for_pypy_gets_it(spelling: str, make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": "problem_format_version: 2025-09\nname: T\n",
            "submissions/submissions.yaml": f"accepted/fast.py:\n  language: {spelling}\n",
            "submissions/accepted/fast.py": PYTHON3["plain"],
            "submissions/accepted/slow.py": PYTHON3["plain"],
        }
    )
    languages = {s.path: s.language for s in load_package(root).submissions}
    assert languages == {"accepted/fast.py": "pypy", "accepted/slow.py": "python"}


WHICH_PYTHON = {
    "problem.yaml": "name: Which Python\nlimits:\n  time_limit: 5\n",
    "data/sample/1.in": "",
    "data/sample/1.ans": "PyPy\n",
    "data/secret/1.in": "",
    "data/secret/1.ans": "PyPy\n",
    "submissions/accepted/which.py": "import platform\nprint(platform.python_implementation())\n",
    "submissions/accepted/which.c": '#include <stdio.h>\nint main(void) { puts("PyPy"); }\n',
}


@pytest.mark.django_db(transaction=True)
def test_verify_runs_the_python_solutions_with_the_python_asked_for(
    make_package: PackageBuilder,
) -> None:
    problem = problem_import(package=load_package(make_package(WHICH_PYTHON, base={})))
    on_pypy = {o.path: o for o in problem_verify(problem=problem, python="pypy")}
    assert (on_pypy["accepted/which.py"].language, on_pypy["accepted/which.py"].ok) == (
        "pypy",
        True,
    )
    assert on_pypy["accepted/which.c"].language == "c"
    on_cpython = {o.path: o for o in problem_verify(problem=problem)}
    assert on_cpython["accepted/which.py"].language == "python"
    assert on_cpython["accepted/which.py"].actual == "WA"

    out = io.StringIO()
    call_command("verify_problem", problem.slug, "--python", "pypy", "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {(line["path"], line["language"], line["ok"]) for line in lines} == {
        ("accepted/which.c", "c", True),
        ("accepted/which.py", "pypy", True),
    }


@pytest.mark.django_db
def test_verify_refuses_an_unknown_python(make_package: PackageBuilder) -> None:
    problem = problem_import(package=load_package(make_package(WHICH_PYTHON, base={})))
    with pytest.raises(InvalidInput, match="python must be one of python, pypy, got 'jython'"):
        problem_verify(problem=problem, python="jython")
