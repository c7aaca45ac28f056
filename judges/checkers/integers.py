"""``integers``: the output's tokens are the answer's integers, exactly.

No arguments. Tokens are separated by ASCII whitespace (trailing spaces, blank lines and
CRLF are accepted). Every answer token must be an integer numeral, an optional ``+`` or
``-`` and ASCII digits, else the checker cannot judge (JE). Each output token must be an
integer numeral too (``1e2``, ``1.0``, ``0x10`` are WA) with the same value: integers of
any size are compared exactly, never through floating point. Leading zeros, a ``+`` sign
and ``-0`` do not change a value (``007`` is ``7``, ``-0`` is ``0``). The output must have
exactly as many tokens as the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from judges.checkers.base import (
    CheckResult,
    Example,
    Output,
    accepted,
    judge_error,
    quote,
    reports_argument_errors,
    require_no_args,
    wrong,
)
from judges.checkers.numbers import canonical_integer
from judges.checkers.streams import token_mismatch

_NOT_INTEGER_BYTES = re.compile(rb"[^0-9+\- \t\n\r\x0b\x0c]")
_MISPLACED_SIGN = re.compile(rb"[0-9+\-][+\-]|[+\-](?![0-9])")


def _answer_problem(answer: bytes) -> str | None:
    """Why the answer is not a sequence of integer numerals, or None; linear time."""
    bad = _NOT_INTEGER_BYTES.search(answer) or _MISPLACED_SIGN.search(answer)
    if bad is None:
        return None
    start = answer.rfind(b" ", 0, bad.start()) + 1
    return f"answer is not all integers near byte {bad.start()}: {quote(answer[start:])!r}"


def _problem(expected: bytes, got: bytes) -> str | None:
    value = canonical_integer(got)
    if value is None:
        return f"expected an integer, got {quote(got)!r}"
    if value != canonical_integer(expected):
        return f"expected {quote(expected)}, got {quote(got)}"
    return None


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    problem = _answer_problem(answer)
    if problem is not None:
        return judge_error(problem)
    mismatch = token_mismatch(answer, output, _problem)
    return accepted() if mismatch is None else wrong(mismatch.message)


EXAMPLES = (
    Example(b"3\n-5\n", b"3 -5", (), "AC"),
    Example(b"9007199254740993\n", b"9007199254740992\n", (), "WA"),
    Example(b"100\n", b"1e2\n", (), "WA"),
    Example(b"0\n", b"-0\n", (), "AC"),
    Example(b"yes\n", b"yes\n", (), "JE"),
)
