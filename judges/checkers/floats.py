"""``floats``: the output's numbers are within a tolerance of the answer's.

Arguments, each optional:

- ``abs=X``: absolute tolerance X;
- ``rel=X``: relative tolerance X (times the absolute value of the answer's number);
- a bare ``X``: both tolerances X.

With no argument both tolerances are ``1e-6``. When arguments are given, a tolerance
not named is off. Each X is a finite, non-negative decimal number; anything else is JE.

Tokens are separated by ASCII whitespace (trailing spaces, blank lines and CRLF are
accepted) and compared pairwise; the output must have exactly as many tokens as the
answer. An answer token that is a finite decimal numeral (``3``, ``-0``, ``2.50``,
``1e2``) needs an output token that is one too, written in any decimal form, whose
value is within the absolute tolerance or within the relative tolerance of it. Values
are IEEE doubles. ``inf``, ``nan``, hexadecimal and overflowing numerals are not
numbers to this checker: an output ``nan`` is WA where a number is expected, and an
answer token that is not a number (a word, ``inf``) must be matched exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from judges.checkers.base import (
    CheckerArgumentError,
    CheckResult,
    Example,
    Output,
    accepted,
    quote,
    reports_argument_errors,
    wrong,
)
from judges.checkers.numbers import parse_decimal
from judges.checkers.streams import token_mismatch

DEFAULT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Tolerance:
    absolute: float | None
    relative: float | None

    def allows(self, expected: float, got: float) -> bool:
        difference = abs(expected - got)
        if self.absolute is not None and difference <= self.absolute:
            return True
        return self.relative is not None and difference <= self.relative * abs(expected)

    def __str__(self) -> str:
        parts = [
            f"{name} tolerance {value:g}"
            for name, value in (("absolute", self.absolute), ("relative", self.relative))
            if value is not None
        ]
        return " or ".join(parts)


def parse_tolerance(args: Sequence[str]) -> Tolerance:
    if not args:
        return Tolerance(DEFAULT_TOLERANCE, DEFAULT_TOLERANCE)
    values: dict[str, float] = {}
    for arg in args:
        name, _, text = arg.rpartition("=")
        if name not in ("", "abs", "rel"):
            raise CheckerArgumentError(f"unknown argument {arg!r}; use abs=X, rel=X or X")
        keys = (name,) if name else ("abs", "rel")
        if any(key in values for key in keys):
            raise CheckerArgumentError(f"tolerance given twice in {list(args)!r}")
        value = parse_decimal(text.encode("utf-8", "replace"))
        if value is None or value < 0:
            raise CheckerArgumentError(f"tolerance must be a non-negative number, got {arg!r}")
        values.update(dict.fromkeys(keys, value))
    return Tolerance(values.get("abs"), values.get("rel"))


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    tolerance = parse_tolerance(args)

    def problem(expected: bytes, got: bytes) -> str | None:
        expected_value = parse_decimal(expected)
        if expected_value is None:
            return f"expected {quote(expected)!r}, got {quote(got)!r}"
        got_value = parse_decimal(got)
        if got_value is None:
            return f"expected a number, got {quote(got)!r}"
        if tolerance.allows(expected_value, got_value):
            return None
        return f"expected {quote(expected)}, got {quote(got)}: not within {tolerance}"

    mismatch = token_mismatch(answer, output, problem)
    return accepted() if mismatch is None else wrong(mismatch.message)


EXAMPLES = (
    Example(b"0.3333333\n", b"0.33333334\n", (), "AC"),
    Example(b"100\n", b"1e2\n", (), "AC"),
    Example(b"1\n", b"1.01\n", ("abs=1e-3",), "WA"),
    Example(b"1000\n", b"1001\n", ("rel=1e-2",), "AC"),
    Example(b"1\n", b"nan\n", (), "WA"),
    Example(b"1\n", b"1\n", ("eps=1",), "JE"),
    Example(b"1\n", b"1\n", ("-1",), "JE"),
)
