"""Rate limits and admission counted once for every web process, in Redis.

Each test is one web process (pytest's) and one or two others (tests/integration/
limits_peer.py) pointed at the same Redis: SCALEBOX_TEST_REDIS_URL, by default database
13 of the Redis on 127.0.0.1:6379, under a key prefix of the test's own, so that test
runs side by side, and the Redis's other users, are left alone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.test import APIClient

from verification.compat.admission import DeadlineUnreachable, admitted

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SCALEBOX_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


class Shared:
    """The settings every process of one test shares, and the processes it started."""

    def __init__(self, settings: SettingsWrapper, tmp_path: Path) -> None:
        self.prefix = f"scalebox-test-{uuid.uuid4().hex[:12]}"
        self.redis = redis.Redis.from_url(REDIS_URL)
        self.tmp_path = tmp_path
        self.env: dict[str, str] = {
            "SCALEBOX_CACHE_URL": REDIS_URL,
            "SCALEBOX_CACHE_KEY_PREFIX": self.prefix,
            "SCALEBOX_COMPAT_ALLOW_ANONYMOUS": "1",
        }
        self.settings = settings
        self.peers: list[subprocess.Popen[str]] = []
        settings.CACHES = {
            "default": {
                "BACKEND": "verification.cache.PrefixedRedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": self.prefix,
            }
        }
        self.configure(SCALEBOX_CACHE_URL=REDIS_URL, SCALEBOX_CACHE_KEY_PREFIX=self.prefix)
        self.configure(SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True)

    def configure(self, **values: object) -> None:
        """Set values here and in every peer started afterwards."""
        for name, value in values.items():
            setattr(self.settings, name, value)
            self.env[name] = str(int(value) if isinstance(value, bool) else value)

    def peer(self, *args: str) -> subprocess.Popen[str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
        }
        env.update(self.env, SCALEBOX_VAR_DIR=str(self.tmp_path / "var"))
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.limits_peer", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.peers.append(process)
        return process

    def holder(self, priority: int) -> subprocess.Popen[str]:
        """A peer holding one slot of ``priority``."""
        process = self.peer("hold", str(priority))
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == "held\n", process.stderr.read() if process.stderr else line
        return process

    def key(self, *parts: object) -> str:
        return ":".join([self.prefix, *map(str, parts)])

    def close(self) -> None:
        for process in self.peers:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)
        keys = list(self.redis.scan_iter(match=f"{self.prefix}:*"))
        if keys:
            self.redis.delete(*keys)


def release(process: subprocess.Popen[str]) -> None:
    _, err = process.communicate("\n", timeout=30)
    assert process.returncode == 0, err


@pytest.fixture
def shared(settings: SettingsWrapper, tmp_path: Path) -> Iterator[Shared]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(f"these tests need Redis at {REDIS_URL} (SCALEBOX_TEST_REDIS_URL): {exc}")
    state = Shared(settings, tmp_path)
    try:
        yield state
    finally:
        state.close()


# --- rate limits ------------------------------------------------------------------------


def test_two_processes_draw_on_one_rate_budget(shared: Shared) -> None:
    shared.configure(SCALEBOX_COMPAT_ANON_RATE="20/hour")
    peers = [shared.peer("spend", "15") for _ in range(2)]
    codes = []
    for process in peers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        codes += json.loads(out)
    # Alone, each process would have let all 15 through (400: the body is empty).
    assert (codes.count(400), codes.count(429)) == (20, 10)
    # The budget is this process's too.
    assert APIClient().post("/run_code", {}, format="json").status_code == 429


def test_the_cache_clears_its_own_keys_only(shared: Shared) -> None:
    other = f"{shared.prefix}-other-deployment"
    shared.redis.set("celery-task-meta-" + shared.prefix, "a result", ex=60)
    shared.redis.set(other, "theirs", ex=60)
    try:
        cache.set("dashboard-stats", {"runs": 1})
        assert cache.get("dashboard-stats") == {"runs": 1}
        cache.clear()
        assert cache.get("dashboard-stats") is None
        assert shared.redis.get("celery-task-meta-" + shared.prefix) == b"a result"
        assert shared.redis.get(other) == b"theirs"
    finally:
        shared.redis.delete("celery-task-meta-" + shared.prefix, other)


# --- admission --------------------------------------------------------------------------


def test_a_slot_held_by_one_process_is_held_for_all(shared: Shared) -> None:
    shared.configure(SCALEBOX_COMPAT_MAX_IN_FLIGHT=1, SCALEBOX_COMPAT_MAX_QUEUED=0)
    holder = shared.holder(5)
    with (
        pytest.raises(DeadlineUnreachable, match="already waiting"),
        admitted(priority=5, deadline_s=5),
    ):
        pass
    with admitted(priority=4, deadline_s=5) as left:  # another priority, another lane
        assert left > 4
    release(holder)
    with admitted(priority=5, deadline_s=5):
        assert shared.redis.zcard(shared.key("admission", 5, "run")) == 1


def test_a_request_waits_for_the_slot_another_process_frees(shared: Shared) -> None:
    shared.configure(SCALEBOX_COMPAT_MAX_IN_FLIGHT=1, SCALEBOX_COMPAT_MAX_QUEUED=4)
    holder = shared.holder(5)
    entered = threading.Event()

    def wait_for_slot() -> None:
        with admitted(priority=5, deadline_s=60):
            entered.set()

    waiter = threading.Thread(target=wait_for_slot)
    waiter.start()
    try:
        _until(lambda: shared.redis.zcard(shared.key("admission", 5, "wait")) == 1)
        assert not entered.is_set()
        # With a queue of one, the next request finds it full.
        shared.configure(SCALEBOX_COMPAT_MAX_QUEUED=1)
        with (
            pytest.raises(DeadlineUnreachable, match="1 requests of priority 5"),
            admitted(priority=5, deadline_s=60),
        ):
            pass
        release(holder)
        assert entered.wait(30)
    finally:
        waiter.join(60)
    assert shared.redis.zcard(shared.key("admission", 5, "wait")) == 0
    assert shared.redis.zcard(shared.key("admission", 5, "run")) == 0


def test_the_slot_of_a_killed_process_is_free_when_its_lease_lapses(shared: Shared) -> None:
    shared.configure(
        SCALEBOX_COMPAT_MAX_IN_FLIGHT=1,
        SCALEBOX_COMPAT_MAX_QUEUED=4,
        SCALEBOX_ADMISSION_LEASE_S=1.0,
    )
    holder = shared.holder(5)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert shared.redis.zcard(shared.key("admission", 5, "run")) == 1  # not released
    with admitted(priority=5, deadline_s=30):
        leases = shared.redis.zrange(shared.key("admission", 5, "run"), 0, -1)
        assert len(leases) == 1  # this request's own: the dead one's lapsed


def test_a_lease_is_renewed_while_its_request_runs(shared: Shared) -> None:
    shared.configure(
        SCALEBOX_COMPAT_MAX_IN_FLIGHT=1,
        SCALEBOX_COMPAT_MAX_QUEUED=0,
        SCALEBOX_ADMISSION_LEASE_S=1.0,
    )
    holder = shared.holder(5)
    time.sleep(2.5)  # more than two leases' lengths
    with pytest.raises(DeadlineUnreachable), admitted(priority=5, deadline_s=5):
        pass
    release(holder)


def _until(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)
