"""The checker table, lookup, and each checker's own examples."""

from __future__ import annotations

import importlib

import pytest

from judges.checkers import (
    CHECKERS,
    HARNESS_CHECKERS,
    OUTPUT_CHECKERS,
    CheckResult,
    UnknownChecker,
    checker_for,
    run_checker,
)
from judges.checkers.base import Example

OUTPUT_NAMES = {
    "default",
    "tokens",
    "lines",
    "bytes",
    "integers",
    "floats",
    "unordered_tokens",
    "unordered_lines",
    "yesno",
    "livecodebench",
}
HARNESS_NAMES = {"function_call", "assert"}
BUILT_IN_NAMES = OUTPUT_NAMES | HARNESS_NAMES


def examples() -> list[tuple[str, Example]]:
    return [
        (name, example)
        for name, check in CHECKERS.items()
        for example in importlib.import_module(check.__module__).EXAMPLES
    ]


def test_table_holds_exactly_the_documented_checkers():
    assert set(CHECKERS) == BUILT_IN_NAMES
    assert OUTPUT_CHECKERS == OUTPUT_NAMES
    assert HARNESS_CHECKERS == HARNESS_NAMES


@pytest.mark.parametrize("name", sorted(BUILT_IN_NAMES))
def test_every_checker_documents_itself_and_has_examples(name):
    module = importlib.import_module(CHECKERS[name].__module__)
    assert module.__doc__ and f"``{name}``" in module.__doc__
    verdicts = {example.verdict for example in module.EXAMPLES}
    assert {"AC", "WA", "JE"} <= verdicts


@pytest.mark.parametrize(("name", "example"), examples())
def test_examples(name, example):
    result = CHECKERS[name](example.input, example.output, example.answer, example.args)
    assert result.verdict == example.verdict, result.message


@pytest.mark.parametrize("name", sorted(BUILT_IN_NAMES))
def test_unknown_argument_is_a_judge_error_not_an_exception(name):
    result = CHECKERS[name](b"", b"yes\n", b"yes\n", ["--no-such-flag"])
    assert result.verdict == "JE"
    assert "--no-such-flag" in result.message


@pytest.mark.parametrize("name", sorted(OUTPUT_NAMES))
def test_args_default_to_none(name):
    answer = b"12\n" if name == "integers" else b"yes\n"
    assert CHECKERS[name](b"", answer, answer, ()).verdict == "AC"


@pytest.mark.parametrize("name", sorted(HARNESS_NAMES))
def test_harness_checkers_args_default_to_none(name):
    module = importlib.import_module(CHECKERS[name].__module__)
    example = next(e for e in module.EXAMPLES if e.verdict == "AC" and not e.args)
    assert CHECKERS[name](example.input, example.output, example.answer, ()).verdict == "AC"


def test_checker_for_returns_the_check_function():
    assert checker_for("tokens") is CHECKERS["tokens"]


def test_unknown_checker_names_the_known_ones():
    with pytest.raises(UnknownChecker) as raised:
        checker_for("fuzzy")
    assert isinstance(raised.value, KeyError)
    message = str(raised.value)
    assert "fuzzy" in message
    assert all(name in message for name in BUILT_IN_NAMES)


def test_run_checker_raises_for_unknown_name():
    with pytest.raises(UnknownChecker):
        run_checker("fuzzy", b"", b"1", b"1")


def test_run_checker_passes_arguments_in_order():
    assert run_checker("default", b"", b"HELLO", b"hello").verdict == "AC"
    assert run_checker("default", b"", b"HELLO", b"hello", ["case_sensitive"]).verdict == "WA"


def test_a_crashing_checker_is_a_judge_error(monkeypatch):
    def crash(input, output, answer, args=()):
        raise RuntimeError("boom")

    monkeypatch.setitem(CHECKERS, "crash", crash)
    result = run_checker("crash", b"", b"1", b"1")
    assert result.verdict == "JE"
    assert "boom" in result.message


def test_check_result_rejects_unknown_verdicts():
    with pytest.raises(ValueError, match="verdict"):
        CheckResult("OK")
    assert CheckResult("AC") == CheckResult("AC", "", None)
