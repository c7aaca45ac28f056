"""The edge cases of the judges issue, under every checker where they apply.

Each row: checker, its arguments, the answer, the output, the verdict it must give.
"""

from __future__ import annotations

import pytest

from judges.checkers import run_checker

TOL = ("float_tolerance", "1e-6")
SPACE = ("space_change_sensitive",)
BIG = 2**53 + 1  # 9007199254740993: the nearest double is 2**53
BIG_TEXT = str(BIG).encode()
BIG_MINUS_ONE = str(BIG - 1).encode()

ROWS: dict[str, list[tuple[str, tuple[str, ...], bytes, bytes, str]]] = {
    "trailing_whitespace": [
        ("default", (), b"1 2\n3\n", b"1 2  \n3\t\n\n", "AC"),
        ("default", SPACE, b"1 2\n3\n", b"1 2  \n3\t\n\n", "WA"),
        ("default", SPACE, b"1 2\n3\n", b"1 2\n3\n ", "WA"),
        ("tokens", (), b"1 2\n3\n", b"1 2  \n3\t\n\n", "AC"),
        ("lines", (), b"1 2\n3\n", b"1 2  \n3\t\n\n", "AC"),
        ("bytes", (), b"1 2\n3\n", b"1 2 \n3\n", "WA"),
        ("integers", (), b"1 2\n3\n", b"1 2  \n3\t\n\n", "AC"),
        ("floats", (), b"1.5 2\n", b"1.5 2 \n\n", "AC"),
        ("unordered_tokens", (), b"1 2\n3\n", b"3 2 1   \n\n", "AC"),
        ("unordered_lines", (), b"1 2\n3\n", b"3 \n1 2\t\n\n", "AC"),
        ("yesno", (), b"yes\n", b"yes \n\n", "AC"),
        ("livecodebench", (), b"1 2\n3\n", b"1 2  \n3\t\n\n", "AC"),
    ],
    "crlf": [
        ("default", (), b"1 2\n3\n", b"1 2\r\n3\r\n", "AC"),
        ("default", SPACE, b"1 2\n3\n", b"1 2\r\n3\r\n", "WA"),
        ("default", SPACE, b"1 2\r\n3\r\n", b"1 2\r\n3\r\n", "AC"),
        ("tokens", (), b"1 2\n3\n", b"1 2\r\n3\r\n", "AC"),
        ("lines", (), b"1 2\n3\n", b"1 2\r\n3\r\n", "AC"),
        ("lines", (), b"1 2\r\n3\r\n", b"1 2\n3\n", "AC"),
        ("bytes", (), b"1 2\n3\n", b"1 2\r\n3\r\n", "WA"),
        ("integers", (), b"1 2\n3\n", b"1 2\r\n3\r\n", "AC"),
        ("floats", (), b"1.5\n", b"1.5\r\n", "AC"),
        ("unordered_tokens", (), b"1 2\n3\n", b"3\r\n2 1\r\n", "AC"),
        ("unordered_lines", (), b"1 2\n3\n", b"3\r\n1 2\r\n", "AC"),
        ("yesno", (), b"no\n", b"NO\r\n", "AC"),
        ("livecodebench", (), b"1 2\n3\n", b"1 2\r\n3\r\n", "AC"),
    ],
    "empty_output": [
        *[(name, (), b"1\n", b"", "WA") for name in ("default", "tokens", "lines", "bytes")],
        *[(name, (), b"1\n", b"", "WA") for name in ("integers", "floats")],
        *[(name, (), b"1\n", b"", "WA") for name in ("unordered_tokens", "unordered_lines")],
        ("default", SPACE, b"1\n", b"", "WA"),
        ("default", TOL, b"1\n", b"", "WA"),
        ("default", (), b"1\n", b" \n\n", "WA"),
        ("yesno", (), b"yes\n", b"", "WA"),
        ("yesno", (), b"yes\n", b"\n", "WA"),
        ("default", (), b"", b"", "AC"),
        ("default", (), b"\n", b"", "AC"),
        ("default", SPACE, b"\n", b"", "WA"),
        ("tokens", (), b"\n", b"", "AC"),
        ("lines", (), b"\n\n", b"", "AC"),
        ("bytes", (), b"\n", b"", "WA"),
        ("integers", (), b"", b"", "AC"),
        ("floats", (), b"", b"", "AC"),
        ("unordered_tokens", (), b"", b"", "AC"),
        ("unordered_lines", (), b"", b"\n", "AC"),
        ("livecodebench", (), b"1\n", b"", "WA"),
        ("livecodebench", (), b"", b"\n", "AC"),
    ],
    "missing_tokens": [
        ("default", (), b"1 2 3\n", b"1 2\n", "WA"),
        ("default", TOL, b"1 2 3\n", b"1 3\n", "WA"),
        ("tokens", (), b"1 2 3\n", b"1 2\n", "WA"),
        ("lines", (), b"1 2 3\n", b"1 2\n", "WA"),
        ("bytes", (), b"1 2 3\n", b"1 2\n", "WA"),
        ("integers", (), b"1 2 3\n", b"1 2\n", "WA"),
        ("floats", (), b"1 2 3\n", b"1 2\n", "WA"),
        ("unordered_tokens", (), b"1 2 2\n", b"2 1\n", "WA"),
        ("unordered_lines", (), b"1\n2\n2\n", b"2\n1\n", "WA"),
    ],
    "extra_tokens": [
        ("default", (), b"1 2\n", b"1 2 3\n", "WA"),
        ("default", (), b"1 2\n", b"1 2\n\n\n0\n", "WA"),
        ("default", TOL, b"1 2\n", b"1 2 2\n", "WA"),
        ("tokens", (), b"1 2\n", b"1 2 3\n", "WA"),
        ("lines", (), b"1 2\n", b"1 2\n3\n", "WA"),
        ("lines", (), b"1 2\n", b"1 2 3\n", "WA"),
        ("bytes", (), b"1 2\n", b"1 2 3\n", "WA"),
        ("integers", (), b"1 2\n", b"1 2 3\n", "WA"),
        ("floats", (), b"1 2\n", b"1 2 2\n", "WA"),
        ("unordered_tokens", (), b"1 2\n", b"2 1 1\n", "WA"),
        ("unordered_lines", (), b"1\n2\n", b"2\n1\n1\n", "WA"),
        ("yesno", (), b"yes\n", b"yes yes\n", "WA"),
        ("yesno", (), b"yes\n", b"yes\nno\n", "WA"),
        ("livecodebench", (), b"1 2\n", b"1 2 3\n", "WA"),
        ("livecodebench", (), b"1 2\n", b"1 2\n3\n", "WA"),
    ],
    "prefix_of_answer": [
        ("default", (), b"10 20\n30\n", b"10 20\n", "WA"),
        ("default", (), b"10 20\n30\n", b"10 20\n3", "WA"),
        ("default", SPACE, b"10 20\n30\n", b"10 20\n", "WA"),
        ("default", TOL, b"10 20\n30\n", b"10 20\n3", "WA"),
        ("tokens", (), b"10 20\n30\n", b"10 20\n3", "WA"),
        ("lines", (), b"10 20\n30\n", b"10 20\n", "WA"),
        ("lines", (), b"10 20\n30\n", b"10 2", "WA"),
        ("bytes", (), b"10 20\n30\n", b"10 20\n30", "WA"),
        ("integers", (), b"10 20\n30\n", b"10 20\n3", "WA"),
        ("floats", (), b"10 20\n30\n", b"10 20\n", "WA"),
        ("unordered_tokens", (), b"10 20\n30\n", b"10 20\n", "WA"),
        ("unordered_lines", (), b"10 20\n30\n", b"10 20\n", "WA"),
        ("yesno", (), b"yes\n", b"ye\n", "WA"),
        ("livecodebench", (), b"10 20\n30\n", b"10 20\n", "WA"),
        ("livecodebench", (), b"10 20\n30\n", b"10 20\n3", "WA"),
    ],
    "nan_and_inf": [
        ("default", (), b"1.5\n", b"nan\n", "WA"),
        ("default", TOL, b"1.5\n", b"nan\n", "WA"),
        ("default", TOL, b"1.5\n", b"inf\n", "WA"),
        ("default", TOL, b"1e308\n", b"1e999\n", "WA"),
        ("default", TOL, b"inf\n", b"1e308\n", "WA"),
        ("default", TOL, b"inf\n", b"0\n", "WA"),
        ("default", TOL, b"inf\n", b"INF\n", "AC"),
        ("default", (*TOL, "case_sensitive"), b"inf\n", b"INF\n", "WA"),
        ("default", TOL, b"nan\n", b"nan\n", "AC"),
        ("default", TOL, b"nan\n", b"0\n", "WA"),
        ("tokens", (), b"nan\n", b"NaN\n", "WA"),
        ("tokens", (), b"inf\n", b"inf\n", "AC"),
        ("lines", (), b"inf\n", b"Inf\n", "WA"),
        ("bytes", (), b"nan\n", b"nan\n", "AC"),
        ("integers", (), b"1\n", b"nan\n", "WA"),
        ("integers", (), b"1\n", b"inf\n", "WA"),
        ("integers", (), b"inf\n", b"inf\n", "JE"),
        ("floats", (), b"1.5\n", b"nan\n", "WA"),
        ("floats", (), b"1.5\n", b"inf\n", "WA"),
        ("floats", (), b"1e308\n", b"1e999\n", "WA"),
        ("floats", (), b"inf\n", b"1e308\n", "WA"),
        ("floats", (), b"inf\n", b"inf\n", "AC"),
        ("floats", (), b"inf\n", b"infinity\n", "WA"),
        ("unordered_tokens", (), b"nan 1\n", b"1 NaN\n", "WA"),
        ("unordered_lines", (), b"nan\n1\n", b"1\nNaN\n", "WA"),
        ("yesno", (), b"yes\n", b"nan\n", "WA"),
        ("livecodebench", (), b"nan\n", b"nan\n", "AC"),
        ("livecodebench", (), b"nan\n", b"NaN\n", "WA"),
        ("livecodebench", (), b"inf\n", b"Infinity\n", "AC"),
    ],
    "negative_zero": [
        ("default", (), b"0\n", b"-0\n", "WA"),
        ("default", TOL, b"0\n", b"-0\n", "AC"),
        ("default", TOL, b"0\n", b"-0.000\n", "AC"),
        ("default", TOL, b"-0\n", b"0\n", "AC"),
        ("tokens", (), b"0\n", b"-0\n", "WA"),
        ("lines", (), b"0\n", b"-0\n", "WA"),
        ("bytes", (), b"0\n", b"-0\n", "WA"),
        ("integers", (), b"0\n", b"-0\n", "AC"),
        ("integers", (), b"-0\n", b"0\n", "AC"),
        ("floats", (), b"0\n", b"-0.0\n", "AC"),
        ("unordered_tokens", (), b"0 1\n", b"1 -0\n", "WA"),
        ("unordered_lines", (), b"0\n1\n", b"1\n-0\n", "WA"),
        ("yesno", (), b"no\n", b"-0\n", "WA"),
        ("livecodebench", (), b"0\n", b"-0\n", "AC"),
    ],
    "exponent_against_integer": [
        ("default", (), b"100\n", b"1e2\n", "WA"),
        ("default", ("case_sensitive",), b"100\n", b"1e2\n", "WA"),
        ("default", TOL, b"100\n", b"1e2\n", "AC"),
        ("default", TOL, b"1e2\n", b"100.000\n", "AC"),
        ("default", ("float_absolute_tolerance", "0"), b"100\n", b"1E+2\n", "AC"),
        ("tokens", (), b"100\n", b"1e2\n", "WA"),
        ("lines", (), b"100\n", b"1e2\n", "WA"),
        ("bytes", (), b"100\n", b"1e2\n", "WA"),
        ("integers", (), b"100\n", b"1e2\n", "WA"),
        ("integers", (), b"100\n", b"100.0\n", "WA"),
        ("floats", (), b"100\n", b"1e2\n", "AC"),
        ("unordered_tokens", (), b"100\n", b"1e2\n", "WA"),
        ("unordered_lines", (), b"100\n", b"1e2\n", "WA"),
        ("livecodebench", (), b"100\n", b"1e2\n", "AC"),
        ("livecodebench", (), b"100\n", b"100.0\n", "AC"),
    ],
    "integers_beyond_2_53_differing_by_one": [
        ("default", (), BIG_TEXT, BIG_MINUS_ONE, "WA"),
        ("default", ("case_sensitive",), BIG_TEXT, BIG_MINUS_ONE, "WA"),
        ("default", SPACE, BIG_TEXT, BIG_MINUS_ONE, "WA"),
        ("tokens", (), BIG_TEXT, BIG_MINUS_ONE, "WA"),
        ("lines", (), BIG_TEXT, BIG_MINUS_ONE, "WA"),
        ("bytes", (), BIG_TEXT, BIG_MINUS_ONE, "WA"),
        ("integers", (), BIG_TEXT, BIG_MINUS_ONE, "WA"),
        ("integers", (), b"1" + b"0" * 400, b"9" * 400, "WA"),
        ("integers", (), b"-" + BIG_TEXT, b"-" + BIG_MINUS_ONE, "WA"),
        ("unordered_tokens", (), BIG_TEXT + b" 1", b"1 " + BIG_MINUS_ONE, "WA"),
        ("unordered_lines", (), BIG_TEXT + b"\n1", b"1\n" + BIG_MINUS_ONE, "WA"),
        ("livecodebench", (), BIG_TEXT, BIG_MINUS_ONE, "WA"),
        # With a float tolerance, values are doubles and may round together, as upstream.
        ("default", TOL, BIG_TEXT, BIG_MINUS_ONE, "AC"),
        ("floats", (), BIG_TEXT, BIG_MINUS_ONE, "AC"),
    ],
}

CASES = [
    pytest.param(name, args, answer, output, verdict, id=f"{edge}-{name}-{index}")
    for edge, rows in ROWS.items()
    for index, (name, args, answer, output, verdict) in enumerate(rows)
]


@pytest.mark.parametrize(("name", "args", "answer", "output", "verdict"), CASES)
def test_edge_case(name, args, answer, output, verdict):
    result = run_checker(name, b"", output, answer, args)
    assert result.verdict == verdict, result.message
    if verdict != "AC":
        assert result.message


@pytest.mark.parametrize(
    "edge",
    [
        "trailing_whitespace",
        "crlf",
        "empty_output",
        "extra_tokens",
        "prefix_of_answer",
        "nan_and_inf",
        "negative_zero",
    ],
)
def test_every_checker_has_a_row_for(edge):
    covered = {row[0] for row in ROWS[edge]}
    assert covered == {
        "default",
        "tokens",
        "lines",
        "bytes",
        "integers",
        "floats",
        "unordered_tokens",
        "unordered_lines",
        "yesno",
        "livecodebench",
    }
