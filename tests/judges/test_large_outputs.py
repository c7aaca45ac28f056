"""Large outputs are judged in time linear in their size, without splitting them at once."""

from __future__ import annotations

import time

import pytest

from judges.checkers import run_checker

SIZE = 8 * 1024 * 1024
SECONDS = 60

MANY_TOKENS = b"7 " * (SIZE // 2)
MANY_LINES = b"7\n" * (SIZE // 2)
ONE_TOKEN = b"7" * SIZE


def last_changed(data: bytes) -> bytes:
    return data[:-2] + b"8" + data[-1:]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "args", "answer"),
    [
        ("default", (), MANY_TOKENS),
        ("default", ("float_tolerance", "1e-9"), MANY_TOKENS),
        ("default", ("space_change_sensitive",), MANY_TOKENS),
        ("tokens", (), MANY_TOKENS),
        ("integers", (), MANY_TOKENS),
        ("floats", (), MANY_TOKENS),
        ("unordered_tokens", (), MANY_TOKENS),
        ("lines", (), MANY_LINES),
        ("unordered_lines", (), MANY_LINES),
        ("bytes", (), MANY_TOKENS),
        ("default", ("float_tolerance", "1e-9"), ONE_TOKEN),
        ("integers", (), ONE_TOKEN),
        ("floats", (), ONE_TOKEN),
    ],
)
def test_difference_in_the_last_token_is_found(name, args, answer):
    started = time.monotonic()
    result = run_checker(name, b"", last_changed(answer), answer, args)
    assert result.verdict == "WA", result.message
    assert time.monotonic() - started < SECONDS


@pytest.mark.slow
def test_space_change_with_reformatted_floats():
    answer = b"1 " * (SIZE // 4)
    output = b"1.0 " * (SIZE // 4)
    args = ("space_change_sensitive", "float_tolerance", "0")
    started = time.monotonic()
    assert run_checker("default", b"", output, answer, args).verdict == "AC"
    assert run_checker("default", b"", output[:-1] + b"\n", answer, args).verdict == "WA"
    assert time.monotonic() - started < SECONDS
