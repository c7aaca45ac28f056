"""``yesno``: a single yes/no answer, in any letter case.

No arguments. The answer must hold exactly one token, ``yes`` or ``no`` in any case,
else the checker cannot judge (JE). The output must hold exactly one token (surrounding
whitespace, CRLF and a missing final newline are fine) that is ``yes`` or ``no`` in any
case and equal to the answer's ignoring case. Anything else, such as ``y``, ``true``,
``yes.``, ``yes yes`` or an empty output, is WA.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

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
from judges.checkers.streams import Tokens

_WORDS = (b"yes", b"no")


def _single_token(data: Output) -> list[bytes]:
    """Up to two tokens of ``data``: enough to tell whether it holds exactly one."""
    return list(islice(Tokens(data), 2))


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    expected = _single_token(answer)
    if len(expected) != 1 or expected[0].lower() not in _WORDS:
        return judge_error("answer is not a single yes or no")
    got = _single_token(output)
    if not got:
        return wrong("expected yes or no, output is empty")
    if len(got) > 1:
        return wrong(f"expected a single yes or no, output has more: {quote(got[1])!r}")
    if got[0].lower() not in _WORDS:
        return wrong(f"expected yes or no, got {quote(got[0])!r}")
    if got[0].lower() != expected[0].lower():
        return wrong(f"expected {quote(expected[0])}, got {quote(got[0])}")
    return accepted()


EXAMPLES = (
    Example(b"YES\n", b"yes", (), "AC"),
    Example(b"yes\n", b"No\r\n", (), "WA"),
    Example(b"yes\n", b"y\n", (), "WA"),
    Example(b"yes\n", b"yes yes\n", (), "WA"),
    Example(b"maybe\n", b"maybe\n", (), "JE"),
)
