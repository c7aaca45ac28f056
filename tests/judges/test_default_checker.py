"""The ``default`` checker against the Kattis default output validator's semantics."""

from __future__ import annotations

import pytest

from judges.checkers.base import CheckerArgumentError
from judges.checkers.default import Flags, check, parse_flags


def verdict(answer: bytes, output: bytes, *args: str) -> str:
    return check(b"", output, answer, args).verdict


class TestFlags:
    def test_no_flags(self):
        assert parse_flags([]) == Flags()
        assert not Flags().use_floats

    def test_float_tolerance_sets_both(self):
        flags = parse_flags(["float_tolerance", "0.5"])
        assert (flags.absolute_tolerance, flags.relative_tolerance) == (0.5, 0.5)

    def test_single_tolerances(self):
        assert parse_flags(["float_absolute_tolerance", "1e-3"]).absolute_tolerance == 1e-3
        assert parse_flags(["float_absolute_tolerance", "1e-3"]).relative_tolerance == -1
        assert parse_flags(["float_relative_tolerance", "2"]).relative_tolerance == 2
        assert parse_flags(["float_relative_tolerance", "2"]).absolute_tolerance == -1

    def test_later_flag_overrides_earlier(self):
        flags = parse_flags(["float_tolerance", "0.5", "float_relative_tolerance", "0.1"])
        assert (flags.absolute_tolerance, flags.relative_tolerance) == (0.5, 0.1)

    def test_negative_tolerance_leaves_floats_off(self):
        assert not parse_flags(["float_tolerance", "-1"]).use_floats
        assert verdict(b"100\n", b"1e2\n", "float_tolerance", "-1") == "WA"

    def test_tolerance_in_any_c_form(self):
        assert parse_flags(["float_tolerance", "0x1p-1"]).absolute_tolerance == 0.5
        assert parse_flags(["float_tolerance", ".5"]).absolute_tolerance == 0.5

    @pytest.mark.parametrize(
        "args",
        [
            ["float_tolerance"],
            ["float_absolute_tolerance"],
            ["float_relative_tolerance", "abc"],
            ["float_tolerance", "inf"],
            ["float_tolerance", "nan"],
            ["float_tolerance", "1e999"],
            ["float_tolerance", "1_0"],
            ["float_tolerance", ""],
            ["float_tolerance", "case_sensitive"],
            ["Case_Sensitive"],
            ["case-sensitive"],
            ["ignore_case"],
            [""],
        ],
    )
    def test_bad_flags_raise_from_parse_and_are_je_from_check(self, args):
        with pytest.raises(CheckerArgumentError):
            parse_flags(args)
        result = check(b"", b"1\n", b"1\n", args)
        assert result.verdict == "JE"
        assert result.message


class TestStrings:
    def test_case_insensitive_by_default(self):
        assert verdict(b"Hello World\n", b"hELLO wORLD\n") == "AC"

    def test_case_sensitive(self):
        assert verdict(b"Hello\n", b"Hello\n", "case_sensitive") == "AC"
        assert verdict(b"Hello\n", b"hello\n", "case_sensitive") == "WA"

    def test_only_ascii_letters_fold(self):
        assert verdict("É\n".encode(), "é\n".encode()) == "WA"

    def test_whitespace_kinds_are_interchangeable(self):
        assert verdict(b"a b c d e f g\n", b"a\tb\nc\rd\x0be\x0cf  g") == "AC"

    def test_other_bytes_are_not_whitespace(self):
        assert verdict(b"a b\n", b"a\x00b\n") == "WA"
        assert verdict(b"a b\n", "a\u00a0b\n".encode()) == "WA"
        assert verdict(b"a b\n", b"a\x1cb\n") == "WA"

    def test_whole_tokens_compared_past_a_nul(self):
        assert verdict(b"a\x00b\n", b"a\x00c\n") == "WA"

    def test_token_boundaries_matter(self):
        assert verdict(b"ab c\n", b"a bc\n") == "WA"
        assert verdict(b"abc\n", b"ab c\n") == "WA"

    def test_non_utf8_bytes_compared_as_bytes(self):
        assert verdict(b"\xff\xfe\n", b"\xff\xfe\n") == "AC"
        assert verdict(b"\xff\xfe\n", b"\xff\xfd\n") == "WA"

    def test_numbers_are_strings_without_tolerance(self):
        assert verdict(b"1.0\n", b"1.00\n") == "WA"
        assert verdict(b"1E5\n", b"1e5\n") == "AC"


class TestFloats:
    def test_absolute_tolerance_boundary(self):
        assert verdict(b"1\n", b"1.5\n", "float_absolute_tolerance", "0.5") == "AC"
        assert verdict(b"1\n", b"1.50001\n", "float_absolute_tolerance", "0.5") == "WA"

    def test_relative_tolerance_scales_with_answer(self):
        assert verdict(b"1000\n", b"1009\n", "float_relative_tolerance", "0.01") == "AC"
        assert verdict(b"1000\n", b"1011\n", "float_relative_tolerance", "0.01") == "WA"
        assert verdict(b"-1000\n", b"-1009\n", "float_relative_tolerance", "0.01") == "AC"

    def test_either_tolerance_suffices(self):
        args = ("float_absolute_tolerance", "1e-9", "float_relative_tolerance", "1e-3")
        assert verdict(b"1000\n", b"1000.5\n", *args) == "AC"
        assert verdict(b"0\n", b"1e-10\n", *args) == "AC"
        assert verdict(b"0\n", b"1e-8\n", *args) == "WA"

    def test_relative_tolerance_with_zero_answer_needs_exact_zero(self):
        assert verdict(b"0\n", b"0.0\n", "float_relative_tolerance", "0.5") == "AC"
        assert verdict(b"0\n", b"1e-300\n", "float_relative_tolerance", "0.5") == "WA"

    def test_any_float_form_accepted(self):
        args = ("float_tolerance", "1e-9")
        for form in (b"2.5", b"+2.5", b"2.50000", b"25e-1", b"0.025E2", b"2.5e0", b"02.5"):
            assert verdict(b"2.5\n", form + b"\n", *args) == "AC", form

    def test_only_decimal_notation_is_a_number(self):
        # The format's number syntax is decimal: hexadecimal, inf and nan are words.
        args = ("float_tolerance", "0")
        for form in (b"0x0", b"0X0", b"0x0p0", b"-0x0"):
            assert verdict(b"0\n", form + b"\n", *args) == "WA", form
        assert verdict(b"2.5\n", b"0x1.4p1\n", "float_tolerance", "1e-9") == "WA"
        # A hexadecimal answer is a word too: matched as a string, in any case.
        assert verdict(b"0x1A\n", b"0X1a\n", "float_tolerance", "1") == "AC"
        assert verdict(b"0x1A\n", b"26\n", "float_tolerance", "1") == "WA"
        assert verdict(b"1\n", b"inf\n", "float_tolerance", "1e300") == "WA"
        assert verdict(b"1\n", b"nan\n", "float_tolerance", "1e300") == "WA"

    def test_a_value_a_double_flushes_to_zero_is_not_zero(self):
        args = ("float_tolerance", "0")
        assert verdict(b"0\n", b"1e-4000\n", *args) == "WA"
        assert verdict(b"0\n", b"-1e-20000\n", *args) == "WA"
        assert verdict(b"0\n", b"0.000e-4000\n", *args) == "AC"
        assert verdict(b"1e-4000\n", b"0\n", *args) == "WA"
        assert verdict(b"1e-4000\n", b"10e-4001\n", *args) == "AC"
        # Within a tolerance it is as close to zero as it looks.
        assert verdict(b"0\n", b"1e-4000\n", "float_absolute_tolerance", "1e-300") == "AC"

    def test_a_value_a_double_overflows_is_compared_exactly(self):
        args = ("float_tolerance", "0")
        assert verdict(b"1e400\n", b"1.0e400\n", *args) == "AC"
        assert verdict(b"1e400\n", b"10e399\n", *args) == "AC"
        assert verdict(b"1e400\n", b"1e401\n", *args) == "WA"
        assert verdict(b"1e400\n", b"1e308\n", "float_tolerance", "1e-6") == "WA"
        assert verdict(b"1e400\n", b"1.0000001e400\n", "float_relative_tolerance", "1e-6") == "AC"
        assert verdict(b"1e400\n", b"1.00001e400\n", "float_relative_tolerance", "1e-6") == "WA"
        assert verdict(b"-1e400\n", b"1e400\n", "float_absolute_tolerance", "1e300") == "WA"

    def test_beyond_a_long_doubles_range_is_a_word(self):
        # The reference reads numbers with strtold: out of its range, a token is a word.
        huge = b"1e" + b"9" * 30
        assert verdict(huge + b"\n", huge + b"\n", "float_tolerance", "1") == "AC"
        assert verdict(b"1\n", huge + b"\n", "float_tolerance", "1") == "WA"
        assert verdict(b"1e5000\n", b"1E5000\n", "float_tolerance", "1") == "AC"
        assert verdict(b"1e5000\n", b"1.0e5000\n", "float_tolerance", "1") == "WA"
        assert verdict(b"0\n", b"1e-20000\n", "float_absolute_tolerance", "1") == "WA"
        assert verdict(b"1e4932\n", b"1.0e4932\n", "float_tolerance", "0") == "AC"
        long_one = b"7" * 10_000
        assert verdict(long_one + b"\n", long_one[:-1] + b"8\n", "float_tolerance", "1") == "WA"

    def test_integers_compared_as_floats(self):
        assert verdict(b"3\n", b"3.0000001\n", "float_tolerance", "1e-6") == "AC"
        assert verdict(b"3\n", b"4\n", "float_tolerance", "1e-6") == "WA"

    def test_output_must_be_a_whole_float(self):
        args = ("float_tolerance", "1")
        for form in (b"2.5x", b"2.5.1", b"2,5", b"1_0", b"0x", b"e5", b"2.5e", b"--2"):
            assert verdict(b"2.5\n", form + b"\n", *args) == "WA", form

    def test_non_float_answer_tokens_compared_as_strings(self):
        args = ("float_tolerance", "0.1")
        assert verdict(b"Case 1: 2.00\n", b"case 1: 2.01\n", *args) == "AC"
        assert verdict(b"Case #1: 2.00\n", b"Case #2: 2.00\n", *args) == "WA"
        assert verdict(b"x1\n", b"X1\n", *args) == "AC"
        assert verdict(b"x1\n", b"x1.0\n", *args) == "WA"

    def test_float_answer_against_word_output(self):
        assert verdict(b"1\n", b"one\n", "float_tolerance", "1e9") == "WA"

    def test_case_sensitive_does_not_affect_floats(self):
        args = ("case_sensitive", "float_tolerance", "1e-9")
        assert verdict(b"1e2\n", b"100E0\n", *args) == "AC"

    def test_difference_overflowing_to_infinity_exceeds_absolute_tolerance(self):
        args = ("float_absolute_tolerance", "1e300")
        assert verdict(b"1e308\n", b"-1e308\n", *args) == "WA"


class TestSpaceChangeSensitive:
    def test_identical_layout(self):
        assert verdict(b" a  b\n\nc \n", b" A  B\n\nC \n", "space_change_sensitive") == "AC"

    @pytest.mark.parametrize(
        "output",
        [
            b"a b\n",
            b"a  b",
            b"a  b\n\n",
            b" a  b\n",
            b"a\tb\n",
            b"a \tb\n",
            b"a  b\r\n",
            b"a   b\n",
        ],
    )
    def test_any_whitespace_change_is_wrong(self, output):
        assert verdict(b"a  b\n", output, "space_change_sensitive") == "WA"

    def test_tokens_still_compared(self):
        assert verdict(b"a  b\n", b"a  c\n", "space_change_sensitive") == "WA"

    def test_floats_of_other_lengths_keep_layout(self):
        args = ("space_change_sensitive", "float_tolerance", "1e-6")
        assert verdict(b"1 2.5\n", b"1.0 2.50000\n", *args) == "AC"
        assert verdict(b"1 2.5\n", b"1.0  2.50000\n", *args) == "WA"
        assert verdict(b"1 2.5\n", b"1.0 2.50000", *args) == "WA"

    def test_message_names_the_whitespace(self):
        message = check(b"", b"a\nb\n", b"a\n b\n", ["space_change_sensitive"]).message
        assert "line 2" in message
        assert "space" in message


class TestMessages:
    def test_mismatch_message_names_line_and_tokens(self):
        message = check(b"", b"1 2\n3 5\n", b"1 2\n3 4\n", []).message
        assert "line 2" in message
        assert "'4'" in message and "'5'" in message

    def test_missing_output_message(self):
        assert "empty" in check(b"", b"", b"1\n", []).message
        assert "whitespace" in check(b"", b" \n", b"1\n", []).message
        assert "'2'" in check(b"", b"1\n", b"1 2\n", []).message

    def test_trailing_output_message(self):
        message = check(b"", b"1\n2\n", b"1\n", []).message
        assert "trailing" in message.lower()
        assert "line 2" in message

    def test_long_tokens_are_cut_in_messages(self):
        message = check(b"", b"b" * 100_000, b"a" * 100_000, []).message
        assert len(message) < 500

    def test_cut_never_splits_a_character(self):
        message = check(b"", b"x " + "é".encode() * 1000, b"x\n", []).message
        assert "\ufffd" not in message
