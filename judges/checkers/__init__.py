"""The built-in checker library: one module per checker, registered by name below.

Every checker has the signature of ``base.CheckFn``::

    check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult

(``output`` is bytes or a read-only ``mmap`` of a large output, see ``base``) and
documents its arguments and semantics in its module docstring. To add a checker, write
``judges/checkers/<name>.py`` with ``check`` and ``EXAMPLES`` (its self-test, a tuple of
``base.Example``, run by the test suite) and add one line to ``CHECKERS``; if it takes
arguments, one line to ``ARGUMENT_PARSERS`` too (the function that reads them and raises
``CheckerArgumentError``), so that bad arguments are refused where a problem is created
instead of judging every case JE.

Two checkers judge not a program's output but the one-line report of the harness that
ran a function-call or assert problem's tests (``verification/harness``): ``function_call``
and ``assert`` (in ``asserts.py``, ``assert`` being a keyword). Their ``input`` is the
harness's stdin, which carries the run's nonce the report must repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from judges.checkers import (
    asserts,
    default,
    floats,
    function_call,
    integers,
    lines,
    livecodebench,
    tokens,
    unordered_lines,
    unordered_tokens,
    yesno,
)
from judges.checkers import bytes as identical_bytes
from judges.checkers.base import (
    JE,
    CheckerArgumentError,
    CheckFn,
    CheckResult,
    Example,
    Output,
    judge_error,
    require_no_args,
)

CHECKERS: dict[str, CheckFn] = {
    "default": default.check,
    "tokens": tokens.check,
    "lines": lines.check,
    "bytes": identical_bytes.check,
    "integers": integers.check,
    "floats": floats.check,
    "unordered_tokens": unordered_tokens.check,
    "unordered_lines": unordered_lines.check,
    "yesno": yesno.check,
    "livecodebench": livecodebench.check,
    "function_call": function_call.check,
    "assert": asserts.check,
}

# The checkers that judge the report of the harness that ran a function-call or assert
# problem's tests (the problem's kind names its checker), not a program's own output.
HARNESS_CHECKERS = frozenset({"function_call", "assert"})
# The checkers a problem whose program writes its answer to stdout may be judged with.
OUTPUT_CHECKERS = frozenset(CHECKERS) - HARNESS_CHECKERS


# How each checker that takes arguments reads them; the others take none.
ARGUMENT_PARSERS: dict[str, Callable[[Sequence[str]], object]] = {
    "default": default.parse_flags,
    "floats": floats.parse_tolerance,
    "function_call": function_call.parse_tolerances,
}


class UnknownChecker(KeyError):
    """No built-in checker has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"unknown checker {self.name!r}; known checkers: {', '.join(sorted(CHECKERS))}"


def checker_for(name: str) -> CheckFn:
    """The check function of the built-in checker ``name``; raises ``UnknownChecker``."""
    try:
        return CHECKERS[name]
    except KeyError:
        raise UnknownChecker(name) from None


def checker_args_validate(name: str, args: Sequence[str]) -> None:
    """Raise ``CheckerArgumentError`` (saying which argument is wrong) when checker
    ``name`` would refuse ``args``, and ``UnknownChecker`` for an unknown name."""
    checker_for(name)
    ARGUMENT_PARSERS.get(name, require_no_args)(list(args))


def run_checker(
    name: str, input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()
) -> CheckResult:
    """Judge ``output`` with checker ``name``.

    Raises ``UnknownChecker`` for an unknown name (a configuration error, best caught
    where the judge is configured, through ``checker_for``). Any failure inside the
    checker itself is reported as a JE result, never raised and never a WA.
    """
    check = checker_for(name)
    try:
        return check(input, output, answer, args)
    except Exception as error:
        return judge_error(f"checker {name!r} failed: {type(error).__name__}: {error}")


__all__ = [
    "ARGUMENT_PARSERS",
    "CHECKERS",
    "HARNESS_CHECKERS",
    "JE",
    "OUTPUT_CHECKERS",
    "CheckFn",
    "CheckResult",
    "CheckerArgumentError",
    "Example",
    "Output",
    "UnknownChecker",
    "checker_args_validate",
    "checker_for",
    "run_checker",
]
