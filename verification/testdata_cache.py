"""A worker's local copy of test data, addressed by content hash.

Workers share no filesystem: a case batch names test cases by id, and each worker
reads the bytes from the database once, then keeps them on its own disk under
``SCALEBOX_WORKER_CACHE_DIR/tests``. Files are written atomically and checked
against their hash, so a crash mid-write never leaves a corrupt entry behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from verification.models import TestData

_evict_lock = threading.Lock()


def _cache_root() -> Path:
    root = Path(settings.SCALEBOX_WORKER_CACHE_DIR) / "tests"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def _path_for(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return _cache_root() / sha256[:2] / sha256


def testdata_read(sha256: str) -> bytes:
    """The bytes whose SHA-256 is ``sha256``, from the local cache or the database."""
    path = _path_for(sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        pass
    else:
        if hashlib.sha256(data).hexdigest() == sha256:
            os.utime(path)  # recently used: evicted last
            return data
    row = TestData.objects.only("data").get(sha256=sha256)
    data = bytes(row.data)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RuntimeError(f"stored test data {sha256[:12]} does not match its hash")
    _write_atomically(path, data)
    _evict_if_over_budget()
    return data


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


def _evict_if_over_budget() -> None:
    budget = int(settings.SCALEBOX_TEST_CACHE_BYTES)
    with _evict_lock:
        entries = []
        total = 0
        for path in _cache_root().glob("??/*"):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
            total += stat.st_size
        if total <= budget:
            return
        for _mtime, size, path in sorted(entries):
            path.unlink(missing_ok=True)
            total -= size
            if total <= budget * 0.8:
                return
