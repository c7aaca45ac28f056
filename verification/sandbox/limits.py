"""Value types shared by every sandbox path: limits in, verdict-bearing result out."""

from __future__ import annotations

import enum
import mmap
from dataclasses import dataclass, field, replace

STDERR_EXCERPT_BYTES = 64 * 1024

# A run's whole stdout: ``bytes`` while small; past ``supervise.SPILL_BYTES`` a read-only
# map of the unlinked file it was kept in, so that reading it costs the worker page
# cache (reclaimable) rather than a copy in its own memory. Slicing either gives bytes.
Buffer = bytes | mmap.mmap


class SandboxUnavailable(Exception):
    """The configured isolation cannot be provided here, so programs must not run."""


@dataclass(frozen=True)
class Limits:
    cpu_time_s: float
    wall_time_s: float
    memory_bytes: int
    output_bytes: int
    processes: int = 64
    file_size_bytes: int = 64 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.cpu_time_s <= 0 or self.wall_time_s <= 0:
            raise ValueError("time limits must be positive")
        if self.memory_bytes < 4 * 1024 * 1024:
            raise ValueError("memory limit must be at least 4 MiB")
        if self.output_bytes < 0 or self.file_size_bytes < 0:
            raise ValueError("size limits must not be negative")
        if self.processes < 1:
            raise ValueError("process limit must be at least 1")


class RunStatus(enum.StrEnum):
    OK = "OK"
    TLE = "TLE"
    MLE = "MLE"
    OLE = "OLE"
    RE = "RE"
    SE = "SE"


@dataclass
class RunResult:
    status: RunStatus
    exit_code: int | None
    signal: int | None
    cpu_time_s: float
    wall_time_s: float
    memory_kb: int
    output: Buffer
    stderr: bytes
    isolation: str
    message: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    # A Python program run without a syntax check of its own (the pre-forked
    # interpreter compiles it first, see zygote_main.py): Python's report when its source
    # did not compile, so the program never started; else empty.
    uncompiled: str = ""
    # When the program was seen to end (time.monotonic()); 0.0 when not known.
    ended_at: float = 0.0

    @property
    def stdout(self) -> bytes:
        """The whole stdout as ``bytes``: a copy of it when it is a map. Read ``output``
        to compare a large stdout in place."""
        return self.output if isinstance(self.output, bytes) else self.output[:]

    def close(self) -> None:
        """Let go of a mapped stdout (and its file); ``output`` is unusable afterwards."""
        if isinstance(self.output, mmap.mmap):
            self.output.close()


def system_error(message: str, *, isolation: str, wall_time_s: float = 0.0) -> RunResult:
    """A result saying the sandbox failed; never a property of the program."""
    return RunResult(
        status=RunStatus.SE,
        exit_code=None,
        signal=None,
        cpu_time_s=0.0,
        wall_time_s=wall_time_s,
        memory_kb=0,
        output=b"",
        stderr=b"",
        isolation=isolation,
        message=message,
    )


def time_exceeded_message(limits: Limits, *, wall: bool) -> str:
    if wall:
        return f"wall time exceeded {limits.wall_time_s:g}s"
    return f"CPU time exceeded {limits.cpu_time_s:g}s"


def scale_times(limits: Limits, factor: float) -> Limits:
    """The limits on a host `factor` times slower than the reference machine."""
    if factor == 1.0:
        return limits
    return replace(
        limits, cpu_time_s=limits.cpu_time_s * factor, wall_time_s=limits.wall_time_s * factor
    )


def in_reference_time(result: RunResult, limits: Limits, factor: float) -> RunResult:
    """A result of a run under scale_times(limits, factor), in the reference machine's
    seconds (its times divided by the factor, a TLE message naming the unscaled limit)."""
    if factor == 1.0:
        return result
    result.cpu_time_s /= factor
    result.wall_time_s /= factor
    if result.status is RunStatus.TLE:
        wall = result.message.startswith("wall")
        result.message = time_exceeded_message(limits, wall=wall)
    return result
