"""``default``: the Kattis default output validator (problemtools' ``default_validator``).

Arguments are the validator flags of a problem package (``validator_flags``), in order:

``case_sensitive``
    Compare string tokens case-sensitively (otherwise ASCII letters match in any case).
``space_change_sensitive``
    Whitespace must match the answer exactly, byte for byte: the same runs of spaces,
    tabs, newlines and carriage returns, including leading and trailing ones.
``float_absolute_tolerance X``, ``float_relative_tolerance X``
    Turn on numeric comparison with that tolerance.
``float_tolerance X``
    Both tolerances set to X.

A later flag overrides an earlier one. A tolerance value must be a finite C numeral;
a negative value leaves that tolerance off. An unknown flag or a missing or malformed
tolerance value gives JE.

Comparison, as the upstream validator does it:

- Output and answer are split into tokens at ASCII whitespace (space, ``\\t``, ``\\n``,
  ``\\r``, ``\\v``, ``\\f``); unless ``space_change_sensitive``, the amount and kind of
  whitespace does not matter, so trailing whitespace and CRLF line ends are accepted.
- Tokens are compared pairwise. The output must have exactly as many tokens as the
  answer: a missing token ("output ended while the answer has more") or an extra one
  ("trailing output") is WA, and so is a prefix of the answer.
- When a tolerance is on and the answer token is a number in decimal notation (the
  format's ``[+-]?([0-9]*\\.[0-9]+|[0-9]+\\.|[0-9]+)([Ee][+-]?[0-9]+)?``: ``3``, ``-0``,
  ``.5``, ``1e2``; not ``0x0``, ``inf`` or ``nan``), the output token must also be one,
  and ``|answer - output|`` must be within the absolute tolerance or within the relative
  tolerance times ``|answer|``. Values are IEEE doubles where a double holds them, so
  integers are compared as doubles too (beyond 2^53 they may be rounded together); a
  value a double would overflow or flush to zero (``1e400``, ``1e-4000``) is compared
  exactly, in decimal arithmetic, so ``1e-4000`` is not ``0`` even with tolerance 0.
  Beyond the range of a long double (``1e5000``, ``1e-20000``), which the reference
  reads numbers into, a token is not a number but a word, as there.
- Every other answer token (and every token when no tolerance is on) is compared as a
  string: exactly with ``case_sensitive``, otherwise ignoring ASCII case. So without a
  tolerance ``1e2`` does not match ``100``, ``-0`` does not match ``0`` and two large
  integers that differ in their last digit do not match; an answer ``inf`` or ``nan`` is
  matched as a string even with a tolerance.

Deliberate difference: upstream compares tokens as C strings, so bytes after a NUL
inside a token are ignored there; here whole tokens are compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal

from judges.checkers.base import (
    CheckerArgumentError,
    CheckResult,
    Example,
    Output,
    accepted,
    quote,
    reports_argument_errors,
    wrong,
)
from judges.checkers.numbers import parse_c_double, parse_decimal_value
from judges.checkers.streams import (
    TOKEN_PLACEHOLDER,
    same_bytes,
    same_layout,
    skeleton_difference,
    token_mismatch,
)


@dataclass(frozen=True)
class Flags:
    case_sensitive: bool = False
    space_change_sensitive: bool = False
    absolute_tolerance: float = -1.0
    relative_tolerance: float = -1.0

    @property
    def use_floats(self) -> bool:
        return self.absolute_tolerance >= 0 or self.relative_tolerance >= 0


KNOWN_FLAGS = (
    "case_sensitive, space_change_sensitive, float_tolerance X, "
    "float_absolute_tolerance X, float_relative_tolerance X"
)


def parse_flags(args: Sequence[str]) -> Flags:
    """Read validator flags as the upstream validator does; raise on a bad one."""
    case_sensitive = False
    space_change_sensitive = False
    absolute = relative = -1.0
    position = 0
    while position < len(args):
        flag = args[position]
        if flag == "case_sensitive":
            case_sensitive = True
        elif flag == "space_change_sensitive":
            space_change_sensitive = True
        elif flag in ("float_absolute_tolerance", "float_relative_tolerance", "float_tolerance"):
            position += 1
            value = _tolerance(flag, args[position] if position < len(args) else None)
            if flag != "float_relative_tolerance":
                absolute = value
            if flag != "float_absolute_tolerance":
                relative = value
        else:
            raise CheckerArgumentError(f"unknown flag {flag!r}; known flags: {KNOWN_FLAGS}")
        position += 1
    return Flags(case_sensitive, space_change_sensitive, absolute, relative)


def _tolerance(flag: str, text: str | None) -> float:
    if text is None:
        raise CheckerArgumentError(f"{flag} needs a value")
    value = parse_c_double(text.encode("utf-8", "replace"))
    if value is None:
        raise CheckerArgumentError(f"{flag} needs a finite number, got {text!r}")
    return value


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    flags = parse_flags(args)
    if same_bytes(output, answer):
        return accepted()

    def problem(expected: bytes, got: bytes) -> str | None:
        return token_problem(expected, got, flags)

    mismatch = token_mismatch(answer, output, problem)
    if flags.space_change_sensitive:
        space_error = _space_change(answer, output)
        if space_error is not None and (mismatch is None or space_error[0] <= mismatch.index):
            return wrong(space_error[1])
    if mismatch is not None:
        return wrong(mismatch.message)
    return accepted()


def token_problem(expected: bytes, got: bytes, flags: Flags) -> str | None:
    """What is wrong with output token ``got`` for answer token ``expected``, or None."""
    if flags.use_floats:
        expected_value = parse_decimal_value(expected)
        if expected_value is not None:
            got_value = parse_decimal_value(got)
            if got_value is None:
                return f"expected a float, got {quote(got)!r}"
            if _within_tolerance(expected_value, got_value, flags):
                return None
            return (
                f"too large difference: answer {quote(expected)}, output {quote(got)}, "
                f"difference {_difference(expected_value, got_value):.6e} (absolute tolerance "
                f"{flags.absolute_tolerance:e}, relative tolerance {flags.relative_tolerance:e})"
            )
    if not flags.case_sensitive and expected.lower() == got.lower():
        return None
    return f"string tokens differ: answer {quote(expected)!r}, output {quote(got)!r}"


def _within_tolerance(expected: float | Decimal, got: float | Decimal, flags: Flags) -> bool:
    """``|expected - got|`` within the absolute tolerance, or within the relative one
    times ``|expected|``: in doubles, or exactly when either value is beyond a double."""
    if isinstance(expected, float) and isinstance(got, float):
        difference = abs(expected - got)
        return difference <= flags.absolute_tolerance or difference <= (
            flags.relative_tolerance * abs(expected)
        )
    exact = _exact_context(expected, got)
    gap = exact.abs(exact.subtract(Decimal(expected), Decimal(got)))
    absolute, relative = Decimal(flags.absolute_tolerance), Decimal(flags.relative_tolerance)
    return gap <= absolute or gap <= exact.multiply(relative, exact.abs(Decimal(expected)))


def _difference(expected: float | Decimal, got: float | Decimal) -> float | Decimal:
    if isinstance(expected, float) and isinstance(got, float):
        return abs(expected - got)
    exact = _exact_context(expected, got)
    return exact.abs(exact.subtract(Decimal(expected), Decimal(got)))


def _exact_context(*values: float | Decimal) -> Context:
    """Enough digits for the operands (and a double's 17, and a tolerance's), any exponent."""
    digits = max(len(Decimal(value).as_tuple().digits) for value in values)
    return Context(prec=digits + 60, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])


def _space_change(answer: bytes, output: Output) -> tuple[int, str] | None:
    """The first whitespace difference: (tokens before it, message), or None.

    Two outputs have the same whitespace exactly when their skeletons agree.
    Differences in the number of tokens alone are left to the token comparison.
    """
    if same_layout(answer, output):
        return None
    difference = skeleton_difference(answer, output)
    if difference is None:
        return None
    expected, got = difference.expected, difference.got
    if expected in (b"", TOKEN_PLACEHOLDER) and got in (b"", TOKEN_PLACEHOLDER):
        return None
    line = difference.newlines_before + 1
    return difference.tokens_before, (
        f"Wrong answer on line {line} of output: space change error, "
        f"expected {_describe(expected)}, got {_describe(got)}"
    )


def _describe(piece: bytes) -> str:
    if piece == b"":
        return "end of output"
    if piece == TOKEN_PLACEHOLDER:
        return "a token"
    return repr(piece.decode("ascii"))


EXAMPLES = (
    Example(b"hello world\n", b"Hello  World\r\n", (), "AC"),
    Example(b"hello world\n", b"hello\n", (), "WA"),
    Example(b"hello\n", b"hello world\n", (), "WA"),
    Example(b"Hello\n", b"hello\n", ("case_sensitive",), "WA"),
    Example(b"a b\n", b"a  b\n", ("space_change_sensitive",), "WA"),
    Example(b"100\n", b"1e2\n", (), "WA"),
    Example(b"100\n", b"1e2\n", ("float_tolerance", "1e-9"), "AC"),
    Example(b"1\n", b"1.5\n", ("float_absolute_tolerance", "0.1"), "WA"),
    Example(b"1\n", b"1\n", ("float_tolerance",), "JE"),
    Example(b"1\n", b"1\n", ("strict",), "JE"),
)
