"""The reconciliation sweep: stranded judgings are sent again, a bounded number of times.

Embedded default: a judging the sweep sends again runs here and now. The broker's queue
sizes are the one seam (``queue_sizes``); tests that need the distributed rules switch
SCALEBOX_EMBEDDED off and never let a chord be sent.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import make_problem
from verification import services_reconcile
from verification.models import BatchClaim, CaseResult, Judging, JudgingStatus, WorkerHost
from verification.services import SubmissionSpec, submissions_create
from verification.services_judging import judging_send

pytestmark = pytest.mark.django_db(transaction=True)

SQUARE_OK = "n = int(input())\nprint(n * n)\n"


def _stranded(*, idle_s: float = 3600, attempts: int = 1, status: str = "QUEUED") -> Judging:
    problem = make_problem("square", [(f"{i}\n", f"{i * i}\n") for i in range(3)])
    [(_, judging)] = submissions_create(
        specs=[SubmissionSpec(problem=problem, language="python", source=SQUARE_OK)],
        enqueue=False,
    )
    Judging.objects.filter(id=judging.id).update(
        attempts=attempts, status=status, progress_at=timezone.now() - timedelta(seconds=idle_s)
    )
    return judging


def _worker(name: str, *, seen_ago_s: float) -> WorkerHost:
    now = timezone.now()
    return WorkerHost.objects.create(
        name=name,
        hostname="h",
        isolation="bubblewrap",
        languages={"python": "3"},
        started_at=now - timedelta(hours=1),
        last_seen=now - timedelta(seconds=seen_ago_s),
        online=True,
    )


def _claim(judging: Judging, worker: str) -> None:
    BatchClaim.objects.create(
        judging=judging,
        first_case_id=judging.case_ids[0],
        worker=worker,
        claimed_at=timezone.now() - timedelta(seconds=5),
    )


def _empty(names: list[str]) -> dict[str, int]:
    return dict.fromkeys(names, 0)


def test_a_judging_whose_message_was_lost_is_sent_again_and_finishes() -> None:
    judging = _stranded()
    report = services_reconcile.judgings_reconcile(queue_sizes=_empty)
    assert report.sent == [judging.id]
    judging.refresh_from_db()
    assert (judging.status, judging.verdict, judging.attempts) == (JudgingStatus.DONE, "AC", 2)
    assert CaseResult.objects.filter(judging=judging).count() == 3


def test_a_judging_never_sent_is_sent() -> None:
    judging = _stranded(attempts=0)
    services_reconcile.judgings_reconcile(queue_sizes=_empty)
    judging.refresh_from_db()
    assert (judging.verdict, judging.attempts) == ("AC", 1)


def test_a_judging_within_its_deadline_is_left_alone() -> None:
    judging = _stranded(idle_s=1)
    assert services_reconcile.judgings_reconcile(queue_sizes=_empty).sent == []
    judging.refresh_from_db()
    assert (judging.status, judging.attempts) == (JudgingStatus.QUEUED, 1)


def test_a_judging_held_by_a_dead_worker_is_sent_again_at_once() -> None:
    judging = _stranded(idle_s=1, status=JudgingStatus.RUNNING)
    _worker("dead@h", seen_ago_s=3600)
    _claim(judging, "dead@h")
    report = services_reconcile.judgings_reconcile(queue_sizes=_empty)
    assert report.claims_expired == 1 and report.sent == [judging.id]
    judging.refresh_from_db()
    assert (judging.status, judging.verdict) == (JudgingStatus.DONE, "AC")
    assert not BatchClaim.objects.exists()


def test_a_judging_held_by_a_live_worker_is_left_alone() -> None:
    judging = _stranded(status=JudgingStatus.RUNNING)
    _worker("alive@h", seen_ago_s=1)
    _claim(judging, "alive@h")
    assert services_reconcile.judgings_reconcile(queue_sizes=_empty).sent == []
    judging.refresh_from_db()
    assert (judging.status, judging.attempts) == (JudgingStatus.RUNNING, 1)
    assert BatchClaim.objects.count() == 1


@override_settings(SCALEBOX_RECONCILE_MAX_ATTEMPTS=3)
def test_a_judging_stranded_too_often_ends_with_se() -> None:
    judging = _stranded(attempts=3)
    report = services_reconcile.judgings_reconcile(queue_sizes=_empty)
    assert report.failed == [judging.id]
    judging.refresh_from_db()
    assert (judging.status, judging.verdict, judging.attempts) == (JudgingStatus.DONE, "SE", 3)
    assert "stranded" in judging.error and "3 attempts" in judging.error
    assert (
        list(CaseResult.objects.filter(judging=judging).values_list("verdict", flat=True))
        == ["SE"] * 3
    )


def test_a_judging_behind_a_backlog_is_not_sent_again() -> None:
    judging = _stranded()
    with override_settings(SCALEBOX_EMBEDDED=False):
        report = services_reconcile.judgings_reconcile(queue_sizes=lambda names: {"lang.python": 7})
    assert report.sent == [] and report.failed == []
    judging.refresh_from_db()
    assert (judging.status, judging.attempts) == (JudgingStatus.QUEUED, 1)


def test_nothing_is_decided_while_the_broker_cannot_be_asked() -> None:
    judging = _stranded(attempts=9)
    with override_settings(SCALEBOX_EMBEDDED=False):
        report = services_reconcile.judgings_reconcile(queue_sizes=lambda names: None)
    assert report.sent == [] and report.failed == []
    judging.refresh_from_db()
    assert judging.status == JudgingStatus.QUEUED


def test_a_claim_older_than_the_hard_time_limit_is_expired() -> None:
    judging = _stranded(idle_s=1, status=JudgingStatus.RUNNING)
    _worker("alive@h", seen_ago_s=1)
    _claim(judging, "alive@h")
    BatchClaim.objects.update(claimed_at=timezone.now() - timedelta(days=1))
    report = services_reconcile.judgings_reconcile(queue_sizes=_empty)
    assert report.sent == [judging.id]


def test_two_sweeps_send_a_judging_once() -> None:
    judging = _stranded()
    seen_by_both = 1
    assert judging_send(judging_id=judging.id, seen_attempts=seen_by_both)
    assert not judging_send(judging_id=judging.id, seen_attempts=seen_by_both)
    judging.refresh_from_db()
    assert judging.attempts == 2
