"""Priorities on real brokers: an interactive submission overtakes a queued bulk run, on
RabbitMQ (priority queues) and with Redis as the broker; a queue declared before it was
a priority queue stops a worker with a clear message, and ``priority_queues --migrate``
declares it again without losing its messages.

RabbitMQ runs in a vhost of its own, Redis as the broker in a database of its own, so
that nothing here meets another test's queues.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings
from kombu import Connection

from tests.integration.conftest import Worker, _require_distributed, worker_env
from tests.integration.faults import (
    Stack,
    judging_states,
    manage,
    submit,
    wait_all_done,
    wait_for,
)
from verification.priorities import BULK, INTERACTIVE

pytestmark = pytest.mark.integration

RABBIT_HOST = "127.0.0.1:5672"
REDIS_BROKER_DB = 13
BULK_SUBMISSIONS = 6
BULK_CASES = 5  # a case batch each (batch size 1): 30 low-priority tasks
CASE_DELAY_S = 0.5
DONE_TIMEOUT_S = 180


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture
def rabbit_vhost() -> Iterator[str]:
    """A vhost of its own on the machine's RabbitMQ; its broker URL."""
    vhost = f"scalebox-itest-priority-{uuid.uuid4().hex[:8]}"
    _rabbitmqctl("add_vhost", vhost)
    try:
        _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@{RABBIT_HOST}/{vhost}"
    finally:
        _rabbitmqctl("delete_vhost", vhost)


@pytest.fixture
def redis_broker() -> Iterator[str]:
    """A Redis database of its own as the broker; its URL."""
    url = f"redis://127.0.0.1:6379/{REDIS_BROKER_DB}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


class Workers:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.started: list[Worker] = []

    def start(self, name: str, stack: Stack, *, wait: bool = True) -> Worker:
        env = worker_env(stack.broker_url)
        env["SCALEBOX_WORKER_LANGUAGES"] = "python"
        worker = Worker(name, self.tmp_path / f"{name}.log", env, concurrency=1)
        self.started.append(worker)
        if wait:
            worker.wait_ready()
        return worker


@pytest.fixture
def workers(transactional_db: None, tmp_path: Path) -> Iterator[Workers]:
    _require_distributed()
    found = Workers(tmp_path)
    try:
        yield found
    finally:
        for worker in found.started:
            worker.stop()


def _stack(broker_url: str) -> Stack:
    return Stack(worker_env()["DATABASE_URL"], broker_url, settings.CELERY_RESULT_BACKEND)


def _results(stack: Stack, judging_ids: list[int]) -> int:
    return sum(len(s.result_case_ids) for s in judging_states(stack.database_url, judging_ids))


def _overtakes(workers: Workers, stack: Stack, slug: str) -> None:
    """With one worker of concurrency 1 busy on a bulk run queued first, an interactive
    submission sent later is judged before the bulk run's remaining case batches."""
    worker = workers.start(f"prio-{slug}@itest", stack)
    bulk = submit(
        stack,
        slug=f"{slug}-bulk",
        cases=BULK_CASES,
        count=BULK_SUBMISSIONS,
        delay=CASE_DELAY_S,
        batch_size=1,
        priority=BULK,
    )
    total = BULK_SUBMISSIONS * BULK_CASES
    wait_for(lambda: _results(stack, bulk) >= 1, "the bulk run under way", 60)
    urgent = submit(
        stack,
        slug=f"{slug}-urgent",
        cases=1,
        count=1,
        delay=0.0,
        batch_size=1,
        priority=INTERACTIVE,
    )
    at_submit = _results(stack, bulk)
    [done] = wait_all_done(stack.database_url, urgent, timeout=DONE_TIMEOUT_S)
    at_done = _results(stack, bulk)
    assert done.status == "DONE" and done.verdict == "AC", done
    # The bulk batch running when it came, and at most one more taken before it.
    assert at_done <= at_submit + 2, (
        f"{at_done - at_submit} bulk case batches ran between the interactive submission "
        f"and its verdict"
    )
    assert at_done < total, "the bulk run had finished before the interactive submission"
    states = wait_all_done(stack.database_url, bulk, timeout=DONE_TIMEOUT_S)
    assert [(s.status, s.verdict) for s in states] == [("DONE", "AC")] * BULK_SUBMISSIONS, (
        states,
        worker.log.read_text(errors="replace")[-3000:],
    )
    assert _results(stack, bulk) == total
    print(f"bulk batches done: {at_submit} at the submission, {at_done} at its verdict")


def test_interactive_submission_overtakes_bulk_run_on_rabbitmq(
    workers: Workers, rabbit_vhost: str
) -> None:
    _overtakes(workers, _stack(rabbit_vhost), "rabbit")


def test_interactive_submission_overtakes_bulk_run_on_redis_broker(
    workers: Workers, redis_broker: str
) -> None:
    _overtakes(workers, _stack(redis_broker), "redis")


def test_queue_declared_without_priority_is_migrated(workers: Workers, rabbit_vhost: str) -> None:
    stack = _stack(rabbit_vhost)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    # The queue as an older ScaleBox declared it, with a message waiting in it.
    with Connection(rabbit_vhost) as conn:
        channel = conn.channel()
        channel.queue_declare(queue=queue, durable=True, auto_delete=False)
        channel.basic_publish(channel.prepare_message(b"kept"), exchange="", routing_key=queue)

    with pytest.raises(RuntimeError) as refused:
        manage(stack, "priority_queues")
    assert "x-max-priority" in str(refused.value)
    assert "priority_queues --migrate" in str(refused.value)

    old = workers.start("prio-old@itest", stack, wait=False)
    old.process.wait(timeout=120)
    log = old.log.read_text(errors="replace")
    assert old.process.returncode != 0, log[-3000:]
    assert f"worker prio-old@itest cannot start: queue(s) {queue} were declared" in log

    out = manage(stack, "priority_queues", "--migrate")
    assert f"{queue}: a priority queue now, 1 message(s) kept" in out
    assert "every queue present is a priority queue" in manage(stack, "priority_queues")
    with Connection(rabbit_vhost) as conn:
        channel = conn.channel()
        message = channel.basic_get(queue=queue, no_ack=True)
        assert message is not None and message.body == b"kept"
        assert channel.basic_get(queue=queue, no_ack=True) is None

    workers.start("prio-new@itest", stack)
