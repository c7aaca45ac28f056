"""Two sandboxed programs run at once, each one's stdout the other's stdin: a submission
and the interactor (the output validator of an interactive problem) that talks to it.

Each side is an ordinary run (its own slot uid, namespaces, cgroup and limits); the
pipes between them are the only thing they share. The worker keeps its own copy of each
pipe end for as long as the reference judges' runner does, so that the order in which
the two ended is known and does not depend on a race:

- the write end of each side's stdout until that side has ended, so the other side sees
  the end of its input only after the first one's end was recorded;
- the read end of the interactor's input until the interactor has ended, and then still
  when it accepted (a submission still writing then gets no SIGPIPE, so its own verdict
  does not depend on when the interactor exited);
- the read end of the submission's input to the end, so an interactor that still writes
  to a submission that has exited normally gets no SIGPIPE (after a submission that
  failed, it is let go at once: that submission's failure decides the case).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import threading
from dataclasses import dataclass

from .launch import Connection
from .limits import RunResult, RunStatus
from .runner import RunRequest, Sandbox, current_sandbox
from .slots import Slot, lease_pair

# The Kattis output validator's exit code for an accepted case.
ACCEPTED_EXIT = 42
# The capacity of each pipe between the two (problemtools' runner sets 1 MiB).
PIPE_BYTES = 1 << 20


@dataclass
class Interaction:
    submission: RunResult
    interactor: RunResult
    # The interactor ended before the submission did.
    interactor_first: bool


def _dup(fd: int) -> int:
    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 0)


class _Held:
    """The worker's copies of the pipe ends, each closed once."""

    def __init__(self) -> None:
        self._fds: dict[str, int] = {}
        self._lock = threading.Lock()

    def keep(self, name: str, fd: int) -> None:
        self._fds[name] = _dup(fd)

    def close(self, *names: str) -> None:
        with self._lock:
            fds = [self._fds.pop(name) for name in names if name in self._fds]
        for fd in fds:
            os.close(fd)

    def close_all(self) -> None:
        self.close(*list(self._fds))


def run_interactive(submission: RunRequest, interactor: RunRequest) -> Interaction:
    """Run both requests at once, connected (their ``stdin`` bytes are not used); each
    result's ``output`` is empty, as its stdout went to the other side. Both slots are
    leased before either run starts (``slots.lease_pair``)."""
    sandbox = current_sandbox()
    sandbox.ensure_available()
    config = sandbox.config
    with lease_pair(config.slot_lock_dir, config.slots, config.uid_base) as slots:
        return _run_connected(sandbox, submission, interactor, slots)


def _run_connected(
    sandbox: Sandbox, submission: RunRequest, interactor: RunRequest, slots: tuple[Slot, Slot]
) -> Interaction:
    held = _Held()
    opened: list[int] = []
    try:
        # submission stdout -> interactor stdin; interactor stdout -> submission stdin
        to_interactor_r, to_interactor_w = os.pipe2(os.O_CLOEXEC)
        opened += [to_interactor_r, to_interactor_w]
        to_submission_r, to_submission_w = os.pipe2(os.O_CLOEXEC)
        opened += [to_submission_r, to_submission_w]
        for fd in (to_interactor_w, to_submission_w):
            _widen(fd)
        held.keep("submission_out", to_interactor_w)
        held.keep("interactor_in", to_interactor_r)
        held.keep("interactor_out", to_submission_w)
        held.keep("submission_in", to_submission_r)
    except BaseException:
        held.close_all()
        for fd in opened:
            os.close(fd)
        raise
    # From here each run owns its two ends (Connection); nobody else closes them.
    submission = dataclasses.replace(
        submission, connection=Connection(to_submission_r, to_interactor_w)
    )
    interactor = dataclasses.replace(
        interactor, connection=Connection(to_interactor_r, to_submission_w)
    )
    results: dict[str, RunResult] = {}
    failures: list[BaseException] = []

    def interactor_side() -> None:
        try:
            result = sandbox.run(interactor, slots[1])
            results["interactor"] = result
        except BaseException as exc:
            failures.append(exc)
            held.close("interactor_out", "interactor_in")
            return
        held.close("interactor_out")
        if not validator_accepted(result):
            held.close("interactor_in")

    thread = threading.Thread(target=interactor_side, name="interactor", daemon=True)
    try:
        thread.start()
        try:
            results["submission"] = sandbox.run(submission, slots[0])
            if results["submission"].status is not RunStatus.OK:
                # A submission that failed (a limit, a crash) is judged by its failure:
                # an interactor still writing to it gets EPIPE now, not its own limit.
                held.close("submission_in")
        finally:
            held.close("submission_out")
            thread.join()
    finally:
        if thread.ident is None and interactor.connection is not None:
            interactor.connection.close()  # never started: let go of its ends
        held.close_all()
    if failures:
        raise failures[0]
    sub, inter = results["submission"], results["interactor"]
    # Only two runs that both ended have an order (a run the sandbox could not start has
    # no end: it is not "after" anything).
    first = bool(inter.ended_at and sub.ended_at) and inter.ended_at < sub.ended_at
    return Interaction(submission=sub, interactor=inter, interactor_first=first)


def _widen(fd: int) -> None:
    """A pipe of PIPE_BYTES, as the reference runner's (an interactor that writes a
    large question before it reads must not block where the reference would not)."""
    with contextlib.suppress(OSError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def validator_accepted(result: RunResult) -> bool:
    """Whether a Kattis validator's run accepted (exit 42, which Python reports as RE)."""
    return result.status in (RunStatus.OK, RunStatus.RE) and result.exit_code == ACCEPTED_EXIT
