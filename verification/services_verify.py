"""Judging a problem's reference solutions, as problemtools' verifyproblem does.

Rules, by the package's format version:

- 2025-09: every case verdict must be among the solution's ``permitted`` verdicts,
  and each ``required`` set must contain the verdict of at least one case. The
  directory conventions give, e.g., ``wrong_answer``: permitted {AC, WA}, required {WA}.
- legacy and 2023-07-draft (as problemtools checks both): the first case that is not
  accepted decides (the format's default ``on_reject: break``), and its verdict must be
  the one the solution's directory names. ``partially_accepted`` solutions of a scoring
  problem, judged here as pass-fail, must pass some cases and fail others.

Scoring problems: where the package states a solution's score (2025-09
``submissions.yaml`` ``score``, legacy and 2023-07-draft ``@EXPECTED_SCORE@`` in the
source: one number or an inclusive range), the judged score must be in it too.

In every format a memory-limit or output-limit kill counts as RE (the formats' RTE), as
problemtools judges it: its limits are rlimits, so the program dies of a signal.

A judge error or system error on any case fails the check: the problem itself, or the
machine, is broken, whatever the solution expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from verification.errors import Forbidden, InvalidInput
from verification.models import Judging, JudgingStatus, Problem, ReferenceSolution, Submission
from verification.selectors import judging_wait
from verification.services import submission_create

LEGACY_NAME = {"MLE": "RE", "OLE": "RE"}
INFRASTRUCTURE = {"JE", "SE"}


@dataclass(frozen=True)
class VerifyOutcome:
    path: str
    language: str
    expected: str
    actual: str
    ok: bool
    case_verdicts: list[str]
    detail: str
    score: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def expectation_met(
    *, format_version: str, ref: ReferenceSolution, case_verdicts: list[str]
) -> tuple[bool, str, str]:
    """(met, actual verdict as the rule sees it, why not)."""
    broken = sorted({v for v in case_verdicts if v in INFRASTRUCTURE})
    if broken:
        return False, broken[0], f"case verdicts include {', '.join(broken)}"
    first_rejected = next((v for v in case_verdicts if v != "AC"), "AC")
    if format_version == "2025-09" and (ref.permitted or ref.required):
        # The format knows AC, WA, TLE and RTE only: a memory or output limit kill is RTE.
        format_verdicts = [LEGACY_NAME.get(v, v) for v in case_verdicts]
        actual = LEGACY_NAME.get(first_rejected, first_rejected)
        stray = sorted({v for v in format_verdicts if ref.permitted and v not in ref.permitted})
        if stray:
            return False, actual, f"verdicts {stray} are not permitted ({ref.permitted})"
        for rule in ref.required:
            if not any(v in rule for v in format_verdicts):
                return False, actual, f"no case got one of {rule}"
        return True, actual, ""
    actual = LEGACY_NAME.get(first_rejected, first_rejected)
    if ref.expected == "partially_accepted":
        ok = "AC" in case_verdicts and actual != "AC"
        return ok, actual, "" if ok else "expected some cases accepted and some not"
    wanted = [LEGACY_NAME.get(v, v) for v in ref.expected_verdicts]
    if not wanted and ref.expected not in ("accepted", "rejected"):
        # A directory the format gives no verdict for (import warned of it).
        return True, actual, f"no expected result for {ref.expected!r}: not checked"
    if ref.expected == "rejected":
        return actual != "AC", actual, "" if actual != "AC" else "accepted, expected rejected"
    wanted = wanted or ["AC"]
    ok = actual in wanted
    return ok, actual, "" if ok else f"expected {'/'.join(wanted)}"


def score_met(*, ref: ReferenceSolution, score: float | None) -> tuple[bool, str]:
    """(met, why not) for the score the package states for ``ref`` (none stated: met)."""
    if not ref.expected_score:
        return True, ""
    low, high = (float(x) for x in ref.expected_score)
    wanted = f"{low:g}" if low == high else f"[{low:g}, {high:g}]"
    if score is None:
        return False, f"expected score {wanted}, got no score"
    # Scores are sums of floats: equal to the stated one within rounding.
    slack = 1e-6 * max(1.0, abs(low), abs(high))
    if low - slack <= score <= high + slack:
        return True, ""
    return False, f"expected score {wanted}, got {score:g}"


PYTHONS = ("python", "pypy")


def _verification_start(
    *,
    problem: Problem,
    ref: ReferenceSolution,
    time_multiplier: float,
    language: str | None = None,
) -> Submission:
    """A submission judging ``ref`` on every case (no early stop), recorded as its last;
    in ``language`` when given (PyPy for a Python solution), else the solution's own."""
    submission = submission_create(
        problem=problem,
        language=language or ref.language,
        source=ref.source,
        options={
            "time_limit_s": problem.time_limit_s * time_multiplier,
            "reference_solution": ref.path,
        },
    )
    ReferenceSolution.objects.filter(id=ref.id).update(
        last_submission=submission,
        last_verified_ok=None,
        last_verified_at=None,
        last_verdict="",
        last_case_verdicts=[],
    )
    return submission


def _verification_settle(
    *, problem: Problem, ref: ReferenceSolution, submission: Submission, judging: Judging
) -> VerifyOutcome:
    """Compare a finished judging of ``ref`` with what ``ref`` expects; store the outcome."""
    verdicts = list(judging.case_results.order_by("order").values_list("verdict", flat=True))
    if not verdicts:
        verdicts = [judging.verdict or "SE"]
    ok, actual, detail = expectation_met(
        format_version=problem.format_version, ref=ref, case_verdicts=verdicts
    )
    scored, score_detail = score_met(ref=ref, score=judging.score)
    if not scored:
        ok, detail = False, "; ".join(d for d in (detail, score_detail) if d)
    compiled = judging.compile_info or {}
    if not ok and compiled.get("ok") is False and compiled.get("message"):
        # Say why it did not compile, not only what was expected.
        detail = f"{detail}; compile error: {str(compiled['message'])[:500]}"
    ReferenceSolution.objects.filter(id=ref.id).update(
        last_verdict=actual,
        last_verified_ok=ok,
        last_verified_at=timezone.now(),
        last_submission=submission,
        last_case_verdicts=verdicts,
        last_score=judging.score,
    )
    return VerifyOutcome(
        ref.path, submission.language, ref.expected, actual, ok, verdicts, detail, judging.score
    )


def problem_verify(
    *,
    problem: Problem,
    time_multiplier: float = 1.0,
    timeout_s: float = 3600.0,
    python: str = "python",
) -> list[VerifyOutcome]:
    """Judge every reference solution on every case (no early stop); store the outcome.

    ``python``: the language the package's Python solutions run in, ``python`` (CPython)
    or ``pypy`` (as problemtools and BAPCtools run Python 3); a solution the package
    itself gives a language keeps it."""
    if python not in PYTHONS:
        raise InvalidInput(f"python must be one of {', '.join(PYTHONS)}, got {python!r}")
    outcomes = []
    for ref in problem.reference_solutions.order_by("path"):
        language = python if ref.language == "python" else ref.language
        submission = _verification_start(
            problem=problem, ref=ref, time_multiplier=time_multiplier, language=language
        )
        judging = judging_wait(judging_id=submission.judgings.get().id, timeout_s=timeout_s)
        outcomes.append(
            _verification_settle(problem=problem, ref=ref, submission=submission, judging=judging)
        )
    return outcomes


def problem_verify_start(*, problem: Problem, user: Any) -> int:
    """Staff start judging every reference solution without waiting (the dashboard's
    "verify now"); ``problem_verify_settle`` records each outcome once its judging is
    done. Returns how many solutions were sent."""
    if not (user and user.is_active and user.is_staff):
        raise Forbidden("only staff may verify reference solutions")
    refs = list(problem.reference_solutions.order_by("path"))
    for ref in refs:
        _verification_start(problem=problem, ref=ref, time_multiplier=1.0)
    return len(refs)


def problem_verify_settle(*, problem: Problem) -> int:
    """Record the outcome of every started verification whose judging has finished;
    returns how many are still running."""
    pending = ReferenceSolution.objects.filter(
        problem=problem, last_submission__isnull=False, last_verified_at__isnull=True
    ).select_related("last_submission")
    running = 0
    for ref in pending:
        submission = ref.last_submission
        assert submission is not None
        judging = submission.judgings.order_by("-id").first()
        if judging is None or judging.status != JudgingStatus.DONE:
            running += 1
            continue
        _verification_settle(problem=problem, ref=ref, submission=submission, judging=judging)
    return running
