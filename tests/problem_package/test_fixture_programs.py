"""The fixtures' validators work per their protocol, and every reference solution gets
the verdict its package expects."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from verification.problem_package import (
    PackageTestCase,
    ProblemPackage,
    derive_time_limit,
    load_package,
)

from .conftest import FIXTURES
from .programs import (
    Judged,
    build_solution,
    build_validator,
    default_validate,
    run_kattis,
    run_solution,
    run_testlib,
)

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")


def case_named(package: ProblemPackage, name: str) -> PackageTestCase:
    return next(case for case in package.tests if case.name == name)


def validator_command(name: str, workdir: Path) -> tuple[ProblemPackage, list[str]]:
    package = load_package(FIXTURES / name)
    assert package.validator is not None
    return package, build_validator(package.validator, workdir)


def test_cpp_kattis_validator_accepts_any_divisor(tmp_path: Path) -> None:
    package, command = validator_command("divisor", tmp_path / "build")
    twelve = case_named(package, "sample/1")
    assert twelve.answer == b"2\n"

    def judge(output: bytes) -> Judged:
        return run_kattis(command, twelve, output, tmp_path / "run")

    assert judge(b"6\n").accepted is True
    assert judge(b"  3").accepted is True
    rejected = judge(b"1\n")
    assert (rejected.accepted, rejected.exit_code) == (False, 43)
    assert "1 is not a proper divisor of 12" in rejected.message
    assert judge(b"prime\n").accepted is False
    assert "extra output" in judge(b"4 6\n").message
    seven = case_named(package, "sample/2")
    assert run_kattis(command, seven, b"prime\n", tmp_path / "run").accepted is True
    assert run_kattis(command, seven, b"7\n", tmp_path / "run").accepted is False


def test_python_kattis_validator(tmp_path: Path) -> None:
    package, command = validator_command("pythoncheck", tmp_path / "build")
    five = case_named(package, "sample/1")
    assert run_kattis(command, five, b"1 3 5 2 4\n", tmp_path / "run").accepted is True
    assert run_kattis(command, five, b"5 3 1 4 2\n", tmp_path / "run").accepted is True
    wrong = run_kattis(command, five, b"1 2 3 4 5\n", tmp_path / "run")
    assert (wrong.accepted, wrong.exit_code) == (False, 43)
    assert "positions 1 and 2 hold 1 and 2" in wrong.message
    three = case_named(package, "sample/2")
    assert run_kattis(command, three, b"no solution\n", tmp_path / "run").accepted is True


def test_testlib_checker_exit_codes(tmp_path: Path) -> None:
    package, command = validator_command("evensplit", tmp_path / "build")
    eight = case_named(package, "sample/1")

    def judge(output: bytes) -> Judged:
        return run_testlib(command, eight, output, tmp_path / "run")

    ok = judge(b"YES 4 4\n")
    assert (ok.accepted, ok.exit_code) == (True, 0)
    assert ok.message.startswith("ok ")
    odd = judge(b"YES 3 5\n")
    assert (odd.accepted, odd.exit_code) == (False, 1)
    assert "not a split of 8" in odd.message
    assert judge(b"NO\n").exit_code == 1
    assert judge(b"YES 2\n").exit_code == 2
    assert judge(b"YES four 4\n").exit_code == 2
    assert judge(b"YES 0 8\n").exit_code == 1
    assert judge(b"YES 2 6 extra\n").exit_code == 1
    three = case_named(package, "sample/2")
    assert run_testlib(command, three, b"no\n", tmp_path / "run").exit_code == 0
    broken = PackageTestCase("x", "secret", 0, b"8\n", b"", ())
    assert run_testlib(command, broken, b"YES 4 4\n", tmp_path / "run").exit_code == 3


def test_build_script_validator(tmp_path: Path) -> None:
    package, command = validator_command("twosum", tmp_path / "build")
    sample = case_named(package, "sample/1")
    assert run_kattis(command, sample, b"2 1\n", tmp_path / "run").accepted is True
    same = case_named(package, "secret/06")
    wrong = run_kattis(command, same, b"1 1\n", tmp_path / "run")
    assert (wrong.accepted, wrong.exit_code) == (False, 43)
    assert "must differ" in wrong.message
    assert run_kattis(command, same, b"3 2\n", tmp_path / "run").accepted is True


# One pass, the output judged after the run: interactive and multi-pass packages are
# judged by ScaleBox itself in tests/judges/test_interactive.py and
# tests/problem_package/test_interactive_packages.py.
def _judged_in_one_pass(directory: Path) -> bool:
    package = load_package(directory)
    return not package.interactive and package.validation_passes == 1


JUDGED_FIXTURES = sorted(
    p.name for p in FIXTURES.iterdir() if p.is_dir() and _judged_in_one_pass(p)
)
SOLUTION_TIMEOUT_S = 20.0


def case_judge(package: ProblemPackage, workdir: Path) -> Callable[[PackageTestCase, bytes], bool]:
    validator = package.validator
    if validator is None:
        return default_validate
    command = build_validator(validator, workdir / "validator")
    runner = run_testlib if validator.protocol == "testlib" else run_kattis

    def judge(case: PackageTestCase, output: bytes) -> bool:
        judged = runner(command, case, output, workdir / "judging")
        assert judged.accepted is not None, f"validator failed on {case.name}: {judged}"
        return judged.accepted

    return judge


@pytest.mark.slow
@pytest.mark.parametrize("name", JUDGED_FIXTURES)
def test_reference_solutions_get_their_expected_verdicts(name: str, tmp_path: Path) -> None:
    package = load_package(FIXTURES / name)
    judge = case_judge(package, tmp_path)
    commands = {}
    for solution in package.submissions:
        workdir = tmp_path / "solutions" / solution.path.replace("/", "_")
        workdir.mkdir(parents=True)
        commands[solution.path] = build_solution(solution, workdir)

    time_limit = package.time_limit_s
    if time_limit is None:
        slowest = 0.0
        for solution in package.submissions:
            if solution.expected_verdicts == ("AC",):
                for case in package.tests:
                    run = run_solution(commands[solution.path], case, SOLUTION_TIMEOUT_S)
                    assert run.status == "ok", f"{solution.path} on {case.name}: {run.status}"
                    slowest = max(slowest, run.seconds)
        time_limit, _ = derive_time_limit(slowest, package)

    for solution in package.submissions:
        case_verdicts = []
        for case in package.tests:
            run = run_solution(commands[solution.path], case, time_limit)
            if run.status != "ok":
                case_verdicts.append(run.status)
            else:
                case_verdicts.append("AC" if judge(case, run.output) else "WA")
            if case_verdicts[-1] != "AC" and not solution.permitted:
                break
        overall = next((v for v in case_verdicts if v != "AC"), "AC")
        assert overall in solution.expected_verdicts, (
            f"{name}/{solution.path}: got {overall} ({case_verdicts}), "
            f"expected one of {solution.expected_verdicts}"
        )
        if solution.permitted:
            assert set(case_verdicts) <= set(solution.permitted), solution.path
        for needed in solution.required:
            assert set(case_verdicts) & set(needed), (solution.path, needed)
