"""Admission control: a bounded number of requests in flight per priority, and an early
HTTP 504 for a request that could not be answered within its own deadline.

With SCALEBOX_CACHE_URL set (by default whenever the result backend is Redis) the
counters live in Redis (verification/compat/leases.py), so SCALEBOX_COMPAT_MAX_IN_FLIGHT
and SCALEBOX_COMPAT_MAX_QUEUED bound every web process and host together. Without it
(the embedded default) they live in the web process, and the bound is per process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings

from verification.compat import leases
from verification.errors import ScaleBoxError


class DeadlineUnreachable(ScaleBoxError):
    code = "deadline_unreachable"
    http_status = 504
    permanent = False


@dataclass
class _Lane:
    in_flight: int = 0
    waiting: int = 0
    mean_service_s: float = 0.0
    cond: threading.Condition = field(default_factory=threading.Condition)


_lanes: dict[int, _Lane] = {}
_lanes_lock = threading.Lock()


def _lane(priority: int) -> _Lane:
    with _lanes_lock:
        return _lanes.setdefault(priority, _Lane())


def request_deadline_s(*, compile_timeout_s: float, run_timeout_s: float, rounds: int = 1) -> float:
    """How long a request may take: compile, then ``rounds`` runs, plus the margin."""
    budget = compile_timeout_s + rounds * (run_timeout_s + 1.0)
    budget += settings.SCALEBOX_COMPAT_DEADLINE_MARGIN_S
    return min(budget, settings.SCALEBOX_COMPAT_MAX_DEADLINE_S)


# verl's sandbox_fusion client waits compile + run timeout + 10 s (its API_TIMEOUT) for an
# answer and retries only a 504: an answer later than that is lost, and the sample scored
# as an API error. /run_code therefore gives up REPLY_SLACK_S before the client does,
# which leaves time for the 504 to travel and for the client's clock having started
# before ours.
VERL_CLIENT_SLACK_S = 10.0
REPLY_SLACK_S = 4.0


def run_code_deadline_s(*, compile_timeout_s: float, run_timeout_s: float) -> float:
    """How long a /run_code request may take: its request_deadline_s, but never past
    compile + run timeout + 6 s, so its 504 reaches verl before verl's own timeout
    (compile + run timeout + 10 s)."""
    client_gives_up = compile_timeout_s + run_timeout_s + VERL_CLIENT_SLACK_S
    return min(
        request_deadline_s(compile_timeout_s=compile_timeout_s, run_timeout_s=run_timeout_s),
        client_gives_up - REPLY_SLACK_S,
    )


@contextmanager
def admitted(
    *, priority: int, deadline_s: float, start_within_s: float | None = None
) -> Iterator[float]:
    """Hold one in-flight slot of ``priority``; yields the seconds left of the deadline.

    Refuses at once (DeadlineUnreachable, HTTP 504) when the queue of its priority is full
    or when the requests ahead of it would, at the recent mean service time, use up its
    deadline; otherwise waits for a slot no longer than its deadline allows, or than
    ``start_within_s`` when the request must start by then to end within its deadline.
    With SCALEBOX_CACHE_URL the slots and the queue are shared by every web process and
    host, and a Redis that cannot be reached is ServiceUnavailable (HTTP 503).
    """
    wait_limit_s = deadline_s if start_within_s is None else min(deadline_s, start_within_s)
    if settings.SCALEBOX_CACHE_URL:
        hold = _admitted_shared(priority, deadline_s, wait_limit_s)
    else:
        hold = _admitted_local(priority, deadline_s, wait_limit_s)
    with hold as left_s:
        yield left_s


def _queue_full(waiting: int, priority: int) -> DeadlineUnreachable:
    return DeadlineUnreachable(
        f"{waiting} requests of priority {priority} are already waiting; try again later"
    )


def _refuse_slow_queue(
    *, waiting: int, mean_service_s: float, limit: int, deadline_s: float, wait_limit_s: float
) -> None:
    expected_wait = (waiting + 1) * mean_service_s / limit
    if expected_wait > wait_limit_s or expected_wait + mean_service_s > deadline_s:
        raise DeadlineUnreachable(
            f"the queue ahead needs about {expected_wait:.1f}s; this request's "
            f"deadline is {deadline_s:.1f}s"
        )


def _too_late(deadline_s: float) -> DeadlineUnreachable:
    return DeadlineUnreachable(
        f"no slot freed in time for the request to end within its deadline ({deadline_s:.1f}s)"
    )


@contextmanager
def _admitted_local(priority: int, deadline_s: float, wait_limit_s: float) -> Iterator[float]:
    """admitted() with this process's own counters."""
    lane = _lane(priority)
    limit = settings.SCALEBOX_COMPAT_MAX_IN_FLIGHT
    started = time.monotonic()
    with lane.cond:
        if lane.in_flight >= limit:
            if lane.waiting >= settings.SCALEBOX_COMPAT_MAX_QUEUED:
                raise _queue_full(lane.waiting, priority)
            _refuse_slow_queue(
                waiting=lane.waiting,
                mean_service_s=lane.mean_service_s,
                limit=limit,
                deadline_s=deadline_s,
                wait_limit_s=wait_limit_s,
            )
            lane.waiting += 1
            try:
                while lane.in_flight >= limit:
                    left = wait_limit_s - (time.monotonic() - started)
                    timed_out = left <= 0 or not lane.cond.wait(timeout=left)
                    if timed_out and lane.in_flight >= limit:
                        raise _too_late(deadline_s)
            finally:
                lane.waiting -= 1
        lane.in_flight += 1
    began = time.monotonic()
    try:
        yield max(0.1, deadline_s - (began - started))
    finally:
        took = time.monotonic() - began
        with lane.cond:
            lane.in_flight -= 1
            lane.mean_service_s = (
                took if lane.mean_service_s == 0 else 0.8 * lane.mean_service_s + 0.2 * took
            )
            lane.cond.notify()


@contextmanager
def _admitted_shared(priority: int, deadline_s: float, wait_limit_s: float) -> Iterator[float]:
    """admitted() with slots leased in Redis, shared by every web process and host."""
    lane = leases.Lane(priority)
    limit = settings.SCALEBOX_COMPAT_MAX_IN_FLIGHT
    max_queued = settings.SCALEBOX_COMPAT_MAX_QUEUED
    started = time.monotonic()
    verdict = lane.try_acquire(limit=limit, max_queued=max_queued, join=False)
    if verdict.state != "admitted":
        if verdict.ahead >= max_queued:
            raise _queue_full(verdict.ahead, priority)
        _refuse_slow_queue(
            waiting=verdict.ahead,
            mean_service_s=verdict.mean_service_s,
            limit=limit,
            deadline_s=deadline_s,
            wait_limit_s=wait_limit_s,
        )
        try:
            verdict = lane.try_acquire(limit=limit, max_queued=max_queued, join=True)
            while verdict.state == "waiting":
                left = wait_limit_s - (time.monotonic() - started)
                if left <= 0:
                    raise _too_late(deadline_s)
                time.sleep(min(leases.POLL_S, left))
                verdict = lane.try_acquire(limit=limit, max_queued=max_queued, join=True)
            if verdict.state == "queue_full":
                raise _queue_full(verdict.ahead, priority)
        except BaseException:
            lane.release(None)
            raise
    began = time.monotonic()
    try:
        yield max(0.1, deadline_s - (began - started))
    finally:
        lane.release(time.monotonic() - began)


def admission_reset() -> None:
    """Forget all counters, this process's and (with SCALEBOX_CACHE_URL) Redis's (tests)."""
    with _lanes_lock:
        _lanes.clear()
    if settings.SCALEBOX_CACHE_URL:
        leases.leases_reset()
