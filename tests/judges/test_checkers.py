"""Semantics of the checkers other than ``default``, beyond the shared edge cases."""

from __future__ import annotations

import pytest

from judges.checkers import run_checker
from judges.checkers.base import CheckerArgumentError
from judges.checkers.floats import DEFAULT_TOLERANCE, Tolerance, parse_tolerance


def verdict(name: str, answer: bytes, output: bytes, *args: str) -> str:
    return run_checker(name, b"", output, answer, args).verdict


class TestTokens:
    def test_case_sensitive(self):
        assert verdict("tokens", b"Abc\n", b"Abc") == "AC"
        assert verdict("tokens", b"Abc\n", b"abc") == "WA"

    def test_order_matters(self):
        assert verdict("tokens", b"1 2\n", b"2 1\n") == "WA"

    def test_message_names_the_line(self):
        message = run_checker("tokens", b"", b"1\n2\n4\n", b"1\n2\n3\n").message
        assert "line 3" in message


class TestLines:
    def test_leading_whitespace_counts(self):
        assert verdict("lines", b"  a\n", b"  a\n") == "AC"
        assert verdict("lines", b"  a\n", b" a\n") == "WA"

    def test_inner_whitespace_counts(self):
        assert verdict("lines", b"a b\n", b"a\tb\n") == "WA"

    def test_blank_lines_inside_count(self):
        assert verdict("lines", b"a\n\nb\n", b"a\n\nb\n") == "AC"
        assert verdict("lines", b"a\n\nb\n", b"a\nb\n") == "WA"

    def test_trailing_blank_lines_and_missing_final_newline(self):
        assert verdict("lines", b"a\nb", b"a\nb\n \n\t\n") == "AC"
        assert verdict("lines", b"a\nb\n\n\n", b"a\nb") == "AC"

    def test_lone_carriage_return_inside_a_line_counts(self):
        assert verdict("lines", b"a b\n", b"a\rb\n") == "WA"

    def test_case_counts(self):
        assert verdict("lines", b"Yes\n", b"yes\n") == "WA"

    def test_message_names_the_line(self):
        assert "line 2" in run_checker("lines", b"", b"a\nc\n", b"a\nb\n").message


class TestBytes:
    def test_identical(self):
        assert verdict("bytes", b"\x00\xff a\r\n", b"\x00\xff a\r\n") == "AC"

    def test_missing_final_newline(self):
        assert verdict("bytes", b"a\n", b"a") == "WA"

    def test_message_names_the_offset(self):
        assert "byte 2" in run_checker("bytes", b"", b"abd", b"abc").message


class TestIntegers:
    def test_arbitrary_size(self):
        big = b"123456789" * 200
        assert verdict("integers", big, big) == "AC"
        assert verdict("integers", big, big[:-1] + b"8") == "WA"
        assert verdict("integers", b"-" + big, big) == "WA"

    def test_value_not_spelling(self):
        assert verdict("integers", b"7\n", b"007\n") == "AC"
        assert verdict("integers", b"7\n", b"+7\n") == "AC"
        assert verdict("integers", b"-7\n", b"-007\n") == "AC"
        assert verdict("integers", b"7\n", b"-7\n") == "WA"
        assert verdict("integers", b"70\n", b"7\n") == "WA"

    @pytest.mark.parametrize(
        "output", [b"7.0", b"7.", b"0x7", b"7e0", b"seven", b"+-7", b"7-", b"-", b"+", b"\xd9\xa7"]
    )
    def test_output_token_must_be_an_integer(self, output):
        assert verdict("integers", b"7\n", output + b"\n") == "WA"

    @pytest.mark.parametrize(
        "answer", [b"1 2.0\n", b"1 x\n", b"1-2\n", b"--1\n", b"1 -\n", b"+\n", b"1+\n"]
    )
    def test_answer_that_is_not_integers_is_a_judge_error(self, answer):
        assert verdict("integers", answer, answer) == "JE"

    def test_answer_checked_even_past_the_output(self):
        assert verdict("integers", b"1 x\n", b"1\n") == "JE"


class TestFloats:
    def test_default_tolerance(self):
        assert parse_tolerance([]) == Tolerance(DEFAULT_TOLERANCE, DEFAULT_TOLERANCE)
        assert verdict("floats", b"1\n", b"1.0000009\n") == "AC"
        assert verdict("floats", b"1\n", b"1.0000011\n") == "WA"
        assert verdict("floats", b"1e9\n", b"1000000900\n") == "AC"

    def test_bare_value_sets_both(self):
        assert parse_tolerance(["0.01"]) == Tolerance(0.01, 0.01)

    def test_named_values(self):
        assert parse_tolerance(["abs=1e-3"]) == Tolerance(1e-3, None)
        assert parse_tolerance(["rel=1e-3"]) == Tolerance(None, 1e-3)
        assert parse_tolerance(["abs=1e-3", "rel=0"]) == Tolerance(1e-3, 0.0)

    def test_only_named_tolerance_applies(self):
        assert verdict("floats", b"1000\n", b"1000.5\n", "abs=0.1") == "WA"
        assert verdict("floats", b"1000\n", b"1000.5\n", "rel=1e-3") == "AC"
        assert verdict("floats", b"0\n", b"1e-12\n", "rel=1e-3") == "WA"
        assert verdict("floats", b"0\n", b"1e-12\n", "abs=1e-9") == "AC"

    @pytest.mark.parametrize(
        "args",
        [
            ["abs=-1"],
            ["eps=1"],
            ["abs="],
            ["abs=x"],
            ["abs=inf"],
            ["abs=nan"],
            ["1", "abs=2"],
            ["abs=1", "abs=2"],
            ["0x1p0"],
            ["abs=1e999"],
        ],
    )
    def test_bad_arguments(self, args):
        with pytest.raises(CheckerArgumentError):
            parse_tolerance(args)
        assert verdict("floats", b"1\n", b"1\n", *args) == "JE"

    def test_words_in_answer_must_match_exactly(self):
        assert verdict("floats", b"Case 1: 0.5\n", b"Case 1: 0.5000001\n") == "AC"
        assert verdict("floats", b"Case 1: 0.5\n", b"case 1: 0.5\n") == "WA"

    def test_output_must_be_a_decimal_number(self):
        for form in (b"0x1p-1", b"0.5x", b"1/2", b"0,5", b"5e-1.0"):
            assert verdict("floats", b"0.5\n", form + b"\n") == "WA", form

    def test_any_decimal_form(self):
        for form in (b".5", b"0.500", b"5e-1", b"5E-1", b"+0.5", b"0.5000000001"):
            assert verdict("floats", b"0.5\n", form + b"\n") == "AC", form


class TestUnordered:
    def test_tokens_multiset(self):
        assert verdict("unordered_tokens", b"a b a\n", b"a a b\n") == "AC"
        assert verdict("unordered_tokens", b"a b a\n", b"a b b\n") == "WA"

    def test_tokens_exact(self):
        assert verdict("unordered_tokens", b"1 2\n", b"2 1.0\n") == "WA"

    def test_lines_multiset_keeps_order_inside_lines(self):
        assert verdict("unordered_lines", b"1 2\n3 4\n", b"3 4\n1 2\n") == "AC"
        assert verdict("unordered_lines", b"1 2\n3 4\n", b"1 2\n4 3\n") == "WA"

    def test_lines_duplicates_count(self):
        assert verdict("unordered_lines", b"a\na\nb\n", b"b\na\na\n") == "AC"
        assert verdict("unordered_lines", b"a\na\nb\n", b"b\nb\na\n") == "WA"

    def test_lines_inner_blank_line_counts(self):
        assert verdict("unordered_lines", b"a\n\nb\n", b"a\nb\n") == "WA"

    def test_lines_leading_whitespace_counts(self):
        assert verdict("unordered_lines", b"a\nb\n", b"b\n a\n") == "WA"


class TestYesNo:
    @pytest.mark.parametrize("output", [b"yes", b"YES\n", b"Yes\r\n", b"  yEs  \n\n"])
    def test_any_case(self, output):
        assert verdict("yesno", b"Yes\n", output) == "AC"

    @pytest.mark.parametrize("output", [b"no", b"y", b"true", b"yes.", b"yess", b"1", b'"yes"'])
    def test_anything_else_is_wrong(self, output):
        assert verdict("yesno", b"yes\n", output) == "WA"

    @pytest.mark.parametrize("answer", [b"", b"maybe\n", b"yes no\n", b"y\n"])
    def test_answer_must_be_yes_or_no(self, answer):
        assert verdict("yesno", answer, b"yes\n") == "JE"


class TestLiveCodeBench:
    """LiveCodeBench's grader: stripped lines, the same number of them, and a differing
    line equal when its tokens are all numbers of exactly equal value."""

    def test_whitespace_around_lines_and_the_text_does_not_count(self):
        assert verdict("livecodebench", b"1 2\n3\n", b"  1 2  \r\n\t3\t\n\n\n") == "AC"
        assert verdict("livecodebench", b"1 2\n3\n", b"\n\n1 2\n3") == "AC"
        assert verdict("livecodebench", b"1 2\n", b"1 2\xc2\xa0\n") == "AC"  # NBSP strips

    def test_whitespace_inside_a_line_counts_unless_it_holds_numbers(self):
        assert verdict("livecodebench", b"a b\n", b"a  b\n") == "WA"
        assert verdict("livecodebench", b"1 2\n", b"1   2\n") == "AC"

    def test_blank_lines_between_lines_count(self):
        assert verdict("livecodebench", b"1\n2\n", b"1\n\n2\n") == "WA"
        assert verdict("livecodebench", b"1\n\n2\n", b"1\n \n2\n") == "AC"

    def test_line_count_must_match(self):
        assert verdict("livecodebench", b"1 2\n3\n", b"1 2 3\n") == "WA"
        assert verdict("livecodebench", b"1\n2\n", b"1\n") == "WA"
        assert verdict("livecodebench", b"1\n", b"1\n2\n") == "WA"
        fewer = run_checker("livecodebench", b"", b"1\n", b"1\n2\n").message
        assert "the answer has more" in fewer
        more = run_checker("livecodebench", b"", b"1\n2\n", b"1\n").message
        assert "more lines than the answer" in more

    def test_numbers_compare_by_exact_decimal_value(self):
        for got, expected in [
            (b"1.0", b"1"),
            (b"1e3", b"1000"),
            (b"1E+3 2.50", b"1000 2.5"),
            (b"-0", b"0"),
            (b"+7", b"7"),
            (b"0.50", b".5"),
        ]:
            assert verdict("livecodebench", expected + b"\n", got + b"\n") == "AC", got
        assert verdict("livecodebench", b"0.1\n", b"0.10000001\n") == "WA"
        big = str(2**53 + 1).encode()
        assert verdict("livecodebench", big + b"\n", str(2**53).encode() + b"\n") == "WA"

    def test_a_line_with_any_word_must_match_exactly(self):
        assert verdict("livecodebench", b"Yes 1\n", b"Yes 1.0\n") == "WA"
        assert verdict("livecodebench", b"Yes\n", b"yes\n") == "WA"
        assert verdict("livecodebench", b"0x10\n", b"16\n") == "WA"
        message = run_checker("livecodebench", b"", b"a\nYes 1.0\n", b"a\nYes 1\n").message
        assert "line 2" in message

    def test_nan_equals_only_an_identical_line(self):
        assert verdict("livecodebench", b"nan\n", b"nan\n") == "AC"
        assert verdict("livecodebench", b"nan\n", b"NaN\n") == "WA"
        assert verdict("livecodebench", b"sNaN\n", b"1\n") == "WA"
        assert verdict("livecodebench", b"1\n", b"sNaN\n") == "WA"

    def test_empty_and_blank_outputs(self):
        assert verdict("livecodebench", b"", b"") == "AC"
        assert verdict("livecodebench", b"\n", b"  \n\n") == "AC"
        assert verdict("livecodebench", b"0\n", b"") == "WA"
        assert verdict("livecodebench", b"", b"0\n") == "WA"

    def test_bytes_that_are_not_utf8_are_compared_as_they_are(self):
        assert verdict("livecodebench", b"\xff\n", b"\xff\n") == "AC"
        assert verdict("livecodebench", b"\xff\n", b"\xfe\n") == "WA"
        assert verdict("livecodebench", b"1\n", b"1\xff\n") == "WA"
