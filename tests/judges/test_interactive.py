"""Interactive and multi-pass cases (judges.interactive) with the real sandbox: the
verdict rules, what is charged to the submission, and the passes of a multi-pass
problem, down to the multi-pass fixture package judged by verify_problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from judges.interactive import CaseJudged, judge_case_passes
from judges.models import Judge, JudgeKind, JudgeOrigin, JudgeState
from verification.executors import CompileError, executor_for
from verification.models import CaseResult, Judging, Problem
from verification.problem_package import load_package
from verification.sandbox import Limits, RunStatus
from verification.sandbox.runner import RunRequest
from verification.services_import import problem_import
from verification.services_verify import problem_verify

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGES = Path(__file__).resolve().parents[1] / "fixtures" / "packages"
LIMITS = Limits(cpu_time_s=1, wall_time_s=3, memory_bytes=256 << 20, output_bytes=1 << 20)

# Says "go", wants "done" back; its verdict otherwise follows the first line of its input.
ECHO_INTERACTOR = """
import sys
print("go", flush=True)
reply = sys.stdin.readline().strip()
with open(sys.argv[3] + "judgemessage.txt", "w") as out:
    out.write("reply " + repr(reply))
sys.exit(42 if reply == "done" else 43)
"""
POLITE = "input()\nprint('done', flush=True)\n"


def validator(code: str, name: str = "v") -> Judge:
    return Judge.objects.create(
        key=f"test-{name}",
        version=1,
        kind=JudgeKind.KATTIS,
        language="python",
        files={"validate.py": code},
        entry="validate.py",
        state=JudgeState.ACTIVE,
        origin=JudgeOrigin.PACKAGE,
    )


def judged(
    judge: Judge | None,
    source: str,
    *,
    interactive: bool = True,
    passes: int = 1,
    input: bytes = b"1\n",
    language: str = "python",
) -> CaseJudged:
    program = executor_for(language).compile(source.encode())
    return judge_case_passes(
        judge=judge,
        request_for=program.request,
        input=input,
        answer=b"",
        case_args=[],
        limits=LIMITS,
        interactive=interactive,
        passes=passes,
    )


def test_an_exchange_the_interactor_accepts_is_accepted() -> None:
    result = judged(validator(ECHO_INTERACTOR), POLITE)
    assert result.check is not None
    assert (result.check.verdict, result.check.message) == ("AC", "reply 'done'")
    assert result.run.status is RunStatus.OK
    assert result.passes == 1


def test_a_rejection_before_the_submission_ended_is_wrong_answer_whatever_it_does_next() -> None:
    # It answers wrong, then dies of the closed pipe or its own error: still WA.
    crashes_after = (
        "input()\nprint('nope', flush=True)\nimport time\ntime.sleep(0.3)\nraise SystemExit(7)\n"
    )
    result = judged(validator(ECHO_INTERACTOR), crashes_after)
    assert result.check is not None
    assert result.check.verdict == "WA"
    assert result.check.message == "reply 'nope'"


def test_the_submissions_own_failure_decides_when_the_interactor_accepted() -> None:
    fails_after = "input()\nprint('done', flush=True)\nraise SystemExit(3)\n"
    result = judged(validator(ECHO_INTERACTOR), fails_after)
    assert result.check is None
    assert result.run.status is RunStatus.RE
    assert result.run.exit_code == 3


def test_a_submission_still_running_after_an_accept_is_a_time_limit() -> None:
    spins_after = "input()\nprint('done', flush=True)\nwhile True:\n    pass\n"
    result = judged(validator(ECHO_INTERACTOR), spins_after)
    assert result.check is None
    assert result.run.status is RunStatus.TLE


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("import sys\nsys.exit(0)\n", "exited with 0"),
        ("raise RuntimeError('interactor bug')\n", "exited with 1"),
        ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", "signal"),
    ],
    ids=["exit-0", "raises", "signal"],
)
def test_an_interactor_that_fails_is_a_judge_error(code: str, says: str) -> None:
    result = judged(validator(code), POLITE)
    assert result.check is not None
    assert result.check.verdict == "JE"
    assert says in result.check.message


def test_only_the_submissions_time_is_charged() -> None:
    # The interactor computes for a while before it says anything.
    slow_interactor = "x = 0\nfor i in range(3_000_000):\n    x += i\n" + ECHO_INTERACTOR
    result = judged(validator(slow_interactor), POLITE)
    assert result.check is not None
    assert result.check.verdict == "AC"
    assert result.run.cpu_time_s < 0.15


def test_a_compile_error_never_reaches_the_interactor() -> None:
    with pytest.raises(CompileError, match=r"(?i)syntax"):
        judged(validator(ECHO_INTERACTOR), "print('unclosed'\n")


def test_a_problem_without_a_kattis_validator_cannot_be_judged_interactively() -> None:
    result = judged(None, POLITE)
    assert result.check is not None
    assert result.check.verdict == "JE"
    assert "needs a Kattis output validator" in result.check.message


# -- multi-pass --------------------------------------------------------------------------

# Counts its passes in its feedback directory; asks for another pass until the third.
COUNTING_VALIDATOR = """
import os, sys
feedback = sys.argv[3]
count_file = os.path.join(feedback, "count")
count = int(open(count_file).read()) + 1 if os.path.exists(count_file) else 1
open(count_file, "w").write(str(count))
seen = sys.stdin.read().strip()
if seen != open(sys.argv[1]).read().strip():
    open(os.path.join(feedback, "judgemessage.txt"), "w").write(f"pass {count}: {seen!r}")
    sys.exit(43)
if count < 3:
    open(os.path.join(feedback, "nextpass.in"), "w").write(str(count * 10))
sys.exit(42)
"""
ECHO = "print(input())\n"


def test_passes_run_until_the_validator_stops_asking() -> None:
    result = judged(validator(COUNTING_VALIDATOR), ECHO, interactive=False, passes=3)
    assert result.check is not None
    assert result.check.verdict == "AC"
    assert result.passes == 3


def test_a_validator_still_asking_at_the_pass_limit_is_a_judge_error() -> None:
    result = judged(validator(COUNTING_VALIDATOR), ECHO, interactive=False, passes=2)
    assert result.check is not None
    assert result.check.verdict == "JE"
    assert "no final verdict within 2 passes" in result.check.message


def test_each_pass_gets_the_input_the_last_one_asked_for() -> None:
    # Right on the first pass (echoes its input), wrong on the second (input 10).
    first_only = "x = input()\nprint(x if x == '1' else 'lost')\n"
    result = judged(validator(COUNTING_VALIDATOR), first_only, interactive=False, passes=3)
    assert result.check is not None
    assert result.check.verdict == "WA"
    assert result.check.message == "pass 2: 'lost'"
    assert result.passes == 2


def test_a_validator_that_rejects_and_asks_for_another_pass_is_a_judge_error() -> None:
    confused = """
import os, sys
open(os.path.join(sys.argv[3], "nextpass.in"), "w").write("again")
sys.exit(43)
"""
    result = judged(validator(confused), ECHO, interactive=False, passes=2)
    assert result.check is not None
    assert result.check.verdict == "JE"
    assert "nextpass.in" in result.check.message


def test_a_single_pass_problem_ignores_nextpass() -> None:
    result = judged(validator(COUNTING_VALIDATOR), ECHO, interactive=False, passes=1)
    assert result.check is not None
    assert result.check.verdict == "AC"
    assert result.passes == 1


def test_interactive_passes_carry_the_feedback_directory() -> None:
    interactive_counting = """
import os, sys
feedback = sys.argv[3]
count_file = os.path.join(feedback, "count")
count = int(open(count_file).read()) + 1 if os.path.exists(count_file) else 1
open(count_file, "w").write(str(count))
print(open(sys.argv[1]).read().strip(), flush=True)
if sys.stdin.readline().strip() != "ok":
    sys.exit(43)
if count < 2:
    open(os.path.join(feedback, "nextpass.in"), "w").write("second")
sys.exit(42)
"""
    says_ok = "input()\nprint('ok', flush=True)\n"
    result = judged(validator(interactive_counting), says_ok, interactive=True, passes=2)
    assert result.check is not None
    assert result.check.verdict == "AC"
    assert result.passes == 2


def test_the_multipass_package_is_judged_as_its_submissions_expect() -> None:
    problem = problem_import(package=load_package(PACKAGES / "multipass"))
    stored = Problem.objects.select_related("judge").get(slug="multipass")
    assert (stored.interactive, stored.validation_passes) == (False, 2)
    assert stored.judge is not None
    assert stored.judge.kind == JudgeKind.KATTIS
    outcomes = problem_verify(problem=problem)
    assert {o.path for o in outcomes} == {
        "accepted/codes.py",
        "accepted/codes.cpp",
        "wrong_answer/forgets.py",
        "wrong_answer/letters.py",
        "run_time_error/crashes_decoding.py",
    }
    for outcome in outcomes:
        assert outcome.ok, outcome
    # The wrong decoder fails in the second pass, and the case says so.
    judging = Judging.objects.filter(
        submission__problem=problem, submission__source__text__contains="forgotten"
    ).latest("id")
    messages = CaseResult.objects.filter(judging=judging).values_list("checker_message", flat=True)
    assert any(m.startswith("pass 2: decoded 'forgotten'") for m in messages)


def test_a_submission_that_never_reads_is_a_time_limit_not_the_interactors_failure() -> None:
    # The interactor answers every line; the submission writes without ever reading, so
    # both block on full pipes until the submission's limit. The interactor, still
    # blocked writing to it, fails only because of that: the submission's TLE decides.
    answering = (
        "import sys\nfor line in sys.stdin:\n    sys.stdout.write('answer ' * 1000 + '\\n')\n"
        "    sys.stdout.flush()\nsys.exit(43)\n"
    )
    floods = "while True:\n    print('READ 0', flush=True)\n"
    result = judged(validator(answering), floods)
    assert result.check is None
    assert result.run.status is RunStatus.TLE
    assert result.run.wall_time_s < LIMITS.wall_time_s + 1


def test_an_interactors_score_is_the_cases_score() -> None:
    scoring = ECHO_INTERACTOR.replace(
        "sys.exit(42 if", 'open(sys.argv[3] + "score.txt", "w").write("7.5")\nsys.exit(42 if'
    )
    result = judged(validator(scoring), POLITE)
    assert result.check is not None
    assert (result.check.verdict, result.check.score) == ("AC", 7.5)


def test_a_submission_over_its_memory_limit_after_an_accept_is_mle() -> None:
    hungry = "input()\nprint('done', flush=True)\nhoard = bytearray(600 << 20)\nprint(len(hoard))\n"
    result = judged(validator(ECHO_INTERACTOR), hungry)
    assert result.check is None
    assert result.run.status is RunStatus.MLE


def test_an_interactor_that_never_answers_leaves_the_submission_a_time_limit() -> None:
    mute = "import sys, time\nsys.stdin.readline()\ntime.sleep(60)\n"
    asks = "print('?', flush=True)\ninput()\nprint('done', flush=True)\n"
    result = judged(validator(mute), asks)
    assert result.check is None
    assert result.run.status is RunStatus.TLE
    assert result.run.message.startswith("wall time exceeded")


def test_a_submission_the_sandbox_could_not_start_is_a_system_error() -> None:
    def broken(stdin: bytes, limits: Limits) -> RunRequest:
        return RunRequest(
            argv=["/prog/main"], stdin=stdin, limits=limits, program_dir=Path("/nonexistent/x")
        )

    result = judge_case_passes(
        judge=validator(ECHO_INTERACTOR),
        request_for=broken,
        input=b"1\n",
        answer=b"",
        case_args=[],
        limits=LIMITS,
        interactive=True,
        passes=1,
    )
    # Never the interactor's WA for the end of input it then read.
    assert result.check is None
    assert result.run.status is RunStatus.SE


def test_an_interactor_may_write_a_large_question_before_it_reads() -> None:
    # 200 KB in one go, more than a default pipe holds: the submission leaves at once,
    # and the interactor must still get to read the end of its input and reject.
    big_question = (
        "import sys\nsys.stdout.write('q' * 200_000 + '\\n')\nsys.stdout.flush()\n"
        "sys.exit(43 if sys.stdin.read() == '' else 42)\n"
    )
    result = judged(validator(big_question), "pass\n")
    assert result.check is not None
    assert result.check.verdict == "WA"
    assert result.run.wall_time_s < 2


def test_nextpass_with_a_failed_submission_and_no_accept_is_a_judge_error() -> None:
    asks_again = """
import os, sys
sys.stdin.read()
open(os.path.join(sys.argv[3], "nextpass.in"), "w").write("again")
sys.exit(43)
"""
    crashes = "raise SystemExit(3)\n"
    result = judged(validator(asks_again), crashes, interactive=True, passes=2)
    assert result.check is not None
    assert result.check.verdict == "JE"
    assert "nextpass.in" in result.check.message


def test_a_feedback_directory_over_its_bound_is_a_judge_error() -> None:
    # Its files sort before nextpass.in: cutting the directory would lose it.
    floods = """
import os, sys
sys.stdin.read()
for name in ("a.log", "b.log"):
    open(os.path.join(sys.argv[3], name), "w").write("x" * (5 << 20))
open(os.path.join(sys.argv[3], "nextpass.in"), "w").write("again")
sys.exit(42)
"""
    result = judged(validator(floods), ECHO, interactive=False, passes=2)
    assert result.check is not None
    assert result.check.verdict == "JE"
    assert "feedback directory holds over" in result.check.message
