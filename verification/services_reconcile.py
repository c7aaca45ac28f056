"""Reconciliation: find the judgings nothing will ever finish, send them again or end them.

A judging can be stranded by a lost broker message (a broker restarted without
persistence), a worker that died holding one of its batches (its claim outlives its
heartbeat), or a chord whose callback never came. Every worker runs this sweep on its
timer (``verification/worker_signals.py``); sweeps on several workers at once are
harmless, because a judging is sent again only through a guarded update of its
``attempts`` count (``services_judging.judging_send``).

A judging QUEUED or RUNNING that no live worker holds is stranded when
- a worker that held one of its batches is dead (no heartbeat for
  SCALEBOX_WORKER_STALE_S), or a claim is older than the task's hard time limit; or
- nothing happened to it for SCALEBOX_RECONCILE_DEADLINE_S and either it was never sent
  or the queues its tasks go to are empty (a judging waiting behind a backlog is not
  stranded: its message is still in the queue).
A stranded judging is sent again, up to SCALEBOX_RECONCILE_MAX_ATTEMPTS sends in all;
stranded once more after that, it ends with SE and the reason stored. Sending again is
safe with a late original run: case results are written once per case, and a finished
judging is never changed (``judging_finalize``, ``judging_fail``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from verification import services_judging, workers
from verification.errors import ServiceUnavailable
from verification.models import BatchClaim, Judging

logger = logging.getLogger(__name__)

MAX_PER_SWEEP = 500

_UNREACHABLE: tuple[type[BaseException], ...] = (*services_judging.BROKER_ERRORS, OSError)
QueueSizes = Callable[[list[str]], "dict[str, int] | None"]


@dataclass
class SweepReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    claims_expired: int = 0
    broker_unavailable: bool = False


def broker_queue_sizes(names: list[str]) -> dict[str, int] | None:
    """Ready messages in each queue, or None when the broker cannot be asked."""
    try:
        with current_app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1)
            sizes: dict[str, int] = {}
            missing: tuple[type[BaseException], ...] = tuple(conn.channel_errors)
            for name in names:
                channel = conn.channel()
                try:
                    sizes[name] = int(channel.queue_declare(queue=name, passive=True)[1])
                except missing:  # never declared: nothing was ever sent to it
                    sizes[name] = 0
                finally:
                    with contextlib.suppress(Exception):
                        channel.close()
            return sizes
    except _UNREACHABLE as exc:
        logger.warning("reconciliation: the broker cannot be asked for queue sizes: %r", exc)
        return None


def _expire_claims(now: datetime) -> tuple[set[int], int]:
    """Delete the claims of dead workers and too old claims; their judgings' ids."""
    live = workers.workers_live(now=now)
    too_old = now - timedelta(
        seconds=settings.CELERY_TASK_TIME_LIMIT + settings.SCALEBOX_WORKER_STALE_S
    )
    dead = BatchClaim.objects.filter(~Q(worker__in=live) | Q(claimed_at__lt=too_old))
    lost = set(dead.values_list("judging_id", flat=True))
    expired, _ = dead.delete()
    return lost, expired


def _queues_of(languages: Iterable[str]) -> dict[str, list[str]]:
    return {
        language: [workers.language_queue(language), settings.CELERY_TASK_DEFAULT_QUEUE]
        for language in languages
    }


def judgings_reconcile(
    *, now: datetime | None = None, queue_sizes: QueueSizes = broker_queue_sizes
) -> SweepReport:
    """One sweep: send stranded judgings again, or end them with SE."""
    now = now or timezone.now()
    report = SweepReport()
    lost, report.claims_expired = _expire_claims(now)
    held = set(BatchClaim.objects.values_list("judging_id", flat=True))
    idle_since = now - timedelta(seconds=settings.SCALEBOX_RECONCILE_DEADLINE_S)
    rows = list(
        Judging.objects.filter(status__in=services_judging.OPEN)
        .exclude(id__in=held)
        .filter(
            Q(id__in=lost)
            | Q(progress_at__lt=idle_since)
            | Q(progress_at__isnull=True, created_at__lt=idle_since)
        )
        .order_by("id")
        .values_list("id", "attempts", "submission__language")[:MAX_PER_SWEEP]
    )
    if not rows:
        return report
    sizes: dict[str, int] | None = {}
    if not settings.SCALEBOX_EMBEDDED:
        wanted = _queues_of({language for _, _, language in rows})
        sizes = queue_sizes(sorted({q for names in wanted.values() for q in names}))
    for judging_id, attempts, language in rows:
        if judging_id not in lost and attempts > 0:
            if sizes is None:
                continue  # cannot tell a lost message from one waiting in a queue
            if any(sizes.get(q, 0) for q in _queues_of([language])[language]):
                continue  # a backlog: its message may be waiting in it
        try:
            _settle(judging_id, attempts, judging_id in lost, report)
        except ServiceUnavailable:
            report.broker_unavailable = True
            break
    return report


def _settle(judging_id: int, attempts: int, lost: bool, report: SweepReport) -> None:
    if attempts >= settings.SCALEBOX_RECONCILE_MAX_ATTEMPTS:
        why = "a worker running it died" if lost else "its task was lost"
        if services_judging.judging_fail(
            judging_id=judging_id,
            error=(
                f"the judging was stranded ({why}) after {attempts} attempts to run it; "
                "the reconciliation sweep gave up"
            ),
            attempt=attempts,
        ):
            report.failed.append(judging_id)
        return
    if services_judging.judging_send(judging_id=judging_id, seen_attempts=attempts):
        logger.warning(
            "reconciliation: judging %s sent again (attempt %d)", judging_id, attempts + 1
        )
        report.sent.append(judging_id)
