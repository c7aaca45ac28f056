"""Watching a running program: bounded output, wall and CPU deadlines, then the verdict."""

from __future__ import annotations

import mmap
import os
import select
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from .cgroups import RunCgroup
from .limits import STDERR_EXCERPT_BYTES, Buffer, Limits, RunStatus, time_exceeded_message

_CHUNK = 1 << 16
_CPU_POLL_S = 0.05
# Past this much, stdout is kept in an unlinked temporary file rather than in memory.
SPILL_BYTES = 1 << 20


class OutputBuffer:
    """A program's stdout as it is read: in memory while small, then in an unlinked
    temporary file, which ``take`` hands over as a read-only map. The worker's own
    memory never holds a spilled output: its pages are the file's, in the page cache,
    reclaimable. (Held in a growing ``bytearray`` and then copied, an output of N bytes
    would cost the worker about 3N at its peak: the array's growth, a slice, the copy.)
    """

    def __init__(self) -> None:
        self._memory = bytearray()
        self._file: BinaryIO | None = None
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def append(self, chunk: bytes) -> None:
        if self._file is None and self._size + len(chunk) > SPILL_BYTES:
            # Open across appends; ``take`` closes it (or the garbage collector does).
            self._file = tempfile.TemporaryFile()  # noqa: SIM115
            self._file.write(self._memory)
            self._memory = bytearray()
        if self._file is not None:
            self._file.write(chunk)
        else:
            self._memory += chunk
        self._size += len(chunk)

    def take(self, limit: int) -> Buffer:
        """At most the first ``limit`` bytes; the buffer is empty afterwards.

        ``bytes`` up to ``SPILL_BYTES``; past it a read-only ``mmap`` of the spilled file,
        which the caller closes (``RunResult.close``) when done with it.
        """
        size, self._size = min(self._size, limit), 0
        if self._file is None:
            data = bytes(memoryview(self._memory)[:size])
            self._memory = bytearray()
            return data
        spill, self._file = self._file, None
        with spill:
            spill.flush()
            if size <= SPILL_BYTES:
                spill.seek(0)
                return spill.read(size)
            # The map holds its own descriptor of the file; closing ours leaves it mapped.
            return mmap.mmap(spill.fileno(), size, access=mmap.ACCESS_READ)


@dataclass
class Outcome:
    stdout: OutputBuffer = field(default_factory=OutputBuffer)
    stderr: bytearray = field(default_factory=bytearray)
    output_exceeded: bool = False
    time_exceeded: bool = False
    wall_time_s: float = 0.0
    # When the process was seen to end (time.monotonic()); 0.0 when it never was.
    ended_at: float = 0.0


def collect(
    *,
    pidfd: int,
    stdout_fd: int | None,
    stderr_fd: int,
    limits: Limits,
    group: RunCgroup | None,
    kill: Callable[[], None],
    started: float,
) -> Outcome:
    """Read stdout/stderr until the process exits (pidfd readable) and the pipes close
    (stdout_fd None: a connected run's stdout, which another program reads).

    Keeps at most output_bytes + 1 of stdout (past SPILL_BYTES in a temporary file, see
    OutputBuffer) and STDERR_EXCERPT_BYTES of stderr, so the worker's memory stays
    bounded whatever the program writes.
    """
    out = Outcome()
    poller = select.poll()
    open_fds = {stderr_fd} if stdout_fd is None else {stdout_fd, stderr_fd}
    for fd in open_fds:
        os.set_blocking(fd, False)
        poller.register(fd, select.POLLIN)
    poller.register(pidfd, select.POLLIN)
    deadline = started + limits.wall_time_s
    next_cpu_check = started + _CPU_POLL_S
    exited_at: float | None = None
    killed = False

    def stop(reason: str) -> None:
        nonlocal killed
        if reason == "output":
            out.output_exceeded = True
        else:
            out.time_exceeded = True
        if not killed:
            killed = True
            kill()

    while open_fds or exited_at is None:
        now = time.monotonic()
        if exited_at is None and not killed:
            if now >= deadline:
                stop("time")
            elif group is not None and now >= next_cpu_check:
                next_cpu_check = now + _CPU_POLL_S
                if group.cpu_time_s() > limits.cpu_time_s:
                    stop("time")
        if exited_at is not None and now - exited_at > 2.0:
            # Everything in the run is dead; a pipe still open belongs to nobody we care for.
            break
        wait_s = (
            min(max(deadline - now, 0.0), max(next_cpu_check - now, 0.0)) if not killed else 0.1
        )
        events = poller.poll(max(1, int(wait_s * 1000) + 1))
        for fd, _ in events:
            if fd == pidfd:
                poller.unregister(pidfd)
                exited_at = time.monotonic()
                out.wall_time_s = exited_at - started
                out.ended_at = exited_at
                continue
            try:
                chunk = os.read(fd, _CHUNK)
            except BlockingIOError:
                continue
            if not chunk:
                poller.unregister(fd)
                open_fds.discard(fd)
                continue
            if fd == stdout_fd:
                room = limits.output_bytes + 1 - len(out.stdout)
                if room > 0:
                    out.stdout.append(chunk[:room])
                if len(out.stdout) > limits.output_bytes:
                    stop("output")
            else:
                room = STDERR_EXCERPT_BYTES - len(out.stderr)
                if room > 0:
                    out.stderr += chunk[:room]
    if exited_at is None:
        out.wall_time_s = time.monotonic() - started
    return out


def decide(
    *,
    outcome: Outcome,
    exit_code: int | None,
    signal_number: int | None,
    cpu_time_s: float,
    oom_killed: bool,
    limits: Limits,
) -> tuple[RunStatus, str]:
    if outcome.output_exceeded:
        return RunStatus.OLE, f"output exceeded {limits.output_bytes} bytes"
    if signal_number == signal.SIGXFSZ:
        return RunStatus.OLE, f"file size exceeded {limits.file_size_bytes} bytes"
    if outcome.time_exceeded or signal_number == signal.SIGXCPU or cpu_time_s > limits.cpu_time_s:
        wall = outcome.wall_time_s >= limits.wall_time_s and cpu_time_s <= limits.cpu_time_s
        return RunStatus.TLE, time_exceeded_message(limits, wall=wall)
    if oom_killed:
        return RunStatus.MLE, f"memory exceeded {limits.memory_bytes} bytes"
    if signal_number is not None:
        try:
            name = signal.Signals(signal_number).name
        except ValueError:
            name = ""
        return RunStatus.RE, f"killed by signal {signal_number} {name}".rstrip()
    if exit_code:
        return RunStatus.RE, f"exit code {exit_code}"
    return RunStatus.OK, ""
