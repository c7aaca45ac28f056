"""``function_call``: the function returned the answer, as the harness reports it.

The program ran inside the function-call harness (``verification/harness``), whose one
stdout line reports what the test's call returned, type-tagged, with the run's nonce
(read from the test's ``input``). The answer is the expected value as JSON, compared by
the rule of ``verification.harness.typed`` (1 is not True; a set matches a list in any
order; ...).

Arguments, each a flag followed by a number: ``float_tolerance X`` (absolute and
relative tolerance X), ``float_absolute_tolerance X``, ``float_relative_tolerance X``.
Without them numbers must be equal. Any other argument, or a flag without its number, is
JE, as are an answer that is not JSON and a harness that could not confine the tests.

WA when the output is not exactly one report carrying the run's nonce (the program wrote
to stdout, or forged a report), when the call raised or returned nothing (or a value the
harness cannot read), or when the value does not match. (The pipeline reports a call
that raised, in the Python harness, as RE: see docs/threat-model.md.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from judges.checkers.base import (
    CheckerArgumentError,
    CheckResult,
    Example,
    Output,
    accepted,
    judge_error,
    reports_argument_errors,
    wrong,
)
from verification.harness.protocol import harness_report, harness_stdin
from verification.harness.tests_json import function_call_test
from verification.harness.typed import matches

KNOWN_FLAGS = "float_tolerance X, float_absolute_tolerance X, float_relative_tolerance X"
_TOLERANCE_FLAGS = ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance")

# How much of the harness's error a message quotes.
ERROR_LIMIT = 500


def parse_tolerances(args: Sequence[str]) -> tuple[float | None, float | None]:
    """The absolute and relative tolerances ``args`` set (None where not set)."""
    try:
        return _tolerances(args)
    except ValueError as exc:
        raise CheckerArgumentError(f"{exc}; known flags: {KNOWN_FLAGS}") from None


def _tolerances(args: Sequence[str]) -> tuple[float | None, float | None]:
    abs_tol = rel_tol = None
    items = list(args)
    while items:
        flag = items.pop(0)
        if flag not in _TOLERANCE_FLAGS:
            raise ValueError(f"unknown function-call checker flag {flag!r}")
        if not items:
            raise ValueError(f"flag {flag!r} needs a value")
        value = float(items.pop(0))
        if flag in ("float_tolerance", "float_absolute_tolerance"):
            abs_tol = value
        if flag in ("float_tolerance", "float_relative_tolerance"):
            rel_tol = value
    return abs_tol, rel_tol


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    abs_tol, rel_tol = parse_tolerances(args)
    try:
        expected = json.loads(answer)
    except ValueError as exc:
        return judge_error(str(exc))
    report, why = harness_report(input, bytes(output))
    if report is None:
        return wrong(why)
    status = report.get("status")
    if status == "unconfined":
        return judge_error(str(report.get("error", "harness not confined"))[:ERROR_LIMIT])
    if status == "raised":
        return wrong("the call raised " + str(report.get("error", ""))[:ERROR_LIMIT])
    if status != "returned":
        return wrong(str(report.get("error", "no value returned"))[:ERROR_LIMIT])
    ok, why = matches(report.get("value"), expected, abs_tol=abs_tol, rel_tol=rel_tol)  # type: ignore[arg-type]
    return accepted() if ok else wrong(why)


_NONCE = "5ca1eb0c" * 4
_INPUT = harness_stdin(
    mode="function_call",
    payload=function_call_test("add", [1, 2], 3).input,
    user_code="def add(a, b):\n    return a + b\n",
    nonce=_NONCE,
)


def _report(**fields: object) -> bytes:
    return json.dumps({"nonce": _NONCE, **fields}).encode() + b"\n"


_THREE = _report(status="returned", value={"t": "int", "v": "3"})
_NEARLY_THREE = _report(status="returned", value={"t": "float", "v": "3.0000001"})
_TOLERANCE = ("float_tolerance", "1e-6")

EXAMPLES = (
    Example(b"3", _THREE, (), "AC", _INPUT),
    Example(b"3", _NEARLY_THREE, _TOLERANCE, "AC", _INPUT),
    Example(b"3", _NEARLY_THREE, (), "WA", _INPUT),
    Example(b"3", _report(status="returned", value={"t": "bool", "v": True}), (), "WA", _INPUT),
    Example(b"3", _report(status="raised", error="ZeroDivisionError: x"), (), "WA", _INPUT),
    Example(
        b"3", _report(status="unreadable", error="returned a value of type X"), (), "WA", _INPUT
    ),
    Example(b"3", b"3\n" + _THREE, (), "WA", _INPUT),
    Example(b"3", _THREE.replace(_NONCE.encode(), b"0" * 32), (), "WA", _INPUT),
    Example(b"3", _report(status="unconfined", error="no Landlock"), (), "JE", _INPUT),
    Example(b"3", _THREE, ("float_tolerance",), "JE", _INPUT),
    Example(b"3", _THREE, ("case_sensitive",), "JE", _INPUT),
)
