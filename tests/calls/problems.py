"""The function-call problems every language's solver is tested on: together they pass
and return every JSON type (64-bit integers, floats, strings with any Unicode, booleans,
null, lists, nested lists, objects)."""

from __future__ import annotations

from typing import Any, NamedTuple

UNICODE = 'héllo wörld ✓ 你好 😀 "quoted" back\\slash\nnew line\ttab \u0001'


class CallProblem(NamedTuple):
    fn_name: str
    # (arguments, expected return value)
    cases: list[tuple[list[Any], Any]]
    # what the function must do, for whoever writes a program for it
    spec: str


PROBLEMS: dict[str, CallProblem] = {
    "add": CallProblem(
        "add",
        [
            ([2, 3], 5),
            ([-7, 7], 0),
            ([4611686018427387904, 4611686018427387903], 9223372036854775807),
            ([-9223372036854775807, -1], -9223372036854775808),
        ],
        "add(a: int64, b: int64) -> int64: a + b",
    ),
    "scale": CallProblem(
        "scale",
        [
            ([[1.5, -2.0, 0.1], 2.0], [3.0, -4.0, 0.2]),
            ([[], 3.5], []),
            ([[1e300, -2.5e-300], 0.5], [5e299, -1.25e-300]),
            ([[1, 2], 0.5], [0.5, 1.0]),
        ],
        "scale(xs: list of float, k: float) -> list of float: each item times k "
        "(integers are passed where floats are expected too)",
    ),
    "shout": CallProblem(
        "shout",
        [(["hi"], "hi!"), ([""], "!"), ([UNICODE], UNICODE + "!")],
        "shout(s: string) -> string: s followed by '!'",
    ),
    "negate": CallProblem(
        "negate",
        [([True], False), ([False], True)],
        "negate(b: bool) -> bool: not b",
    ),
    "transpose": CallProblem(
        "transpose",
        [
            ([[[1, 2, 3], [4, 5, 6]]], [[1, 4], [2, 5], [3, 6]]),
            ([[[7]]], [[7]]),
        ],
        "transpose(grid: list of lists of int) -> list of lists of int (grid is rectangular, "
        "at least 1x1)",
    ),
    "tally": CallProblem(
        "tally",
        [
            ([["a", "b", "a", "ü"]], {"a": 2, "b": 1, "ü": 1}),
            ([[]], {}),
        ],
        "tally(words: list of string) -> map from string to int: how often each word occurs",
    ),
    "find": CallProblem(
        "find",
        [
            ([[5, 6, 7], 6], 1),
            ([[5], 9], None),
            ([[], 1], None),
        ],
        "find(xs: list of int, target: int) -> int or null: the first index of target in "
        "xs, null when it is absent",
    ),
    "mixed": CallProblem(
        "mixed",
        [([3, "x"], [3, "x", True, None, 1.5])],
        "mixed(n: int, s: string) -> the list [n, s, true, null, 1.5] (a statically typed "
        "language cannot return it: refused at submit)",
    ),
}
