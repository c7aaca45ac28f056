"""Every cache a worker keeps lives under SCALEBOX_VAR_DIR, or its own setting.

The sandbox reads its configuration from the environment, as the Django settings do:
without SCALEBOX_WORKER_CACHE_DIR its caches (compiled programs, its init, the native
fast path's program directories) belong under SCALEBOX_VAR_DIR, beside the test data and
built judges, never in the checkout's var/.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from verification.executors import Program, executor_for
from verification.sandbox import Limits, SandboxUnavailable
from verification.sandbox.config import REPO_ROOT, load_config

PACKAGE = REPO_ROOT / "tests" / "fixtures" / "packages" / "pythoncheck"
# Accepted for pythoncheck (its output validator is a Python program, built per worker).
EVENS_FIRST = """#include <stdio.h>
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    if (n == 2 || n == 3) { puts("NO SOLUTION"); return 0; }
    for (int i = 2; i <= n; i += 2) printf("%d ", i);
    for (int i = 1; i <= n; i += 2) printf("%d ", i);
    puts("");
    return 0;
}
"""
LIMITS = Limits(cpu_time_s=2.0, wall_time_s=5.0, memory_bytes=128 << 20, output_bytes=1 << 16)


def test_the_var_dir_moves_the_sandbox_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCALEBOX_WORKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("SCALEBOX_VAR_DIR", "/srv/scalebox")
    assert load_config().cache_dir == Path("/srv/scalebox/cache")
    monkeypatch.setenv("SCALEBOX_WORKER_CACHE_DIR", "/var/cache/scalebox")
    assert load_config().cache_dir == Path("/var/cache/scalebox")
    # Empty means unset, as in the Django settings.
    monkeypatch.setenv("SCALEBOX_WORKER_CACHE_DIR", "")
    monkeypatch.setenv("SCALEBOX_VAR_DIR", "")
    assert load_config().cache_dir == REPO_ROOT / "var" / "cache"


@pytest.fixture
def var_dir() -> Iterator[Path]:
    """A var directory the sandbox's uids can reach (a pytest tmp_path is private)."""
    path = Path(tempfile.mkdtemp(prefix="scalebox-var-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_a_judging_keeps_every_cache_under_the_var_dir(var_dir: Path) -> None:
    source = f"/* {uuid.uuid4().hex} */\n{EVENS_FIRST}"
    key = executor_for("c").cache_key(source.encode(), ())
    checkout_copy = REPO_ROOT / "var" / "cache" / "compiled" / "c" / key
    unset = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.pop("SCALEBOX_WORKER_CACHE_DIR", None)  # set for this test session
    # Its own slot uids and scratch directories: what a command leaves to the host's init
    # at exit is not this session's (whose tests find none of their own between runs).
    config = load_config()
    env["SCALEBOX_SANDBOX_UID_BASE"] = str(config.uid_base + 2 * config.slots)
    scratch = Path(f"{config.scratch_root}-var-dir")
    env["SCALEBOX_SCRATCH_DIR"] = str(scratch)
    env["SCALEBOX_VAR_DIR"] = str(var_dir)
    (var_dir / "main.c").write_text(source)

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    try:
        manage("migrate", "--noinput")
        manage("import_problem", str(PACKAGE), "--slug", "spread")
        out = manage("judge", "--problem", "spread", "--language", "c", str(var_dir / "main.c"))
        assert json.loads(out.strip().splitlines()[-1])["verdict"] == "AC", out
        assert not checkout_copy.exists()
    finally:
        shutil.rmtree(checkout_copy, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    cache = var_dir / "cache"
    assert (cache / "compiled" / "c" / key / ".complete").is_file()
    assert [p.name[:14] for p in (cache / "init").iterdir()] == ["scalebox-init-"]
    assert (cache / "fastpath").is_dir()  # the native fast path's program directories
    assert any((cache / "tests").rglob("*")), "no test data cached"
    assert any((cache / "judges").iterdir()), "no built judge cached"


def test_a_cache_the_sandbox_cannot_reach_is_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    private = Path(tempfile.mkdtemp(prefix="scalebox-private-"))  # mode 0700
    try:
        monkeypatch.setenv("SCALEBOX_WORKER_CACHE_DIR", str(private / "cache"))
        program = executor_for("c").compile(EVENS_FIRST.encode())
        assert stat.S_IMODE(private.stat().st_mode) == 0o700
        reason = f"{private} is not searchable by other users"
        with pytest.raises(SandboxUnavailable, match=reason):
            Program.run(program, b"5\n", LIMITS)
        with pytest.raises(SandboxUnavailable, match=reason):
            program.run(b"5\n", LIMITS)  # the native fast path
    finally:
        shutil.rmtree(private, ignore_errors=True)
