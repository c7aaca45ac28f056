"""``tokens``: the output's tokens equal the answer's, exactly.

No arguments. Tokens are separated by ASCII whitespace (space, ``\\t``, ``\\n``, ``\\r``,
``\\v``, ``\\f``), whose amount and kind do not matter: trailing spaces, blank lines and
CRLF line ends are accepted. Tokens are compared byte for byte, case-sensitively and
never as numbers (``1e2`` is not ``100``, ``-0`` is not ``0``). The output must have
exactly as many tokens as the answer.
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
from judges.checkers.streams import token_mismatch


def _problem(expected: bytes, got: bytes) -> str:
    return f"expected {quote(expected)!r}, got {quote(got)!r}"


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    mismatch = token_mismatch(answer, output, _problem)
    return accepted() if mismatch is None else wrong(mismatch.message)


EXAMPLES = (
    Example(b"1 2\n3\n", b"1 2 3", (), "AC"),
    Example(b"Yes\n", b"yes\n", (), "WA"),
    Example(b"1 2\n", b"1\n", (), "WA"),
    Example(b"1\n", b"1\n", ("case_sensitive",), "JE"),
)
