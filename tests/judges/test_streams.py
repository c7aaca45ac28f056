"""Chunked token and line reading, and numeral parsing."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judges.checkers.numbers import canonical_integer, parse_c_double, parse_decimal
from judges.checkers.streams import (
    WHITESPACE,
    Tokens,
    first_difference,
    iter_lines,
    normalized_lines,
    whitespace_layout,
    whitespace_skeleton,
)

SOME_BYTES = st.binary(max_size=200) | st.lists(
    st.sampled_from([b"a", b"bc", b" ", b"\n", b"\r\n", b"\t", b"\x0b", b"\x0c", b"\x00", b"\xff"])
).map(b"".join)


@given(SOME_BYTES, st.integers(min_value=1, max_value=8))
def test_tokens_are_split_at_ascii_whitespace(data, chunk_size):
    assert list(Tokens(data, chunk_size)) == data.split()


@given(SOME_BYTES, st.integers(min_value=1, max_value=8))
def test_lines_are_split_at_newline(data, chunk_size):
    assert list(iter_lines(data, chunk_size)) == (data.split(b"\n") if data else [])


@given(SOME_BYTES, st.integers(min_value=1, max_value=8))
def test_line_of_every_token(data, chunk_size):
    tokens = Tokens(data, chunk_size)
    expected_offsets = []
    position = 0
    for token in data.split():
        position = data.index(token, position)
        expected_offsets.append(position)
        position += len(token)
    for index, _ in enumerate(tokens):
        assert tokens.offset_of(index) == expected_offsets[index]
        assert tokens.line_of(index) == data.count(b"\n", 0, expected_offsets[index]) + 1


def test_normalized_lines():
    assert list(normalized_lines(b"a \r\n b\t\n\n \n")) == [b"a", b" b"]
    assert list(normalized_lines(b"\n\n")) == []


@given(SOME_BYTES, SOME_BYTES)
def test_first_difference(a, b):
    position = first_difference(a, b)
    if a == b:
        assert position is None
    else:
        assert position is not None
        assert a[:position] == b[:position]
        assert position == min(len(a), len(b)) or a[position] != b[position]


def test_first_difference_in_long_data():
    a = bytes(300_000)
    assert first_difference(a, a[:-1] + b"\x01") == 299_999
    assert first_difference(a, a + b"x") == 300_000


@given(SOME_BYTES, st.integers(min_value=1, max_value=8))
def test_whitespace_skeleton_collapses_each_token(data, chunk_size):
    skeleton = whitespace_skeleton(data, chunk_size)
    assert skeleton == re.sub(rb"[^ \t\n\r\x0b\x0c]+", b"x", data)
    assert skeleton.split() == [b"x"] * len(data.split())
    assert skeleton.translate(None, b"x") == bytes(byte for byte in data if byte in WHITESPACE)
    layout = whitespace_layout(data)
    assert len(layout) == len(data)
    assert whitespace_skeleton(layout) == skeleton


class TestNumerals:
    @pytest.mark.parametrize(
        ("token", "value"),
        [
            (b"0", 0.0),
            (b"-0", -0.0),
            (b"+1.5", 1.5),
            (b".5", 0.5),
            (b"5.", 5.0),
            (b"1e2", 100.0),
            (b"1E+2", 100.0),
            (b"25e-1", 2.5),
            (b"1e-400", 0.0),
        ],
    )
    def test_decimal(self, token, value):
        assert parse_decimal(token) == value
        assert parse_c_double(token) == value

    @pytest.mark.parametrize(
        "token",
        [
            b"",
            b".",
            b"+",
            b"e5",
            b"1e",
            b"1e+",
            b"1.2.3",
            b"1_0",
            b"inf",
            b"-inf",
            b"nan",
            b"infinity",
            b"NaN",
            b"1e400",
            b"0x10",
            b" 1",
            b"1 ",
            b"\xd9\xa1",
            b"1\x00",
        ],
    )
    def test_not_decimal(self, token):
        assert parse_decimal(token) is None

    @pytest.mark.parametrize(
        ("token", "value"), [(b"0x10", 16.0), (b"-0X1.8p1", -3.0), (b"0x.8", 0.5), (b"0x1P-1", 0.5)]
    )
    def test_c_hexadecimal(self, token, value):
        assert parse_c_double(token) == value

    @pytest.mark.parametrize("token", [b"0x", b"0xg", b"0x1p", b"0x1p999999", b"inf", b"nan"])
    def test_not_c_double(self, token):
        assert parse_c_double(token) is None

    def test_long_almost_numbers_are_rejected_quickly(self):
        assert parse_decimal(b"1" * 1_000_000 + b"x") is None
        assert parse_c_double(b"0x" + b"1" * 1_000_000 + b"g") is None
        assert canonical_integer(b"1" * 1_000_000 + b"x") is None

    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_decimal_reads_python_float_forms(self, value):
        for text in (repr(value), f"{value:.17e}", f"{value:.17g}"):
            assert parse_decimal(text.encode()) == value

    @given(st.integers(), st.integers(min_value=0, max_value=3), st.sampled_from(["", "+"]))
    def test_canonical_integer_compares_values(self, value, zeros, plus):
        sign = "-" if value < 0 else plus
        text = f"{sign}{'0' * zeros}{abs(value)}".encode()
        assert canonical_integer(text) == canonical_integer(str(value).encode())
        assert canonical_integer(text) != canonical_integer(str(value + 1).encode())

    def test_canonical_zero(self):
        assert canonical_integer(b"-0") == canonical_integer(b"000") == (False, b"0")
        assert canonical_integer(b"-") is None
        assert canonical_integer(b"") is None

    def test_overflowing_numerals_are_not_finite_values(self):
        assert parse_decimal(b"1" * 400) is None
        assert parse_c_double(b"1" * 400) is None
        assert parse_decimal(b"0." + b"0" * 400 + b"1") == 0.0
        assert math.isfinite(parse_decimal(b"1" * 300) or math.inf)
