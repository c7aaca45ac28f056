"""A worker's local copy of test data, addressed by content hash.

Workers share no filesystem: a case batch names test cases by id, and each worker
reads the bytes from the database once (a batch's missing ones in one query,
``testdata_prefetch``), then keeps them on its own disk under
``SCALEBOX_WORKER_CACHE_DIR/tests``. Files are written atomically and checked
against their hash, so a crash mid-write never leaves a corrupt entry behind.

The cache's bound (``SCALEBOX_TEST_CACHE_BYTES``) is kept as the compiled programs'
is (``verification.executors.cache.CacheBound``): an estimate of its size per process
and sweeps in the background, never a scan of the whole cache on a case's path. Recently
read entries are also kept in memory (``MEMORY_BYTES`` in all, none larger than
``MEMORY_ENTRY_BYTES``), so the cases of the judgings of one problem read no file.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from verification.executors.cache import CacheBound, enforce_file_bound
from verification.models import TestData

MEMORY_BYTES = 64 << 20
MEMORY_ENTRY_BYTES = 1 << 20
_DIGEST = re.compile(r"[0-9a-f]{64}")


class _Memory:
    """Test data read recently, least recently used first, within a bound in bytes."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, sha256: str) -> bytes | None:
        with self._lock:
            data = self._entries.get(sha256)
            if data is not None:
                self._entries.move_to_end(sha256)
            return data

    def put(self, sha256: str, data: bytes) -> None:
        if len(data) > MEMORY_ENTRY_BYTES:
            return
        with self._lock:
            if sha256 in self._entries:
                return
            self._entries[sha256] = data
            self._bytes += len(data)
            while self._bytes > self.capacity:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


MEMORY = _Memory(MEMORY_BYTES)
_roots_made: set[Path] = set()


def _cache_root() -> Path:
    root = Path(settings.SCALEBOX_WORKER_CACHE_DIR) / "tests"
    if root not in _roots_made:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        _roots_made.add(root)
    return root


def _sweep(root: Path, bound: int, target: int, _min_age_s: float) -> int:
    # A test file is read whole before it is used: any of them may go.
    return enforce_file_bound(root, bound, target)


BOUND = CacheBound(_cache_root, lambda: int(settings.SCALEBOX_TEST_CACHE_BYTES), sweep=_sweep)


def _path_for(sha256: str) -> Path:
    if not _DIGEST.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return _cache_root() / sha256[:2] / sha256


def _from_disk(sha256: str) -> bytes | None:
    path = _path_for(sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if hashlib.sha256(data).hexdigest() != sha256:
        return None
    os.utime(path)  # recently used: evicted last
    return data


def _store(sha256: str, data: bytes) -> None:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RuntimeError(f"stored test data {sha256[:12]} does not match its hash")
    _write_atomically(_path_for(sha256), data)
    BOUND.added_bytes(len(data))
    MEMORY.put(sha256, data)


def testdata_read(sha256: str) -> bytes:
    """The bytes whose SHA-256 is ``sha256``: from memory, the local cache or the
    database."""
    data = MEMORY.get(sha256)
    if data is not None:
        return data
    data = _from_disk(sha256)
    if data is not None:
        MEMORY.put(sha256, data)
        return data
    row = TestData.objects.only("data").get(sha256=sha256)
    data = bytes(row.data)
    _store(sha256, data)
    return data


def testdata_remember(sha256: str, data: bytes) -> None:
    """Keep bytes just stored (whose digest the caller computed) in memory: a judging
    this process runs next (the embedded default, a compat request's inline tests)
    reads them from there."""
    MEMORY.put(sha256, data)


def testdata_prefetch(hashes: Iterable[str]) -> None:
    """Bring every one of ``hashes`` into the local cache, those it lacks in one query
    (a batch's inputs and answers, before its cases run)."""
    missing = []
    for sha256 in dict.fromkeys(hashes):
        if MEMORY.get(sha256) is not None:
            continue
        data = _from_disk(sha256)
        if data is None:
            missing.append(sha256)
        else:
            MEMORY.put(sha256, data)
    if not missing:
        return
    rows = TestData.objects.filter(sha256__in=missing).values_list("sha256", "data")
    for sha256, stored in rows:
        _store(sha256, bytes(stored))


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
