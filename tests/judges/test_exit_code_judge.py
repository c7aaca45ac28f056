"""The exit-code judge kind (icip-cas/ScaleBox's special judge): its protocol, its
verdicts, and the rows that hold judges sent with requests."""

from __future__ import annotations

from typing import Any

import pytest

from judges import custom
from judges.checkers import CheckResult
from judges.custom import judge_run
from judges.models import Judge, JudgeKind, JudgeOrigin, JudgeState
from judges.services import judge_check, judge_exit_code_get_or_create
from verification.executors import CompileSystemError
from verification.sandbox.limits import system_error

pytestmark = pytest.mark.django_db(transaction=True)

# Accepts when the program's output (answer.txt) equals the expected output (stdout.txt)
# and the input (stdin.txt) is what the case gave; it must get no arguments.
SAME = """import sys
assert len(sys.argv) == 1, sys.argv
given = open("stdin.txt").read()
expected = open("stdout.txt").read()
got = open("answer.txt").read()
if given != "in\\n":
    sys.exit(3)
if got != expected:
    sys.stderr.write("got %r" % got)
    sys.exit(1)
"""

SHORT = {"cpu": 1.0, "wall": 2.0, "memory": 256 << 20, "output": 1 << 20}


def _judge(source: str, language: str = "python") -> Judge:
    return judge_exit_code_get_or_create(source=source, language=language)


def _run(judge: Judge, output: bytes, **kwargs: Any) -> CheckResult:
    return judge_run(
        judge=judge, input=b"in\n", output=output, answer=b"42\n", case_args=["x"], **kwargs
    )


def test_exit_zero_accepts_and_exit_one_rejects_with_the_judges_stderr() -> None:
    judge = _judge(SAME)
    assert _run(judge, b"42\n") == CheckResult("AC", "special judge accepted")
    assert _run(judge, b"41\n") == CheckResult("WA", "special judge rejected: got '41\\n'")


def test_judge_check_runs_it_like_any_custom_judge() -> None:
    judge = _judge(SAME)
    result = judge_check(judge=judge, input=b"in\n", output=b"42\n", answer=b"42\n")
    assert result.verdict == "AC"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import sys\nsys.exit(2)\n", "special judge ended with RE (exit code 2)"),
        ("import os\nos.kill(os.getpid(), 9)\n", "special judge ended with RE"),
        ("while True:\n    pass\n", "special judge ended with TLE"),
        ("def (:\n", "special judge does not compile"),
    ],
    ids=["exit-2", "killed", "hang", "syntax-error"],
)
def test_anything_else_is_a_judge_error(source: str, message: str) -> None:
    result = _run(_judge(source), b"42\n", limits=SHORT)
    assert result.verdict == "JE"
    assert result.message.startswith(message), result.message


def test_an_unknown_language_is_a_judge_error() -> None:
    result = _run(_judge("print(1)", language="cobol"), b"42\n")
    assert result.verdict == "JE" and "cobol" in result.message


class _Failing:
    """An executor whose sandbox fails: compiling, or running what it compiled."""

    def __init__(self, when: str) -> None:
        self.when = when

    def compile(self, source: bytes) -> Any:
        if self.when == "compile":
            raise CompileSystemError("no slot")
        return self

    def run(self, stdin: bytes, limits: Any, **kwargs: Any) -> Any:
        return system_error("slot lost", isolation="full")


@pytest.mark.parametrize("when", ["compile", "run"])
def test_a_sandbox_failure_is_a_system_error_not_a_verdict(
    when: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(custom, "executor_for", lambda language: _Failing(when))
    result = _run(_judge(SAME), b"42\n")
    assert result.verdict == "SE"


def test_identical_judges_share_a_row() -> None:
    first = _judge(SAME)
    assert _judge(SAME).id == first.id
    assert _judge(SAME + "\n").id != first.id
    assert _judge(SAME, language="python").id == first.id
    assert (first.kind, first.origin, first.state) == (
        JudgeKind.EXIT_CODE,
        JudgeOrigin.REQUEST,
        JudgeState.ACTIVE,
    )
    assert first.source == SAME and first.language == "python"
