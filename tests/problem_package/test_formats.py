"""Format features, each on a small package built for the test."""

from __future__ import annotations

import pytest

from verification.executors import language_for_extension
from verification.problem_package import PackageError, load_package, slugify
from verification.problem_package.submissions import glob_pattern

from .conftest import PackageBuilder

V2025 = "problem_format_version: 2025-09\nname: Tiny\n"


def test_legacy_testdata_yaml_flags_are_inherited_and_replaced(
    make_package: PackageBuilder,
) -> None:
    root = make_package(
        {
            "problem.yaml": "validator_flags: case_sensitive\n",
            "data/testdata.yaml": "output_validator_flags: float_tolerance 1e-4\n",
            "data/secret/deep/testdata.yaml": (
                "output_validator_flags:\n  name: default\n  flags: space_change_sensitive\n"
            ),
            "data/secret/deep/1.in": "x\n",
            "data/secret/deep/1.ans": "x\n",
            "data/secret/plain/1.in": "y\n",
            "data/secret/plain/1.ans": "y\n",
            "data/secret/1.in": None,
            "data/secret/1.ans": None,
        }
    )
    package = load_package(root)
    assert [(t.name, t.validator_args) for t in package.tests] == [
        ("sample/1", ("case_sensitive", "float_tolerance", "1e-4")),
        ("secret/deep/1", ("case_sensitive", "space_change_sensitive")),
        ("secret/plain/1", ("case_sensitive", "float_tolerance", "1e-4")),
    ]


def test_cases_and_groups_interleave_in_name_order(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "data/secret/1.in": None,
            "data/secret/1.ans": None,
            "data/secret/a.in": "a\n",
            "data/secret/a.ans": "a\n",
            "data/secret/b/2.in": "b2\n",
            "data/secret/b/2.ans": "b2\n",
            "data/secret/b/10.in": "b10\n",
            "data/secret/b/10.ans": "b10\n",
            "data/secret/c.in": "c\n",
            "data/secret/c.ans": "c\n",
            "data/secret/.hidden.in": "ignored\n",
            "data/secret/notes.txt": "ignored\n",
            "data/secret/a.desc": "what a tests\n",
        }
    )
    package = load_package(root)
    assert [(t.order, t.name, t.group) for t in package.tests] == [
        (0, "sample/1", "sample"),
        (1, "secret/a", "secret"),
        (2, "secret/b/10", "secret/b"),
        (3, "secret/b/2", "secret/b"),
        (4, "secret/c", "secret"),
    ]
    assert package.tests[2].input == b"b10\n"


def test_2025_group_args_inherit_and_case_yaml_overrides(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": V2025,
            "data/secret/1.in": None,
            "data/secret/1.ans": None,
            "data/secret/test_group.yaml": "output_validator_args: [float_tolerance, 1e-6]\n",
            "data/secret/g1/1.in": "1\n",
            "data/secret/g1/1.ans": "1\n",
            "data/secret/g1/2.in": "2\n",
            "data/secret/g1/2.ans": "2\n",
            "data/secret/g1/2.yaml": "output_validator_args: case_sensitive\n",
            "data/secret/g2/test_group.yaml": "output_validator_args: []\n",
            "data/secret/g2/1.in": "1\n",
            "data/secret/g2/1.ans": "1\n",
            "data/secret/testdata.yaml": "output_validator_flags: ignored_in_2025\n",
        }
    )
    package = load_package(root)
    assert [(t.name, t.validator_args) for t in package.tests] == [
        ("sample/1", ()),
        ("secret/g1/1", ("float_tolerance", "1e-6")),
        ("secret/g1/2", ("case_sensitive",)),
        ("secret/g2/1", ()),
    ]
    assert package.validator_flags == ()


def test_2025_other_data_directories_are_not_test_cases(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": V2025,
            "data/invalid_input/bad.in": "-1\n",
            "data/invalid_output/wrong.in": "1\n",
            "data/invalid_output/wrong.ans": "1\n",
            "data/invalid_output/wrong.out": "2\n",
        }
    )
    assert [t.name for t in load_package(root).tests] == ["sample/1", "secret/1"]


def test_time_limit_sources_in_order_of_precedence(make_package: PackageBuilder) -> None:
    everything = {
        "problem.yaml": "limits:\n  time_limit: 3.5\n",
        ".timelimit": "4\n",
        "domjudge-problem.ini": "timelimit = 5\n",
    }
    package = load_package(make_package(everything, name="all"))
    assert (package.time_limit_s, package.time_limit_source) == (
        3.5,
        "problem.yaml limits.time_limit",
    )
    package = load_package(make_package({**everything, "problem.yaml": ""}, name="two"))
    assert (package.time_limit_s, package.time_limit_source) == (4.0, ".timelimit")
    package = load_package(make_package({"domjudge-problem.ini": 'timelimit="2.5"\n'}, name="ini"))
    assert (package.time_limit_s, package.time_limit_source) == (
        2.5,
        "domjudge-problem.ini timelimit",
    )
    package = load_package(make_package(name="none"))
    assert (package.time_limit_s, package.time_limit_source) == (None, "")


def test_without_problem_yaml_defaults_apply(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": None,
            "problem_statement/problem.tex": "\\problemname{From The Statement}\nText.\n",
        },
        name="No_Yaml 2",
    )
    package = load_package(root)
    assert package.short_name == "no-yaml-2"
    assert package.title == "From The Statement"
    assert package.format_version == "legacy"
    assert (package.time_multiplier, package.time_safety_margin) == (5.0, 2.0)
    assert package.validation == "default"
    assert package.statement.startswith("\\problemname")
    assert package.provenance == {}


def test_title_falls_back_to_short_name(make_package: PackageBuilder) -> None:
    package = load_package(make_package({"problem.yaml": "license: cc0\n"}, name="plain"))
    assert package.title == "plain"


def test_statement_preference_order(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "statement/problem.de.md": "Deutsch\n",
            "statement/problem.en.html": "<p>English html</p>\n",
            "statement/problem.en.md": "English markdown\n",
        }
    )
    assert load_package(root).statement == "English markdown\n"
    root = make_package({"problem_statement/problem.sv.tex": "Svenska\n"}, name="sv")
    assert load_package(root).statement == "Svenska\n"


def test_name_map_prefers_english(make_package: PackageBuilder) -> None:
    root = make_package({"problem.yaml": V2025.replace("Tiny", "{de: Klein, en: Small}")})
    assert load_package(root).title == "Small"
    root = make_package({"problem.yaml": V2025.replace("Tiny", "{de: Klein}")}, name="de")
    assert load_package(root).title == "Klein"


def test_scoring_problem_gets_the_format_default_scoring(make_package: PackageBuilder) -> None:
    root = make_package({"problem.yaml": V2025 + "type: [scoring]\nfuture_key: 1\n"})
    package = load_package(root)
    assert package.warnings == ("problem.yaml: unknown key 'future_key' ignored",)
    assert package.scoring is not None
    secret = package.scoring.groups[0]
    assert (secret.path, secret.max_score, secret.aggregation) == ("secret", 100.0, "sum")
    assert secret.items == (("case", "secret/1"),)


def test_legacy_icpc_version_is_legacy(make_package: PackageBuilder) -> None:
    root = make_package({"problem.yaml": "problem_format_version: legacy-icpc\n"})
    assert load_package(root).format_version == "legacy"


def test_legacy_single_file_validator_and_unused_validators(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": "validation: custom score\n",
            "output_validators/check.py": "import sys\nsys.exit(42)\n",
        }
    )
    package = load_package(root)
    assert package.validator is not None
    assert (package.validator.language, package.validator.entry) == ("python", "check.py")
    assert any("scores ignored" in w for w in package.warnings)

    root = make_package({"output_validators/check.py": "import sys\n"}, name="unused")
    package = load_package(root)
    assert package.validator is None
    assert package.validation == "default"
    assert any("ignored because validation is 'default'" in w for w in package.warnings)


def test_validator_entry_and_language_detection(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": V2025,
            "output_validator/util.cpp": "int helper() { return 1; }\n",
            "output_validator/main.cpp": '#include "testlib.h"\nint main() {}\n',
            "output_validator/testlib.h": "// minimal\n",
            "output_validator/sub/extra.h": "// nested header\n",
        }
    )
    validator = load_package(root).validator
    assert validator is not None
    assert (validator.protocol, validator.language, validator.entry) == (
        "testlib",
        "cpp",
        "main.cpp",
    )
    assert set(validator.files) == {"util.cpp", "main.cpp", "testlib.h", "sub/extra.h"}

    root = make_package(
        {
            "problem.yaml": V2025,
            "output_validator/__init__.py": "",
            "output_validator/__main__.py": "import sys\nsys.exit(42)\n",
            "output_validator/rules.py": "",
        },
        name="pymodule",
    )
    validator = load_package(root).validator
    assert validator is not None
    assert (validator.language, validator.entry) == ("python", "__main__.py")

    root = make_package(
        {"problem.yaml": V2025, "output_validator/check.c": "int main(void) { return 42; }\n"},
        name="c",
    )
    validator = load_package(root).validator
    assert validator is not None
    assert (validator.protocol, validator.language) == ("kattis", "c")


def test_legacy_output_validators_dir_is_ignored_in_2025(make_package: PackageBuilder) -> None:
    root = make_package({"problem.yaml": V2025, "output_validators/v/v.py": ""})
    package = load_package(root)
    assert package.validator is None
    assert any("legacy directory ignored" in w for w in package.warnings)


# The extensions a submission's language has been recognised by: the executors declare
# them now, and each must still name the same language.
SUBMISSION_EXTENSIONS = {
    ".py": "python",
    ".c": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".c++": "cpp",
    ".java": "java",
    ".kt": "kotlin",
    ".hs": "haskell",
    ".js": "javascript",
    ".ts": "typescript",
    ".go": "go",
    ".rs": "rust",
    ".sh": "bash",
    ".php": "php",
    ".rb": "ruby",
    ".lua": "lua",
    ".adb": "ada",
    ".clj": "clojure",
    ".lisp": "commonlisp",
    ".cr": "crystal",
    ".ex": "elixir",
    ".erl": "erlang",
    ".f90": "fortran",
    ".nim": "nim",
    ".ml": "ocaml",
    ".pas": "pascal",
    ".scm": "scheme",
    ".tcl": "tcl",
}


@pytest.mark.parametrize(("extension", "language"), sorted(SUBMISSION_EXTENSIONS.items()))
def test_submission_language_from_extension(
    extension: str, language: str, make_package: PackageBuilder
) -> None:
    root = make_package({f"submissions/accepted/sol{extension}": "source\n"})
    (solution,) = load_package(root).submissions
    assert (solution.path, solution.language) == (f"accepted/sol{extension}", language)


def test_submission_extension_is_matched_without_case(make_package: PackageBuilder) -> None:
    root = make_package({"submissions/accepted/sol.CPP": "int main() {}\n"})
    (solution,) = load_package(root).submissions
    assert solution.language == "cpp"


def test_pl_is_prolog_in_packages_not_perl(make_package: PackageBuilder) -> None:
    assert language_for_extension(".pl") == "perl"
    root = make_package({"submissions/accepted/sol.pl": "main.\n"})
    (solution,) = load_package(root).submissions
    assert (solution.path, solution.language) == ("accepted/sol.pl", "prolog")


def test_submission_directories_and_unknown_files(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "submissions/accepted/single/main.py": "print(1)\n",
            "submissions/accepted/single/README.md": "notes\n",
            "submissions/accepted/multi/a.cpp": "int main() {}\n",
            "submissions/accepted/multi/b.cpp": "int f() {}\n",
            "submissions/accepted/notes.txt": "not a program\n",
            "submissions/stray.py": "print(2)\n",
        }
    )
    package = load_package(root)
    assert [(s.path, s.expected) for s in package.submissions] == [
        ("accepted/single/main.py", "accepted")
    ]
    assert any("a submission of 2 source files is not supported" in w for w in package.warnings)
    assert any("submissions/accepted/notes.txt: unknown language" in w for w in package.warnings)
    assert any("submissions/stray.py: not in a subdirectory" in w for w in package.warnings)


@pytest.mark.parametrize(
    ("header", "expected", "verdicts"),
    [
        ("CORRECT", "accepted", ("AC",)),
        ("WRONG-ANSWER", "wrong_answer", ("WA",)),
        ("TIMELIMIT", "time_limit_exceeded", ("TLE",)),
        ("RUN-ERROR", "run_time_error", ("RE",)),
        ("NO-OUTPUT", "wrong_answer", ("WA",)),
        ("OUTPUT-LIMIT", "output_limit_exceeded", ("OLE",)),
        ("COMPILER-ERROR", "compile_error", ("CE",)),
        ("run-error, timelimit", "rejected", ("TLE", "RE")),
        ("CORRECT,TIMELIMIT", "mixed", ("AC", "TLE")),
        ("ACCEPTED", "accepted", ("AC",)),
        ("WRONG_ANSWER", "wrong_answer", ("WA",)),
        ("TIME_LIMIT_EXCEEDED", "time_limit_exceeded", ("TLE",)),
        ("RUN_TIME_ERROR", "run_time_error", ("RE",)),
        ("NO_OUTPUT", "wrong_answer", ("WA",)),
        ("OUTPUT_LIMIT", "output_limit_exceeded", ("OLE",)),
        ("COMPILER_ERROR", "compile_error", ("CE",)),
        ("MEMORY-LIMIT", "memory_limit_exceeded", ("MLE",)),
        ("accepted, Time_Limit_Exceeded", "mixed", ("AC", "TLE")),
        ("AC", "accepted", ("AC",)),
        ("WA", "wrong_answer", ("WA",)),
        ("TLE", "time_limit_exceeded", ("TLE",)),
        ("RTE", "run_time_error", ("RE",)),
        ("rte, wa", "rejected", ("WA", "RE")),
    ],
)
def test_expected_results_header(
    header: str, expected: str, verdicts: tuple[str, ...], make_package: PackageBuilder
) -> None:
    source = f"// solution\n// @EXPECTED_RESULTS@: {header}\nint main() {{}}\n"
    root = make_package({"submissions/accepted/x.cpp": source})
    (solution,) = load_package(root).submissions
    assert (solution.expected, solution.expected_verdicts) == (expected, verdicts)
    assert (solution.permitted, solution.required) == ((), ())


@pytest.mark.parametrize(
    ("header", "expected", "verdicts", "warning"),
    [
        ("SLOW", "unchecked", (), "unknown @EXPECTED_RESULTS@ value 'SLOW' ignored"),
        ("ACCEPTED, SLOW", "accepted", ("AC",), "unknown @EXPECTED_RESULTS@ value 'SLOW'"),
        ("CHECK-MANUALLY", "unchecked", (), "@EXPECTED_RESULTS@ 'CHECK-MANUALLY': not checked"),
        ("check_manually", "unchecked", (), "'check_manually': not checked"),
    ],
)
def test_expected_results_not_known_is_a_warning_on_that_submission(
    header: str,
    expected: str,
    verdicts: tuple[str, ...],
    warning: str,
    make_package: PackageBuilder,
) -> None:
    root = make_package(
        {
            "submissions/accepted/odd.py": f"# @EXPECTED_RESULTS@: {header}\nprint(1)\n",
            "submissions/accepted/plain.py": "print(1)\n",
        }
    )
    package = load_package(root)
    odd, plain = package.submissions
    assert (odd.path, odd.expected, odd.expected_verdicts) == (
        "accepted/odd.py",
        expected,
        verdicts,
    )
    assert (plain.expected, plain.expected_verdicts) == ("accepted", ("AC",))
    about_odd = [w for w in package.warnings if "odd.py" in w]
    assert len(about_odd) == 1
    assert about_odd[0].startswith("submissions/accepted/odd.py: ")
    assert warning in about_odd[0]


def test_unknown_submission_directory(make_package: PackageBuilder) -> None:
    root = make_package({"submissions/experiments/x.py": "print(1)\n"})
    package = load_package(root)
    (solution,) = package.submissions
    assert (solution.expected, solution.expected_verdicts) == ("experiments", ())
    assert any("expected result unknown for 'experiments'" in w for w in package.warnings)


def test_submissions_yaml_rules(make_package: PackageBuilder) -> None:
    rules = """
accepted:
  permitted: [AC, TLE]
slow/{a,b}.py:
  permitted: [AC, TLE]
  required: [TLE]
slow/*.cc:
  language: c++
  required: [rte, tle]
wrong_answer/*:
  permitted: [WA]
"""
    root = make_package(
        {
            "problem.yaml": V2025,
            "submissions/submissions.yaml": rules,
            "submissions/accepted/ok.py": "",
            "submissions/slow/a.py": "",
            "submissions/slow/c.py": "",
            "submissions/slow/d.cc": "",
            "submissions/wrong_answer/w.py": "",
        }
    )
    found = {s.path: s for s in load_package(root).submissions}
    accepted = found["accepted/ok.py"]
    assert (accepted.permitted, accepted.required) == (("AC", "TLE"), ())
    assert accepted.expected_verdicts == ("AC", "TLE")
    slow = found["slow/a.py"]
    assert (slow.expected, slow.permitted, slow.required) == ("slow", ("AC", "TLE"), (("TLE",),))
    assert slow.expected_verdicts == ("TLE",)
    assert found["slow/c.py"].expected_verdicts == ()
    cpp = found["slow/d.cc"]
    assert cpp.language == "cpp"
    assert cpp.required == (("TLE", "RE"),)
    assert cpp.expected_verdicts == ("WA", "TLE", "RE")
    wrong = found["wrong_answer/w.py"]
    assert (wrong.permitted, wrong.required) == (("WA",), (("WA",),))
    assert wrong.expected_verdicts == ("WA",)


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("python3", "python"),
        ("c++", "cpp"),
        ("cplusplus", "cpp"),
        ("sh", "bash"),
        ("ocaml", "ocaml"),
    ],
)
def test_submissions_yaml_language_codes(
    code: str, language: str, make_package: PackageBuilder
) -> None:
    root = make_package(
        {
            "problem.yaml": V2025,
            "submissions/submissions.yaml": f"accepted/x.py:\n  language: {code}\n",
            "submissions/accepted/x.py": "",
        }
    )
    (solution,) = load_package(root).submissions
    assert solution.language == language


def test_glob_star_stays_within_one_component() -> None:
    pattern = glob_pattern("accepted/*")
    assert pattern.fullmatch("accepted/x.py")
    assert not pattern.fullmatch("accepted/dir/x.py")
    assert glob_pattern("{accepted,wrong_answer}/a.{py,cpp}").fullmatch("wrong_answer/a.cpp")
    assert not glob_pattern("a.py").fullmatch("a_py")


def test_slugify() -> None:
    assert slugify("Hello World!") == "hello-world"
    assert slugify("__") == "problem"


def test_symlink_inside_the_package_is_followed(make_package: PackageBuilder) -> None:
    root = make_package()
    (root / "data" / "secret" / "2.in").symlink_to(root / "data" / "sample" / "1.in")
    (root / "data" / "secret" / "2.ans").symlink_to(root / "data" / "sample" / "1.ans")
    package = load_package(root)
    assert package.tests[-1].name == "secret/2"
    assert package.tests[-1].input == b"1\n"


def test_errors_are_package_errors_not_other_exceptions(make_package: PackageBuilder) -> None:
    root = make_package({"problem.yaml": "limits:\n  memory: .inf\n"})
    with pytest.raises(PackageError, match=r"limits\.memory must be a number > 0"):
        load_package(root)
