"""Interactive and multi-pass cases, judged as the Kattis problem package format and
DOMjudge judge them.

- **Interactive**: the submission and the problem's output validator (the interactor)
  run at the same time, each in a sandbox of its own, the submission's stdout piped to
  the interactor's stdin and the interactor's stdout to the submission's stdin
  (``verification.sandbox.interact``). The interactor also gets the case's input and
  answer files and a feedback directory, as any output validator does. Time and memory
  are the submission's own; the interactor has limits of its own, which are not charged
  to the submission.
- **Multi-pass**: after an accepted pass the validator may write ``nextpass.in`` to its
  feedback directory; the submission then runs again with that as its input (the
  feedback directory is kept from pass to pass), up to the problem's number of passes.
  Passes may be interactive or not.

The verdict of an interactive pass, in this order:

1. the sandbox failed running the interactor: SE;
2. the interactor failed (a crash, a limit, an exit code other than 42 or 43) before
   the submission ended, or after a submission that ended normally: JE;
3. the interactor rejected (43) before the submission ended: WA, whatever the
   submission did afterwards (it may have died of the closed pipe);
4. the submission failed (a time or memory limit, a crash): that failure (an interactor
   that failed only after it, e.g. blocked writing to it, does not change that);
5. otherwise the interactor's verdict (42 AC, 43 WA).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from judges.checkers import CheckResult
from judges.custom import (
    FEEDBACK_DIR,
    KATTIS_FETCH,
    MESSAGE_CHARS,
    JudgeBuildError,
    fetched_feedback,
    judge_build,
    judge_run_failure,
    kattis_verdict,
    run_limits,
)
from judges.models import Judge, JudgeKind
from verification.sandbox import Limits, RunResult, RunStatus
from verification.sandbox.interact import run_interactive, validator_accepted
from verification.sandbox.runner import RunRequest, current_sandbox

NEXT_PASS = "nextpass.in"
# The most a validator's feedback directory may hold (the 2025-09 default of
# limits.validation_output, which covers the feedback files); more is a judge error.
FEEDBACK_MAX_BYTES = 8 << 20
# What the interactor may use beyond the submission's wall time: it must outlive the
# submission, and then has this long to read the end of its input and give its verdict.
INTERACTOR_SLACK_S = 3.0

# A function that gives the submission's run request for an input (and files).
RequestFor = Callable[[bytes, Limits], RunRequest]


@dataclass(frozen=True)
class CaseJudged:
    """A case judged over its passes: ``check`` is None when the submission's own run
    failed (its status decides: TLE, MLE, RE, SE) and ``run`` is that run; otherwise
    ``run`` is the slowest pass's run of the submission (its time and memory are the
    case's)."""

    check: CheckResult | None
    run: RunResult
    passes: int
    """How many passes ran (0: none, the validator could not be built)."""


def judge_case_passes(
    *,
    judge: Judge | None,
    request_for: RequestFor,
    input: bytes,
    answer: bytes,
    case_args: Sequence[str],
    limits: Limits,
    interactive: bool,
    passes: int,
) -> CaseJudged:
    """Judge one case of an interactive or multi-pass problem (``passes`` 1: a single
    pass, and a ``nextpass.in`` is ignored)."""
    if judge is None or judge.kind != JudgeKind.KATTIS:
        kind = "interactive" if interactive else "multi-pass"
        return CaseJudged(
            CheckResult("JE", f"a {kind} problem needs a Kattis output validator"),
            _no_run(),
            0,
        )
    try:
        built = judge_build(judge)
    except JudgeBuildError as exc:
        return CaseJudged(CheckResult("JE", str(exc)[:MESSAGE_CHARS]), _no_run(), 0)
    validator_argv = [*built.argv, "input", "answer", f"{FEEDBACK_DIR}/", *judge.args, *case_args]
    feedback: dict[str, bytes] = {}
    slowest: RunResult | None = None
    pass_input = input
    for number in range(1, passes + 1):
        with tempfile.TemporaryDirectory(prefix="scalebox-pass-") as kept:
            files = {
                "input": pass_input,
                "answer": answer,
                f"{FEEDBACK_DIR}/.keep": b"",
                **{f"{FEEDBACK_DIR}/{name}": data for name, data in feedback.items()},
            }
            validator = RunRequest(
                argv=validator_argv,
                stdin=b"",
                limits=_validator_limits(limits, interactive=interactive),
                program_dir=built.directory,
                files=files,
                # One pass needs its message and score; more need the whole directory.
                fetch_files=KATTIS_FETCH,
                harvest_to=Path(kept) if passes > 1 else None,
                harvest_subdir=FEEDBACK_DIR,
            )
            if interactive:
                interaction = run_interactive(request_for(pass_input, limits), validator)
                pass_run, checked = interaction.submission, interaction.interactor
                interactor_first = interaction.interactor_first
            else:
                pass_run = current_sandbox().run(request_for(pass_input, limits))
                checked = None
                if pass_run.status is RunStatus.OK:
                    checked = current_sandbox().run(replace(validator, stdin=pass_run.stdout))
                interactor_first = False
            overflow = False
            if passes > 1:
                feedback, overflow = _feedback_files(Path(kept) / FEEDBACK_DIR)
            elif checked is not None:
                feedback = fetched_feedback(checked)
        if overflow:
            check: CheckResult | None = CheckResult(
                "JE", f"the validator's feedback directory holds over {FEEDBACK_MAX_BYTES} bytes"
            )
        elif (
            passes > 1
            and NEXT_PASS in feedback
            and checked is not None
            and not validator_accepted(checked)
        ):
            # Whatever the submission did: a nextpass.in is only for an accepted pass.
            code = checked.exit_code
            check = CheckResult("JE", f"the validator wrote {NEXT_PASS} and exited with {code}")
        else:
            check = _pass_verdict(pass_run, checked, feedback, interactor_first=interactor_first)
        if slowest is None or pass_run.cpu_time_s >= slowest.cpu_time_s:
            slowest = pass_run
        if check is None:
            return CaseJudged(None, pass_run, number)
        if passes == 1:
            return CaseJudged(check, slowest, number)
        if check.verdict != "AC":
            return CaseJudged(check, slowest, number)
        if NEXT_PASS not in feedback:
            return CaseJudged(check, slowest, number)
        pass_input = feedback.pop(NEXT_PASS)
    assert slowest is not None
    return CaseJudged(
        CheckResult("JE", f"the validator gave no final verdict within {passes} passes"),
        slowest,
        passes,
    )


def _pass_verdict(
    submission: RunResult,
    validator: RunResult | None,
    feedback: dict[str, bytes],
    *,
    interactor_first: bool,
) -> CheckResult | None:
    """The verdict of one pass (the module's rules); None when the submission's own
    failure decides. ``validator`` is None when it did not run (the submission failed)."""
    if validator is None:
        return None
    check = _validator_verdict(validator, feedback)
    submission_failed = submission.status is not RunStatus.OK
    if check.verdict == "SE":
        return check
    if submission.status is RunStatus.SE:
        return None  # the sandbox failed the submission: nothing the validator saw counts
    if check.verdict == "JE" and (interactor_first or not submission_failed):
        return check
    if check.verdict == "WA" and interactor_first:
        return check
    if submission.status is not RunStatus.OK:
        return None
    return check


def _validator_verdict(result: RunResult, feedback: dict[str, bytes]) -> CheckResult:
    """What the validator's run and the feedback directory it left say of the pass (its
    score.txt: the last pass's, as the directory holds it at the end)."""
    return judge_run_failure(result, "validator") or kattis_verdict(result, feedback)


def _validator_limits(limits: Limits, *, interactive: bool) -> Limits:
    """A validator run after the submission has a judge's usual limits; an interactor
    runs beside it and must end soon after it (its wall time is the submission's and
    INTERACTOR_SLACK_S more, at least a judge's usual CPU time)."""
    usual = run_limits()
    if not interactive:
        return usual
    wall = limits.wall_time_s + INTERACTOR_SLACK_S
    return replace(usual, cpu_time_s=max(wall, usual.cpu_time_s), wall_time_s=wall)


def _feedback_files(directory: Path) -> tuple[dict[str, bytes], bool]:
    """The regular files the validator left in its feedback directory (to carry to the
    next pass), and whether they hold more than FEEDBACK_MAX_BYTES (then none are
    kept: a cut directory could lose its nextpass.in or score)."""
    found: dict[str, bytes] = {}
    total = 0
    if not directory.is_dir():
        return found, False
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name == ".keep":
            continue
        total += path.stat().st_size
        if total > FEEDBACK_MAX_BYTES:
            return {}, True
        found[path.relative_to(directory).as_posix()] = path.read_bytes()
    return found, False


def _no_run() -> RunResult:
    return RunResult(
        status=RunStatus.OK,
        exit_code=None,
        signal=None,
        cpu_time_s=0.0,
        wall_time_s=0.0,
        memory_kb=0,
        output=b"",
        stderr=b"",
        isolation="",
    )
