"""verify_problem's rules for legacy packages, and which submissions a package yields."""

from __future__ import annotations

from pathlib import Path

import pytest

from verification.models import ReferenceSolution
from verification.problem_package import load_package
from verification.services_import import problem_import
from verification.services_verify import expectation_met, problem_verify

from .conftest import MINIMAL, PackageBuilder

SUM = "print(sum(map(int, input().split())))\n"


def _ref(expected: str, verdicts: tuple[str, ...]) -> ReferenceSolution:
    return ReferenceSolution(
        path="x", language="python", expected=expected, expected_verdicts=verdicts
    )


@pytest.mark.parametrize(
    ("expected", "verdicts", "cases", "met", "actual"),
    [
        # The first case not accepted decides (on_reject: break), not the worst one.
        ("wrong_answer", ("WA",), ["AC", "WA", "TLE"], True, "WA"),
        ("time_limit_exceeded", ("TLE",), ["AC", "WA", "TLE"], False, "WA"),
        ("time_limit_exceeded", ("TLE",), ["TLE", "WA"], True, "TLE"),
        ("run_time_error", ("RE",), ["AC", "MLE", "WA"], True, "RE"),
        ("accepted", ("AC",), ["AC", "AC"], True, "AC"),
        ("accepted", ("AC",), ["AC", "OLE"], False, "RE"),
        # A scoring problem judged pass-fail: a partial solution passes some cases only.
        ("partially_accepted", ("AC",), ["AC", "RE", "AC", "WA"], True, "RE"),
        ("partially_accepted", ("AC",), ["AC", "AC"], False, "AC"),
        ("partially_accepted", ("AC",), ["WA", "TLE"], False, "WA"),
        # A broken judge or machine is never the solution's verdict.
        ("accepted", ("AC",), ["AC", "SE"], False, "SE"),
    ],
)
def test_legacy_expectations(
    expected: str, verdicts: tuple[str, ...], cases: list[str], met: bool, actual: str
) -> None:
    ok, seen, detail = expectation_met(
        format_version="legacy", ref=_ref(expected, verdicts), case_verdicts=cases
    )
    assert (ok, seen) == (met, actual), detail
    assert bool(detail) is not met


def test_a_directory_with_no_known_verdict_is_reported_not_failed() -> None:
    ok, actual, detail = expectation_met(
        format_version="legacy", ref=_ref("slow_accepted", ()), case_verdicts=["AC", "TLE"]
    )
    assert (ok, actual) == (True, "TLE")
    assert detail == "no expected result for 'slow_accepted': not checked"


def test_php_ruby_lua_and_prolog_submissions_are_read_and_pl_is_prolog(
    make_package: PackageBuilder,
) -> None:
    root = make_package(
        {
            "submissions/accepted/sum.php": "<?php echo array_sum(explode(' ', fgets(STDIN)));\n",
            "submissions/accepted/sum.rb": "puts gets.split.map(&:to_i).sum\n",
            "submissions/accepted/sum.lua": "local a, b = io.read('n', 'n') print(a + b)\n",
            "submissions/accepted/sum.pl": "main :- halt.\n",
            "submissions/accepted/old.py": "#!/usr/bin/env python2\nprint int(raw_input())\n",
            "submissions/accepted/new.py": "#!/usr/bin/env python3\n" + SUM,
        },
        base=MINIMAL,
    )
    package = load_package(root)
    languages = {Path(ref.path).name: ref.language for ref in package.submissions}
    assert languages == {
        "sum.php": "php",
        "sum.rb": "ruby",
        "sum.lua": "lua",
        "sum.pl": "prolog",
        "new.py": "python",
    }
    assert "submissions/accepted/old.py: a Python 2 program (by its #! line), ignored" in (
        package.warnings
    )
    assert not any("sum.pl" in warning for warning in package.warnings)


@pytest.mark.django_db(transaction=True)
def test_verify_judges_legacy_solutions_by_their_first_rejected_case(
    make_package: PackageBuilder,
) -> None:
    """End to end in the sandbox: a wrong answer that would also time out later is a wrong
    answer; a partial solution of a scoring problem passes some cases and fails others."""
    root = make_package(
        {
            "problem.yaml": "name: Sums\ntype: scoring\nlimits:\n  time_limit: 1\n",
            "data/sample/1.in": "1 2\n",
            "data/sample/1.ans": "3\n",
            "data/secret/1.in": "2 2\n",
            "data/secret/1.ans": "4\n",
            "data/secret/2.in": "5 5\n",
            "data/secret/2.ans": "10\n",
            "submissions/accepted/sum.py": SUM,
            # Right on the sample, wrong on the next case, endless on the last.
            "submissions/wrong_answer/then_slow.py": (
                "a, b = map(int, input().split())\n"
                "if a == 5:\n    while True: pass\n"
                "print(a + b if a == 1 else 0)\n"
            ),
            "submissions/accepted/broken.py": "def broken(:\n",
            "submissions/partially_accepted/small_only.py": (
                "a, b = map(int, input().split())\nprint(a + b if a < 5 else -1)\n"
            ),
        },
        base={},
    )
    problem = problem_import(package=load_package(root))
    outcomes = {Path(o.path).name: o for o in problem_verify(problem=problem)}
    assert set(outcomes) == {"sum.py", "then_slow.py", "small_only.py", "broken.py"}
    broken = outcomes.pop("broken.py")
    assert not broken.ok
    assert broken.detail.startswith("expected AC; compile error: "), broken
    assert "SyntaxError" in broken.detail, broken
    for outcome in outcomes.values():
        assert outcome.ok, outcome
    assert outcomes["then_slow.py"].case_verdicts[-1] == "TLE", outcomes["then_slow.py"]
    assert outcomes["then_slow.py"].actual == "WA"
    assert outcomes["small_only.py"].actual == "WA"


@pytest.mark.parametrize(
    ("permitted", "required", "cases", "met", "actual"),
    [
        # 2025-09 names AC, WA, TLE and RTE only: a memory-limit kill is a run-time error.
        (("AC", "RE"), (("RE",),), ["AC", "MLE"], True, "RE"),
        (("AC", "RE", "TLE"), (("RE", "TLE"),), ["MLE", "TLE"], True, "RE"),
        (("AC", "TLE"), (("TLE",),), ["AC", "MLE"], False, "RE"),
        (("AC", "WA"), (("WA",),), ["OLE"], False, "RE"),
        (("AC", "RE"), (("RE",),), ["AC", "OLE"], True, "RE"),
    ],
)
def test_2025_09_counts_a_memory_limit_kill_as_a_run_time_error(
    permitted: tuple[str, ...],
    required: tuple[tuple[str, ...], ...],
    cases: list[str],
    met: bool,
    actual: str,
) -> None:
    ref = ReferenceSolution(
        path="x",
        language="python",
        expected="run_time_error",
        expected_verdicts=("RE",),
        permitted=list(permitted),
        required=[list(rule) for rule in required],
    )
    ok, seen, detail = expectation_met(format_version="2025-09", ref=ref, case_verdicts=cases)
    assert (ok, seen) == (met, actual), detail


def test_an_annotation_with_no_known_verdict_is_not_checked() -> None:
    ok, actual, detail = expectation_met(
        format_version="legacy", ref=_ref("unchecked", ()), case_verdicts=["AC", "WA"]
    )
    assert (ok, actual) == (True, "WA")
    assert "not checked" in detail
