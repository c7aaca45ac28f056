"""One launch lifecycle, whichever way a program starts (bubblewrap, the unsafe development
mode, a zygote's case): watch it under its limits while collecting its output, kill what
is left of it, wait for it and reap it, and report the run as a RunResult.

Each way of starting a program supplies only its own steps (a ``Launched``: how to kill
the run, how to wait for it and what its setup reported); the order of the steps and the
verdict (``supervise.decide``) are the same for all of them.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import resource
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

from . import scratch as scratch_dir
from .cgroups import RunCgroup
from .limits import Limits, RunResult, RunStatus, system_error
from .supervise import Outcome, collect, decide

PRLIMIT = "/usr/bin/prlimit"
PR_SET_CHILD_SUBREAPER = 36
FETCH_MAX_BYTES = 64 * 1024 * 1024

RLimits = Sequence[tuple[int, tuple[int, int]]]


# -- the limits a launch starts under ---------------------------------------------------


def rlimits_for(limits: Limits, *, unsafe: bool) -> list[tuple[int, tuple[int, int]]]:
    """The resource limits every path starts a judged program under."""
    cpu = math.ceil(limits.cpu_time_s) + 1
    values = [
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_FSIZE, (limits.file_size_bytes, limits.file_size_bytes)),
        (resource.RLIMIT_STACK, (limits.memory_bytes, limits.memory_bytes)),
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_NOFILE, (1024, 1024)),
        # No POSIX message queues: a pre-forked sandbox's IPC namespace outlives its cases.
        (resource.RLIMIT_MSGQUEUE, (0, 0)),
    ]
    if not unsafe:
        # One uid per slot, so this counts the run's own processes (plus the namespace init).
        values.append((resource.RLIMIT_NPROC, (limits.processes + 2, limits.processes + 2)))
    return values


_PRLIMIT_OPTIONS = {
    resource.RLIMIT_CPU: "--cpu",
    resource.RLIMIT_FSIZE: "--fsize",
    resource.RLIMIT_STACK: "--stack",
    resource.RLIMIT_CORE: "--core",
    resource.RLIMIT_NOFILE: "--nofile",
    resource.RLIMIT_NPROC: "--nproc",
    resource.RLIMIT_MSGQUEUE: "--msgqueue",
}


def prlimit_argv(rlimits: RLimits) -> list[str]:
    """util-linux prlimit, run as the slot uid, lowers its own limits before exec'ing
    what follows it. (Setting them from the worker would need CAP_SYS_RESOURCE, which a
    container may lack.)"""
    args = [PRLIMIT]
    for which, (soft, hard) in rlimits:
        args.append(f"{_PRLIMIT_OPTIONS[which]}={soft}:{hard}")
    return [*args, "--"]


def prlimit_prefix(limits: Limits) -> list[str]:
    """prlimit_argv for the resource limits of a sandboxed run under limits."""
    return prlimit_argv(rlimits_for(limits, unsafe=False))


# -- descriptors ------------------------------------------------------------------------


def memfd_with(data: bytes, name: str) -> int:
    """A close-on-exec memory file holding data, its offset at the start."""
    fd = os.memfd_create(name, os.MFD_CLOEXEC)
    try:
        _write_all(fd, data)
        os.lseek(fd, 0, os.SEEK_SET)
        return fd
    except BaseException:
        os.close(fd)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_only_stdin(data: bytes) -> int:
    """A descriptor of data the program can read but not write (nor reach the writer)."""
    fd = memfd_with(data, "stdin")
    try:
        return os.open(f"/proc/self/fd/{fd}", os.O_RDONLY | os.O_CLOEXEC)
    finally:
        os.close(fd)


def read_available(fd: int, limit: int = 65536) -> bytes:
    """Up to limit bytes of what fd holds now, without waiting for more."""
    os.set_blocking(fd, False)
    data = b""
    with contextlib.suppress(BlockingIOError):
        while len(data) < limit:
            chunk = os.read(fd, limit - len(data))
            if not chunk:
                break
            data += chunk
    return data


class Connection:
    """The ends of two pipes a run is connected by instead of a stdin of bytes and a
    collected stdout (an interactive run: its stdin is what another program writes, its
    stdout what that program reads). The run owns both ends from the moment it is
    requested: ``Pipes`` takes them, and ``close`` lets go of whatever nobody took (a
    run that failed before it started), so the other side always sees the end."""

    def __init__(self, stdin_fd: int, stdout_fd: int) -> None:
        self._fds: dict[str, int] = {"stdin": stdin_fd, "stdout": stdout_fd}
        self._lock = threading.Lock()

    def take(self, which: str) -> int:
        with self._lock:
            return self._fds.pop(which)

    def close(self) -> None:
        with self._lock:
            fds, self._fds = list(self._fds.values()), {}
        for fd in fds:
            os.close(fd)


class Pipes:
    """A launch's stdin, stdout, stderr and setup-report pipe: the worker's ends, and
    the launched side's, which ``handed_over`` closes once that side holds them (so each
    pipe ends when the launched side is gone). The report pipe's write end is for
    whoever sets the run up, never for the program. With a ``connection``, stdin and
    stdout are its pipe ends and stdout is not collected (``stdout_r`` is None)."""

    def __init__(self, stdin: bytes, connection: Connection | None = None) -> None:
        self._open: list[int] = []
        self.stdout_r: int | None
        try:
            if connection is not None:
                self.stdin = self._own(connection.take("stdin"))
                self.stdout_w = self._own(connection.take("stdout"))
                self.stdout_r = None
            else:
                self.stdin = self._own(read_only_stdin(stdin))
                self.stdout_r, self.stdout_w = map(self._own, os.pipe2(os.O_CLOEXEC))
            self.stderr_r, self.stderr_w = map(self._own, os.pipe2(os.O_CLOEXEC))
            self.report_r, self.report_w = map(self._own, os.pipe2(os.O_CLOEXEC))
        except BaseException:
            self.close()
            raise

    def _own(self, fd: int) -> int:
        self._open.append(fd)
        return fd

    def handed_over(self) -> None:
        for fd in (self.stdin, self.stdout_w, self.stderr_w, self.report_w):
            if fd in self._open:
                self._open.remove(fd)
                os.close(fd)

    def close(self) -> None:
        open_fds, self._open = self._open, []
        for fd in open_fds:
            os.close(fd)

    def __enter__(self) -> Pipes:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


# -- the lifecycle ----------------------------------------------------------------------


@dataclass(frozen=True)
class Ending:
    """How a launch ended, as its launcher learned once it had waited for it."""

    exit_code: int | None
    signal: int | None
    # The launcher's own setup failed (an SE, whatever the program did), and why.
    setup_failure: str | None = None
    # False: it died before its setup was complete, never having run the program.
    setup_complete: bool = True
    # Python's report when the program's source did not compile (RunResult.uncompiled).
    uncompiled: str = ""


def ending_of(
    wait_status: int, *, setup_failure: str | None = None, setup_complete: bool = True
) -> Ending:
    """The Ending of a process that ended with this wait status."""
    code = os.waitstatus_to_exitcode(wait_status)
    exit_code, signal_number = (code, None) if code >= 0 else (None, -code)
    return Ending(exit_code, signal_number, setup_failure, setup_complete)


class Launched(Protocol):
    """A started program, as the way that started it knows it."""

    @property
    def isolation(self) -> str: ...

    def kill(self) -> None:
        """Kill everything of the run (at a limit, and once the program is gone)."""

    def end(self, outcome: Outcome) -> Ending:
        """Wait for the run and reap it, kill what is left; how it ended."""

    def died_in_setup(self, outcome: Outcome, message: str) -> str:
        """The system error's message for a launch that died before its setup was
        complete (message: the verdict's, had the program died so)."""


def supervise_launch(
    launched: Launched,
    pipes: Pipes,
    *,
    pidfd: int,
    limits: Limits,
    group: RunCgroup | None,
    started: float,
) -> RunResult:
    """Watch a launched program to its end and report it (pipes: handed over already)."""
    outcome = collect(
        pidfd=pidfd,
        stdout_fd=pipes.stdout_r,
        stderr_fd=pipes.stderr_r,
        limits=limits,
        group=group,
        kill=launched.kill,
        started=started,
    )
    ending = launched.end(outcome)
    if ending.setup_failure is not None:
        return system_error(
            ending.setup_failure, isolation=launched.isolation, wall_time_s=outcome.wall_time_s
        )
    result = run_result(outcome, ending, limits=limits, group=group, isolation=launched.isolation)
    if not ending.setup_complete and result.status not in (RunStatus.TLE, RunStatus.MLE):
        # Not to the run's own limits (a program would have met those starting up too).
        return system_error(
            launched.died_in_setup(outcome, result.message),
            isolation=launched.isolation,
            wall_time_s=outcome.wall_time_s,
        )
    return result


def run_result(
    outcome: Outcome,
    ending: Ending,
    *,
    limits: Limits,
    group: RunCgroup | None,
    isolation: str,
) -> RunResult:
    """The report of a run: what its cgroup measured, its output, and the verdict."""
    cpu = group.cpu_time_s() if group is not None else 0.0
    oom = group.oom_killed() if group is not None else False
    status, message = decide(
        outcome=outcome,
        exit_code=ending.exit_code,
        signal_number=ending.signal,
        cpu_time_s=cpu,
        oom_killed=oom,
        limits=limits,
    )
    peak = group.peak_memory_bytes() if group is not None else 0
    return RunResult(
        status=status,
        exit_code=ending.exit_code,
        signal=ending.signal,
        cpu_time_s=cpu,
        wall_time_s=outcome.wall_time_s,
        memory_kb=peak // 1024,
        output=outcome.stdout.take(limits.output_bytes),
        stderr=bytes(outcome.stderr),
        isolation=isolation,
        message=message,
        uncompiled=ending.uncompiled,
        ended_at=outcome.ended_at,
    )


def with_scratch(
    result: RunResult, work: Path, *, limits: Limits, fetch_files: Sequence[str] | None
) -> RunResult:
    """What the run's scratch directory adds to its result: a file at the size limit
    (OLE), and the files the caller fetches."""
    if result.status is RunStatus.RE and scratch_dir.largest_file(work) >= limits.file_size_bytes:
        # Runtimes that ignore SIGXFSZ (Python, the JVM) fail with EFBIG instead.
        result.status = RunStatus.OLE
        result.message = f"file size exceeded {limits.file_size_bytes} bytes"
    if fetch_files and result.status is not RunStatus.SE:
        result.files = scratch_dir.read_files(work, fetch_files, FETCH_MAX_BYTES)
    return result


# -- reaping ----------------------------------------------------------------------------


def become_subreaper() -> None:
    """bwrap's monitor exits before the namespace init it started; the init is then
    re-parented to the nearest subreaper, which must be us (host PID 1 reaps late, and
    unreaped inits count against the slot's process limit)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def reap_orphan(pid: int) -> None:
    """Reap a namespace init re-parented to us (see become_subreaper), if it comes."""
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            # Reaped by bwrap's monitor, or still on its way to us while its namespace dies.
            if not os.path.exists(f"/proc/{pid}"):
                return
            done = 0
        if done:
            return
        time.sleep(0.0005)
