"""What the executors declare about their languages, and the lookups that read it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from verification.executors import (
    ASSERT,
    FUNCTION_CALL,
    STDIN_STDOUT,
    Executor,
    _index,
    executor_for,
    known_languages,
    language_for_extension,
    language_for_fence,
    language_named,
    language_names,
    languages_supporting,
)
from verification.executors.python import PythonExecutor
from verification.harness.calls import SOLVER_LANGUAGES

# Every name accepted before the executors declared them (the compat endpoints' table
# and the problem package format's), with the language each named.
ALIASES = {
    "nodejs": "javascript",
    "js": "javascript",
    "node": "javascript",
    "python3": "python",
    "py": "python",
    "c++": "cpp",
    "cplusplus": "cpp",
    "sh": "bash",
    "ts": "typescript",
    "rs": "rust",
    "kt": "kotlin",
    "hs": "haskell",
}
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize(("alias", "language"), sorted(ALIASES.items()))
def test_aliases_name_the_same_language_as_before(alias: str, language: str) -> None:
    assert language_named(alias) == language
    assert language_named(alias.upper()) == language
    assert alias in language_names()


@pytest.mark.parametrize("language", known_languages())
def test_each_language_is_named_by_its_name_and_declares_its_files(language: str) -> None:
    executor = executor_for(language)
    assert language_named(f" {language} ") == language
    assert language_for_fence(language) == language
    assert executor.extensions, f"{language} declares no source file extension"
    for extension in executor.extensions:
        assert extension.startswith(".") and extension == extension.lower()
        assert language_for_extension(extension.upper()) == language
    assert STDIN_STDOUT in executor.test_modes
    assert set(executor.test_modes) <= {STDIN_STDOUT, FUNCTION_CALL, ASSERT}


def test_unknown_names_extensions_and_tags() -> None:
    assert language_named("cobol") is None
    assert language_named("") is None
    assert language_for_extension(".txt") is None
    assert language_for_fence("") is None
    assert language_for_fence("text") is None


def test_fence_tags_are_the_first_word_of_the_info_string() -> None:
    assert language_for_fence("python3 title=main.py") == "python"
    assert language_for_fence(" C++ ") == "cpp"
    assert language_for_fence("nodejs") == "javascript"
    assert language_for_fence("golang") == "go"


def test_test_modes() -> None:
    assert languages_supporting(STDIN_STDOUT) == known_languages()
    # Function calls: Python's harness, and every language with a solver stub.
    assert languages_supporting(FUNCTION_CALL) == sorted(["python", *SOLVER_LANGUAGES])
    assert languages_supporting(ASSERT) == ["python"]
    assert languages_supporting("interactive") == []


def test_a_name_claimed_by_two_languages_is_refused() -> None:
    class OtherExecutor(Executor):
        name = "other"
        aliases = ("PY",)

    classes = {"python": PythonExecutor, "other": OtherExecutor}
    with pytest.raises(ValueError, match="'py' is claimed by python and other"):
        _index(classes, lambda cls: (cls.name, *cls.aliases), "language name")


def _code(items: tuple[str, ...]) -> str:
    return ", ".join(f"`{item}`" for item in items) or "—"


def _major_minor(version: str) -> str:
    """The runtime's version as the README gives it: major.minor of its first number."""
    found = re.search(r"\d+(?:\.\d+)?", version)
    return found.group(0) if found else f"none ({version})"


def language_table() -> list[str]:
    """The README's language table, as the registry says it should read."""
    rows = [
        "| language | version | aliases | source files | more fence tags | test modes |",
        "|---|---|---|---|---|---|",
    ]
    for name in known_languages():
        executor = executor_for(name)
        cells = (
            f"`{name}`",
            _major_minor(executor.version()),
            _code(executor.aliases),
            _code(executor.extensions),
            _code(executor.fence_tags),
            ", ".join(executor.test_modes),
        )
        rows.append(f"| {' | '.join(cells)} |")
    return rows


def test_readme_language_table_matches_the_registry() -> None:
    text = README.read_text()
    section = re.search(r"^## Languages\n(.*?)(?=^## )", text, re.M | re.S)
    assert section is not None, "README.md has no '## Languages' section"
    table = [line for line in section.group(1).splitlines() if line.startswith("|")]
    expected = language_table()
    assert table == expected, "README.md's language table should read:\n" + "\n".join(expected)


def test_the_languages_sandboxfusion_runs_without_a_compile_step() -> None:
    interpreted = {name for name in known_languages() if executor_for(name).interpreted}
    assert interpreted == {
        "python",
        "pypy",
        "javascript",
        "typescript",
        "php",
        "bash",
        "lua",
        "perl",
        "ruby",
        "r",
        "racket",
        "kotlin_script",
        "elixir",
        "clojure",
        "prolog",
        "tcl",
    }
