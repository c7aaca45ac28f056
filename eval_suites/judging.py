"""Judging a run's samples through the ordinary submission pipeline.

Each sample becomes a submission, created in one small transaction together with the
sample's link to it, so a sample is never judged without the run knowing (and a
resumed run never judges a finished sample again). In the embedded default the judging
runs when that transaction commits, so samples are judged by a pool of threads; in
distributed mode every sample is submitted first (a Celery chord each) and the results
are collected as they finish.

A sandbox error (or a judge error) is never the program's fault: such a judging is
repeated, and a sample that still fails is excluded from the metrics, not scored.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from eval_suites import judging_process
from eval_suites.models import EvalSample, SampleStatus
from verification.errors import InvalidInput, TooLarge
from verification.harness.preludes import NONE, prelude_apply
from verification.models import CaseResult, Judging, JudgingStatus, Submission
from verification.outcome import JudgedCase, judging_outcomes, judgings_outcomes
from verification.services import (
    SubmissionSpec,
    judging_create,
    submission_check,
    submissions_create,
)
from verification.services_judging import judging_enqueue, judging_send
from verification.verdicts import Verdict

logger = logging.getLogger(__name__)

INFRASTRUCTURE_VERDICTS = frozenset({Verdict.SE, Verdict.JE})
OPEN = (SampleStatus.PENDING, SampleStatus.SUBMITTED)
Progress = Callable[[int], None]
EMBEDDED_PROCESSES_FROM = 64  # samples; below that, starting processes costs more than it saves
CHUNK = 16


@dataclass(frozen=True)
class JudgingPolicy:
    time_limit_s: float | None
    memory_limit_mb: int | None
    stop_on_first_failure: bool
    priority: int
    retries: int
    timeout_s: float
    concurrency: int
    processes: int
    prelude: str = NONE
    """Put before every Python program (``verification.harness.preludes``)."""

    @classmethod
    def from_config(cls, judging: dict[str, Any]) -> JudgingPolicy:
        return cls(
            time_limit_s=judging["time_limit_s"],
            memory_limit_mb=judging["memory_limit_mb"],
            stop_on_first_failure=judging["stop_on_first_failure"],
            priority=judging["priority"],
            retries=judging["sandbox_retries"],
            timeout_s=judging["timeout_s"],
            concurrency=judging["concurrency"] or 2 * (os.cpu_count() or 1),
            processes=judging.get("processes", 1),
            prelude=judging.get("prelude") or NONE,
        )


# --- one sample ---------------------------------------------------------------------------


def sample_submit(*, sample_id: int, policy: JudgingPolicy) -> None:
    """Create the sample's submission (judged on commit); a no-op unless it is PENDING."""
    sample = EvalSample.objects.select_related("task__problem").get(id=sample_id)
    _submit(sample, policy)


def _spec(sample: EvalSample, policy: JudgingPolicy) -> SubmissionSpec:
    options: dict[str, Any] = {"eval_run": sample.run_id, "eval_sample": sample.id}
    if policy.time_limit_s:
        options["time_limit_s"] = policy.time_limit_s
    if policy.memory_limit_mb:
        options["memory_limit_mb"] = policy.memory_limit_mb
    return SubmissionSpec(
        problem=sample.task.problem,
        language=sample.language,
        source=_source(sample, policy),
        stop_on_first_failure=policy.stop_on_first_failure,
        priority=policy.priority,
        options=options,
    )


def _source(sample: EvalSample, policy: JudgingPolicy) -> str:
    """The program as it is submitted: with the run's prelude when it is Python."""
    if sample.language not in ("python", "pypy"):
        return sample.program
    return prelude_apply(policy.prelude, sample.program)


def _link(sample_id: int, submission: Submission, judging: Judging) -> bool:
    return bool(
        EvalSample.objects.filter(id=sample_id, status=SampleStatus.PENDING).update(
            status=SampleStatus.SUBMITTED, submission=submission, judging=judging, attempts=1
        )
    )


def _submit(sample: EvalSample, policy: JudgingPolicy) -> int | None:
    """The judging the sample is now linked to, once it ran; None if it did not run."""
    if sample.status != SampleStatus.PENDING:
        return None
    if not sample.program.strip():
        _finish_unjudged(sample.id, "the extracted program is empty")
        return None
    try:
        with transaction.atomic():
            [(submission, judging)] = submissions_create(specs=[_spec(sample, policy)])
            linked = _link(sample.id, submission, judging)
            if not linked:
                transaction.set_rollback(True)
    except (InvalidInput, TooLarge) as exc:
        # The program itself is unusable (e.g. over the size limit): the model's fault.
        _finish_unjudged(sample.id, exc.message)
        return None
    except Exception:
        # The judging failed while running on commit; the sample is linked and its
        # unfinished judging is retried by the caller.
        logger.exception("judging of sample %s failed to run", sample.id)
        return None
    return judging.id if linked else None


class _Raced(Exception):
    """A sample changed status while its submission was being made."""


def samples_submit(samples: Sequence[EvalSample], policy: JudgingPolicy) -> dict[int, int]:
    """Submit PENDING samples together, in one transaction, each linked to its submission.

    Their judgings are not started: the caller starts each (``judging_enqueue``). Returns
    sample id -> judging id; a sample left out (not PENDING, unusable, or in a batch
    that could not be stored) is for the one-sample path to deal with.
    """
    ready: list[tuple[EvalSample, SubmissionSpec]] = []
    served: set[str] = set()
    for sample in samples:
        if sample.status != SampleStatus.PENDING:
            continue
        if not sample.program.strip():
            _finish_unjudged(sample.id, "the extracted program is empty")
            continue
        spec = _spec(sample, policy)
        try:
            submission_check(spec, language_served=spec.language in served)
            served.add(spec.language)
        except (InvalidInput, TooLarge) as exc:
            _finish_unjudged(sample.id, exc.message)
            continue
        except Exception:
            continue
        ready.append((sample, spec))
    if not ready:
        return {}
    try:
        with transaction.atomic():
            created = submissions_create(specs=[spec for _, spec in ready], enqueue=False)
            for (sample, _), (submission, judging) in zip(ready, created, strict=True):
                if not _link(sample.id, submission, judging):
                    raise _Raced(sample.id)
    except Exception:
        logger.warning("submitting %d samples together failed", len(ready), exc_info=True)
        return {}
    return {sample.id: judging.id for (sample, _), (_, judging) in zip(ready, created, strict=True)}


def _finish_unjudged(sample_id: int, message: str) -> None:
    EvalSample.objects.filter(id=sample_id, status__in=OPEN).update(
        status=SampleStatus.DONE,
        verdict=Verdict.CE,
        passed=False,
        error=message,
        cases={"counts": {}, "first_failure": {"verdict": Verdict.CE, "message": message}},
        finished_at=timezone.now(),
    )


def sample_rejudge(*, sample_id: int) -> Judging:
    """A new judging of the sample's submission, linked in the same transaction."""
    sample = EvalSample.objects.select_related("submission").get(id=sample_id)
    assert sample.submission is not None
    with transaction.atomic():
        judging = judging_create(submission=sample.submission)
        EvalSample.objects.filter(id=sample_id).update(
            judging=judging, status=SampleStatus.SUBMITTED, attempts=F("attempts") + 1
        )
    return judging


# What a sample keeps of its cases' outcomes (case_summary), beside their verdicts.
SUMMARY_FIELDS = ("checker_message", "time_s", "memory_kb", "worker")


def case_summary(judging: Judging, cases: list[JudgedCase] | None = None) -> dict[str, Any]:
    """What a sample keeps of its judging's cases: verdict counts, the first failure,
    the largest time and memory, and the workers that ran them. ``cases``: the judging's
    outcomes (``SUMMARY_FIELDS`` read), when the caller has them already."""
    if cases is None:
        cases = judging_outcomes(judging_id=judging.id, fields=SUMMARY_FIELDS)
    outcomes = [(c.name, c.outcome) for c in cases]
    first = next(
        ((name, o) for name, o in outcomes if o.verdict not in (Verdict.AC, Verdict.SKIPPED)),
        None,
    )
    summary: dict[str, Any] = {
        "counts": dict(sorted(Counter(str(o.verdict) for _, o in outcomes).items())),
        "first_failure": (
            {
                "case": first[0],
                "verdict": str(first[1].verdict),
                "message": first[1].checker_message[:500],
            }
            if first
            else None
        ),
        "max_time_s": max((o.time_s or 0.0 for _, o in outcomes), default=0.0),
        "max_memory_kb": max((o.memory_kb or 0 for _, o in outcomes), default=0),
        "workers": sorted({o.worker for _, o in outcomes if o.worker}),
    }
    if judging.compile_info and not judging.compile_info.get("ok", True):
        summary["compile"] = str(judging.compile_info.get("message", ""))[:2000]
    return summary


def _record(sample_id: int, judging: Judging, cases: list[JudgedCase] | None = None) -> None:
    EvalSample.objects.filter(id=sample_id, status__in=OPEN).update(
        status=SampleStatus.DONE,
        verdict=judging.verdict,
        passed=judging.verdict == Verdict.AC,
        cases=case_summary(judging, cases),
        judging=judging,
        error="",
        finished_at=timezone.now(),
    )


def _exclude(sample_id: int, judging: Judging | None, reason: str) -> None:
    EvalSample.objects.filter(id=sample_id, status__in=OPEN).update(
        status=SampleStatus.EXCLUDED,
        verdict=judging.verdict if judging else "",
        passed=None,
        cases=case_summary(judging) if judging and judging.status == JudgingStatus.DONE else {},
        error=reason,
        finished_at=timezone.now(),
    )


def _failure_reason(judging: Judging) -> str:
    if judging.status != JudgingStatus.DONE:
        return "the judging did not finish"
    message = (
        CaseResult.objects.filter(judging=judging, verdict__in=INFRASTRUCTURE_VERDICTS)
        .values_list("checker_message", flat=True)
        .first()
    )
    kind = "sandbox error" if judging.verdict == Verdict.SE else "judge error"
    return f"{kind}: {(message or '').strip()[:300]}"


# --- embedded: a pool of threads, each judging one sample at a time -------------------------


def sample_judge_now(*, sample_id: int, policy: JudgingPolicy) -> str:
    """Judge one sample to the end (embedded default); returns its final status."""
    sample = EvalSample.objects.select_related("task__problem", "judging").get(id=sample_id)
    if sample.status not in OPEN:
        return sample.status
    judging_id: int | None
    if sample.status == SampleStatus.PENDING:
        judging_id = _submit(sample, policy)
    elif sample.judging is not None and sample.judging.status == JudgingStatus.DONE:
        judging_id = sample.judging_id  # judged, not yet recorded
    elif sample.judging is not None and sample.judging.status == JudgingStatus.QUEUED:
        # Submitted but never started (submitted together with others, then interrupted).
        judging_id = _start(sample_id, sample.judging.id)
    else:
        # Left unfinished by an interrupted process: nothing is running it any more.
        judging_id = _rejudge(sample_id)
    return _settle(sample_id, judging_id, policy)


def sample_judge_submitted(*, sample_id: int, judging_id: int, policy: JudgingPolicy) -> str:
    """Judge a sample that ``samples_submit`` linked to a judging not yet started."""
    return _settle(sample_id, _start(sample_id, judging_id, fresh=True), policy)


def _start(sample_id: int, judging_id: int, *, fresh: bool = False) -> int | None:
    """Send the sample's judging; ``fresh``: one ``samples_submit`` stored now, never sent,
    so there is no send count to read first (one left QUEUED by an interrupted run may
    have been sent: its count is read)."""
    try:
        if fresh:
            judging_send(judging_id=judging_id, seen_attempts=0)
        else:
            judging_enqueue(judging_id=judging_id)
    except Exception:
        logger.exception("judging of sample %s failed to run", sample_id)
        return None
    return judging_id


def _settle(sample_id: int, judging_id: int | None, policy: JudgingPolicy) -> str:
    """Record the sample's judging once it has run; judge again what the sandbox failed."""
    for attempt in range(policy.retries + 1):
        if judging_id is None:
            # The judging did not run to the end here: read what the sample is linked to.
            status, judging_id = EvalSample.objects.values_list("status", "judging_id").get(
                id=sample_id
            )
            if status not in OPEN:
                return status
        judging = Judging.objects.filter(id=judging_id).first() if judging_id else None
        if judging is None:
            reason = "the sample could not be submitted"
        elif judging.status != JudgingStatus.DONE or judging.verdict in INFRASTRUCTURE_VERDICTS:
            reason = _failure_reason(judging)
        else:
            _record(sample_id, judging)
            return SampleStatus.DONE
        if attempt == policy.retries:
            _exclude(sample_id, judging, reason)
            return SampleStatus.EXCLUDED
        logger.warning("sample %s: %s; judging again", sample_id, reason)
        if judging is None:
            judging_id = _submit(
                EvalSample.objects.select_related("task__problem").get(id=sample_id), policy
            )
        else:
            judging_id = _rejudge(sample_id)
    return SampleStatus.EXCLUDED


def _rejudge(sample_id: int) -> int | None:
    try:
        return sample_rejudge(sample_id=sample_id).id
    except Exception:
        logger.exception("rejudging sample %s failed to run", sample_id)
        return None


def judge_embedded(
    sample_ids: Sequence[int], policy: JudgingPolicy, progress: Progress | None = None
) -> None:
    """Judge in this process's threads, or (for larger runs) in worker processes too:
    the pipeline's own Python work holds the GIL, so threads alone use about one core."""
    processes = policy.processes or (
        os.cpu_count() or 1 if len(sample_ids) >= EMBEDDED_PROCESSES_FROM else 1
    )
    if processes > 1:
        judge_in_processes(sample_ids, policy, processes, progress)
    else:
        judge_in_threads(sample_ids, policy, progress)


def judge_in_threads(
    sample_ids: Sequence[int], policy: JudgingPolicy, progress: Progress | None = None
) -> int:
    """Judge in a pool of threads, each keeping its database connection to the end.

    This thread submits the samples a block at a time (one transaction per block) a little
    ahead of the pool; a sample that could not be submitted with its block is submitted
    on its own by the thread that judges it.
    """
    if not sample_ids:
        return 0
    workers = min(policy.concurrency, len(sample_ids))
    block = max(CHUNK, 2 * workers)
    todo: queue.Queue[tuple[int, int | None] | None] = queue.Queue(maxsize=2 * block)
    failures: list[BaseException] = []
    report = threading.Lock()

    def work() -> None:
        try:
            while (item := todo.get()) is not None:
                if failures:
                    continue
                sample_id, judging_id = item
                try:
                    if judging_id is None:
                        sample_judge_now(sample_id=sample_id, policy=policy)
                    else:
                        sample_judge_submitted(
                            sample_id=sample_id, judging_id=judging_id, policy=policy
                        )
                except BaseException as exc:
                    failures.append(exc)
                    continue
                if progress is not None:
                    with report:
                        progress(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, name=f"judge-{i}") for i in range(workers)]
    for thread in threads:
        thread.start()
    try:
        ids = list(sample_ids)
        for start in range(0, len(ids), block):
            if failures:
                break
            chunk = ids[start : start + block]
            samples = EvalSample.objects.select_related("task__problem").filter(id__in=chunk)
            started = samples_submit(list(samples), policy)
            for sample_id in chunk:
                todo.put((sample_id, started.get(sample_id)))
    finally:
        for _ in threads:
            todo.put(None)
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    return len(sample_ids)


def judge_in_processes(
    sample_ids: Sequence[int],
    policy: JudgingPolicy,
    processes: int,
    progress: Progress | None = None,
) -> None:
    per_process = replace(policy, concurrency=max(1, policy.concurrency // processes))
    ids = list(sample_ids)
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    database = str(connection.settings_dict["NAME"])
    connection.close()
    pool = ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=judging_process.process_init,
        initargs=(database,),
    )
    try:
        futures = [
            pool.submit(judging_process.judge_chunk, chunk, asdict(per_process)) for chunk in chunks
        ]
        for future in as_completed(futures):
            done = future.result()
            if progress is not None:
                progress(done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- distributed: submit everything, then collect ---------------------------------------------


def judge_distributed(
    sample_ids: Sequence[int],
    policy: JudgingPolicy,
    progress: Progress | None = None,
    poll_s: float = 0.25,
) -> None:
    # A block at a time (one transaction each), as the embedded default submits: a sample
    # at a time, the submitting process was what bounded a run on several hosts.
    ids = list(sample_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        samples = EvalSample.objects.select_related("task__problem").filter(id__in=chunk)
        started = samples_submit(list(samples), policy)
        for sample_id, judging_id in started.items():
            _start(sample_id, judging_id, fresh=True)
        for sample_id in chunk:
            if sample_id not in started:
                sample_submit(sample_id=sample_id, policy=policy)
    for sample_id in EvalSample.objects.filter(
        id__in=sample_ids, status=SampleStatus.SUBMITTED, judging=None
    ).values_list("id", flat=True):
        sample_rejudge(sample_id=sample_id)
    waiting: dict[int, tuple[int, int, float]] = {}  # judging -> (sample, retries left, deadline)
    for sample_id, judging_id in EvalSample.objects.filter(
        id__in=sample_ids, status=SampleStatus.SUBMITTED
    ).values_list("id", "judging_id"):
        waiting[judging_id] = (sample_id, policy.retries, time.monotonic() + policy.timeout_s)
    finished_early = len(sample_ids) - len(waiting)
    if progress is not None and finished_early:
        progress(finished_early)
    while waiting:
        done = _collect_round(waiting, policy)
        if progress is not None and done:
            progress(done)
        if not done and waiting:
            time.sleep(poll_s)


def _collect_round(waiting: dict[int, tuple[int, int, float]], policy: JudgingPolicy) -> int:
    finished = 0
    ids = list(waiting)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        done = list(Judging.objects.filter(id__in=chunk, status=JudgingStatus.DONE))
        # The cases of every judging recorded now, in one query.
        outcomes = judgings_outcomes(
            judging_ids=[j.id for j in done if j.verdict not in INFRASTRUCTURE_VERDICTS],
            fields=SUMMARY_FIELDS,
        )
        for judging in done:
            sample_id, retries, _ = waiting.pop(judging.id)
            if judging.verdict not in INFRASTRUCTURE_VERDICTS:
                _record(sample_id, judging, outcomes.get(judging.id, []))
            elif retries > 0:
                logger.warning("sample %s: %s; judging again", sample_id, _failure_reason(judging))
                again = sample_rejudge(sample_id=sample_id)
                waiting[again.id] = (sample_id, retries - 1, time.monotonic() + policy.timeout_s)
                continue
            else:
                _exclude(sample_id, judging, _failure_reason(judging))
            finished += 1
    now = time.monotonic()
    for judging_id, (sample_id, _, deadline) in list(waiting.items()):
        if now > deadline:
            waiting.pop(judging_id)
            judging = Judging.objects.get(id=judging_id)
            _exclude(sample_id, judging, f"not judged within {policy.timeout_s:g} s")
            finished += 1
    return finished


def judge_samples(
    sample_ids: Sequence[int], policy: JudgingPolicy, progress: Progress | None = None
) -> None:
    if settings.SCALEBOX_EMBEDDED:
        judge_embedded(sample_ids, policy, progress)
    else:
        judge_distributed(sample_ids, policy, progress)
