"""``assert``: the test code's assertions all held, as the harness reports it.

The program ran inside the assert harness (``verification/harness``), which runs the
test's code against the program's functions and writes one stdout line with the run's
nonce (read from the test's ``input``): ``passed`` with the number of assertions that
ran, or why it failed. The answer is not read. No arguments.

AC when the report says the tests passed and at least one assertion ran. WA when the
output is not exactly one report carrying the run's nonce (the program wrote to stdout,
or forged a report), or the tests failed, raised or ran no assertion (the pipeline
reports tests ended by the program's own exception as RE: see docs/threat-model.md).
JE for an argument, or when the harness could not confine the tests.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from judges.checkers.base import (
    CheckResult,
    Example,
    Output,
    accepted,
    judge_error,
    reports_argument_errors,
    require_no_args,
    wrong,
)
from verification.harness.protocol import harness_report, harness_stdin
from verification.harness.tests_json import assert_test

# How much of the harness's error a message quotes.
ERROR_LIMIT = 500


@reports_argument_errors
def check(input: bytes, output: Output, answer: bytes, args: Sequence[str] = ()) -> CheckResult:
    require_no_args(args)
    report, why = harness_report(input, bytes(output))
    if report is None:
        return wrong(why)
    if report.get("status") == "unconfined":
        return judge_error(str(report.get("error", "harness not confined"))[:ERROR_LIMIT])
    if report.get("status") == "passed" and int(report.get("asserts", 0)) > 0:
        return accepted(f"{report['asserts']} assertions held")
    error = str(report.get("error", "the tests did not pass"))[:ERROR_LIMIT]
    if report.get("status") == "raised":
        return wrong("the program raised " + error)
    return wrong(error)


_NONCE = "a55e27ed" * 4
_INPUT = harness_stdin(
    mode="assert",
    payload=assert_test("assert add(1, 2) == 3\n", None).input,
    user_code="def add(a, b):\n    return a + b\n",
    nonce=_NONCE,
)


def _report(**fields: object) -> bytes:
    return json.dumps({"nonce": _NONCE, **fields}).encode() + b"\n"


_PASSED = _report(status="passed", asserts=1)

EXAMPLES = (
    Example(b"", _PASSED, (), "AC", _INPUT),
    Example(b"", _report(status="passed", asserts=0), (), "WA", _INPUT),
    Example(b"", _report(status="failed", error="assertion 1 failed"), (), "WA", _INPUT),
    Example(b"", _report(status="raised", error="ValueError: x", exception=True), (), "WA", _INPUT),
    Example(b"", b"ok\n" + _PASSED, (), "WA", _INPUT),
    Example(b"", _PASSED.replace(_NONCE.encode(), b"0" * 32), (), "WA", _INPUT),
    Example(b"", _report(status="unconfined", error="no Landlock"), (), "JE", _INPUT),
    Example(b"", _PASSED, ("float_tolerance", "1e-6"), "JE", _INPUT),
)
