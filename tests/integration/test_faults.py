"""Faults injected into a running pipeline: brokers, the database and a worker die mid-run.

Each test starts its own broker (and result backend) or database on free ports, real
celery workers pointed at them, submits correct programs from a separate Django
process, kills the service in the middle of the judgings and brings it back. After
each, every judging is DONE with a verdict and has exactly one case result per case.
The programs are correct, so the verdict is AC; SE (with its error stored) is accepted
only for a judging the reconciliation sweep sent its MAX_ATTEMPTS times: an outage of a
few seconds is never a reason to give a judging up.

The sweep that re-enqueues stranded judgings runs with a short deadline here
(``SWEEP_ENV``) so that each test ends within a minute or two.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.integration.conftest import Worker, _require_distributed, worker_env
from tests.integration.faults import (
    JudgingState,
    PostgresCluster,
    RabbitNode,
    RedisServer,
    Stack,
    assert_nothing_lost,
    judging_states,
    manage,
    submit,
    wait_all_done,
    wait_some_running,
)

pytestmark = pytest.mark.integration

MAX_ATTEMPTS = 3
# Short reconciliation settings, so that a stranded judging is found in seconds.
SWEEP_ENV = {
    "SCALEBOX_RECONCILE_INTERVAL_S": "5",
    "SCALEBOX_RECONCILE_DEADLINE_S": "20",
    "SCALEBOX_RECONCILE_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
    "SCALEBOX_WORKER_HEARTBEAT_S": "5",
    "SCALEBOX_WORKER_STALE_S": "20",
}
DONE_TIMEOUT_S = 150


class Owned:
    """Everything a test started, stopped in reverse order whatever happens."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.things: list[Any] = []

    def add(self, thing: Any) -> Any:
        self.things.append(thing)
        return thing

    def worker(self, name: str, stack: Stack, concurrency: int = 1) -> Worker:
        env = stack.env(worker_env())
        env.update(SWEEP_ENV, SCALEBOX_WORKER_LANGUAGES="python")
        worker = self.add(Worker(name, self.tmp_path / f"{name}.log", env, concurrency))
        worker.wait_ready(timeout=120)
        return worker

    def close(self) -> None:
        for thing in reversed(self.things):
            stop = getattr(thing, "stop", None) or thing.cleanup
            try:
                stop()
            except Exception as exc:  # keep stopping the rest
                print(f"could not stop {thing!r}: {exc}")


@pytest.fixture
def owned(tmp_path: Path) -> Iterator[Owned]:
    found = Owned(tmp_path)
    try:
        yield found
    finally:
        found.close()


def _test_database_url() -> str:
    """pytest-django's test database, where the broker tests' workers write."""
    return worker_env()["DATABASE_URL"]


def _report(states: list[JudgingState], owned: Owned) -> str:
    logs = [
        f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
        for p in sorted(owned.tmp_path.glob("*.log"))
    ]
    return "\n".join([*(repr(s) for s in states if s.status != "DONE"), *logs])


def _run_through_fault(
    owned: Owned,
    stack: Stack,
    *,
    slug: str,
    kill: Callable[[], None],
    restart: Callable[[], None],
    submissions: int = 6,
    cases: int = 6,
    down_s: float = 3.0,
) -> dict[str, int]:
    """Submit, kill the service once judging has begun, restart it, check the outcome."""
    ids = submit(stack, slug=slug, cases=cases, count=submissions, delay=0.3, batch_size=3)
    wait_some_running(stack.database_url, ids)
    time.sleep(1.0)  # inside the first batches' cases
    before = [s.status for s in judging_states(stack.database_url, ids)]
    kill()
    time.sleep(down_s)
    restart()
    states = wait_all_done(stack.database_url, ids, timeout=DONE_TIMEOUT_S)
    try:
        counts = assert_nothing_lost(states, ids, max_attempts=MAX_ATTEMPTS)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{_report(states, owned)}") from None
    assert any(status != "DONE" for status in before), (
        "every judging had finished before the fault: it hit nothing"
    )
    print(f"verdicts after the fault: {counts}; states at the fault: {before}")
    return counts


@pytest.mark.parametrize("aof", [False, True], ids=["no-persistence", "aof"])
def test_redis_broker_killed_and_restarted(transactional_db: None, owned: Owned, aof: bool) -> None:
    _require_distributed()
    redis = owned.add(RedisServer(owned.tmp_path, aof=aof))
    redis.start()
    stack = Stack(_test_database_url(), f"{redis.url}/0", f"{redis.url}/1")
    owned.worker("f1@faults", stack)
    owned.worker("f2@faults", stack)
    counts = _run_through_fault(
        owned,
        stack,
        slug=f"redis-{'aof' if aof else 'bare'}",
        kill=redis.kill,
        restart=redis.start,
    )
    # Without persistence the queued batches and the chord counters are gone: only the
    # sweep can finish those judgings, and a correct program must still be AC.
    assert counts.get("AC", 0) >= 1, counts


def test_rabbitmq_node_restarted(transactional_db: None, owned: Owned) -> None:
    _require_distributed()
    rabbit = owned.add(RabbitNode(owned.tmp_path))
    rabbit.start()
    backend = owned.add(RedisServer(owned.tmp_path, aof=False))
    backend.start()
    stack = Stack(_test_database_url(), rabbit.url, f"{backend.url}/0")
    owned.worker("f1@faults", stack)
    owned.worker("f2@faults", stack)
    try:
        counts = _run_through_fault(
            owned, stack, slug="rabbit-restart", kill=rabbit.kill, restart=rabbit.start
        )
    finally:
        print(f"rabbitmq node boot seconds (first start, restart): {rabbit.boot_seconds}")
    assert counts.get("AC", 0) >= 1, counts


def test_postgres_restarted(owned: Owned) -> None:
    """A cluster of the test's own: the workers and the submitter use it, not pytest's DB."""
    if not settings.CELERY_BROKER_URL:
        pytest.fail("integration tests run in distributed mode: use `make integration`")
    cluster = owned.add(PostgresCluster())
    cluster.start()
    cluster.create_database()
    redis = owned.add(RedisServer(owned.tmp_path, aof=False))
    redis.start()
    stack = Stack(cluster.url(), f"{redis.url}/0", f"{redis.url}/1")
    manage(stack, "migrate", "--verbosity", "0")
    owned.worker("f1@faults", stack)
    owned.worker("f2@faults", stack)
    counts = _run_through_fault(
        owned, stack, slug="pg-restart", kill=cluster.kill, restart=cluster.start
    )
    assert counts.get("AC", 0) >= 1, counts


def test_worker_sigkilled_mid_batch(transactional_db: None, owned: Owned) -> None:
    """The whole worker (main process and pool) is SIGKILLed; another one is left.

    With a Redis broker the lost batch's message is not redelivered before the
    visibility timeout (15 minutes by default): the dead worker must be noticed and
    its judgings re-enqueued by the sweep.
    """
    _require_distributed()
    redis = owned.add(RedisServer(owned.tmp_path, aof=False))
    redis.start()
    stack = Stack(_test_database_url(), f"{redis.url}/0", f"{redis.url}/1")
    doomed = owned.worker("f1@faults", stack)
    ids = submit(stack, slug="worker-kill", cases=6, count=4, delay=0.3, batch_size=3)
    wait_some_running(stack.database_url, ids)
    time.sleep(1.0)
    doomed.kill_all()
    states = judging_states(stack.database_url, ids)
    assert any(s.status != "DONE" for s in states), "the kill hit no judging"
    owned.worker("f2@faults", stack)
    states = wait_all_done(stack.database_url, ids, timeout=DONE_TIMEOUT_S)
    try:
        counts = assert_nothing_lost(states, ids, max_attempts=MAX_ATTEMPTS)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{_report(states, owned)}") from None
    assert counts.get("AC", 0) >= 1, counts
