"""Every fixture package parses to what its files say."""

from __future__ import annotations

from verification.problem_package import ProblemPackage, load_package

from .conftest import FIXTURES


def load(name: str) -> ProblemPackage:
    return load_package(FIXTURES / name)


def by_path(package: ProblemPackage) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    return {s.path: (s.language, s.expected, s.expected_verdicts) for s in package.submissions}


def test_aplusb_legacy_default_validation_with_timelimit_file() -> None:
    package = load("aplusb")
    assert package.short_name == "aplusb"
    assert package.title == "A Plus B"
    assert package.format_version == "legacy"
    assert (package.time_limit_s, package.time_limit_source) == (1.0, ".timelimit")
    assert (package.time_multiplier, package.time_safety_margin) == (5.0, 2.0)
    assert package.memory_limit_mb == 256
    assert package.output_limit_kb == 1024
    assert package.validation == "default"
    assert package.validator is None
    assert package.validator_flags == ()
    assert "\\problemname{A Plus B}" in package.statement
    assert [t.name for t in package.tests] == [
        "sample/1",
        "sample/2",
        "secret/01-large",
        "secret/02-negative",
        "secret/03-zero",
        "secret/04-spaces",
    ]
    assert [t.order for t in package.tests] == list(range(6))
    first = package.tests[0]
    assert (first.group, first.input, first.answer) == ("sample", b"1 2\n", b"3\n")
    assert package.tests[2].answer == b"3999999999\n"
    assert package.tests[3].answer == b"-1999999999\n"
    assert by_path(package) == {
        "accepted/sum.cpp": ("cpp", "accepted", ("AC",)),
        "accepted/sum.py": ("python", "accepted", ("AC",)),
        "run_time_error/aborts.cpp": ("cpp", "run_time_error", ("RE",)),
        "run_time_error/raises.py": ("python", "run_time_error", ("RE",)),
        "time_limit_exceeded/count_up.py": ("python", "time_limit_exceeded", ("TLE",)),
        "time_limit_exceeded/spin.cpp": ("cpp", "time_limit_exceeded", ("TLE",)),
        "wrong_answer/difference.py": ("python", "wrong_answer", ("WA",)),
        "wrong_answer/overflow.cpp": ("cpp", "wrong_answer", ("WA",)),
    }
    source = next(s for s in package.submissions if s.path == "accepted/sum.py").source
    assert source.startswith(b"a, b = map(int")
    assert package.provenance == {
        "author": "ScaleBox fixtures",
        "source": "ScaleBox test problems",
        "license": "cc0",
        "rights_owner": "ScaleBox contributors",
        "uuid": "5b0d1c1e-0a7e-4a53-9b3c-2f7c0a0d0001",
    }
    assert package.warnings == ()


def test_float_tolerance_flags_reach_every_case() -> None:
    package = load("floattol")
    assert package.validator_flags == ("float_tolerance", "1e-6")
    assert {t.validator_args for t in package.tests} == {("float_tolerance", "1e-6")}
    assert (package.time_multiplier, package.time_safety_margin) == (4.0, 3.0)


def test_case_sensitive_flag() -> None:
    package = load("casesensitive")
    assert package.validation == "default"
    assert all(t.validator_args == ("case_sensitive",) for t in package.tests)


def test_custom_cpp_validator_with_own_header() -> None:
    package = load("divisor")
    assert package.validation == "custom"
    validator = package.validator
    assert validator is not None
    assert (validator.protocol, validator.language, validator.entry) == (
        "kattis",
        "cpp",
        "validator.cpp",
    )
    assert set(validator.files) == {"validator.cpp", "judging.h"}
    assert b'#include "judging.h"' in validator.files["validator.cpp"]


def test_custom_python_validator_and_nested_legacy_groups() -> None:
    package = load("pythoncheck")
    validator = package.validator
    assert validator is not None
    assert (validator.protocol, validator.language, validator.entry) == (
        "kattis",
        "python",
        "spread_check.py",
    )
    assert [(t.name, t.group) for t in package.tests] == [
        ("sample/1", "sample"),
        ("sample/2", "sample"),
        ("secret/large/1", "secret/large"),
        ("secret/large/2", "secret/large"),
        ("secret/small/1", "secret/small"),
        ("secret/small/2", "secret/small"),
        ("secret/small/3", "secret/small"),
    ]
    assert package.statement.startswith("Arrange the numbers")


def test_testlib_checker_is_recognised_by_its_include() -> None:
    validator = load("evensplit").validator
    assert validator is not None
    assert (validator.protocol, validator.language, validator.entry) == (
        "testlib",
        "cpp",
        "checker.cpp",
    )
    assert "testlib.h" in validator.files


def test_2025_validator_with_build_script() -> None:
    package = load("twosum")
    assert package.format_version == "2025-09"
    assert package.title == "Two Sum"
    assert (package.time_limit_s, package.time_limit_source) == (
        2.0,
        "problem.yaml limits.time_limit",
    )
    assert (package.time_multiplier, package.time_safety_margin) == (2.0, 1.5)
    assert package.validation == "custom"
    validator = package.validator
    assert validator is not None
    assert (validator.language, validator.entry, validator.protocol) == (
        "script",
        "build",
        "kattis",
    )
    assert set(validator.files) == {"build", "validator.cpp"}
    assert package.provenance["source_url"] == "https://example.invalid/scalebox"
    assert package.provenance["author"] == "ScaleBox fixtures"
    wrong = next(s for s in package.submissions if s.expected == "wrong_answer")
    assert (wrong.permitted, wrong.required) == (("AC", "WA"), (("WA",),))


def test_2025_nested_groups_args_and_submissions_yaml() -> None:
    package = load("groups2025")
    assert package.format_version == "2025-09"
    assert package.title == "Mean Value"
    assert package.time_limit_s is None
    assert package.time_limit_source == ""
    assert (package.time_multiplier, package.time_safety_margin) == (3.0, 2.0)
    assert package.time_resolution_s == 0.5
    assert (package.memory_limit_mb, package.output_limit_kb) == (512, 16 * 1024)
    assert package.validation == "default"
    assert [(t.name, t.validator_args) for t in package.tests] == [
        ("sample/1", ("float_tolerance", "1e-6")),
        ("sample/2", ("float_tolerance", "1e-6")),
        ("secret/group1/10", ("float_absolute_tolerance", "0.01")),
        ("secret/group1/9", ("float_absolute_tolerance", "0.01")),
        ("secret/group2/1", ("float_relative_tolerance", "1e-9")),
        ("secret/group2/2", ("float_absolute_tolerance", "0.5")),
        ("secret/group3/a", ("float_tolerance", "1e-6")),
        ("secret/group3/b", ("float_tolerance", "1e-6")),
    ]
    assert package.provenance["author"] == "Ada Fixture, Bo Fixture <bo@example.invalid>"
    assert package.provenance["version"] == "1.1"
    solutions = {s.path: s for s in package.submissions}
    assert solutions["accepted/mean.py"].language == "python"
    assert solutions["accepted/mean.py"].expected_verdicts == ("AC",)
    slow = solutions["time_limit_exceeded/forever.py"]
    assert slow.permitted == ("AC", "WA", "TLE")
    assert slow.required == (("TLE",),)
    assert slow.expected_verdicts == ("WA", "TLE")
    rejected = solutions["rejected/integer_mean.py"]
    assert rejected.expected == "rejected"
    assert rejected.permitted == ("AC", "WA")
    assert rejected.required == (("WA", "TLE", "RE"), ("WA",))
    assert rejected.expected_verdicts == ("WA",)
    assert solutions["wrong_answer/rounded.py"].expected_verdicts == ("WA",)


def test_domjudge_ini_and_expected_results_headers() -> None:
    package = load("domjudge")
    assert package.title == "Greetings, Judge"
    assert (package.time_limit_s, package.time_limit_source) == (
        2.0,
        "domjudge-problem.ini timelimit",
    )
    assert package.memory_limit_mb == 128
    assert package.statement == ""
    assert package.provenance["domjudge_probid"] == "greet"
    assert by_path(package) == {
        "accepted/greet.c": ("c", "accepted", ("AC",)),
        "mixed/crash.py": ("python", "run_time_error", ("RE",)),
        "mixed/greet.sh": ("bash", "accepted", ("AC",)),
        "mixed/no_comma.py": ("python", "wrong_answer", ("WA",)),
        "mixed/slow_or_wrong.cpp": ("cpp", "rejected", ("WA", "TLE")),
    }


def test_interactive_legacy_package_has_its_interactor() -> None:
    package = load("interactive")
    assert package.interactive is True
    assert package.validation_passes == 1
    assert package.validation == "custom"
    assert package.validator is not None
    assert (package.validator.protocol, package.validator.language) == ("kattis", "python")
    assert [t.name for t in package.tests][:2] == ["sample/1", "secret/1"]
    assert by_path(package)["wrong_answer/crash_after_rejected.cpp"] == (
        "cpp",
        "wrong_answer",
        ("WA",),
    )


def test_every_fixture_package_loads() -> None:
    loadable = [p.name for p in FIXTURES.iterdir() if p.is_dir()]
    assert len(loadable) >= 8
    for name in loadable:
        package = load(name)
        assert package.tests, name
        assert any(s.expected_verdicts == ("AC",) for s in package.submissions), name
