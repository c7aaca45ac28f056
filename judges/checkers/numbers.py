"""Parsing numeric tokens strictly, in linear time.

Syntax is checked with patterns before ``float()`` converts: ``float()`` alone would
also accept ``_`` digit separators and ``inf``/``nan`` spellings. Patterns use
possessive quantifiers so that a long token that is almost a number (a million digits
and a letter) is rejected without backtracking.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

_DECIMAL = re.compile(rb"[+-]?+(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)(?:[eE][+-]?+[0-9]++)?+")
_HEXADECIMAL = re.compile(
    rb"[+-]?+0[xX](?:[0-9a-fA-F]++(?:\.[0-9a-fA-F]*+)?+|\.[0-9a-fA-F]++)(?:[pP][+-]?+[0-9]++)?+"
)
_INTEGER = re.compile(rb"([+-]?+)(0*+)([0-9]*+)")
_NONZERO_MANTISSA = re.compile(rb"[+-]?+[0.]*+[1-9]")


def parse_decimal(token: bytes) -> float | None:
    """The finite value of a decimal numeral (``-1``, ``2.50``, ``.5``, ``1e-9``), else None.

    No hexadecimal, no ``inf``/``nan``, no digit separators, no non-ASCII digits; a
    numeral whose value overflows a double is not finite, so None.
    """
    if _DECIMAL.fullmatch(token) is None:
        return None
    value = float(token)
    return value if math.isfinite(value) else None


# The range of an x87 80-bit long double, which the reference validator (BAPCtools') reads
# numbers into with strtold: a numeral beyond it is not a number there but a word.
_LONG_DOUBLE_MAX = Decimal("1.18973149535723176502e4932")
_LONG_DOUBLE_MIN = Decimal("3.36210314311209350626e-4932")


def parse_decimal_value(token: bytes) -> float | Decimal | None:
    """The value of a decimal numeral (as :func:`parse_decimal` reads them), else None.

    A float when a double holds it without overflow or underflow to zero; otherwise the
    exact :class:`~decimal.Decimal` (``1e400``, ``1e-4000``), so that no nonzero value
    reads as 0 and no finite one as infinity; and None, as for a word, beyond the range
    of a long double (``1e5000``, ``1e-20000``), as the reference reads them.
    """
    if _DECIMAL.fullmatch(token) is None:
        return None
    value = float(token)
    if math.isfinite(value) and (value != 0.0 or _NONZERO_MANTISSA.match(token) is None):
        return value
    try:
        exact = Decimal(token.decode("ascii"))
    except InvalidOperation:
        return None
    if not _LONG_DOUBLE_MIN <= exact.copy_abs() <= _LONG_DOUBLE_MAX:
        return None
    return exact


def parse_c_double(token: bytes) -> float | None:
    """The value of ``token`` if it is, as a whole, a numeral C's ``strtod`` reads as a
    finite double (decimal or hexadecimal, like ``0x1.8p3``), else None.

    Infinities and NaNs (``inf``, ``nan``, ``1e999``) are not finite, so None.
    """
    value = parse_decimal(token)
    if value is not None or _HEXADECIMAL.fullmatch(token) is None:
        return value
    try:
        value = float.fromhex(token.decode("ascii"))
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def canonical_integer(token: bytes) -> tuple[bool, bytes] | None:
    """``(negative, digits without leading zeros)`` for an integer numeral, else None.

    Accepts an optional sign and ASCII digits, of any length. ``-0`` is ``(False, b"0")``,
    the same as ``0``. Comparing canonical forms compares values exactly, in linear time.
    """
    match = _INTEGER.fullmatch(token)
    if match is None:
        return None
    sign, zeros, digits = match.groups()
    if not digits:
        return (False, b"0") if zeros else None
    return (sign == b"-", digits)
