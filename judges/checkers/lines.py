"""``lines``: the output's lines equal the answer's, exactly.

No arguments. Lines are split at ``\\n``. Before comparing, each line loses its trailing
ASCII whitespace (space, ``\\t``, ``\\r``, ``\\v``, ``\\f``; so CRLF line ends are accepted)
and blank lines at the end of the output and of the answer are dropped. Everything else
counts: leading whitespace, whitespace inside a line, blank lines between lines, case.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from judges.checkers.streams import normalized_lines


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    team_lines = normalized_lines(output)
    number = 0
    for number, expected in enumerate(normalized_lines(answer), start=1):
        got = next(team_lines, None)
        if got is None:
            return wrong(
                f"output has {number - 1} line(s), the answer has more "
                f"(line {number} of answer: {quote(expected)!r})"
            )
        if got != expected:
            return wrong(f"line {number} differs: expected {quote(expected)!r}, got {quote(got)!r}")
    extra = next(team_lines, None)
    if extra is not None:
        return wrong(f"output has more lines than the answer ({number}): {quote(extra)!r}")
    return accepted()


EXAMPLES = (
    Example(b"a b\nc\n", b"a b  \r\nc\r\n\r\n\n", (), "AC"),
    Example(b"a b\n", b"a  b\n", (), "WA"),
    Example(b"a\nb\n", b"a\n\nb\n", (), "WA"),
    Example(b"a\n", b" a\n", (), "WA"),
    Example(b"a\n", b"a\n", ("x",), "JE"),
)
