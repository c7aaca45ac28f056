"""Sending judgings does not grow the sender: nothing waits on a chord it sent.

The web process sends a chord per judging and never waits for it. Celery's result
objects for the chord's header register themselves with the Redis result backend's
result consumer (a waiter kept per task id, a pub/sub subscription per task); left
there, every judging sent adds to them for the life of the process (issue 13's soak:
the web process grew by ~3.4 KB per judging). Real RabbitMQ and Redis, no worker: the
header goes to the queue of a language no test worker serves, purged afterwards.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from amqp.exceptions import NotFound
from celery.result import AsyncResult
from django.conf import settings
from django.test import override_settings
from kombu import Connection, Queue

from scalebox_site.celery import app
from tests.factories import make_problem
from tests.integration.conftest import _require_distributed
from verification.models import Judging, Submission, SubmissionSource
from verification.services_judging import judging_enqueue
from verification.workers import language_queue

pytestmark = pytest.mark.integration

LANGUAGE = "lua"  # no test worker serves it: the chords sent here stay in its queue
BATCHES = 3


@pytest.fixture
def lua_queue(db: None) -> Iterator[str]:
    _require_distributed()
    name = language_queue(LANGUAGE)
    _purge(name)
    yield name
    _purge(name)


def _purge(name: str) -> None:
    # Celery declares the queue at the first send: before it, there is nothing to purge.
    with Connection(settings.CELERY_BROKER_URL) as conn, contextlib.suppress(NotFound):
        Queue(name, channel=conn.default_channel).purge()


def _queued_judging(problem: Any) -> int:
    submission = Submission.objects.create(problem=problem, language=LANGUAGE)
    SubmissionSource.objects.create(submission=submission, text="print(1)\n", sha256="0" * 64)
    cases = problem.test_cases.filter(active=True).order_by("order")
    case_ids = list(cases.values_list("id", flat=True))
    return Judging.objects.create(submission=submission, case_ids=case_ids).id


def _held() -> dict[str, int]:
    """What the sender's result backend keeps for results it may wait on."""
    gc.collect()
    backend = app.backend
    consumer = backend.result_consumer
    pubsub = consumer._pubsub
    return {
        "waiters": sum(len(waiters) for m in backend._pending_results for waiters in m.values()),
        "task_ids": sum(len(m) for m in backend._pending_results),
        "subscribed_to": len(consumer.subscribed_to),
        "pubsub_channels": len(pubsub.channels) if pubsub is not None else 0,
        "pubsub_unsubscribing": len(pubsub.pending_unsubscribe_channels) if pubsub else 0,
    }


@pytest.mark.parametrize("sends", [20])
def test_sending_judgings_keeps_nothing_per_chord(lua_queue: str, sends: int) -> None:
    problem = make_problem("pending", [(f"{i}\n", f"{i}\n") for i in range(BATCHES * 2)])
    judging_ids = [_queued_judging(problem) for _ in range(sends + 1)]
    with override_settings(SCALEBOX_BATCH_SIZE=2):  # three batches a chord
        judging_enqueue(judging_id=judging_ids[0])  # the connections are made once
        before = _held()
        for judging_id in judging_ids[1:]:
            judging_enqueue(judging_id=judging_id)
        after = _held()
    with Connection(settings.CELERY_BROKER_URL) as conn:
        _, queued, _ = Queue(lua_queue, channel=conn.default_channel).queue_declare(passive=True)
    assert queued == BATCHES * (sends + 1)  # every chord was sent, header and all
    assert after == before, f"{sends} chords sent: {before} -> {after}"


def test_a_result_waited_for_meanwhile_still_arrives(lua_queue: str) -> None:
    """Letting go of a chord's results leaves another thread's wait alone."""
    problem = make_problem("pending", [(f"{i}\n", f"{i}\n") for i in range(BATCHES * 2)])
    judging_ids = [_queued_judging(problem) for _ in range(5)]
    waited = AsyncResult(str(uuid.uuid4()), app=app)
    got: list[Any] = []
    waiter = threading.Thread(target=lambda: got.append(waited.get(timeout=60)), daemon=True)
    waiter.start()
    key = app.backend.get_key_for_task(waited.id)
    for _ in range(600):  # until the waiter has subscribed
        if key in app.backend.result_consumer.subscribed_to:
            break
        time.sleep(0.05)
    assert key in app.backend.result_consumer.subscribed_to
    with override_settings(SCALEBOX_BATCH_SIZE=2):
        for judging_id in judging_ids:
            judging_enqueue(judging_id=judging_id)
    app.backend.store_result(waited.id, 42, "SUCCESS")
    waiter.join(timeout=90)
    assert got == [42]
