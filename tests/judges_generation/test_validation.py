"""Validation of a candidate judge: a sandbox failure is the machine's, not the judge's."""

from __future__ import annotations

from typing import Any

import pytest

from judges.checkers import CheckResult
from judges.generation import validation
from judges.generation.validation import CaseMaterial, Material, candidate_validate
from judges.models import Judge, JudgeKind

MATERIAL = Material(cases=[CaseMaterial("secret/1", b"3\n", b"1 2\n")])
JUDGE = Judge(kind=JudgeKind.EXIT_CODE, language="python", files={"j": ""}, entry="j")


def _exact(output: bytes, answer: bytes) -> CheckResult:
    return CheckResult("AC" if output.split() == answer.split() else "WA")


def test_a_sandbox_failure_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    failed: list[bytes] = []

    def flaky(*, output: bytes, answer: bytes, **_: Any) -> CheckResult:
        if output not in failed:  # every check fails once, then gets its verdict
            failed.append(output)
            return CheckResult("SE", "sandbox failure running the judge: slot lost")
        return _exact(output, answer)

    monkeypatch.setattr(validation, "judge_check", flaky)
    report = candidate_validate(judge=JUDGE, material=MATERIAL, kinds=[], float_tolerance=None)
    assert report.ok, report.failures
    assert all(check["got"] in ("AC", "WA") for check in report.checks)


def test_a_lasting_sandbox_failure_is_not_blamed_on_the_judge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bytes] = []

    def broken(*, output: bytes, **_: Any) -> CheckResult:
        calls.append(output)
        return CheckResult("SE", "sandbox failure running the judge: slot lost")

    monkeypatch.setattr(validation, "judge_check", broken)
    report = candidate_validate(judge=JUDGE, material=MATERIAL, kinds=[], float_tolerance=None)
    assert not report.ok
    assert "the sandbox failed (not the checker's fault)" in report.failures[0]
    assert calls.count(calls[0]) == 1 + validation.SANDBOX_RETRIES
