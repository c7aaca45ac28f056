"""The checkers of function-call and assert problems: registered like the others, judged
through ``judge_check`` with the judge's flags, their arguments validated by the table."""

from __future__ import annotations

import json
import mmap

import pytest

from judges.checkers import CheckerArgumentError
from judges.checkers.function_call import KNOWN_FLAGS
from judges.models import Judge, JudgeKind
from judges.services import judge_builtin_args_validate, judge_check
from verification.harness.runner import run_stdin
from verification.harness.tests_json import assert_test, function_call_test


def _nonce(stdin: bytes) -> str:
    head, _, rest = stdin.partition(b"\n")
    return str(json.loads(rest[int(head) :])["nonce"])


def _judge(name: str, *args: str) -> Judge:
    return Judge(kind=JudgeKind.BUILTIN, builtin_name=name, args=list(args))


HALF = function_call_test("half", [1], 0.5)
STDIN = run_stdin(mode="function_call", payload=HALF.input, user_code="def half(x): ...")
NEARLY_HALF = json.dumps(
    {"nonce": _nonce(STDIN), "status": "returned", "value": {"t": "float", "v": "0.5000001"}}
).encode()


def test_function_call_judge_uses_its_flags_then_the_case_args():
    exact = judge_check(
        judge=_judge("function_call"), input=STDIN, output=NEARLY_HALF, answer=HALF.answer
    )
    assert exact.verdict == "WA" and "expected 0.5" in exact.message
    close = _judge("function_call", "float_tolerance", "1e-6")
    assert (
        judge_check(judge=close, input=STDIN, output=NEARLY_HALF, answer=HALF.answer).verdict
        == "AC"
    )
    by_case = judge_check(
        judge=_judge("function_call"),
        input=STDIN,
        output=NEARLY_HALF,
        answer=HALF.answer,
        case_args=["float_absolute_tolerance", "1e-6"],
    )
    assert by_case.verdict == "AC"


def test_a_report_in_a_map_is_judged_as_in_bytes():
    with mmap.mmap(-1, len(NEARLY_HALF)) as mapped:
        mapped.write(NEARLY_HALF)
        judge = _judge("function_call", "float_tolerance", "1e-6")
        assert (
            judge_check(judge=judge, input=STDIN, output=mapped, answer=HALF.answer).verdict == "AC"
        )


def test_a_report_of_another_run_is_wrong():
    other = run_stdin(mode="function_call", payload=HALF.input, user_code="def half(x): ...")
    result = judge_check(
        judge=_judge("function_call", "float_tolerance", "1e-6"),
        input=other,
        output=NEARLY_HALF,
        answer=HALF.answer,
    )
    assert result.verdict == "WA" and "nonce" in result.message


def test_assert_judge_accepts_a_passing_report():
    test = assert_test("assert half(1) == 0.5", None)
    stdin = run_stdin(mode="assert", payload=test.input, user_code="")
    report = json.dumps({"nonce": _nonce(stdin), "status": "passed", "asserts": 2}).encode()
    result = judge_check(judge=_judge("assert"), input=stdin, output=report, answer=test.answer)
    assert (result.verdict, result.message) == ("AC", "2 assertions held")


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        (
            "function_call",
            ["case_sensitive"],
            f"unknown function-call checker flag 'case_sensitive'; known flags: {KNOWN_FLAGS}",
        ),
        ("function_call", ["float_tolerance"], "flag 'float_tolerance' needs a value"),
        ("function_call", ["float_tolerance", "lots"], "could not convert string to float: 'lots'"),
        ("assert", ["float_tolerance", "1e-6"], "takes no arguments"),
    ],
)
def test_bad_arguments_are_refused_by_the_table(name: str, args: list[str], message: str):
    with pytest.raises(CheckerArgumentError) as refused:
        judge_builtin_args_validate(name=name, args=args)
    assert message in str(refused.value)


def test_tolerances_are_valid_arguments():
    judge_builtin_args_validate(name="function_call", args=["float_relative_tolerance", "1e-3"])
    judge_builtin_args_validate(name="assert", args=[])
