"""Reads behind the dashboard's problem, submission and status pages.

Who sees a submission is decided by ``verification.selectors.submissions_visible_to``
(its owner, staff, and anyone who may see an evaluation run it was judged for), the same
rule for the API, the dashboard and the admin.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import BinaryField, Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from kombu import Connection

from verification.models import (
    CaseResult,
    Judging,
    JudgingStatus,
    Problem,
    TestCase,
    TestData,
    WorkerHost,
)
from verification.outcome import STORED_FIELDS
from verification.verdicts import Verdict

# How much of an answer is read to diff a failed case against, and how much is shown.
ANSWER_HEAD_BYTES = 8192
DIFF_MAX_LINES = 80
DIFF_MAX_LINE_CHARS = 240
DIFFS_PER_PAGE = 20
PASSING = (Verdict.AC, Verdict.SKIPPED)


def problems_listed(*, search: str = "") -> QuerySet[Problem]:
    problems = (
        Problem.objects.filter(inline=False)
        .select_related("judge")
        .only(
            "id",
            "slug",
            "title",
            "kind",
            "time_limit_s",
            "memory_limit_mb",
            "updated_at",
            "judge__key",
            "judge__version",
            "judge__state",
        )
        .annotate(case_count=Count("test_cases", filter=Q(test_cases__active=True)))
    )
    if search:
        problems = problems.filter(Q(slug__icontains=search) | Q(title__icontains=search))
    return problems.order_by("slug")


def problem_test_groups(*, problem: Problem) -> list[dict[str, Any]]:
    """Active test cases per group, with the bytes of their inputs and answers."""
    return [
        dict(row)
        for row in TestCase.objects.filter(problem=problem, active=True)
        .values("group")
        .annotate(
            cases=Count("id"),
            input_bytes=Sum("input__size"),
            answer_bytes=Sum("answer__size"),
        )
        .order_by("group")
    ]


def judging_case_results(*, judging: Judging) -> QuerySet[CaseResult]:
    """The judging's case rows in test order: each case's whole outcome (the fields of
    ``verification.outcome.CaseOutcome``), its name and group, and where its answer is."""
    return (
        CaseResult.objects.filter(judging=judging)
        .select_related("test_case")
        .only(
            "id",
            "judging_id",
            "order",
            *STORED_FIELDS,
            "test_case__name",
            "test_case__group",
            "test_case__answer_id",
        )
        .order_by("order")
    )


def answer_heads(*, sha256s: list[str]) -> dict[str, bytes]:
    """The first ANSWER_HEAD_BYTES of each answer, cut in the database."""
    rows = (
        TestData.objects.filter(sha256__in=sha256s)
        .annotate(head=Substr("data", 1, ANSWER_HEAD_BYTES, output_field=BinaryField()))
        .values_list("sha256", "head", "size")
    )
    return {sha: bytes(head or b"") for sha, head, _ in rows}


@dataclass(frozen=True)
class OutputDiff:
    lines: list[tuple[str, str]]
    """(kind, text): kind is "add" (output), "del" (answer), "hunk" or "same"."""
    truncated: bool
    identical_shown: bool
    """The shown parts are equal: the difference lies beyond what was kept."""


def _clip(line: str) -> str:
    if len(line) <= DIFF_MAX_LINE_CHARS:
        return line
    return line[:DIFF_MAX_LINE_CHARS] + f" … ({len(line) - DIFF_MAX_LINE_CHARS} more chars)"


def output_diff(*, answer: bytes, output: str, answer_truncated: bool) -> OutputDiff:
    expected = answer.decode("utf-8", errors="replace").splitlines()
    got = output.splitlines()
    if answer_truncated:
        # Compare only as far as both were kept, so the cut is not reported as a difference.
        got = got[: len(expected)]
    lines: list[tuple[str, str]] = []
    for line in list(difflib.unified_diff(expected, got, "answer", "output", n=2, lineterm=""))[2:]:
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        lines.append((kind, _clip(line)))
    truncated = len(lines) > DIFF_MAX_LINES
    return OutputDiff(lines[:DIFF_MAX_LINES], truncated, not lines)


def case_diffs(*, cases: list[CaseResult]) -> dict[int, OutputDiff]:
    """Output against answer for the failed cases among ``cases`` (at most DIFFS_PER_PAGE)."""
    failed = [c for c in cases if c.verdict not in PASSING and c.verdict != Verdict.CE][
        :DIFFS_PER_PAGE
    ]
    if not failed:
        return {}
    sizes = dict(
        TestData.objects.filter(sha256__in={c.test_case.answer_id for c in failed}).values_list(
            "sha256", "size"
        )
    )
    heads = answer_heads(sha256s=list(sizes))
    return {
        c.id: output_diff(
            answer=heads.get(c.test_case.answer_id, b""),
            output=c.stdout_excerpt,
            answer_truncated=sizes.get(c.test_case.answer_id, 0) > ANSWER_HEAD_BYTES,
        )
        for c in failed
    }


SampleFinder = Callable[[int], Any]
"""Given a submission's id, the evaluation sample it was judged for, or None."""

_sample_finders: list[SampleFinder] = []


def submission_sample_register(finder: SampleFinder) -> None:
    """Let a higher door (eval_suites) name the sample a submission was judged for, so the
    submission page links to its run without this app importing that one."""
    if finder not in _sample_finders:
        _sample_finders.append(finder)


def submission_sample(*, submission_id: int) -> Any | None:
    """The evaluation sample a submission was judged for, if any registered finder knows it."""
    for finder in _sample_finders:
        sample = finder(submission_id)
        if sample is not None:
            return sample
    return None


def workers_listed() -> list[WorkerHost]:
    return list(WorkerHost.objects.order_by("-online", "name"))


def worker_is_live(worker: WorkerHost) -> bool:
    cutoff = timezone.now() - timedelta(seconds=settings.SCALEBOX_WORKER_STALE_S)
    return worker.online and worker.last_seen >= cutoff


@dataclass
class Throughput:
    judgings_5m: int
    judgings_60m: int
    cases_60m: int
    per_minute: list[tuple[str, int]]
    """(HH:MM, judgings finished) for each of the last 60 minutes, oldest first."""
    queued: int
    running: int


def throughput_recent() -> Throughput:
    """Judgings finished per minute over the last hour, counted with one range filter per
    minute in a single query (no per-row date function), and the case results behind them."""
    end = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    since = end - timedelta(minutes=60)
    edges = [since + timedelta(minutes=i) for i in range(61)]
    counts = Judging.objects.filter(finished_at__gte=since).aggregate(
        **{
            f"m{i}": Count("id", filter=Q(finished_at__gte=edges[i], finished_at__lt=edges[i + 1]))
            for i in range(60)
        }
    )
    per_minute = [
        (timezone.localtime(edges[i]).strftime("%H:%M"), int(counts[f"m{i}"] or 0))
        for i in range(60)
    ]
    cases = CaseResult.objects.filter(judging__finished_at__gte=since).count()
    states = dict(
        Judging.objects.filter(status__in=[JudgingStatus.QUEUED, JudgingStatus.RUNNING])
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Throughput(
        judgings_5m=sum(n for _, n in per_minute[-5:]),
        judgings_60m=sum(n for _, n in per_minute),
        cases_60m=cases,
        per_minute=per_minute,
        queued=int(states.get(JudgingStatus.QUEUED, 0)),
        running=int(states.get(JudgingStatus.RUNNING, 0)),
    )


@dataclass(frozen=True)
class QueueDepths:
    mode: str
    """"embedded" (no broker), "broker", or "unavailable" (the broker did not answer)."""
    depths: dict[str, int | None]
    error: str = ""


def queue_depths(*, queues: list[str]) -> QueueDepths:
    """Messages waiting in each queue, read from the broker through kombu."""
    if settings.SCALEBOX_EMBEDDED:
        return QueueDepths("embedded", {})
    depths: dict[str, int | None] = {}
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
            for name in queues:
                # A passive declare of a queue nobody declared closes an AMQP channel:
                # one channel per queue keeps that from hiding the others.
                channel = conn.channel()
                try:
                    _, count, _ = channel.queue_declare(queue=name, passive=True)
                    depths[name] = int(count)
                except Exception:
                    depths[name] = None
                finally:
                    with contextlib.suppress(Exception):
                        channel.close()
    except Exception as exc:
        return QueueDepths("unavailable", depths, f"{type(exc).__name__}: {exc}")
    return QueueDepths("broker", depths)
