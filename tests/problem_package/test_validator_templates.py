"""Files beside a package's output validator that are not programs (templates of other
validator languages, notes) are ignored where the validator is looked for."""

from __future__ import annotations

import pytest

from verification.problem_package import PackageError, load_package

from .conftest import PackageBuilder

CHECK_CPP = "#include <cstdio>\nint main() { return 42; }\n"
TEMPLATES = {
    "validate.ctd.template": "INT(1, 10, n) NEWLINE EOF\n",
    "validate.viva.template": "/* a viva sketch */\n",
    "README.md": "How the checker works.\n",
    "notes.txt": "to do\n",
}


def _under(directory: str, files: dict[str, str]) -> dict[str, str | bytes | None]:
    return {f"{directory}/{name}": text for name, text in files.items()}


def test_legacy_templates_beside_a_single_file_validator(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": "validation: custom\n",
            "output_validators/check.cpp": CHECK_CPP,
            **_under("output_validators", TEMPLATES),
        }
    )
    package = load_package(root)
    validator = package.validator
    assert validator is not None
    assert (validator.language, validator.entry, set(validator.files)) == (
        "cpp",
        "check.cpp",
        {"check.cpp"},
    )
    for name in TEMPLATES:
        assert f"output_validators/{name}: not a program, ignored" in package.warnings


def test_legacy_templates_beside_a_validator_directory(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": "validation: custom\n",
            "output_validators/checker/check.cpp": CHECK_CPP,
            "output_validators/checker/validate.ctd.template": "EOF\n",
            "output_validators/validate.viva.template": "/* sketch */\n",
        }
    )
    package = load_package(root)
    assert package.validator is not None
    assert package.validator.entry == "check.cpp"
    assert "output_validators/validate.viva.template: not a program, ignored" in package.warnings


@pytest.mark.parametrize("version", ["2023-07-draft", "2025-09"])
def test_templates_inside_the_validator_directory(
    version: str, make_package: PackageBuilder
) -> None:
    root = make_package(
        {
            "problem.yaml": f"problem_format_version: {version}\nname: T\n",
            "output_validator/output_validator.cpp": CHECK_CPP,
            **_under("output_validator", TEMPLATES),
        }
    )
    validator = load_package(root).validator
    assert validator is not None
    assert (validator.language, validator.entry) == ("cpp", "output_validator.cpp")


def test_2023_07_one_program_subdirectory_beside_templates(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": "problem_format_version: 2023-07-draft\nname: T\n",
            "output_validator/checker/check.py": "import sys\nsys.exit(42)\n",
            "output_validator/validate.ctd.template": "EOF\n",
        }
    )
    package = load_package(root)
    assert package.validator is not None
    assert (package.validator.entry, set(package.validator.files)) == ("check.py", {"check.py"})
    assert any(
        "validate.ctd.template: beside the validator, ignored" in w for w in package.warnings
    )


def test_two_real_programs_are_still_refused(make_package: PackageBuilder) -> None:
    root = make_package(
        {
            "problem.yaml": "validation: custom\n",
            "output_validators/a.cpp": CHECK_CPP,
            "output_validators/b.py": "import sys\nsys.exit(42)\n",
            "output_validators/validate.ctd.template": "EOF\n",
        }
    )
    with pytest.raises(PackageError, match=r"more than one output validator \(a\.cpp, b\.py\)"):
        load_package(root)


def test_only_templates_is_no_validator(make_package: PackageBuilder) -> None:
    root = make_package(
        {"problem.yaml": "validation: custom\n", "output_validators/validate.ctd.template": "EOF\n"}
    )
    with pytest.raises(
        PackageError, match=r"output_validators/validate\.ctd\.template: no validator"
    ):
        load_package(root)
