"""The verdict vocabulary and how a submission's verdict follows from its cases."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


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
