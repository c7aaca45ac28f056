"""Hostile submissions against an interactor: the pipe is the only thing they share.

Each program talks to a trusted interactor (``programs/interact_interactor.py``) that
asks for a sum and says in its judge message what reached it: a secret of its input or
answer file coming back (LEAK), its own files or feedback directory changed (TAMPERED),
its question refused (BROKEN PIPE). Every case runs twice: judged by the rules
(``judge_case_passes``, the verdict) and connected by hand (``run_interactive``, the
interactor's own run: it must end by its own exit, 42 or 43, never by a signal).
"""

from __future__ import annotations

import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from judges.custom import judge_build
from judges.interactive import CaseJudged, judge_case_passes
from judges.models import Judge, JudgeKind
from verification.executors import executor_for
from verification.sandbox import RunResult, RunStatus
from verification.sandbox.interact import run_interactive
from verification.sandbox.runner import RunRequest

from .conftest import SMALL, sandbox_uid_processes, source_of

INTERACTOR = Judge(
    key="hostile-interactor",
    kind=JudgeKind.KATTIS,
    language="python",
    entry="interactor.py",
    files={"interactor.py": source_of("interact_interactor.py").decode()},
)
A, B = 1234, 4321
HONEST = b"a, b = map(int, input().split())\nprint(a + b)\n"


@dataclass
class Seen:
    """One case as the rules judged it, and the interactor's own account of a second
    run of it."""

    judged: CaseJudged
    interactor: RunResult
    submission: RunResult
    message: str
    wall_s: float

    @property
    def verdict(self) -> str:
        if self.judged.check is None:
            return self.judged.run.status.value
        return self.judged.check.verdict


def _case() -> tuple[bytes, bytes, bytes, bytes]:
    """Input and answer files with secrets of their own, fresh for each case."""
    input_token = f"input-secret-{uuid.uuid4().hex}".encode()
    answer_token = f"answer-secret-{uuid.uuid4().hex}".encode()
    return (
        input_token + b"\n%d %d\n" % (A, B),
        answer_token + b"\n%d\n" % (A + B),
        input_token,
        answer_token,
    )


def _play(program: str) -> Seen:
    language = "python" if program.endswith(".py") else "c"
    return _play_source(source_of(program), language)


def _play_source(source: bytes, language: str) -> Seen:
    built = executor_for(language).compile(source)
    input_bytes, answer_bytes, input_token, answer_token = _case()
    judged = judge_case_passes(
        judge=INTERACTOR,
        request_for=built.request,
        input=input_bytes,
        answer=answer_bytes,
        case_args=[],
        limits=SMALL,
        interactive=True,
        passes=1,
    )
    with tempfile.TemporaryDirectory(prefix="hostile-feedback-") as kept:
        interactor = RunRequest(
            argv=["/usr/bin/python3", "-S", "/prog/interactor.py", "input", "answer", "feedback/"],
            stdin=b"",
            limits=SMALL,
            program_dir=judge_build(INTERACTOR).directory,
            files={"input": input_bytes, "answer": answer_bytes, "feedback/.keep": b""},
            harvest_to=Path(kept),
        )
        started = time.monotonic()
        interaction = run_interactive(built.request(input_bytes, SMALL), interactor)
        wall_s = time.monotonic() - started
        judgemessage = Path(kept) / "feedback" / "judgemessage.txt"
        message = judgemessage.read_text() if judgemessage.exists() else ""
    for secret in (input_token, answer_token):
        for text in (interaction.submission.stderr, judged.run.stderr):
            assert secret not in text, text
    assert sandbox_uid_processes() == []
    return Seen(judged, interaction.interactor, interaction.submission, message, wall_s)


def _undisturbed(seen: Seen, accepted: bool) -> None:
    """The interactor ended by its own decision, and saw nothing it should not have."""
    run = seen.interactor
    assert run.signal is None, run
    assert run.status in (RunStatus.OK, RunStatus.RE), run
    assert run.exit_code == (42 if accepted else 43), (run, seen.message)
    for marker in ("LEAK", "TAMPERED", "BROKEN PIPE"):
        assert marker not in seen.message, seen.message
        if seen.judged.check is not None:
            assert marker not in seen.judged.check.message, seen.judged.check


def test_the_interactor_accepts_an_honest_submission() -> None:
    """The baseline the hostile cases are measured against."""
    seen = _play_source(HONEST, "python")
    assert seen.verdict == "AC"
    assert seen.message.strip() == "answered after 1 lines"
    _undisturbed(seen, accepted=True)


def test_files_of_the_interactor_are_out_of_reach() -> None:
    """It looks for ``input`` and ``answer`` in /box, up the tree and through /proc,
    tries to write the interactor's judge message, then answers right: accepted, with
    nothing of the interactor's files sent over the pipe."""
    seen = _play("interact_read_files.py")
    assert seen.verdict == "AC", seen
    _undisturbed(seen, accepted=True)
    # Its one line is the answer: it found nothing readable to report.
    assert seen.message.strip() == "answered after 1 lines"
    assert "FORGED" not in seen.message
    assert seen.judged.check is not None
    assert "FORGED" not in seen.judged.check.message


def test_signalling_every_pid_does_not_reach_the_interactor() -> None:
    seen = _play("interact_signal_every_pid.py")
    assert seen.verdict == "AC", seen
    _undisturbed(seen, accepted=True)
    # The submission still had its say after signalling: a report, then the answer.
    assert seen.message.strip() == "answered after 2 lines"


@pytest.mark.parametrize("program", ["interact_kill_all.py", "interact_kill_all.c"])
def test_kill_minus_one_does_not_reach_the_interactor(program: str) -> None:
    """kill(-1, SIGKILL) (and, from C, SIGKILL to every pid below 65536): the
    submission lives on to answer, and the interactor is there to accept it."""
    seen = _play(program)
    assert seen.verdict == "AC", seen
    _undisturbed(seen, accepted=True)
    assert seen.message.strip() == "answered after 1 lines"


def test_a_flood_that_never_reads_is_rejected_and_the_interactor_survives() -> None:
    seen = _play("interact_flood.py")
    assert seen.verdict in {"WA", "TLE"}, seen
    _undisturbed(seen, accepted=False)
    assert "too much output" in seen.message, seen.message


def test_closing_both_streams_at_once_is_a_wrong_answer() -> None:
    seen = _play("interact_close_streams.py")
    assert seen.verdict == "WA", seen
    _undisturbed(seen, accepted=False)
    assert seen.message.strip() == "no answer after 0 lines"


def test_a_descendant_cannot_answer_after_the_run_ended() -> None:
    """The grandchild would answer right after the main process exited: its run is over
    by then, it is gone, and the interactor sees the end of its input."""
    seen = _play("interact_fork_keep_pipe.py")
    assert seen.verdict == "WA", seen
    _undisturbed(seen, accepted=False)
    assert seen.message.strip() == "no answer after 0 lines"
    # Not held up by the grandchild's open pipe until a time limit.
    assert seen.wall_s < SMALL.wall_time_s, seen.wall_s
    assert seen.submission.status is RunStatus.OK, seen.submission


@pytest.mark.parametrize("program", ["interact_flood.py", "interact_close_streams.py"])
def test_the_next_case_is_judged_as_usual(program: str) -> None:
    """After a hostile case, the same interactor accepts an honest submission again."""
    _play(program)
    test_the_interactor_accepts_an_honest_submission()
