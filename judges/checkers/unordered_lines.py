"""``unordered_lines``: the output's lines are the answer's lines in any order.

No arguments. Lines are normalized as by ``lines`` (each line loses its trailing ASCII
whitespace, so CRLF is accepted; blank lines at the end are dropped) and then compared
as a multiset: every line must appear exactly as many times as in the answer. Inside a
line everything counts, including the order of its tokens and its leading whitespace.
"""

from __future__ import annotations

from collections.abc import Sequence

from judges.checkers.base import (
    CheckResult,
    Example,
    Output,
    accepted,
    reports_argument_errors,
    require_no_args,
    wrong,
)
from judges.checkers.streams import normalized_lines
from judges.checkers.unordered_tokens import multiset_difference


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    problem = multiset_difference(normalized_lines(answer), normalized_lines(output), "line")
    return accepted() if problem is None else wrong(problem)


EXAMPLES = (
    Example(b"1 2\n3 4\n", b"3 4\r\n1 2\n\n", (), "AC"),
    Example(b"1 2\n3 4\n", b"2 1\n3 4\n", (), "WA"),
    Example(b"1 2\n3 4\n", b"1 2 3 4\n", (), "WA"),
    Example(b"a\n", b"a\n", ("x",), "JE"),
)
