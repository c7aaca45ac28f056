"""Give a test session its own slot uids, cache and scratch directories.

The sandbox tests assert that no process of a slot uid survives a run; other processes
on the machine (a benchmark, a worker) may be running programs at the same time, so the
suite uses uids and directories no one else uses.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from verification.sandbox.config import REPO_ROOT, load_config
from verification.sandbox.fastpath import close_zygotes
from verification.sandbox.limits import SandboxUnavailable
from verification.sandbox.runner import current_sandbox
from verification.sandbox.slots import WANTED_FOR_S, wanted_recently


def _cgroups_in_use(expected: str | None) -> str:
    """Which cgroup version the sandbox uses ("v1", "v2", "none"); with
    SCALEBOX_EXPECT_CGROUP_VERSION set, the session stops unless it is that one."""
    sandbox = current_sandbox()
    try:
        sandbox.ensure_available()
    except SandboxUnavailable as exc:
        if expected:
            pytest.exit(f"cgroup v{expected} expected, sandbox unavailable: {exc}", returncode=1)
        return "none"
    factory = sandbox.cgroups
    found = "none" if factory is None else f"v{factory.version}"
    if expected and found != f"v{expected}":
        pytest.exit(f"cgroup v{expected} expected, the sandbox uses: {found}", returncode=1)
    return found


@pytest.fixture(scope="session", autouse=True)
def private_sandbox_env(request: pytest.FixtureRequest) -> Iterator[None]:
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
    version = _cgroups_in_use(os.environ.get("SCALEBOX_EXPECT_CGROUP_VERSION"))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"sandbox cgroups: {version}")
    try:
        yield
    finally:
        close_zygotes()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(autouse=True)
def no_slot_wanted() -> None:
    """A test starts when no process has just waited for one of this session's slots:
    idle zygotes would close for it (an earlier test that found none free says so)."""
    config = load_config()
    deadline = time.monotonic() + WANTED_FOR_S + 1.0
    while wanted_recently(config.slot_lock_dir, config.uid_base) and time.monotonic() < deadline:
        time.sleep(0.05)
