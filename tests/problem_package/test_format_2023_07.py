"""2023-07-draft packages: read by the 2025-09 rules with the draft's differences.

The differences, as problemtools reads the draft: the test-group file is
``testdata.yaml`` (``output_validator_flags``; the draft's text also has
``output_validator_args`` and, late on, ``test_group.yaml``: all are taken); the custom
output validator is ``output_validator/``; ``type`` carries scoring and interactive; and
reference solutions are checked by their overall verdict (the first case not accepted).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from verification.models import Problem
from verification.problem_package import PackageError, load_package
from verification.services_import import problem_import
from verification.services_verify import problem_verify

from .conftest import PackageBuilder

HEADER = "problem_format_version: 2023-07-draft\nuuid: 0b6f2a52-5d7e-4c1a-9b43-2f0d7c1e9a11\n"

# Halve a real number: the answers are exact, outputs may be rounded.
HALVES = {
    "problem.yaml": HEADER
    + "name: Halves\n"
    + "credits: Ada Example <ada@example.org>\n"
    + "source:\n  name: Example Cup 2024\n  url: https://cup.example.org/2024\n"
    + "license: cc by-sa\n"
    + "keywords: [arithmetic]\n"
    + "limits:\n  time_multipliers:\n    ac_to_time_limit: 3\n  time_resolution: 0.5\n",
    "data/testdata.yaml": "output_validator_flags: float_tolerance 1e-6\n",
    "data/sample/1.in": "3\n",
    "data/sample/1.ans": "1.5\n",
    "data/secret/a-small/1.in": "1\n",
    "data/secret/a-small/1.ans": "0.5\n",
    "data/secret/b-words/testdata.yaml": "output_validator_args: [case_sensitive]\n",
    "data/secret/b-words/deep/testdata.yaml": "output_validator_args: space_change_sensitive\n",
    "data/secret/b-words/deep/1.in": "7\n",
    "data/secret/b-words/deep/1.ans": "3.5\n",
    "data/secret/b-words/2.in": "10\n",
    "data/secret/b-words/2.ans": "5\n",
    "submissions/accepted/half.py": "print(float(input()) / 2)\n",
}

# Two positive integers summing to n; with the flag ``distinct``, two different ones.
SPLIT_VALIDATOR = """\
import os
import sys


def reject(feedback_dir, message):
    with open(os.path.join(feedback_dir, "judgemessage.txt"), "a") as out:
        out.write(message + "\\n")
    sys.exit(43)


def main():
    input_path, _answer_path, feedback_dir = sys.argv[1:4]
    distinct = "distinct" in sys.argv[4:]
    with open(input_path) as f:
        n = int(f.read().split()[0])
    tokens = sys.stdin.read().split()
    if len(tokens) != 2:
        reject(feedback_dir, f"expected two numbers, got {len(tokens)} tokens")
    try:
        a, b = (int(token) for token in tokens)
    except ValueError:
        reject(feedback_dir, "not integers")
    if a < 1 or b < 1 or a + b != n:
        reject(feedback_dir, f"{a} + {b} is not a split of {n} into positive parts")
    if distinct and a == b:
        reject(feedback_dir, "the parts must differ")
    sys.exit(42)


main()
"""

SPLIT = {
    "problem.yaml": HEADER + "name: Split\nlimits:\n  time_limit: 1\n",
    "output_validator/split_check.py": SPLIT_VALIDATOR,
    "data/sample/1.in": "3\n",
    "data/sample/1.ans": "1 2\n",
    "data/secret/1.in": "6\n",
    "data/secret/1.ans": "1 5\n",
    "data/secret/distinct/testdata.yaml": "output_validator_flags: distinct\n",
    "data/secret/distinct/1.in": "4\n",
    "data/secret/distinct/1.ans": "1 3\n",
    "submissions/accepted/one_and_rest.py": "n = int(input())\nprint(1, n - 1)\n",
    # Halves are fine until the parts must differ.
    "submissions/wrong_answer/halves.py": "n = int(input())\nprint(n // 2, n - n // 2)\n",
    # Wrong on the sample, endless on the last case: the first rejected case decides.
    "submissions/wrong_answer/then_slow.py": (
        "n = int(input())\nif n == 4:\n    while True:\n        pass\nprint(0, n)\n"
    ),
}


def test_pass_fail_default_validation_with_nested_groups(make_package: PackageBuilder) -> None:
    package = load_package(make_package(HALVES, name="halves", base={}))
    assert package.format_version == "2023-07-draft"
    assert (package.title, package.validation, package.validator) == ("Halves", "default", None)
    tolerance = ("float_tolerance", "1e-6")
    assert [(t.name, t.group, t.validator_args) for t in package.tests] == [
        ("sample/1", "sample", tolerance),
        ("secret/a-small/1", "secret/a-small", tolerance),
        ("secret/b-words/2", "secret/b-words", ("case_sensitive",)),
        ("secret/b-words/deep/1", "secret/b-words/deep", ("space_change_sensitive",)),
    ]
    # The timing rules are those of 2025-09.
    assert (package.time_multiplier, package.time_safety_margin) == (3.0, 1.5)
    assert (package.time_limit_s, package.time_resolution_s) == (None, 0.5)
    assert package.provenance["author"] == "Ada Example <ada@example.org>"
    assert package.provenance["source"] == "Example Cup 2024"
    assert package.provenance["source_url"] == "https://cup.example.org/2024"
    assert package.provenance["keywords"] == "arithmetic"
    [solution] = package.submissions
    assert (solution.expected, solution.expected_verdicts) == ("accepted", ("AC",))
    assert package.warnings == ()


def test_the_draft_alias_and_both_group_file_names_are_accepted(
    make_package: PackageBuilder,
) -> None:
    """Where the draft's text and problemtools differ, either name is read, with a
    warning when both are given."""
    root = make_package(
        {
            "problem.yaml": "problem_format_version: '2023-07'\nname: Tiny\n",
            "data/testdata.yaml": (
                "output_validator_flags: case_sensitive\n"
                "output_validator_args: [float_tolerance, '1e-3']\n"
            ),
            "data/secret/test_group.yaml": "output_validator_args: [space_change_sensitive]\n",
            "data/sample/testdata.yaml": "output_validator_flags: float_absolute_tolerance 1\n",
            "data/sample/test_group.yaml": "output_validator_args: [case_sensitive]\n",
        }
    )
    package = load_package(root)
    assert package.format_version == "2023-07-draft"
    assert [(t.name, t.validator_args) for t in package.tests] == [
        ("sample/1", ("float_absolute_tolerance", "1")),
        ("secret/1", ("space_change_sensitive",)),
    ]
    assert set(package.warnings) == {
        "data/testdata.yaml: output_validator_args ignored, output_validator_flags is used",
        "data/sample/test_group.yaml: ignored, testdata.yaml in the same directory is read",
    }


def test_legacy_leftovers_in_problem_yaml_are_tolerated(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": HEADER
            + "name: Tiny\nvalidation: default\nvalidator_flags: case_sensitive\n"
        }
    )
    package = load_package(root)
    assert {t.validator_args for t in package.tests} == {("case_sensitive",)}
    assert len(package.warnings) == 2
    assert package.warnings[0].startswith("problem.yaml: validation is not a 2023-07-draft key")
    assert package.warnings[1].startswith("problem.yaml: validator_flags is not a 2023-07-draft")


def test_custom_python_validator_in_output_validator(make_package: PackageBuilder) -> None:
    package = load_package(make_package(SPLIT, name="split", base={}))
    assert package.validation == "custom"
    assert package.validator is not None
    assert (package.validator.protocol, package.validator.language) == ("kattis", "python")
    assert (package.validator.entry, list(package.validator.files)) == (
        "split_check.py",
        ["split_check.py"],
    )
    assert [t.validator_args for t in package.tests] == [(), (), ("distinct",)]
    # Checked as problemtools does: by the overall verdict, not case by case.
    by_name = {Path(s.path).name: s for s in package.submissions}
    assert by_name["halves.py"].expected_verdicts == ("WA",)
    assert (by_name["halves.py"].permitted, by_name["halves.py"].required) == ((), ())
    assert package.warnings == ()


@pytest.mark.parametrize(
    ("layout", "warning"),
    [
        # problemtools finds the programs inside output_validator/, so one may be a directory.
        ("output_validator/check/split_check.py", None),
        # Packages made while the draft still said output_validators/.
        (
            "output_validators/check/split_check.py",
            "output_validators/: legacy directory name, read as output_validator/ (2023-07-draft)",
        ),
    ],
)
def test_validator_directory_layouts(
    make_package: PackageBuilder, layout: str, warning: str | None
) -> None:
    files: dict[str, str | None] = {**SPLIT, "output_validator/split_check.py": None}
    files[layout] = SPLIT_VALIDATOR
    package = load_package(make_package(files, name="split", base={}))
    assert package.validator is not None
    assert (package.validator.entry, package.validation) == ("split_check.py", "custom")
    assert package.warnings == ((warning,) if warning else ())


def test_scoring_problem_reads_problemtools_grading_keys(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": HEADER + "name: Echoes\ntype: scoring\n",
            "data/secret/testdata.yaml": "on_reject: continue\nrange: 0 100\n",
            "data/secret/g1/testdata.yaml": "accept_score: 40\n",
            "data/secret/g1/1.in": "a\n",
            "data/secret/g1/1.ans": "a\n",
            "data/secret/g2/1.in": "bb\n",
            "data/secret/g2/1.ans": "bb\n",
            "data/secret/1.in": None,
            "data/secret/1.ans": None,
            "submissions/accepted/echo.py": "print(input())\n",
            "submissions/partially_accepted/short.py": (
                "s = input()\nprint(s if len(s) < 2 else '')\n"
            ),
        }
    )
    package = load_package(root)
    assert package.format_version == "2023-07-draft"
    assert package.warnings == ()
    assert [t.name for t in package.tests] == ["sample/1", "secret/g1/1", "secret/g2/1"]
    assert package.scoring is not None
    groups = {g.path: g for g in package.scoring.groups}
    assert list(groups) == ["data", "sample", "secret", "secret/g1", "secret/g2"]
    # testdata.yaml keys are inherited by the groups below.
    assert (groups["secret/g1"].accept_score, groups["secret/g1"].on_reject) == (40.0, "continue")
    assert (groups["secret/g2"].accept_score, groups["secret/g2"].score_range) == (1.0, (0, 100))
    assert groups["data"].items == (("group", "sample"), ("group", "secret"))
    expected = {Path(s.path).name: (s.expected, s.expected_verdicts) for s in package.submissions}
    assert expected == {
        "echo.py": ("accepted", ("AC",)),
        "short.py": ("partially_accepted", ("AC",)),
    }


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"problem.yaml": HEADER + "name: [unclosed\n"},
            r"^problem\.yaml: invalid YAML at line \d+: ",
        ),
        (
            {"problem.yaml": HEADER + "name: Tiny\ntype: [pass-fail, interactive]\n"},
            r"^problem\.yaml: interactive problems are judged by their own output validator",
        ),
        (
            {"problem.yaml": HEADER + "validation: custom interactive\n"},
            r"^problem\.yaml: interactive problems are judged by their own output validator",
        ),
        (
            {"problem.yaml": HEADER + "type: guessing\n"},
            r"^problem\.yaml: unknown type 'guessing'",
        ),
        (
            {"problem.yaml": HEADER + "limits:\n  time_multipliers:\n    ac_to_time_limit: 0.5\n"},
            r"^problem\.yaml limits\.time_multipliers\.ac_to_time_limit must be a number >= 1",
        ),
        (
            {"problem.yaml": HEADER, "data/secret/testdata.yaml": "- output_validator_flags\n"},
            r"^data/secret/testdata\.yaml: must be a mapping of keys, got list",
        ),
        (
            {"problem.yaml": HEADER, "data/test_group.yaml": "output_validator_args: {a: 1}\n"},
            r"^data/test_group\.yaml output_validator_args must be a string or a list",
        ),
        (
            {"problem.yaml": HEADER, "output_validator/README": "checks sums\n"},
            r"^output_validator: no validator source",
        ),
        (
            {"problem.yaml": HEADER, "output_validators/a.py": "", "output_validators/b.py": ""},
            r"^output_validators/: more than one output validator \(a\.py, b\.py\)",
        ),
    ],
)
def test_broken_packages_name_the_file_at_fault(
    make_package: PackageBuilder, files: dict[str, str], message: str
) -> None:
    with pytest.raises(PackageError, match=message):
        load_package(make_package(files))


@pytest.mark.django_db(transaction=True)
def test_import_and_verify_in_the_sandbox(make_package: PackageBuilder) -> None:
    """End to end: the custom validator gets the group's flags, and a wrong answer that
    later times out meets its expectation, as problemtools judges 2023-07-draft."""
    problem = problem_import(package=load_package(make_package(SPLIT, name="split", base={})))
    stored = Problem.objects.get(id=problem.id)
    assert (stored.format_version, stored.time_limit_s) == ("2023-07-draft", 1.0)
    assert stored.judge is not None
    outcomes = {Path(o.path).name: o for o in problem_verify(problem=stored)}
    assert set(outcomes) == {"one_and_rest.py", "halves.py", "then_slow.py"}
    for outcome in outcomes.values():
        assert outcome.ok, outcome
    assert outcomes["one_and_rest.py"].case_verdicts == ["AC", "AC", "AC"]
    assert outcomes["halves.py"].case_verdicts == ["AC", "AC", "WA"]
    assert outcomes["then_slow.py"].case_verdicts == ["WA", "WA", "TLE"]
    assert outcomes["then_slow.py"].actual == "WA"
