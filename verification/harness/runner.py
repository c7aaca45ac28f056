"""Building harnessed programs and judging their reports (the trusted side)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Any

from judges.checkers import CheckResult
from verification.harness import TEMPLATE_PATH
from verification.harness.typed import matches

_TEMPLATE = TEMPLATE_PATH.read_text()


def harness_source() -> str:
    """The program the sandbox runs for function-call and assert tests (any submission:
    the submitted code comes on its stdin, see ``run_stdin``)."""
    return _TEMPLATE


def run_stdin(*, mode: str, payload: bytes, user_code: str) -> bytes:
    """The harness's stdin for one run: the submitted code (its length in bytes on a
    line, then the code), then the stored test with a fresh nonce."""
    body = json.loads(payload)
    body["mode"] = mode
    body["nonce"] = secrets.token_hex(16)
    code = user_code.encode("utf-8")
    return b"%d\n" % len(code) + code + json.dumps(body).encode()


def _tests_of(stdin: bytes) -> dict[str, Any]:
    """The test part of a harness's stdin (what follows the submitted code)."""
    head, _, rest = stdin.partition(b"\n")
    body = json.loads(rest[int(head) :])
    if not isinstance(body, dict):
        raise ValueError("harness input is not an object")
    return body


def _report(stdin: bytes, output: bytes) -> tuple[dict[str, Any] | None, str]:
    try:
        nonce = _tests_of(stdin)["nonce"]
    except (ValueError, KeyError, TypeError):
        return None, "harness input carries no nonce"
    lines = output.decode("utf-8", errors="replace").strip().splitlines()
    if len(lines) != 1:
        return None, f"expected one harness report line, got {len(lines)}"
    try:
        report = json.loads(lines[0])
    except ValueError:
        return None, "the harness report is not JSON"
    if not isinstance(report, dict) or report.get("nonce") != nonce:
        return None, "the harness report does not carry this run's nonce"
    return report, ""


def function_call_tolerances(args: Sequence[str]) -> tuple[float | None, float | None]:
    abs_tol = rel_tol = None
    items = list(args)
    while items:
        flag = items.pop(0)
        if flag not in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
            raise ValueError(f"unknown function-call checker flag {flag!r}")
        if not items:
            raise ValueError(f"flag {flag!r} needs a value")
        value = float(items.pop(0))
        if flag in ("float_tolerance", "float_absolute_tolerance"):
            abs_tol = value
        if flag in ("float_tolerance", "float_relative_tolerance"):
            rel_tol = value
    return abs_tol, rel_tol


def check_function_call(
    stdin: bytes, output: bytes, answer: bytes, args: Sequence[str] = ()
) -> CheckResult:
    try:
        abs_tol, rel_tol = function_call_tolerances(args)
        expected = json.loads(answer)
    except ValueError as exc:
        return CheckResult("JE", str(exc))
    report, why = _report(stdin, output)
    if report is None:
        return CheckResult("WA", why)
    if report.get("status") == "unconfined":
        return CheckResult("JE", str(report.get("error", "harness not confined"))[:500])
    if report.get("status") == "raised":
        return CheckResult("WA", "raised " + str(report.get("error", ""))[:500])
    if report.get("status") != "returned":
        return CheckResult("WA", str(report.get("error", "no value returned"))[:500])
    ok, why = matches(report.get("value"), expected, abs_tol=abs_tol, rel_tol=rel_tol)  # type: ignore[arg-type]
    return CheckResult("AC" if ok else "WA", "" if ok else why)


def check_asserts(
    stdin: bytes, output: bytes, answer: bytes, args: Sequence[str] = ()
) -> CheckResult:
    report, why = _report(stdin, output)
    if report is None:
        return CheckResult("WA", why)
    if report.get("status") == "unconfined":
        return CheckResult("JE", str(report.get("error", "harness not confined"))[:500])
    if report.get("status") == "passed" and int(report.get("asserts", 0)) > 0:
        return CheckResult("AC", f"{report['asserts']} assertions held")
    return CheckResult("WA", str(report.get("error", "tests did not pass"))[:500])
