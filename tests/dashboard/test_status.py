"""The live status page: queue depth, workers and their languages, throughput."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from kombu import Connection

from tests.dashboard.factories import judged_submission, problem_for
from verification.models import Judging, JudgingStatus, Submission, WorkerHost

pytestmark = pytest.mark.django_db


def worker(name: str, *, seen_ago_s: float = 5, online: bool = True) -> WorkerHost:
    now = timezone.now()
    return WorkerHost.objects.create(
        name=name,
        hostname=name.rsplit("@", maxsplit=1)[-1],
        isolation="bwrap",
        languages={"python": "Python 3.11.2", "cpp": "g++ 12.2.0"},
        failed_languages={"haskell": "ghc not found"},
        started_at=now - timedelta(hours=1),
        last_seen=now - timedelta(seconds=seen_ago_s),
        online=online,
    )


def test_embedded_mode_has_no_queue_but_shows_workers_and_throughput(
    alice_client: Client,
) -> None:
    worker("w1@host-a")
    worker("w2@host-b", seen_ago_s=10 * 86400)
    for verdict in ("AC", "WA", "AC"):
        judged_submission(problem_for("sum"), verdict)
    old = judged_submission(problem_for("sum"), "AC")
    Judging.objects.filter(id=old.id).update(finished_at=timezone.now() - timedelta(hours=3))
    queued = Submission.objects.create(problem=problem_for("sum"), language="python")
    Judging.objects.create(submission=queued, status=JudgingStatus.QUEUED, case_ids=[])
    html = alice_client.get("/status/").content.decode()
    assert '<span class="big" id="queue-mode">embedded</span>' in html
    assert "no queue to measure" in html
    workers = html[html.index('id="workers"') :]
    assert "w1@host-a" in workers
    assert "Python 3.11.2" in workers
    assert "g++ 12.2.0" in workers
    assert "haskell" in workers
    assert workers.count('<span class="good">online</span>') == 1
    assert "stale" in workers
    assert "3 judgings in the last 5 minutes, 3 in the last hour (6 test cases)" in html
    assert "Flower" not in html  # no broker, so no Flower to open
    assert "judgings finished per minute" in html


def test_with_a_broker_the_queue_depths_are_read_from_it(alice_client: Client) -> None:
    worker("w1@host-a")
    url = "memory://"
    with Connection(url) as conn:
        queue = conn.SimpleQueue("lang.python")
        for i in range(3):
            queue.put({"n": i})
        queue.close()
    with override_settings(SCALEBOX_EMBEDDED=False, CELERY_BROKER_URL=url):
        html = alice_client.get("/status/").content.decode()
    depths = html[
        html.index('id="queue-depths"') : html.index("</table>", html.index("queue-depths"))
    ]
    assert '<td>lang.python</td><td class="num">3</td>' in depths
    assert 'href="http://localhost:5555/"' in html
    assert "<td>lang.cpp</td>" in depths
    assert "not declared" in depths


def test_a_broker_that_does_not_answer_is_reported(alice_client: Client) -> None:
    with override_settings(SCALEBOX_EMBEDDED=False, CELERY_BROKER_URL="redis://127.0.0.1:9/0"):
        html = alice_client.get("/status/").content.decode()
    assert "The broker did not answer" in html
