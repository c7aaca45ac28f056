"""The verdict vocabulary, how a run's status becomes a verdict, and how a submission's
verdict follows from its cases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from django.db import models

from verification.sandbox import RunStatus


class Verdict(models.TextChoices):
    AC = "AC", "accepted"
    WA = "WA", "wrong answer"
    TLE = "TLE", "time limit exceeded"
    MLE = "MLE", "memory limit exceeded"
    OLE = "OLE", "output limit exceeded"
    RE = "RE", "runtime error"
    CE = "CE", "compile error"
    JE = "JE", "judge error"
    SE = "SE", "system error"
    SKIPPED = "SKIPPED", "skipped"


RUN_STATUS_VERDICTS: Mapping[str, Verdict] = MappingProxyType(
    {
        RunStatus.TLE: Verdict.TLE,
        RunStatus.MLE: Verdict.MLE,
        RunStatus.OLE: Verdict.OLE,
        RunStatus.RE: Verdict.RE,
        RunStatus.SE: Verdict.SE,
    }
)
"""The verdict each way a run can end decides by itself. ``OK`` is not here: a run that
ended well is judged by its output (a checker decides), or by its exit code."""


def run_status_verdict(status: str) -> Verdict:
    """The verdict of a run that did not end OK: its own for a limit, a crash or a sandbox
    failure, and SE for a status this map does not know (never the program's fault)."""
    return RUN_STATUS_VERDICTS.get(str(status), Verdict.SE)


def overall_verdict(case_verdicts_in_test_order: Iterable[str]) -> str:
    """ICPC style: the first case verdict that is neither AC nor SKIPPED, else AC.

    A submission with no cases at all cannot be called accepted; it is a system error.
    """
    seen_any = False
    for verdict in case_verdicts_in_test_order:
        seen_any = True
        if verdict not in (Verdict.AC, Verdict.SKIPPED):
            return str(verdict)
    return str(Verdict.AC) if seen_any else str(Verdict.SE)
