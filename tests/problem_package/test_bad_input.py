"""Every way a package can be broken gives one PackageError naming the file at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from verification.problem_package import PackageError, load_package

from .conftest import PackageBuilder

V2025 = "problem_format_version: 2025-09\nname: Tiny\n"

BROKEN: dict[str, tuple[dict[str, str | bytes | None], str]] = {
    "yaml syntax error": (
        {"problem.yaml": "name: [unclosed\nlimits: {\n"},
        r"^problem\.yaml: invalid YAML at line \d+",
    ),
    "yaml python tag": (
        {"problem.yaml": "name: !!python/object/apply:os.system ['true']\n"},
        r"^problem\.yaml: invalid YAML at line 1",
    ),
    "yaml not a mapping": ({"problem.yaml": "- a\n- b\n"}, r"^problem\.yaml: must be a mapping"),
    "yaml not utf-8": ({"problem.yaml": b"name: \xff\xfe\n"}, r"^problem\.yaml: not UTF-8"),
    "name is a list": (
        {"problem.yaml": "name: [a, b]\n"},
        r"^problem\.yaml: name must be a string or a map",
    ),
    "name map of lists": (
        {"problem.yaml": "name:\n  en: [x]\n"},
        r"^problem\.yaml: name must be a string or a map",
    ),
    "limits not a mapping": (
        {"problem.yaml": "limits: 5\n"},
        r"^problem\.yaml: limits must be a mapping",
    ),
    "time_limit not a number": (
        {"problem.yaml": "limits:\n  time_limit: fast\n"},
        r"^problem\.yaml limits\.time_limit must be a number, got 'fast'",
    ),
    "time_limit is a boolean": (
        {"problem.yaml": "limits:\n  time_limit: true\n"},
        r"^problem\.yaml limits\.time_limit must be a number",
    ),
    "time_limit negative": (
        {"problem.yaml": "limits:\n  time_limit: -1\n"},
        r"^problem\.yaml limits\.time_limit must be a number > 0",
    ),
    "memory fractional": (
        {"problem.yaml": "limits:\n  memory: 1.5\n"},
        r"^problem\.yaml limits\.memory must be a whole number",
    ),
    "time_multiplier not a number": (
        {"problem.yaml": "limits:\n  time_multiplier: lots\n"},
        r"^problem\.yaml limits\.time_multiplier must be a number",
    ),
    "code limit not a number": (
        {"problem.yaml": "limits:\n  code: big\n"},
        r"^problem\.yaml limits\.code must be a number",
    ),
    "unknown validation": (
        {"problem.yaml": "validation: strict\n"},
        r"^problem\.yaml: unknown validation 'strict'",
    ),
    "default with options": (
        {"problem.yaml": "validation: default score\n"},
        r"^problem\.yaml: unknown validation 'default score'",
    ),
    "unknown validation option": (
        {"problem.yaml": "validation: custom fancy\n"},
        r"^problem\.yaml: unknown validation option\(s\) fancy",
    ),
    "validation not a string": (
        {"problem.yaml": "validation: [custom]\n"},
        r"^problem\.yaml: validation must be a string",
    ),
    "validator_flags a mapping": (
        {"problem.yaml": "validator_flags: {a: 1}\n"},
        r"^problem\.yaml validator_flags must be a string or a list",
    ),
    "custom without validator dir": (
        {"problem.yaml": "validation: custom\n"},
        r"^problem\.yaml: validation is 'custom' but there is no output_validators/",
    ),
    "custom with empty validator dir": (
        {"problem.yaml": "validation: custom\n", "output_validators/.keep": ""},
        r"^output_validators/: empty",
    ),
    "two validators": (
        {
            "problem.yaml": "validation: custom\n",
            "output_validators/a/a.py": "",
            "output_validators/b/b.py": "",
        },
        r"^output_validators/: more than one output validator \(a, b\)",
    ),
    "validator without sources": (
        {"problem.yaml": "validation: custom\n", "output_validators/v/README": "hi\n"},
        r"^output_validators/v: no validator source",
    ),
    "validator with two mains": (
        {
            "problem.yaml": "validation: custom\n",
            "output_validators/v/a.cpp": "int main() {}\n",
            "output_validators/v/b.cpp": "int main() {}\n",
        },
        r"^output_validators/v: cannot tell the main source file",
    ),
    "unsupported format version": (
        {"problem.yaml": "problem_format_version: 2030-01\n"},
        r"^problem\.yaml: unsupported problem_format_version '2030-01'",
    ),
    "legacy interactive without a validator": (
        {"problem.yaml": "validation: custom interactive\n"},
        r"^problem\.yaml: validation is 'custom' but there is no output_validators/ directory",
    ),
    "legacy interactive with default validation": (
        {"problem.yaml": "validation: default interactive\n"},
        r"^problem\.yaml: unknown validation 'default interactive'",
    ),
    "2025 interactive without a validator": (
        {"problem.yaml": V2025 + "type: [pass-fail, interactive]\n"},
        r"^problem\.yaml: interactive problems are judged by their own output validator",
    ),
    "2025 multi-pass without a validator": (
        {"problem.yaml": V2025 + "type: multi-pass\n"},
        r"^problem\.yaml: multi-pass problems are judged by their own output validator",
    ),
    "2025 interactive multi-pass without a validator": (
        {"problem.yaml": V2025 + "type: [interactive, multi-pass]\n"},
        r"^problem\.yaml: interactive and multi-pass problems are judged by their own",
    ),
    "2025 validation passes below two": (
        {"problem.yaml": V2025 + "type: multi-pass\nlimits:\n  validation_passes: 1\n"},
        r"^problem\.yaml limits\.validation_passes must be at least 2, got 1",
    ),
    "2025 validation passes not whole": (
        {"problem.yaml": V2025 + "type: multi-pass\nlimits:\n  validation_passes: 2.5\n"},
        r"^problem\.yaml limits\.validation_passes must be a whole number",
    ),
    "2025 submit-answer": (
        {"problem.yaml": V2025 + "type: submit-answer\n"},
        r"^submit-answer problems are not supported yet",
    ),
    "unknown type": (
        {"problem.yaml": V2025 + "type: puzzle\n"},
        r"^problem\.yaml: unknown type 'puzzle'",
    ),
    "legacy type multi-pass": (
        {"problem.yaml": "type: multi-pass\n"},
        r"^problem\.yaml: unknown type 'multi-pass'",
    ),
    "time multiplier below one": (
        {"problem.yaml": V2025 + "limits:\n  time_multipliers:\n    ac_to_time_limit: 0.5\n"},
        r"^problem\.yaml limits\.time_multipliers\.ac_to_time_limit must be a number >= 1",
    ),
    "time multipliers not a mapping": (
        {"problem.yaml": V2025 + "limits:\n  time_multipliers: 3\n"},
        r"^problem\.yaml limits\.time_multipliers must be a mapping",
    ),
    "no data directory": (
        {f"data/{side}/1.{ext}": None for side in ("sample", "secret") for ext in ("in", "ans")},
        r": no data/ directory",
    ),
    "data without cases": (
        {
            **{f"data/{s}/1.{e}": None for s in ("sample", "secret") for e in ("in", "ans")},
            "data/secret/readme.txt": "nothing\n",
        },
        r"^data/: no test cases",
    ),
    "in without ans": (
        {"data/secret/2.in": "5\n"},
        r"^data/secret/2\.in: no matching data/secret/2\.ans",
    ),
    "ans without in": (
        {"data/secret/g/7.ans": "5\n", "data/secret/g/8.in": "1\n", "data/secret/g/8.ans": "1\n"},
        r"^data/secret/g/7\.ans: no matching data/secret/g/7\.in",
    ),
    "testdata.yaml syntax error": (
        {"data/secret/testdata.yaml": "output_validator_flags: [\n"},
        r"^data/secret/testdata\.yaml: invalid YAML",
    ),
    "testdata.yaml not a mapping": (
        {"data/testdata.yaml": "- x\n"},
        r"^data/testdata\.yaml: must be a mapping",
    ),
    "test_group.yaml args a mapping": (
        {"problem.yaml": V2025, "data/secret/test_group.yaml": "output_validator_args: {a: b}\n"},
        r"^data/secret/test_group\.yaml output_validator_args must be a string or a list",
    ),
    "case yaml not a mapping": (
        {"problem.yaml": V2025, "data/secret/1.yaml": "just text\n"},
        r"^data/secret/1\.yaml: must be a mapping",
    ),
    "timelimit file garbage": (
        {".timelimit": "soon\n"},
        r"^\.timelimit: time limit must be a number, got 'soon'",
    ),
    "timelimit file zero": ({".timelimit": "0\n"}, r"^\.timelimit: time limit must be a positive"),
    "ini bad line": (
        {"domjudge-problem.ini": "name = 'x'\njust words\n"},
        r"^domjudge-problem\.ini: line 2 is not 'key = value'",
    ),
    "ini bad timelimit": (
        {"domjudge-problem.ini": "timelimit = 'two'\n"},
        r"^domjudge-problem\.ini timelimit: time limit must be a number",
    ),
    "submissions.yaml bad verdict": (
        {
            "problem.yaml": V2025,
            "submissions/submissions.yaml": "accepted:\n  permitted: [OK]\n",
            "submissions/accepted/a.py": "print(1)\n",
        },
        r"^submissions/submissions\.yaml accepted\.permitted: unknown verdict 'OK'",
    ),
    "submissions.yaml not a mapping": (
        {"problem.yaml": V2025, "submissions/submissions.yaml": "- accepted\n"},
        r"^submissions/submissions\.yaml: must be a mapping",
    ),
    "submissions.yaml rule not a mapping": (
        {"problem.yaml": V2025, "submissions/submissions.yaml": "accepted: yes\n"},
        r"^submissions/submissions\.yaml: 'accepted' must map to a mapping",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_package_is_refused_with_a_clear_message(
    case: str, make_package: PackageBuilder
) -> None:
    files, message = BROKEN[case]
    root = make_package(files)
    with pytest.raises(PackageError, match=message) as caught:
        load_package(root)
    assert "\n" not in str(caught.value)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match=r"nowhere: no such file or directory$"):
        load_package(tmp_path / "nowhere")


def test_a_file_that_is_neither_directory_nor_zip(tmp_path: Path) -> None:
    path = tmp_path / "problem.txt"
    path.write_text("hello\n")
    with pytest.raises(PackageError, match=r"problem\.txt: not a directory or a \.zip"):
        load_package(path)


def test_a_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(PackageError, match=r"broken\.zip: not a valid zip file"):
        load_package(path)


def test_symlink_out_of_a_directory_package(tmp_path: Path, make_package: PackageBuilder) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("secret\n")
    root = make_package()
    (root / "data" / "secret" / "9.in").write_text("9\n")
    (root / "data" / "secret" / "9.ans").symlink_to(secret)
    with pytest.raises(PackageError, match=r"^data/secret/9\.ans: symbolic link points outside"):
        load_package(root)


def test_problem_yaml_symlinked_out_of_the_package(
    tmp_path: Path, make_package: PackageBuilder
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("name: Borrowed\n")
    root = make_package({"problem.yaml": None})
    (root / "problem.yaml").symlink_to(outside)
    with pytest.raises(PackageError, match=r"^problem\.yaml: symbolic link points outside"):
        load_package(root)
