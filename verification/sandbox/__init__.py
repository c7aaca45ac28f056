"""Isolation and limits for judged programs."""

from .limits import Limits, RunResult, RunStatus, SandboxUnavailable
from .runner import PROG, SCRATCH, isolation_level, run_sandboxed

__all__ = [
    "PROG",
    "SCRATCH",
    "Limits",
    "RunResult",
    "RunStatus",
    "SandboxUnavailable",
    "isolation_level",
    "run_sandboxed",
]
