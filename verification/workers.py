"""What each worker can run: self-tests at start, a record in the database, routing.

A worker runs every executor's self-test when it starts, records the languages that
passed (with their versions) and its isolation level, and consumes one queue per
passing language. Case batches are sent to their language's queue, so they reach only
workers that passed its self-test; a submission in a language no online worker offers
is refused at once instead of waiting in a queue nobody reads.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from verification.errors import LanguageUnavailable
from verification.executors import executor_for, known_languages
from verification.models import BatchClaim, Judging, JudgingStatus, WorkerHost

logger = logging.getLogger(__name__)
_last_heartbeat: dict[str, float] = {}


def language_queue(language: str) -> str:
    return f"lang.{language}"


def self_test_all(languages: list[str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Run the self-test of every executor (or of ``languages``) in parallel.

    Returns (passed: language -> version, failed: language -> reason).
    """
    wanted = languages or known_languages()

    def one(language: str) -> tuple[str, bool, str]:
        try:
            executor = executor_for(language)
            ok, detail = executor.self_test()
            return language, ok, executor.version() if ok else detail
        except Exception as exc:  # a broken runtime must not stop the worker
            return language, False, f"{type(exc).__name__}: {exc}"

    passed: dict[str, str] = {}
    failed: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for language, ok, detail in pool.map(one, wanted):
            (passed if ok else failed)[language] = detail[:500]
    return passed, failed


def worker_register(
    *, name: str, passed: dict[str, str], failed: dict[str, str], isolation: str
) -> WorkerHost:
    now = timezone.now()
    host, _ = WorkerHost.objects.update_or_create(
        name=name,
        defaults={
            "hostname": socket.gethostname(),
            "isolation": isolation,
            "languages": passed,
            "failed_languages": failed,
            "started_at": now,
            "last_seen": now,
            "online": True,
        },
    )
    return host


def worker_heartbeat(*, name: str, every_s: float = 30.0) -> None:
    """Mark the worker as seen; writes at most once per ``every_s`` per process."""
    now = time.monotonic()
    if now - _last_heartbeat.get(name, 0.0) < every_s:
        return
    _last_heartbeat[name] = now
    WorkerHost.objects.filter(name=name).update(last_seen=timezone.now(), online=True)


def worker_offline(*, name: str) -> None:
    WorkerHost.objects.filter(name=name).update(online=False)


def workers_live(*, now: datetime | None = None) -> set[str]:
    """Names of the workers whose heartbeat is recent (SCALEBOX_WORKER_STALE_S)."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.SCALEBOX_WORKER_STALE_S)
    return set(
        WorkerHost.objects.filter(online=True, last_seen__gte=cutoff).values_list("name", flat=True)
    )


@contextlib.contextmanager
def batch_claimed(*, judging_id: int, case_ids: list[int], worker: str) -> Iterator[None]:
    """Record that ``worker`` runs this batch while the block runs.

    A claim left behind by a worker that died (its heartbeat goes stale) tells the
    reconciliation sweep that nobody will finish the batch. A batch run again (a
    redelivered message) takes over the claim of the earlier run.
    """
    worker_heartbeat(name=worker)
    first = case_ids[0] if case_ids else 0
    now = timezone.now()
    open_ = Judging.objects.filter(
        id=judging_id, status__in=[JudgingStatus.QUEUED, JudgingStatus.RUNNING]
    ).update(progress_at=now)
    if open_:
        BatchClaim.objects.update_or_create(
            judging_id=judging_id,
            first_case_id=first,
            defaults={"worker": worker, "claimed_at": now},
        )
    try:
        yield
    finally:
        if open_:
            BatchClaim.objects.filter(
                judging_id=judging_id, first_case_id=first, worker=worker
            ).delete()
            Judging.objects.filter(id=judging_id).update(progress_at=timezone.now())


def languages_online() -> set[str]:
    cutoff = timezone.now() - timedelta(seconds=settings.SCALEBOX_WORKER_STALE_S)
    offered: set[str] = set()
    for languages in WorkerHost.objects.filter(online=True, last_seen__gte=cutoff).values_list(
        "languages", flat=True
    ):
        offered.update(languages)
    return offered


def ensure_language_served(language: str) -> None:
    """Refuse a language nothing here can run: in embedded mode, one whose runtime is not
    installed; in distributed mode, one that no online worker has passed."""
    if settings.SCALEBOX_EMBEDDED:
        ensure_runtime_installed(language)
        return
    if language not in languages_online():
        raise LanguageUnavailable(
            f"no online worker offers language {language!r}; start a worker whose "
            "self-test for it passes",
            field="language",
        )


def ensure_runtime_installed(language: str) -> None:
    """Refuse a language whose compiler or interpreter is missing on this machine."""
    executor = executor_for(language)
    if not executor.is_installed():
        raise LanguageUnavailable(
            f"language {language!r} has no runtime installed here (it needs "
            f"{', '.join(executor.required_binaries())}; scripts/install_runtimes.sh "
            "installs them)",
            field="language",
        )
