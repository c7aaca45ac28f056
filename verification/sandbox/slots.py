"""Parallel slots: each has its own uid, scratch directory and cgroup.

A slot is held through an flock on its lock file, which excludes other threads (each
lease opens its own file description) and other processes alike, and is released by the
kernel if the holder dies.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .limits import SandboxUnavailable


@dataclass(frozen=True)
class Slot:
    index: int
    uid: int

    @property
    def name(self) -> str:
        return f"slot-{self.index}"


_leases = itertools.count()
_leases_lock = threading.Lock()


def _start_index(count: int) -> int:
    with _leases_lock:
        return (os.getpid() * 7 + next(_leases)) % count


@contextmanager
def lease_slot(
    lock_dir: Path, count: int, uid_base: int, timeout_s: float = 600.0
) -> Iterator[Slot]:
    lock_dir.mkdir(parents=True, exist_ok=True)
    start = _start_index(count)
    deadline = time.monotonic() + timeout_s
    delay = 0.001
    while True:
        for offset in range(count):
            index = (start + offset) % count
            fd = os.open(
                lock_dir / f"slot-{index}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600
            )
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield Slot(index=index, uid=uid_base + index)
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() > deadline:
            raise SandboxUnavailable(f"no free sandbox slot among {count} after {timeout_s:.0f}s")
        time.sleep(delay)
        delay = min(delay * 2, 0.05)
