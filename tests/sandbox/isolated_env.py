"""Give a test session its own slot uids, cache and scratch directories.

The sandbox tests assert that no process of a slot uid survives a run; other processes
on the machine (a benchmark, a worker) may be running programs at the same time, so the
suite uses uids and directories no one else uses.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from verification.sandbox.config import REPO_ROOT


@pytest.fixture(scope="session", autouse=True)
def private_sandbox_env() -> Iterator[None]:
    pid = os.getpid()
    cache = REPO_ROOT / "var" / "test-cache" / str(pid)
    scratch = Path("/dev/shm") / f"scalebox-test-{pid}"
    values = {
        "SCALEBOX_WORKER_CACHE_DIR": str(cache),
        "SCALEBOX_SCRATCH_DIR": str(scratch),
        "SCALEBOX_SANDBOX_UID_BASE": str(100000 + (pid % 1000) * 64),
        "SCALEBOX_SANDBOX_SLOTS": "16",
    }
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    cache.mkdir(parents=True, exist_ok=True)
    for directory in (cache.parent, cache):
        os.chmod(directory, 0o755)
    try:
        yield
    finally:
        from verification.sandbox.fastpath import close_zygotes

        close_zygotes()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
