"""``unordered_tokens``: the output's tokens are the answer's tokens in any order.

No arguments. Tokens are separated by ASCII whitespace and compared as a multiset:
every token must appear in the output exactly as many times as in the answer, compared
byte for byte (case-sensitive, never as numbers). Memory grows with the number of
distinct answer tokens, not with the size of the output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

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
from judges.checkers.streams import Tokens


def multiset_difference(expected: Iterable[bytes], got: Iterator[bytes], what: str) -> str | None:
    """Why ``got`` is not the same multiset as ``expected``, or None."""
    remaining = Counter(expected)
    for item in got:
        count = remaining.get(item, 0)
        if count == 0:
            return f"output has more of {what} {quote(item)!r} than the answer"
        remaining[item] = count - 1
    for item, count in remaining.items():
        if count:
            return f"output is missing {count} {what}(s) {quote(item)!r}"
    return None


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    problem = multiset_difference(Tokens(answer), iter(Tokens(output)), "token")
    return accepted() if problem is None else wrong(problem)


EXAMPLES = (
    Example(b"1 2 2 3\n", b"3 2\n1 2\r\n", (), "AC"),
    Example(b"1 2 2 3\n", b"1 2 3 3\n", (), "WA"),
    Example(b"1 2\n", b"2\n", (), "WA"),
    Example(b"a\n", b"A\n", (), "WA"),
    Example(b"a\n", b"a\n", ("x",), "JE"),
)
