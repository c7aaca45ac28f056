"""What every built-in checker shares: its result, its signature, its argument errors.

A checker compares a program's ``output`` with the judge's ``answer`` (the test's
``input`` is passed too, for checkers that need it) and returns a ``CheckResult``:

- ``AC``: the output is accepted;
- ``WA``: the output is wrong;
- ``JE``: the checker itself cannot judge (unknown or malformed arguments, an answer
  that does not have the shape the checker needs). Never a property of the program.
- ``SE``: the sandbox failed while running a custom judge (``judges.custom``); a
  built-in checker never returns it.

Checkers work on bytes and never raise for bad arguments: ``check()`` returns
``CheckResult("JE", message)`` instead. The ``output`` may be a read-only ``mmap`` (a
large output the sandbox kept in a file): it is read through ``streams`` in chunks,
never copied whole, so a checker uses only what both types share (``len``, ``find``,
slices, regular expressions) and never ``==``, which compares a map by identity.
"""

from __future__ import annotations

import codecs
import functools
import mmap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple, ParamSpec

AC = "AC"
WA = "WA"
JE = "JE"
SE = "SE"
VERDICTS = (AC, WA, JE, SE)

Verdict = Literal["AC", "WA", "JE"]

# Longest piece of a token quoted in a message.
QUOTE_LIMIT = 40


@dataclass(frozen=True)
class CheckResult:
    verdict: str
    message: str = ""
    score: float | None = None
    # A Kattis validator's score_multiplier.txt: the case scores this fraction of its
    # maximum, which the problem's scoring rules know (the judge does not).
    score_multiplier: float | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown checker verdict {self.verdict!r}")


class CheckerArgumentError(ValueError):
    """The arguments given to a checker are unknown or malformed."""


# A program's output as a checker gets it: bytes, or a read-only map of a large one.
Output = bytes | mmap.mmap

CheckFn = Callable[[bytes, Output, bytes, Sequence[str]], CheckResult]


class Example(NamedTuple):
    """A self-test of a checker: ``output`` judged against ``answer`` gives ``verdict``
    (with the test's ``input``, which only the harness checkers read)."""

    answer: bytes
    output: bytes
    args: tuple[str, ...]
    verdict: Verdict
    input: bytes = b""


def accepted(message: str = "") -> CheckResult:
    return CheckResult(AC, message)


def wrong(message: str) -> CheckResult:
    return CheckResult(WA, message)


def judge_error(message: str) -> CheckResult:
    return CheckResult(JE, message)


P = ParamSpec("P")


def reports_argument_errors(check: Callable[P, CheckResult]) -> Callable[P, CheckResult]:
    """Turn a ``CheckerArgumentError`` raised inside ``check`` into a JE result."""

    @functools.wraps(check)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> CheckResult:
        try:
            return check(*args, **kwargs)
        except CheckerArgumentError as error:
            return judge_error(f"bad checker arguments: {error}")

    return wrapper


def require_no_args(args: Sequence[str]) -> None:
    if args:
        raise CheckerArgumentError(f"this checker takes no arguments, got {list(args)!r}")


def quote(token: bytes, limit: int = QUOTE_LIMIT) -> str:
    """A token as text for a message: undecodable bytes replaced, long tokens cut."""
    if len(token) > limit:
        # A character cut in two at the limit is left out rather than garbled.
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        return decoder.decode(token[:limit], final=False) + "..."
    return token.decode("utf-8", "replace")
