"""Admission slots shared by every web process and host, held as leases in Redis.

Each priority has a lane of four keys under ``SCALEBOX_CACHE_KEY_PREFIX:admission:<p>:``:
``run``, the leases held (a sorted set: lease id -> when it lapses); ``wait``, the
requests waiting (id -> when it arrived); ``lapse`` (id -> when its place lapses); and
``mean``, the recent mean service time. Each step is one Lua script, atomic on the
server, and every time is the Redis server's clock, so the hosts' clocks need not agree.

- A lease lasts SCALEBOX_ADMISSION_LEASE_S and a thread of the process holding it renews
  it every third of that: the slots of a process that dies (SIGKILL, a gunicorn worker
  timeout) are free again within SCALEBOX_ADMISSION_LEASE_S. A request that outlives its
  lease because its process stopped renewing it (paused longer than the lease) keeps
  running, and another request may take its slot meanwhile.
- A waiting request polls every POLL_S, which renews its place; it loses its place
  WAIT_LAPSE_S after it stops polling.
- Waiting requests are admitted in the order they arrived: a newcomer takes a free slot
  only when no one waiting is ahead of it.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings

from verification.cache import glob_escape
from verification.errors import ServiceUnavailable

log = logging.getLogger(__name__)

POLL_S = 0.05
WAIT_LAPSE_S = 5.0

# KEYS: run, wait, lapse, mean. ARGV: id, limit, max_queued, lease_ms, lapse_ms, join.
# Returns {state, requests waiting ahead, mean service time}; state is "admitted",
# "waiting" (id holds a place), "busy" (no slot, join was 0) or "queue_full".
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id, limit, max_queued = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local lease_ms, lapse_ms, join = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6] == '1'
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  redis.call('ZREM', KEYS[2], gone)
  redis.call('ZREM', KEYS[3], gone)
end
local mean = redis.call('GET', KEYS[4]) or '0'
local free = limit - redis.call('ZCARD', KEYS[1])
local queued = redis.call('ZSCORE', KEYS[2], id)
local ahead = redis.call('ZCARD', KEYS[2])
if queued then ahead = redis.call('ZRANK', KEYS[2], id) end
if ahead < free then
  redis.call('ZADD', KEYS[1], now + lease_ms, id)
  redis.call('PEXPIRE', KEYS[1], lease_ms)
  if queued then
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
  end
  return {'admitted', ahead, mean}
end
if not queued then
  if not join then return {'busy', ahead, mean} end
  if ahead >= max_queued then return {'queue_full', ahead, mean} end
  redis.call('ZADD', KEYS[2], now, id)
end
redis.call('ZADD', KEYS[3], now + lapse_ms, id)
redis.call('PEXPIRE', KEYS[2], lapse_ms)
redis.call('PEXPIRE', KEYS[3], lapse_ms)
return {'waiting', ahead, mean}
"""

# KEYS: run, wait, lapse, mean. ARGV: id, seconds the request took ("" when it did not
# run). Frees the id's slot or place and folds its time into the mean.
_RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[2] ~= '' then
  local took = tonumber(ARGV[2])
  local mean = tonumber(redis.call('GET', KEYS[4]) or '0')
  if mean == 0 then mean = took else mean = 0.8 * mean + 0.2 * took end
  redis.call('SET', KEYS[4], tostring(mean), 'EX', 86400)
end
return 1
"""

# KEYS: run. ARGV: lease_ms, ids. Extends the leases still held; a lapsed one stays gone.
_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease_ms = tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], 'XX', now + lease_ms, ARGV[i])
end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], lease_ms) end
return 1
"""


@dataclass(frozen=True)
class Verdict:
    state: str
    ahead: int
    mean_service_s: float


class _Store:
    def __init__(self, url: str) -> None:
        timeout = settings.SCALEBOX_BROKER_CONNECT_TIMEOUT_S
        # Threads beyond the pool's size wait for a connection (SCALEBOX_CACHE_POOL_SIZE).
        pool = redis.BlockingConnectionPool.from_url(
            url,
            max_connections=settings.SCALEBOX_CACHE_POOL_SIZE,
            timeout=timeout,
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
        )
        self.client = redis.Redis(connection_pool=pool)
        self.acquire = self.client.register_script(_ACQUIRE)
        self.release = self.client.register_script(_RELEASE)
        self.renew = self.client.register_script(_RENEW)


@functools.cache
def _store(url: str) -> _Store:
    return _Store(url)


def _unavailable(exc: Exception) -> ServiceUnavailable:
    return ServiceUnavailable(
        f"admission control cannot reach its Redis (SCALEBOX_CACHE_URL): {exc}",
        retry_after=settings.SCALEBOX_RETRY_AFTER_S,
    )


def _keys(priority: int) -> list[str]:
    base = f"{settings.SCALEBOX_CACHE_KEY_PREFIX}:admission:{priority}"
    return [f"{base}:run", f"{base}:wait", f"{base}:lapse", f"{base}:mean"]


def _lease_ms() -> int:
    return int(settings.SCALEBOX_ADMISSION_LEASE_S * 1000)


class Lane:
    """One priority's slots, as seen by one request (``ticket``)."""

    def __init__(self, priority: int) -> None:
        self.keys = _keys(priority)
        self.store = _store(settings.SCALEBOX_CACHE_URL)
        self.ticket = uuid.uuid4().hex

    def try_acquire(self, *, limit: int, max_queued: int, join: bool) -> Verdict:
        """Take a slot if one is free for this request, else (``join``) keep or take a
        place in the queue."""
        lapse_ms = int(WAIT_LAPSE_S * 1000)
        args: list[str | int] = [self.ticket, limit, max_queued, _lease_ms(), lapse_ms, int(join)]
        try:
            state, ahead, mean = self.store.acquire(keys=self.keys, args=args)
        except redis.RedisError as exc:
            raise _unavailable(exc) from exc
        verdict = Verdict(_text(state), int(ahead), float(_text(mean)))
        if verdict.state == "admitted":
            _renewer.hold(self.keys[0], self.ticket)
        return verdict

    def release(self, took_s: float | None) -> None:
        """Give back the slot (with the time the request took) or the place in the queue."""
        _renewer.drop(self.keys[0], self.ticket)
        args = [self.ticket, "" if took_s is None else repr(took_s)]
        try:
            self.store.release(keys=self.keys, args=args)
        except redis.RedisError as exc:
            # The slot lapses by itself within SCALEBOX_ADMISSION_LEASE_S.
            log.warning("admission: could not release %s: %s", self.ticket, exc)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class _Renewer:
    """Renews this process's leases from one daemon thread (one per process: a forked
    child starts its own)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.held: dict[str, set[str]] = {}
        self.pid = 0

    def forked(self) -> None:
        """In a forked child: no thread runs and the parent's leases are not its own."""
        self.lock = threading.Lock()
        self.held = {}
        self.pid = 0

    def hold(self, run_key: str, ticket: str) -> None:
        with self.lock:
            if self.pid != os.getpid():
                self.pid = os.getpid()
                threading.Thread(target=self._loop, name="admission-leases", daemon=True).start()
            self.held.setdefault(run_key, set()).add(ticket)

    def drop(self, run_key: str, ticket: str) -> None:
        with self.lock:
            tickets = self.held.get(run_key)
            if tickets is not None:
                tickets.discard(ticket)
                if not tickets:
                    del self.held[run_key]

    def _loop(self) -> None:
        while True:
            time.sleep(settings.SCALEBOX_ADMISSION_LEASE_S / 3)
            with self.lock:
                held = {key: sorted(tickets) for key, tickets in self.held.items()}
            if not held:
                continue
            store = _store(settings.SCALEBOX_CACHE_URL)
            for run_key, tickets in held.items():
                try:
                    store.renew(keys=[run_key], args=[_lease_ms(), *tickets])
                except redis.RedisError as exc:
                    log.warning("admission: could not renew %d leases: %s", len(tickets), exc)


_renewer = _Renewer()
os.register_at_fork(after_in_child=_renewer.forked)


def leases_reset() -> None:
    """Delete every lane's keys (tests)."""
    store = _store(settings.SCALEBOX_CACHE_URL)
    pattern = glob_escape(f"{settings.SCALEBOX_CACHE_KEY_PREFIX}:admission:") + "*"
    keys = list(store.client.scan_iter(match=pattern, count=500))
    if keys:
        store.client.unlink(*keys)
