"""``livecodebench``: LiveCodeBench's own comparison of a stdin/stdout program's output.

No arguments. Output and answer are read as UTF-8 text (bytes that are not UTF-8 stay
distinct, and are never numbers) and split into lines at ``\\n``; each line is stripped
of whitespace (Python's ``str.strip``, so Unicode whitespace too), and blank lines at the
start and the end are dropped (the whole text is stripped first). The two must have the
same number of lines. A line that differs from its answer line is compared again as its
whitespace-separated tokens: when every token of both lines is a number Python's
``Decimal`` reads, the two lists of values must be exactly equal (``1.0`` and ``1``,
``1e3`` and ``1000``, ``-0`` and ``0`` are equal; no tolerance: ``0.1`` is not
``0.10000001``; ``NaN`` equals nothing but an identical line). Any other difference is WA.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal, DecimalException
from itertools import zip_longest

from judges.checkers.base import (
    CheckResult,
    Example,
    Output,
    accepted,
    quote,
    reports_argument_errors,
    require_no_args,
    wrong,
)
from judges.checkers.streams import iter_lines


def stripped_lines(data: Output) -> Iterator[str]:
    """The lines LiveCodeBench compares: each stripped, blank lines at either end dropped
    (a text with no other line is one empty line); read a chunk at a time."""
    pending_blank = 0
    seen = False
    for raw in iter_lines(data):
        line = raw.decode("utf-8", "surrogateescape").strip()
        if not line:
            pending_blank += seen
            continue
        yield from [""] * pending_blank
        pending_blank = 0
        seen = True
        yield line
    if not seen:
        yield ""


def decimal_values(line: str) -> list[Decimal] | None:
    try:
        return [Decimal(token) for token in line.split()]
    except (DecimalException, ValueError):
        return None


def same_values(got: str, expected: str) -> bool:
    """Both lines are numbers only, with equal values (a signaling NaN equals nothing)."""
    got_values, expected_values = decimal_values(got), decimal_values(expected)
    if got_values is None or expected_values is None:
        return False
    try:
        return got_values == expected_values
    except DecimalException:
        return False


def _text(line: str) -> str:
    return quote(line.encode("utf-8", "surrogateescape"))


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    number = 0
    for number, (got, expected) in enumerate(
        zip_longest(stripped_lines(output), stripped_lines(answer)), start=1
    ):
        if got is None:
            return wrong(
                f"output has {number - 1} line(s), the answer has more "
                f"(line {number} of answer: {_text(expected)!r})"
            )
        if expected is None:
            return wrong(f"output has more lines than the answer ({number - 1}): {_text(got)!r}")
        if got != expected and not same_values(got, expected):
            return wrong(f"line {number} differs: expected {_text(expected)!r}, got {_text(got)!r}")
    return accepted()


EXAMPLES = (
    Example(b"3\n1 2\n", b"  3  \r\n1 2\n\n", (), "AC"),
    Example(b"1 2\n", b"1.0 2.00\n", (), "AC"),
    Example(b"1000\n", b"1e3\n", (), "AC"),
    Example(b"0.5\n", b"0.5000001\n", (), "WA"),
    Example(b"yes 1\n", b"yes 1.0\n", (), "WA"),
    Example(b"1 2\n3\n", b"1\n2 3\n", (), "WA"),
    Example(b"1\n2\n", b"1\n\n2\n", (), "WA"),
    Example(b"1\n", b"1\n", ("x",), "JE"),
)
