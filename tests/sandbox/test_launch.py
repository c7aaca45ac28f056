"""The launch lifecycle every path shares, driven by a plain subprocess (no sandbox):
collect, kill at a limit, wait, report, and how a launcher's setup report is judged."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from verification.sandbox import Limits, RunResult, RunStatus
from verification.sandbox.launch import Ending, Pipes, ending_of, supervise_launch
from verification.sandbox.supervise import Outcome

LIMITS = Limits(cpu_time_s=5.0, wall_time_s=5.0, memory_bytes=64 << 20, output_bytes=1 << 10)


class Plain:
    """A launcher of a bare subprocess, with a setup report it is told to give."""

    isolation = "test"

    def __init__(self, proc: subprocess.Popen[bytes], report: Ending | None = None) -> None:
        self.proc = proc
        self.report = report
        self.kills = 0

    def kill(self) -> None:
        self.kills += 1
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def end(self, outcome: Outcome) -> Ending:
        status = self.proc.wait()
        self.kill()
        ending = ending_of(status << 8 if status >= 0 else -status)
        return self.report or ending

    def died_in_setup(self, outcome: Outcome, message: str) -> str:
        return f"died setting up ({message})"


@contextlib.contextmanager
def launched(code: str, stdin: bytes = b"") -> Iterator[tuple[Plain, Pipes, int, float]]:
    with Pipes(stdin) as pipes:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", code],
            stdin=pipes.stdin,
            stdout=pipes.stdout_w,
            stderr=pipes.stderr_w,
            start_new_session=True,
        )
        pipes.handed_over()
        pidfd = os.pidfd_open(proc.pid)
        try:
            yield Plain(proc), pipes, pidfd, started
        finally:
            os.close(pidfd)
            proc.wait()


def run(code: str, stdin: bytes = b"", limits: Limits = LIMITS, **report: object) -> RunResult:
    with launched(code, stdin) as (plain, pipes, pidfd, started):
        if report:
            plain.report = Ending(**report)  # type: ignore[arg-type]
        return supervise_launch(
            plain, pipes, pidfd=pidfd, limits=limits, group=None, started=started
        )


def test_output_and_exit_are_reported() -> None:
    result = run("import sys; print(sys.stdin.read().upper(), end=''); sys.exit(3)", b"hi\n")
    assert (result.status, result.exit_code, result.signal) == (RunStatus.RE, 3, None), result
    assert (result.stdout, result.message, result.isolation) == (b"HI\n", "exit code 3", "test")


def test_a_signal_death_is_a_runtime_error() -> None:
    result = run("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
    assert (result.status, result.exit_code, result.signal) == (RunStatus.RE, None, 11), result


def test_too_much_output_is_killed_and_cut() -> None:
    result = run("while True: print('x' * 100)")
    assert result.status is RunStatus.OLE, result
    assert len(result.stdout) == LIMITS.output_bytes


def test_the_wall_clock_kills() -> None:
    limits = Limits(cpu_time_s=5.0, wall_time_s=0.3, memory_bytes=64 << 20, output_bytes=1 << 10)
    result = run("import time; time.sleep(30)", limits=limits)
    assert (result.status, result.signal) == (RunStatus.TLE, signal.SIGKILL), result
    assert result.message.startswith("wall time exceeded"), result


def test_a_launcher_that_failed_its_setup_is_a_system_error() -> None:
    result = run("print('ran')", exit_code=None, signal=None, setup_failure="init failed: x")
    assert (result.status, result.message, result.stdout) == (RunStatus.SE, "init failed: x", b"")


def test_dying_before_setup_was_complete_is_a_system_error_unless_a_limit_killed_it() -> None:
    died = run("pass", exit_code=1, signal=None, setup_complete=False)
    assert (died.status, died.message) == (RunStatus.SE, "died setting up (exit code 1)"), died
    limits = Limits(cpu_time_s=5.0, wall_time_s=0.3, memory_bytes=64 << 20, output_bytes=1 << 10)
    slow = run("import time; time.sleep(30)", limits=limits, exit_code=None, signal=9,
               setup_complete=False)  # fmt: skip
    assert slow.status is RunStatus.TLE, slow


@pytest.mark.parametrize("status", [0, 3 << 8, signal.SIGKILL])
def test_a_wait_status_is_an_exit_code_or_a_signal(status: int) -> None:
    ending = ending_of(status)
    if status & 0x7F:
        assert (ending.exit_code, ending.signal) == (None, status)
    else:
        assert (ending.exit_code, ending.signal) == (status >> 8, None)


def test_pipes_close_the_launched_sides_ends_once_handed_over() -> None:
    with Pipes(b"input") as pipes:
        assert os.read(pipes.stdin, 16) == b"input"
        pipes.handed_over()
        with pytest.raises(OSError):
            os.fstat(pipes.stdout_w)
        assert pipes.stdout_r is not None
        assert os.read(pipes.stdout_r, 1) == b""  # no writer is left
        kept = pipes.report_r
    with pytest.raises(OSError):
        os.fstat(kept)
