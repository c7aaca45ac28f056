"""The compiled-program cache's bound, kept without a scan per program.

Compiled programs live in ``compiled/<language>/<key>/`` (``.complete`` marks a finished
one; its modification time is its last use). Every process that compiles keeps an
*estimate* of the cache's size: what its last sweep found, plus what it has added since.
A *sweep* scans the cache and drops the least recently used programs until it is at
LOW_WATER of its bound. Sweeps run on a background thread of the process, never on a
request's path, and only when they can be needed:

- once, after the process's first compile (the estimate starts unknown);
- when the estimate passes the bound;
- when the process has added a tenth of the bound since its last sweep (other processes
  add programs too, unseen until a sweep).

So a new program costs the same whether the cache holds ten programs or a hundred
thousand; the cache exceeds its bound by at most what the processes compile between two
sweeps.

The same bound, with its own sweep (``enforce_file_bound``), keeps a worker's copy of
test data (``verification.testdata_cache``).

Within a process, compiled programs are also remembered in memory (``ProgramMemo``), a
least recently used map of bounded length, so a process that sees a hundred thousand
distinct programs does not keep them all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

# After a sweep the cache holds at most this share of its bound: the next sweep is then
# due only after a tenth of the bound has been added.
LOW_WATER = 0.9
# Programs used this recently are not dropped by a background sweep: a run may be about
# to bind them.
IN_USE_S = 30.0
MARKER = ".complete"

V = TypeVar("V")


def tree_size(path: Path) -> int:
    """Bytes of the files under ``path`` (links not followed)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total


def _entries(compiled_dir: Path) -> list[tuple[float, Path]]:
    """(last use, directory) of every finished program in the cache."""
    found: list[tuple[float, Path]] = []
    try:
        languages = [e.path for e in os.scandir(compiled_dir) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return found
    for language in languages:
        with contextlib.suppress(OSError), os.scandir(language) as programs:
            for program in programs:
                if program.name.startswith(".") or not program.is_dir(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    used = os.stat(os.path.join(program.path, MARKER)).st_mtime
                    found.append((used, Path(program.path)))
    return found


def enforce_cache_bound(
    compiled_dir: Path,
    max_bytes: int,
    *,
    keep: Path | None = None,
    target_bytes: int | None = None,
    min_age_s: float = 0.0,
) -> int:
    """Drop least recently used programs until the cache holds at most ``target_bytes``
    (default ``max_bytes``), when it holds more than ``max_bytes``; never ``keep``, nor a
    program used within ``min_age_s``. Returns the bytes the cache holds afterwards."""
    target = max_bytes if target_bytes is None else target_bytes
    sized = [(used, tree_size(d), d) for used, d in _entries(compiled_dir)]
    total = sum(size for _, size, _ in sized)
    if total <= max_bytes:
        return total
    now = time.time()
    for used, size, directory in sorted(sized, key=lambda e: e[0]):
        if total <= target:
            break
        if directory == keep or now - used < min_age_s:
            continue
        shutil.rmtree(directory, ignore_errors=True)
        total -= size
    return total


def _sweep_programs(root: Path, bound: int, target: int, min_age_s: float) -> int:
    return enforce_cache_bound(root, bound, target_bytes=target, min_age_s=min_age_s)


def enforce_file_bound(root: Path, bound: int, target: int, min_age_s: float = 0.0) -> int:
    """The same policy for a cache of files ``root/<xx>/<name>`` (the modification time is
    the last use): when it holds more than ``bound`` bytes, drop the least recently used
    files, none used within ``min_age_s``, until it holds at most ``target``. Returns the
    bytes it holds afterwards."""
    found: list[tuple[float, int, str]] = []
    with contextlib.suppress(OSError), os.scandir(root) as shards:
        for shard in shards:
            if not shard.is_dir(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError), os.scandir(shard.path) as files:
                for entry in files:
                    if entry.name.startswith("."):
                        continue
                    with contextlib.suppress(OSError):
                        stat = entry.stat(follow_symlinks=False)
                        found.append((stat.st_mtime, stat.st_size, entry.path))
    total = sum(size for _, size, _ in found)
    if total <= bound:
        return total
    now = time.time()
    for used, size, path in sorted(found):
        if total <= target:
            break
        if now - used < min_age_s:
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        total -= size
    return total


class CacheBound:
    """One process's estimate of the cache's size, and its background sweeps."""

    def __init__(
        self,
        compiled_dir: Callable[[], Path],
        max_bytes: Callable[[], int],
        *,
        sweep: Callable[[Path, int, int, float], int] | None = None,
    ) -> None:
        """``sweep(root, bound, target, min_age_s)`` drops least recently used entries
        of a cache over its bound and returns its size after (default: the compiled
        programs' layout, enforce_cache_bound)."""
        self._compiled_dir = compiled_dir
        self._max_bytes = max_bytes
        self._sweep_fn = sweep or _sweep_programs
        self._lock = threading.Lock()
        self._estimate: int | None = None  # unknown until the first sweep
        self._added_since_sweep = 0
        self._sweeping: threading.Thread | None = None
        self.sweeps = 0

    def added(self, directory: Path) -> None:
        """A program was just built into ``directory``: count it, and start a sweep
        in the background when one is due."""
        self.added_bytes(tree_size(directory))

    def added_bytes(self, size: int) -> None:
        """An entry of ``size`` bytes was just added: count it, and start a sweep in the
        background when one is due."""
        bound = self._max_bytes()
        with self._lock:
            self._added_since_sweep += size
            if self._estimate is not None:
                self._estimate += size
            due = (
                self._estimate is None
                or self._estimate > bound
                or self._added_since_sweep > bound * (1 - LOW_WATER)
            )
            if not due or (self._sweeping is not None and self._sweeping.is_alive()):
                return
            self._sweeping = threading.Thread(
                target=self._sweep, name="compile-cache-sweep", daemon=True
            )
            self._sweeping.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the sweep under way, if any (tests, and a process about to exit)."""
        with self._lock:
            sweeping = self._sweeping
        if sweeping is not None:
            sweeping.join(timeout)

    def _sweep(self) -> None:
        bound = self._max_bytes()
        with self._lock:
            added_before = self._added_since_sweep
        total = self._sweep_fn(self._compiled_dir(), bound, int(bound * LOW_WATER), IN_USE_S)
        with self._lock:
            # What was added while the sweep ran may or may not have been seen by it:
            # counting it again errs towards an early next sweep.
            added_during = self._added_since_sweep - added_before
            self._estimate = total + added_during
            self._added_since_sweep = added_during
            self.sweeps += 1


class ProgramMemo(Generic[V]):
    """A least recently used map of at most ``capacity`` entries, safe across threads."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def pop(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
