"""Judgings: sending them to workers, running a batch of cases, finishing, failing.

A judging moves QUEUED -> RUNNING -> DONE only through guarded updates, so a
redelivered task, a retried chord callback or a judging sent again by the
reconciliation sweep (``services_reconcile``) never writes a result twice.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from celery import chord, group
from celery.backends.redis import RedisBackend
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from judges.checkers import CheckResult, Output
from judges.interactive import judge_case_passes
from judges.services import judge_check
from verification.errors import NotFound, ServiceUnavailable
from verification.executors import (
    CompileError,
    CompileSystemError,
    Program,
    UnknownLanguage,
    executor_for,
)
from verification.executors.python import WRAPPED, PythonExecutor
from verification.harness.batch import BatchCall, StdioRun, call_batch, stdio_batch
from verification.harness.calls import CallUnsupported, call_program
from verification.harness.protocol import harness_report
from verification.harness.runner import harness_source, run_stdin
from verification.models import (
    BatchClaim,
    CaseResult,
    Judging,
    JudgingStatus,
    Problem,
    ProblemKind,
    Submission,
    TestCase,
)
from verification.outcome import CaseOutcome
from verification.priorities import broker_priority
from verification.problem_package.scoring import CaseScoreInput, Scoring
from verification.sandbox import Limits, RunResult, RunStatus, SandboxUnavailable
from verification.testdata_cache import testdata_prefetch, testdata_read
from verification.verdicts import Verdict, overall_verdict, run_status_verdict
from verification.workers import language_queue

PYTHON = PythonExecutor.name

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 2000
ERROR_CHARS = 4000
OPEN = (JudgingStatus.QUEUED, JudgingStatus.RUNNING)
# What a publish raises when the broker or the result backend cannot be reached.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    BrokerError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)


def _batches(case_ids: list[int], size: int) -> list[list[int]]:
    return [case_ids[i : i + size] for i in range(0, len(case_ids), size)]


def judgings_start(*, judging_ids: Sequence[int], withdraw: bool) -> None:
    """Send each judging, stored and never sent, to the broker (run it, in the embedded
    default).

    When the broker cannot take them, ServiceUnavailable is raised. With ``withdraw``
    the judgings are deleted first, with their submissions when they have no other
    judging: the caller answers 503 and nothing is left behind. Without, they stay
    QUEUED and the reconciliation sweep sends them once the broker is back.
    """
    try:
        for judging_id in judging_ids:
            # Each was stored now (or is QUEUED and never sent): no count to read first.
            judging_send(judging_id=judging_id, seen_attempts=0)
    except ServiceUnavailable:
        if withdraw:
            judgings_withdraw(judging_ids=judging_ids)
        raise


def submissions_start(*, submission_ids: Sequence[int]) -> None:
    """Start the first judging of submissions stored with ``enqueue=False``: all are
    sent, or (broker down) none is kept and ServiceUnavailable is raised."""
    judging_ids = list(
        Judging.objects.filter(
            submission_id__in=submission_ids, status=JudgingStatus.QUEUED, attempts=0
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    judgings_start(judging_ids=judging_ids, withdraw=True)


def judgings_withdraw(*, judging_ids: Sequence[int]) -> None:
    """Delete judgings that were never run, and submissions left with no judging."""
    with transaction.atomic():
        submission_ids = set(
            Judging.objects.filter(id__in=judging_ids).values_list("submission_id", flat=True)
        )
        Judging.objects.filter(id__in=judging_ids).delete()
        Submission.objects.filter(id__in=submission_ids, judgings__isnull=True).delete()


def judging_enqueue(*, judging_id: int) -> None:
    """Spread the judging's cases over workers: a chord of case batches and a finaliser.

    In the embedded default there is no broker: the same tasks run in this process,
    the batches in parallel through a local thread pool. Raises ServiceUnavailable when
    the broker cannot take the chord (the judging then stays QUEUED).
    """
    attempts = Judging.objects.values_list("attempts", flat=True).get(id=judging_id)
    judging_send(judging_id=judging_id, seen_attempts=attempts)


def judging_send(*, judging_id: int, seen_attempts: int) -> bool:
    """Send the judging once more if it was sent ``seen_attempts`` times and is not done.

    The count is taken by a guarded update first, so two sweeps never both send it;
    False when another caller did (or the judging is finished).
    """
    attempt = seen_attempts + 1
    taken = Judging.objects.filter(id=judging_id, attempts=seen_attempts, status__in=OPEN).update(
        attempts=attempt, progress_at=timezone.now()
    )
    if not taken:
        return False
    if settings.SCALEBOX_EMBEDDED:
        _run_embedded(judging_id, attempt)
        return True
    try:
        _send_chord(judging_id, attempt)
    except Exception as exc:
        if not is_broker_failure(exc):
            raise
        Judging.objects.filter(id=judging_id, attempts=attempt).update(attempts=seen_attempts)
        logger.warning("judging %s could not be sent: %r", judging_id, exc)
        raise broker_unavailable(exc) from exc
    return True


def broker_unavailable(exc: BaseException) -> ServiceUnavailable:
    """The error a door answers (503, Retry-After) when the broker refused work."""
    cause = _broker_cause(exc) or exc
    return ServiceUnavailable(
        f"the task broker or result backend is unavailable ({type(cause).__name__}); "
        "try again later",
        retry_after=settings.SCALEBOX_RETRY_AFTER_S,
    )


def is_broker_failure(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says the broker or result backend is out of
    reach. Celery's result consumer wraps a Redis outage in a bare RuntimeError."""
    return _broker_cause(exc) is not None


def _broker_cause(exc: BaseException) -> BaseException | None:
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None or isinstance(seen, BROKER_ERRORS):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _send_chord(judging_id: int, attempt: int) -> None:
    # The tasks module wraps this one's services, so it is imported when first needed.
    from verification import tasks  # noqa: PLC0415

    case_ids, language, priority = Judging.objects.values_list(
        "case_ids", "submission__language", "submission__priority"
    ).get(id=judging_id)
    queue = language_queue(language)
    # Every task of the chord carries the submission's priority: its case batches, the
    # callback and the callback's error handler.
    level = broker_priority(priority)
    batches = _batches(list(case_ids), settings.SCALEBOX_BATCH_SIZE)
    if len(batches) == 1:
        # One batch (most judgings of RL samples and evaluation suites): one task runs it
        # and finishes the judging, instead of a chord around it.
        tasks.judge_single_batch.si(judging_id, batches[0], attempt=attempt).set(
            priority=level, queue=queue
        ).apply_async()
        return
    header = group(
        tasks.run_case_batch.si(judging_id, batch, attempt=attempt).set(priority=level, queue=queue)
        for batch in batches
    )
    callback = tasks.finalize_submission.s(judging_id, attempt=attempt).set(priority=level)
    # A chord that fails (a batch out of retries, a callback that cannot be sent) calls
    # this back with the error: the judging ends with SE instead of RUNNING for ever.
    callback.on_error(
        tasks.judging_chord_failed.s(judging_id=judging_id, attempt=attempt).set(priority=level)
    )
    sent = chord(header)(callback)
    _let_go(sent, judging_id)


def _let_go(sent: Any, judging_id: int) -> None:
    """Forget a sent chord's results: nothing here waits for them.

    Sending a chord registers each header result with the Redis result backend as one
    someone waits for, and subscribes to its channel; left there, every chord sent stays
    in the sending process for good (~3.4 KB a judging). The header is a generator so
    that the only results registered are the ones returned here (a list header also
    registers copies that cannot be reached). Their unsubscriptions are confirmed on the
    pub/sub connection, which nothing reads in a process that only sends, and redis-py
    keeps every channel until it reads them: when no one waits for any result, the
    connection is closed instead (another is opened by the next subscription).
    """
    backend = sent.backend
    try:
        for result in (sent, *sent.parent.results):
            backend.remove_pending_result(result)
        if isinstance(backend, RedisBackend):
            consumer = backend.result_consumer
            # Under the consumer's own lock: a thread waiting for a result subscribes
            # under it, and keeps its subscription.
            with consumer._locked():
                if not consumer.subscribed_to:
                    consumer.stop()
    except Exception as exc:
        if not is_broker_failure(exc):
            raise
        # The chord is sent: a result backend gone since is for its workers to meet.
        logger.warning("judging %s: sent, its results not released: %r", judging_id, exc)


def _run_embedded(judging_id: int, attempt: int) -> None:
    # The tasks module wraps this one's services, so it is imported when first needed.
    from verification import tasks  # noqa: PLC0415

    case_ids = Judging.objects.values_list("case_ids", flat=True).get(id=judging_id)
    batches = _batches(list(case_ids), settings.SCALEBOX_BATCH_SIZE)

    def run(batch: list[int]) -> dict[str, Any]:
        try:
            return tasks.run_case_batch.apply(args=(judging_id, batch), throw=True).get()
        finally:
            connection.close()

    pool_size = settings.SCALEBOX_LOCAL_POOL_SIZE or 3 * (os.cpu_count() or 1)
    try:
        if len(batches) == 1:
            # As on the workers: one task runs the judging's one batch and finishes it.
            tasks.judge_single_batch.apply(args=(judging_id, batches[0]), throw=True).get()
            return
        if pool_size == 1:
            results = [
                tasks.run_case_batch.apply(args=(judging_id, b), throw=True).get() for b in batches
            ]
        else:
            with ThreadPoolExecutor(max_workers=min(pool_size, len(batches))) as pool:
                results = list(pool.map(run, batches))
        tasks.finalize_submission.apply(args=(results, judging_id), throw=True).get()
    except Exception as exc:  # the tasks' on_failure ended it already; make sure
        logger.exception("judging %s failed", judging_id)
        judging_fail(judging_id=judging_id, error=failure_text(exc), attempt=attempt)


# --- running a batch of cases -----------------------------------------------------------


@dataclass(frozen=True)
class _Batch:
    """One batch of a judging being run: its cases in test order, and where it runs."""

    judging: Judging
    ordered: list[int]
    index_of: dict[int, int]
    worker: str

    def outcome(self, case_id: int, verdict: Verdict, **measured: Any) -> CaseOutcome:
        """The outcome of one of its cases, placed in test order and signed by the worker."""
        return CaseOutcome(
            verdict=verdict,
            case_id=case_id,
            index=self.index_of[case_id],
            worker=self.worker,
            **measured,
        )


@dataclass(frozen=True)
class _CompileFailure:
    """Why the batch's program could not be compiled, and what each case gets for it."""

    info: dict[str, Any]
    verdict: Verdict
    message: str
    error: str = ""


def _excerpt(data: Output) -> str:
    text = data[: EXCERPT_CHARS * 4].decode("utf-8", errors="replace")
    return text[:EXCERPT_CHARS]


def _record_failure(judging_id: int, index: int) -> None:
    Judging.objects.filter(
        Q(first_failure_order__isnull=True) | Q(first_failure_order__gt=index), id=judging_id
    ).update(first_failure_order=index)


def _first_failure(judging_id: int) -> int | None:
    return (
        Judging.objects.filter(id=judging_id).values_list("first_failure_order", flat=True).first()
    )


def case_batch_run(*, judging_id: int, case_ids: list[int], worker: str) -> dict[str, Any]:
    """Run and judge one batch of a judging's cases; returns JSON-able results.

    Idempotent: a redelivered batch simply runs again, and a batch of a judging that is
    already finished does nothing.
    """
    batch = _batch_start(judging_id, case_ids, worker)
    if batch is None:
        return {"cases": [], "compile": {}, "stale": True}
    program = _batch_compile(batch.judging)
    if isinstance(program, _CompileFailure):
        return _batch_uncompiled(batch, program)
    limits = _batch_limits(batch.judging.submission)
    cases = _batch_cases(batch)
    testdata_prefetch(h for case in cases.values() for h in (case.input_id, case.answer_id))
    batched: dict[int, CaseOutcome] = {}
    try:
        if _calls_batch_apply(batch):
            found = _calls_batched(batch, [cases[cid] for cid in batch.ordered], program, limits)
            if isinstance(found, _CompileFailure):
                return _batch_uncompiled(batch, found)
            batched = found
        elif _stdio_batch_apply(batch):
            batched = _stdio_batched(batch, [cases[cid] for cid in batch.ordered], limits)
    except SoftTimeLimitExceeded:
        return _batch_json(_batch_timed_out(batch, done=set()), {"ok": True, "message": ""})
    try:
        outcomes = _batch_cases_run(batch, cases, program, limits, batched)
    except _CodeUncompiled as exc:
        return _batch_uncompiled(batch, _compile_error(exc.message))
    return _batch_json(outcomes, {"ok": True, "message": ""})


class _CodeUncompiled(Exception):
    """A run found that the submitted Python code does not compile: the program's own run
    (Executor.compile_for_run) or the harness's."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _compile_error(message: str) -> _CompileFailure:
    message = message[: EXCERPT_CHARS * 4]
    return _CompileFailure({"ok": False, "message": message}, Verdict.CE, "compile error")


def _batch_uncompiled(batch: _Batch, failure: _CompileFailure) -> dict[str, Any]:
    """Every case of the batch ends as the compile ended (CE, or SE for the system's
    failure)."""
    if failure.verdict == Verdict.CE:
        _record_failure(batch.judging.id, batch.index_of[batch.ordered[0]])
    outcomes = [
        batch.outcome(cid, failure.verdict, checker_message=failure.message)
        for cid in batch.ordered
    ]
    return _batch_json(outcomes, failure.info, error=failure.error)


def _batch_cases(batch: _Batch) -> dict[int, TestCase]:
    return {
        tc.id: tc
        for tc in TestCase.objects.filter(id__in=batch.ordered)
        .select_related(None)
        .only("id", "name", "input_id", "answer_id", "validator_args")
    }


def _batch_start(judging_id: int, case_ids: list[int], worker: str) -> _Batch | None:
    """The batch's judging, marked RUNNING; None when it is finished or not this batch's."""
    judging = (
        Judging.objects.select_related("submission__problem", "submission__source", "judge")
        # What judging never reads, and may be large: each batch would fetch it again.
        .defer("submission__problem__statement", "submission__problem__provenance")
        .filter(id=judging_id)
        .first()
    )
    if judging is None or judging.status == JudgingStatus.DONE:
        return None
    Judging.objects.filter(id=judging_id, status=JudgingStatus.QUEUED).update(
        status=JudgingStatus.RUNNING, started_at=timezone.now()
    )
    index_of = {case_id: i for i, case_id in enumerate(judging.case_ids)}
    if not set(case_ids) <= set(index_of):
        # A message that does not belong to this judging (e.g. left in a queue across a
        # database reset) must not write anything.
        logger.warning("batch for judging %s names cases it does not have", judging_id)
        return None
    ordered = sorted(case_ids, key=lambda cid: index_of[cid])
    return _Batch(judging=judging, ordered=ordered, index_of=index_of, worker=worker)


def _batch_compile(judging: Judging) -> Program | _CompileFailure:
    """The submission compiled once for the whole batch (the harness around it for
    function-call and assert problems), or the _CompileFailure every case ends with.
    The Python harness compiles the submitted code itself, in each run, and reports a
    syntax error as such (the batch then ends CE, see _CodeUncompiled)."""

    submission = judging.submission
    try:
        source_text = submission.source.text
        executor = executor_for(submission.language)
        if _talks_to_validator(submission.problem):
            # Checked here: its runs start from disk, connected to the validator.
            return executor.compile(source_text.encode("utf-8"))
        if submission.problem.kind == ProblemKind.STDIN_STDOUT:
            # A Python program's runs compile it first (see _CodeUncompiled).
            return executor.compile_for_run(source_text.encode("utf-8"))
        if submission.language != PYTHON:
            fn_name, arity = _call_shape(judging)
            return call_program(submission.language, source_text, fn_name, arity)
        return _python_harness()
    except (CompileError, CallUnsupported) as exc:
        message = str(getattr(exc, "message", exc))[: EXCERPT_CHARS * 4]
        return _CompileFailure({"ok": False, "message": message}, Verdict.CE, "compile error")
    except (UnknownLanguage, SandboxUnavailable, CompileSystemError) as exc:
        return _CompileFailure(
            {"ok": False, "message": str(exc)},
            Verdict.SE,
            str(exc),
            error=f"compile: {failure_text(exc)}",
        )
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:  # anything else is the system's failure, never the program's
        logger.exception("compile failed for judging %s", judging.id)
        error = f"compile: {failure_text(exc)}"
        return _CompileFailure({"ok": False, "message": error}, Verdict.SE, error, error=error)


def _python_harness() -> Program:
    """The Python harness, compiled once per worker (the submitted code comes on its
    stdin): the program of function-call and assert tests, and of stdin/stdout batches."""
    return executor_for(PYTHON).compile(harness_source().encode("utf-8"), flags=WRAPPED)


def _call_shape(judging: Judging) -> tuple[str, int]:
    """The function a function-call judging calls and its number of arguments (its
    first case's; the submit checks make every case call the same one)."""
    first = TestCase.objects.only("input_id").get(id=judging.case_ids[0])
    test = json.loads(testdata_read(first.input_id))
    return str(test["fn_name"]), len(test["args"])


def _batch_limits(submission: Submission) -> Limits:
    """The run limits: the submission's own time and memory limits, else its problem's."""
    problem = submission.problem
    options = submission.options or {}
    return Limits(
        cpu_time_s=float(options.get("time_limit_s") or problem.time_limit_s),
        wall_time_s=float(options.get("time_limit_s") or problem.time_limit_s) * 2 + 1,
        memory_bytes=int(options.get("memory_limit_mb") or problem.memory_limit_mb) << 20,
        output_bytes=int(problem.output_limit_kb) << 10,
    )


def _batch_cases_run(
    batch: _Batch,
    cases: dict[int, TestCase],
    program: Program,
    limits: Limits,
    batched: dict[int, CaseOutcome],
) -> list[CaseOutcome]:
    """Run and judge the batch's cases in test order, skipping (when the submission stops
    on its first failure) every case after the earliest failure recorded so far. A case
    in ``batched`` was already judged (from a batch run: of calls, or of stdin/stdout
    cases) and is not run again."""
    judging = batch.judging
    stop_early = _stops_early(judging)
    # Only another batch of the judging can have failed earlier than this one has seen.
    alone = len(batch.ordered) == len(batch.index_of)
    failed_here: int | None = None
    outcomes: list[CaseOutcome] = []
    for case_id in batch.ordered:
        index = batch.index_of[case_id]
        if stop_early:
            failed_at = failed_here if alone or index == 0 else _first_failure(judging.id)
            if failed_at is not None and failed_at < index:
                outcomes.append(batch.outcome(case_id, Verdict.SKIPPED))
                continue
        # The first case always runs to its own limits, as the peer awaits its first test
        # whatever the budget (so a budget shorter than a compile still judges something).
        left_s = None if index == 0 else budget_left_s(judging.submission)
        if left_s is not None and left_s <= 0:
            outcome = batch.outcome(case_id, Verdict.TLE, checker_message=TOTAL_TIMEOUT)
        else:
            try:
                outcome = batched.get(case_id) or _run_one(
                    judging, cases[case_id], program, _within(limits, left_s), batch.worker
                )
            except SoftTimeLimitExceeded:
                outcomes.extend(_batch_timed_out(batch, done={o.case_id for o in outcomes}))
                break
            if (
                left_s is not None
                and outcome.verdict == Verdict.TLE
                and _budget_spent(judging.submission)
            ):
                outcome = replace(outcome, checker_message=TOTAL_TIMEOUT)
        outcomes.append(outcome.at(index=index))
        if outcome.verdict != Verdict.AC and stop_early:
            _record_failure(judging.id, index)
            failed_here = index if failed_here is None else min(failed_here, index)
    return outcomes


def _stops_early(judging: Judging) -> bool:
    """Whether the judging skips every case after its first failure. A scoring problem's
    groups need every case's result, whatever the client asked."""
    return judging.submission.stop_on_first_failure and not judging.submission.problem.scoring


TOTAL_TIMEOUT = "Total Timeout"
# A batch of calls writes at most this much (its cases' output limits, summed, capped).
BATCH_OUTPUT_CAP_BYTES = 64 << 20
# A stdin/stdout batch of a judging that stops at its first failure runs no case after
# one that took this long: a failure the batch cannot see (the checker runs outside)
# costs at most a few such cases, and slow cases gain little from a batch.
STOP_EARLY_SLOW_CASE_S = 0.1
# What a stdin/stdout batch writes for a case beside its stdout: its frame's JSON line
# and the head of its stderr.
STDIO_FRAME_BYTES = (64 << 10) + 1024


def _batch_run_limits(limits: Limits, count: int, *, frame_bytes: int = 0) -> Limits:
    """The limits of one run that runs ``count`` cases of ``limits`` in turn (each case
    writing at most ``frame_bytes`` beside its output)."""
    return replace(
        limits,
        cpu_time_s=limits.cpu_time_s * count + 1.0,
        wall_time_s=limits.wall_time_s * count + 1.0,
        output_bytes=min((limits.output_bytes + frame_bytes) * count, BATCH_OUTPUT_CAP_BYTES),
    )


def _calls_batch_apply(batch: _Batch) -> bool:
    """Whether the batch's cases are called on one solver: a Python function-call batch
    of more than one case (SCALEBOX_BATCH_CALLS)."""
    submission = batch.judging.submission
    return (
        settings.SCALEBOX_BATCH_CALLS
        and submission.problem.kind == ProblemKind.FUNCTION_CALL
        and submission.language == PYTHON
        and len(batch.ordered) > 1
    )


def _syntax_failure(submission: Submission) -> _CompileFailure | None:
    """The compile error of Python code with a syntax error, checked by a run of its own;
    None when its syntax is sound."""
    try:
        executor_for(PYTHON).check_syntax(submission.source.text.encode("utf-8"))
    except CompileError as exc:
        return _compile_error(exc.message)
    except SoftTimeLimitExceeded:
        raise
    except Exception:  # the cases' own runs meet the same failure and report it
        logger.exception("checking the syntax of submission %s failed", submission.id)
    return None


def _calls_batched(
    batch: _Batch, cases: list[TestCase], program: Program, limits: Limits
) -> dict[int, CaseOutcome] | _CompileFailure:
    """The accepted cases of a Python function-call batch, judged from one run that calls
    them all on one solver (verification/harness/batch.py), or the compile error every
    case ends with when the code does not compile; the batch's other cases are left to
    runs of their own."""
    judging = batch.judging
    submission = judging.submission
    left_s = budget_left_s(submission)
    if left_s is not None and left_s <= 0:
        return {}  # the budget is spent: each case ends as _batch_cases_run ends it
    try:
        calls = call_batch(
            user_code=submission.source.text,
            payloads=[testdata_read(case.input_id) for case in cases],
            call_cpu_s=limits.cpu_time_s,
        )
        run = program.run(calls.stdin, _within(_batch_run_limits(limits, len(cases)), left_s))
    except SoftTimeLimitExceeded:
        raise
    except Exception:  # the cases run alone, where a failure is reported as it should be
        logger.exception("batched calls of judging %s failed", judging.id)
        return _syntax_failure(submission) or {}
    outcomes: dict[int, CaseOutcome] = {}
    with contextlib.closing(run):
        uncompiled = calls.compile_error(bytes(run.output))
        if uncompiled is not None:
            return _compile_error(uncompiled)
        found = calls.calls(bytes(run.output), bytes(run.stderr))
        if not any(found):
            # Nothing came of the run (the program did not load in time, or not at all):
            # its syntax, which the run could not report, is checked on its own.
            failure = _syntax_failure(submission)
            if failure is not None:
                return failure
        for case, call in zip(cases, found, strict=True):
            if call is None:
                continue
            judged = _output_judge(judging, case, call.stdin, call.output)
            if judged.verdict == Verdict.AC:
                outcomes[case.id] = _batched_outcome(
                    batch, case, judged, call, memory_kb=run.memory_kb, isolation=run.isolation
                )
    return outcomes


def _batched_outcome(
    batch: _Batch,
    case: TestCase,
    judged: _Judged,
    ran: BatchCall | StdioRun,
    *,
    memory_kb: int | None,
    isolation: str,
) -> CaseOutcome:
    """The outcome of a case judged from a batch run: a clean exit, with the case's own
    CPU, wall time, output and stderr."""
    return CaseOutcome(
        verdict=judged.verdict,
        time_s=round(ran.cpu_s, 4),
        wall_time_s=round(ran.wall_s, 4),
        memory_kb=memory_kb,
        exit_code=0,
        signal=None,
        stdout_excerpt=_excerpt(ran.output),
        stderr_excerpt=_excerpt(ran.stderr),
        checker_message=judged.checker_message,
        score=judged.score,
        judge_id=batch.judging.judge_id,
        worker=batch.worker,
        isolation=isolation,
        case_id=case.id,
    )


def _stdio_batch_apply(batch: _Batch) -> bool:
    """Whether the batch's cases run as one sandboxed run, each case in a fresh fork of
    the compiled program: a Python stdin/stdout batch of more than one case, judged on its
    output alone (not talking to a validator) (SCALEBOX_BATCH_STDIO)."""
    submission = batch.judging.submission
    return (
        settings.SCALEBOX_BATCH_STDIO
        and submission.problem.kind == ProblemKind.STDIN_STDOUT
        and submission.language == PYTHON
        and len(batch.ordered) > 1
        and not _talks_to_validator(submission.problem)
    )


def _stdio_batched(batch: _Batch, cases: list[TestCase], limits: Limits) -> dict[int, CaseOutcome]:
    """The accepted cases of a Python stdin/stdout batch, judged from one run of the
    harness that runs each case in a fresh fork of the compiled program
    (verification/harness/batch.py); the batch's other cases are left to runs of their
    own (a program that does not compile among them: the first run alone reports it)."""
    judging = batch.judging
    left_s = budget_left_s(judging.submission)
    if left_s is not None and left_s <= 0:
        return {}  # the budget is spent: each case ends as _batch_cases_run ends it
    case_limits = _within(limits, left_s)
    try:
        inputs = [testdata_read(case.input_id) for case in cases]
        runs = stdio_batch(
            user_code=judging.submission.source.text,
            inputs=inputs,
            cpu_s=case_limits.cpu_time_s,
            wall_s=case_limits.wall_time_s,
            output_bytes=limits.output_bytes,
            memory_bytes=limits.memory_bytes,
            slow_s=STOP_EARLY_SLOW_CASE_S if _stops_early(judging) else None,
        )
        batch_limits = _batch_run_limits(limits, len(cases), frame_bytes=STDIO_FRAME_BYTES)
        run = _python_harness().run(runs.stdin, _within(batch_limits, left_s))
    except SoftTimeLimitExceeded:
        raise
    except Exception:  # the cases run alone, where a failure is reported as it should be
        logger.exception("the stdin/stdout batch of judging %s failed", judging.id)
        return {}
    outcomes: dict[int, CaseOutcome] = {}
    with contextlib.closing(run):
        found = runs.runs(bytes(run.output))
        for case, data, ran in zip(cases, inputs, found, strict=True):
            if ran is None:
                continue
            judged = _output_judge(judging, case, data, ran.output)
            if judged.verdict == Verdict.AC:
                outcomes[case.id] = _batched_outcome(
                    batch, case, judged, ran, memory_kb=ran.memory_kb, isolation=run.isolation
                )
    return outcomes


def budget_left_s(submission: Submission) -> float | None:
    """Seconds left of the submission's total time budget (``options["deadline_at"]``, a
    Unix time, set by a door that answers within a budget), or None when it has none.
    A case after the first that would start after it is not run, and one running is
    stopped at it: it ends TLE, "Total Timeout"."""
    deadline_at = (submission.options or {}).get("deadline_at")
    return None if deadline_at is None else float(deadline_at) - time.time()


def _budget_spent(submission: Submission) -> bool:
    left_s = budget_left_s(submission)
    return left_s is not None and left_s <= 0


def _within(limits: Limits, left_s: float | None) -> Limits:
    """The run limits cut to what is left of the budget, so a run stops at its end."""
    if left_s is None:
        return limits
    return replace(
        limits,
        cpu_time_s=min(limits.cpu_time_s, left_s),
        wall_time_s=min(limits.wall_time_s, left_s),
    )


def _batch_timed_out(batch: _Batch, *, done: set[int | None]) -> list[CaseOutcome]:
    """SE for the cases the task ran out of time before: the system's failure, not the
    program's, and the batch still returns a result for every case."""
    return [
        batch.outcome(
            case_id,
            Verdict.SE,
            checker_message="the batch exceeded its task time limit",
            system_error="run: the batch exceeded its task time limit (SoftTimeLimitExceeded)",
        )
        for case_id in batch.ordered
        if case_id not in done
    ]


def _batch_json(
    outcomes: list[CaseOutcome], compile_info: dict[str, Any], *, error: str = ""
) -> dict[str, Any]:
    """The batch's result as the finaliser reads it: the first system error is its error."""
    result: dict[str, Any] = {"cases": [o.to_json() for o in outcomes], "compile": compile_info}
    error = error or next((o.system_error for o in outcomes if o.system_error), "")
    if error:
        result["error"] = error
    return result


def failure_text(exc: BaseException) -> str:
    """An exception as stored in ``Judging.error``: its type and message, bounded."""
    return f"{type(exc).__name__}: {exc}"[:ERROR_CHARS]


class _Judged(NamedTuple):
    verdict: Verdict
    checker_message: str
    score: float | None = None
    system_error: str = ""


def _talks_to_validator(problem: Problem) -> bool:
    """Whether the problem's cases are judged pass by pass with its own validator:
    interactive (connected to it) or multi-pass (its nextpass.in)."""
    return problem.interactive or problem.validation_passes > 1


def _run_one(
    judging: Judging, case: TestCase, program: Program, limits: Limits, worker: str
) -> CaseOutcome:
    """Run one case in the sandbox and judge what it wrote."""
    if _talks_to_validator(judging.submission.problem):
        return _run_passes(judging, case, program, limits, worker)
    kind = judging.submission.problem.kind
    try:
        stdin = testdata_read(case.input_id)
        if kind != ProblemKind.STDIN_STDOUT:
            # A solver in another language has the code compiled in.
            code = judging.submission.source.text if judging.submission.language == PYTHON else ""
            stdin = run_stdin(mode=kind, payload=stdin, user_code=code)
        run = program.run(stdin, limits)
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:  # the sandbox failed, not the program
        return _case_sandbox_failure(judging, case, worker, exc)
    # A large stdout is a map of a file: let go of both as soon as the case is done.
    with contextlib.closing(run):
        status = str(run.status.value if hasattr(run.status, "value") else run.status)
        if run.uncompiled:
            raise _CodeUncompiled(run.uncompiled)
        if kind != ProblemKind.STDIN_STDOUT and status == "OK":
            report, _ = harness_report(stdin, bytes(run.output))
            if report is not None and report.get("status") == "uncompiled":
                raise _CodeUncompiled(str(report.get("error") or "the code does not compile"))
        if status != "OK":
            judged = _Judged(run_status_verdict(status), _failure_message(kind, stdin, run, status))
        else:
            judged = _output_judge(judging, case, stdin, run.output)
        return CaseOutcome(
            verdict=judged.verdict,
            time_s=round(run.cpu_time_s, 4),
            wall_time_s=round(run.wall_time_s, 4),
            memory_kb=run.memory_kb,
            exit_code=run.exit_code,
            signal=run.signal,
            stdout_excerpt=_excerpt(run.output),
            stderr_excerpt=_excerpt(run.stderr),
            checker_message=judged.checker_message,
            score=judged.score,
            judge_id=judging.judge_id,
            worker=worker,
            isolation=run.isolation,
            case_id=case.id,
            system_error=judged.system_error,
        )


def _case_sandbox_failure(
    judging: Judging, case: TestCase, worker: str, exc: Exception
) -> CaseOutcome:
    """The SE of a case whose run failed in the machinery, never by the program."""
    logger.exception("sandbox failure on case %s of judging %s", case.id, judging.id)
    return CaseOutcome(
        verdict=Verdict.SE,
        checker_message=f"sandbox failure: {exc}",
        system_error=f"run: {failure_text(exc)}",
        case_id=case.id,
        worker=worker,
    )


def _run_passes(
    judging: Judging, case: TestCase, program: Program, limits: Limits, worker: str
) -> CaseOutcome:
    """Run and judge one case of an interactive or multi-pass problem."""
    problem = judging.submission.problem
    try:
        judged = judge_case_passes(
            judge=judging.judge,
            request_for=program.request,
            input=testdata_read(case.input_id),
            answer=testdata_read(case.answer_id),
            case_args=case.validator_args or [],
            limits=limits,
            interactive=problem.interactive,
            passes=problem.validation_passes,
        )
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:  # the sandbox or the test data store failed, not the program
        return _case_sandbox_failure(judging, case, worker, exc)
    run = judged.run
    if judged.check is None:
        verdict, message, score = run_status_verdict(run.status.value), run.message, None
    else:
        check = _with_case_score(judging, case, judged.check)
        verdict, message, score = Verdict(check.verdict), check.message, check.score
    if judged.passes > 1:
        message = f"pass {judged.passes}: {message}" if message else f"pass {judged.passes}"
    return CaseOutcome(
        verdict=verdict,
        time_s=round(run.cpu_time_s, 4),
        wall_time_s=round(run.wall_time_s, 4),
        memory_kb=run.memory_kb,
        exit_code=run.exit_code,
        signal=run.signal,
        stdout_excerpt="",
        stderr_excerpt=_excerpt(run.stderr),
        checker_message=message,
        score=score,
        judge_id=judging.judge_id,
        worker=worker,
        isolation=run.isolation,
        case_id=case.id,
        system_error=message if verdict == Verdict.SE else "",
    )


def _failure_message(kind: str, stdin: bytes, run: RunResult, status: str) -> str:
    """Why a run failed: the sandbox's account, or for a harnessed run that ended with the
    harness's report of the program's failure (it failed to load, or died), that report."""
    if kind != ProblemKind.STDIN_STDOUT and status == RunStatus.RE.value:
        report, _ = harness_report(stdin, bytes(run.output))
        if report is not None and report.get("status") == "failed" and report.get("error"):
            return str(report["error"])[:EXCERPT_CHARS]
    return run.message


def _output_judge(judging: Judging, case: TestCase, stdin: bytes, output: Output) -> _Judged:
    """The judging's judge on the output of a run that ended OK."""
    try:
        answer = testdata_read(case.answer_id)
    except Exception as exc:  # the test data store failed, not the program or the judge
        logger.exception("reading the answer of case %s failed", case.id)
        error = f"check: {failure_text(exc)}"
        return _Judged(Verdict.SE, error, system_error=error)
    try:
        checked = judge_check(
            judge=judging.judge,
            input=stdin,
            output=output,
            answer=answer,
            case_args=case.validator_args or [],
        )
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:
        logger.exception("checker failure on case %s of judging %s", case.id, judging.id)
        return _Judged(Verdict.JE, f"checker failed: {exc}")
    checked = _with_case_score(judging, case, checked)
    verdict = Verdict(checked.verdict)
    if verdict == Verdict.WA and _program_raised(judging, stdin, output):
        verdict = Verdict.RE
    return _Judged(verdict, checked.message, checked.score)


def _with_case_score(judging: Judging, case: TestCase, checked: CheckResult) -> CheckResult:
    """A validator's score_multiplier.txt turned into the case's score: that fraction of
    the case's maximum under the problem's scoring rules (a judge error where the case
    has no maximum to take a fraction of)."""
    if checked.score_multiplier is None:
        return checked
    rules = judging.submission.problem.scoring
    maximum = Scoring.from_json(rules).case_max(case.name) if rules else None
    if maximum is None:
        return CheckResult(
            "JE", f"score_multiplier.txt for {case.name}, which has no maximum score to scale"
        )
    return CheckResult(checked.verdict, checked.message, score=checked.score_multiplier * maximum)


def _program_raised(judging: Judging, stdin: bytes, output: Output) -> bool:
    """Whether a rejected harnessed run failed by an exception of the program's (RE)
    rather than by a wrong value (WA), as the harness's report (carrying the run's nonce)
    says. Only a rejection is reclassified: no report turns a failure into a pass."""
    if judging.submission.problem.kind == ProblemKind.STDIN_STDOUT:
        return False
    report, _ = harness_report(stdin, bytes(output))
    return (
        report is not None and report.get("status") == "raised" and report.get("exception") is True
    )


# --- finishing ------------------------------------------------------------------------


def judging_finalize(*, judging_id: int, batch_results: list[dict[str, Any]]) -> str:
    """Write every case result once, compute the verdict by precedence, mark DONE.

    Safe to call again: results already written are kept and a finished judging is
    left as it is.
    """
    # The problem's scoring rules come with the judging: no query of their own per judging.
    judging = (
        Judging.objects.filter(id=judging_id)
        .annotate(scoring=F("submission__problem__scoring"))
        .first()
    )
    if judging is None:
        raise NotFound(f"judging {judging_id} does not exist")
    if judging.status == JudgingStatus.DONE:
        return judging.verdict
    by_case: dict[int, CaseOutcome] = {}
    compile_info: dict[str, Any] = {}
    error = ""
    for batch in batch_results:
        if not batch or batch.get("stale"):
            continue
        if batch.get("compile") and (not compile_info or not batch["compile"].get("ok", True)):
            compile_info = batch["compile"]
        error = error or str(batch.get("error") or "")[:ERROR_CHARS]
        for row in batch.get("cases", []):
            by_case.setdefault(int(row["case_id"]), CaseOutcome.from_json(row))
    missing = CaseOutcome(
        verdict=Verdict.SE, checker_message="no result was returned for this case"
    )
    rows = [
        CaseResult(
            judging_id=judging_id,
            test_case_id=case_id,
            order=index,
            **by_case.get(case_id, missing).stored_fields(),
        )
        for index, case_id in enumerate(judging.case_ids)
    ]
    with transaction.atomic():
        # Serialises with judging_fail: one of them ends the judging, over one set of rows.
        locked = Judging.objects.select_for_update().filter(id=judging_id)
        if locked.values_list("status", flat=True).first() == JudgingStatus.DONE:
            return str(locked.values_list("verdict", flat=True).get())
        CaseResult.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        verdicts = list(
            CaseResult.objects.filter(judging_id=judging_id)
            .order_by("order")
            .values_list("test_case_id", "verdict")
        )
        if [cid for cid, _ in verdicts] != list(judging.case_ids):
            raise RuntimeError(
                f"judging {judging_id}: case results do not match its cases one to one"
            )
        verdict = overall_verdict(v for _, v in verdicts)
        scores = judging_scores(judging_id=judging_id, rules=judging.scoring)
        broken = _score_problems(scores)
        if broken and verdict not in (Verdict.SE, Verdict.CE):
            # A score the package's own bounds do not allow is the judge's fault (the
            # format calls it a judge error), never a score to report.
            verdict = Verdict.JE
            error = error or f"scoring: {broken}"[:ERROR_CHARS]
        Judging.objects.filter(
            id=judging_id, status__in=[JudgingStatus.QUEUED, JudgingStatus.RUNNING]
        ).update(
            status=JudgingStatus.DONE,
            verdict=verdict,
            **scores,
            compile_info=compile_info,
            error=error,
            finished_at=timezone.now(),
        )
        BatchClaim.objects.filter(judging_id=judging_id).delete()
    return verdict


def _score_problems(scores: dict[str, Any]) -> str:
    """What breaks the package's score bounds in a judging's group scores, or ""."""
    groups = scores.get("group_scores") or {}
    return "; ".join(
        f"{path}: {group['problem']}" for path, group in groups.items() if group.get("problem")
    )


def judging_scores(*, judging_id: int, rules: dict[str, Any]) -> dict[str, Any]:
    """``score`` and ``group_scores`` of a judging of a scoring problem, from its stored
    case results by the problem's ``rules`` (``Problem.scoring``); nothing for a
    pass-fail problem (no rules)."""
    if not rules:
        return {}
    results = {
        name: CaseScoreInput(verdict, score)
        for name, verdict, score in CaseResult.objects.filter(judging_id=judging_id).values_list(
            "test_case__name", "verdict", "score"
        )
    }
    graded = Scoring.from_json(rules).grade(results)
    return {"score": graded.score, "group_scores": graded.groups_json()}


# How a ChordError names a broker or result backend outage (it carries only text):
# "Callback error: ConnectionError('...')", "Dependency <id> raised network:ConnectionError".
_TRANSIENT_CHORD = re.compile(
    r"\b(ConnectionError|ConnectionRefusedError|ConnectionResetError|OperationalError|"
    r"TimeoutError|RecoverableConnectionError|ConnectionClosed)\b"
)


def judging_task_failed(
    *, judging_id: int, attempt: int | None, error: str, transient: bool = False
) -> None:
    """A task or the chord of the judging failed for good. When it broke on a broker or
    result backend outage (``transient``, or a ChordError whose text names one: a batch
    whose result could not be stored, a callback that could not be sent), the judging is
    not at fault: it is sent again while it has attempts left, or left RUNNING for the
    reconciliation sweep if the broker is still away. Any other failure ends it with SE."""
    transient = transient or bool(_TRANSIENT_CHORD.search(error))
    if transient and attempt is not None and attempt < settings.SCALEBOX_RECONCILE_MAX_ATTEMPTS:
        logger.warning("judging %s: its chord broke (%s); sending it again", judging_id, error)
        with contextlib.suppress(ServiceUnavailable):  # the sweep sends it once it can
            judging_send(judging_id=judging_id, seen_attempts=attempt)
        return
    judging_fail(judging_id=judging_id, error=error, attempt=attempt)


def judging_fail(*, judging_id: int, error: str, attempt: int | None = None) -> bool:
    """End an unfinished judging with SE and ``error``: the system failed it.

    Case results already written are kept; every case without one gets an SE row, so
    the judging still has exactly one result per case. A finished judging is left as it
    is, and with ``attempt`` so is a judging that has been sent again since (the failure
    belongs to a run that no longer counts). True when this call ended it.
    """
    error = error[:ERROR_CHARS] or "system error"
    with transaction.atomic():
        judging = Judging.objects.select_for_update().filter(id=judging_id, status__in=OPEN)
        if attempt is not None:
            judging = judging.filter(attempts=attempt)
        case_ids = judging.values_list("case_ids", flat=True).first()
        if case_ids is None:
            return False
        have = set(
            CaseResult.objects.filter(judging_id=judging_id).values_list("test_case_id", flat=True)
        )
        failed = CaseOutcome(verdict=Verdict.SE, checker_message=error[:EXCERPT_CHARS])
        CaseResult.objects.bulk_create(
            [
                CaseResult(
                    judging_id=judging_id,
                    test_case_id=case_id,
                    order=index,
                    **failed.stored_fields(),
                )
                for index, case_id in enumerate(case_ids)
                if case_id not in have
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        ended = Judging.objects.filter(id=judging_id, status__in=OPEN).update(
            status=JudgingStatus.DONE,
            verdict=Verdict.SE,
            error=error,
            finished_at=timezone.now(),
        )
        BatchClaim.objects.filter(judging_id=judging_id).delete()
    if ended:
        logger.warning("judging %s ended with SE: %s", judging_id, error)
    return bool(ended)
