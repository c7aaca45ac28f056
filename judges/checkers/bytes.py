"""``bytes``: the output is byte for byte the answer.

No arguments. Nothing is forgiven: a missing final newline, trailing spaces or CRLF line
ends make the output wrong.
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
from judges.checkers.streams import first_difference


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    position = first_difference(answer, output)
    if position is None:
        return accepted()
    line = answer.count(b"\n", 0, position) + 1
    expected = _describe(answer[position : position + 1])
    got = _describe(output[position : position + 1])
    return wrong(f"outputs differ at byte {position} (line {line}): expected {expected}, got {got}")


def _describe(piece: bytes) -> str:
    return repr(piece) if piece else "end of output"


EXAMPLES = (
    Example(b"1 2\n", b"1 2\n", (), "AC"),
    Example(b"1 2\n", b"1 2", (), "WA"),
    Example(b"1 2\n", b"1 2\r\n", (), "WA"),
    Example(b"", b"", ("strict",), "JE"),
)
