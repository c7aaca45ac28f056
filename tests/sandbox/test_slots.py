"""Slot leases are host-wide: every ScaleBox process on a host, whatever its checkout or
settings, excludes every other from a slot's uid, cgroups and directories."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verification.executors import executor_for
from verification.sandbox import Limits, RunStatus, SandboxUnavailable, fastpath, run_sandboxed
from verification.sandbox import scratch as scratch_dir
from verification.sandbox.config import REPO_ROOT, load_config
from verification.sandbox.fastpath import (
    close_zygotes,
    run_native_fast,
    run_python_fast,
    zygote_pids,
)
from verification.sandbox.slots import (
    NoFreeSlot,
    lease_any,
    lease_pair,
    lease_slot,
    prepare_lock_dir,
)

LIMITS = Limits(cpu_time_s=2.0, wall_time_s=5.0, memory_bytes=128 << 20, output_bytes=1 << 16)

# Another checkout's worker: its own cache and scratch directories, the same slot uids.
OTHER_PROCESS = """
import sys, time
from verification.sandbox import Limits, run_sandboxed
from verification.sandbox.config import load_config
from verification.sandbox.slots import NoFreeSlot, lease_any

config = load_config()
if sys.argv[1] == "lease":
    try:
        fd, slot = lease_any(config.slot_lock_dir, config.slots, config.uid_base)
    except NoFreeSlot:
        print("busy")
    else:
        print("free", slot.uid)
else:
    limits = Limits(cpu_time_s=2, wall_time_s=5, memory_bytes=128 << 20, output_bytes=1 << 16)
    result = run_sandboxed(["/usr/bin/id", "-u"], stdin=b"", limits=limits)
    print(result.status.value, result.stdout.decode().strip(), time.time())
"""


def other_checkout(tmp_path: Path, mode: str) -> subprocess.Popen[str]:
    # (Scratch directories must be reachable by the slot uids: not below tmp_path.)
    scratch = Path(str(load_config().scratch_root) + "-other")
    env = {
        **os.environ,
        "SCALEBOX_WORKER_CACHE_DIR": str(tmp_path / "other-cache"),
        "SCALEBOX_SCRATCH_DIR": str(scratch),
        "SCALEBOX_SANDBOX_SLOTS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-c", OTHER_PROCESS, mode],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_lock_directory_is_one_per_host_not_per_checkout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SCALEBOX_SLOT_LOCK_DIR", raising=False)
    assert load_config().slot_lock_dir == Path("/run/scalebox/slots")
    monkeypatch.setenv("SCALEBOX_WORKER_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert load_config().slot_lock_dir == Path("/run/scalebox/slots")
    monkeypatch.setenv("SCALEBOX_SLOT_LOCK_DIR", str(tmp_path / "locks"))
    assert load_config().slot_lock_dir == tmp_path / "locks"
    monkeypatch.setenv("SCALEBOX_SLOT_LOCK_DIR", "relative/locks")
    with pytest.raises(ValueError, match="SCALEBOX_SLOT_LOCK_DIR"):
        load_config()


def test_the_lock_directory_is_created_private(tmp_path: Path) -> None:
    lock_dir = tmp_path / "run" / "slots"
    prepare_lock_dir(lock_dir)
    assert stat.S_IMODE(os.stat(lock_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(lock_dir.parent).st_mode) & 0o022 == 0
    fd, slot = lease_any(lock_dir, 4, 12345)
    try:
        assert slot.uid == 12345 and slot.name == "uid-12345"
        assert stat.S_IMODE(os.fstat(fd).st_mode) == 0o600
        assert (lock_dir / "uid-12345.lock").exists()
    finally:
        os.close(fd)


def test_an_unusable_lock_directory_is_refused_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    open_to_all = tmp_path / "open"
    open_to_all.mkdir()
    os.chmod(open_to_all, 0o777)
    with pytest.raises(SandboxUnavailable, match="writable by group or others"):
        prepare_lock_dir(open_to_all)
    (tmp_path / "target").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "target")
    with pytest.raises(SandboxUnavailable, match="symbolic link"):
        prepare_lock_dir(tmp_path / "link")
    (tmp_path / "file").write_text("")
    with pytest.raises(SandboxUnavailable, match=r"cannot be created.*SCALEBOX_SLOT_LOCK_DIR"):
        prepare_lock_dir(tmp_path / "file" / "slots")
    # The sandbox refuses to run anything rather than lease slots there.
    monkeypatch.setenv("SCALEBOX_SLOT_LOCK_DIR", str(open_to_all))
    with pytest.raises(SandboxUnavailable, match="slot lock directory"):
        run_sandboxed(["/usr/bin/true"], stdin=b"", limits=LIMITS)


def test_another_checkout_waits_for_a_slot_held_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Different cache directories (two checkouts), the same slot uids: one lock."""
    close_zygotes()  # idle zygotes hold slots of their own
    config = load_config()
    with lease_slot(config.slot_lock_dir, 1, config.uid_base) as slot:
        other = other_checkout(tmp_path, "run")
        time.sleep(1.5)
        released = time.time()
    out, err = other.communicate(timeout=60)
    shutil.rmtree(str(config.scratch_root) + "-other", ignore_errors=True)
    assert other.returncode == 0, err
    status, uid, finished = out.split()
    assert (status, int(uid)) == ("OK", slot.uid), out
    assert float(finished) > released, "the other checkout ran in a slot held here"


def test_a_zygote_holds_its_slot_against_other_checkouts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    close_zygotes()
    monkeypatch.setenv("SCALEBOX_SANDBOX_SLOTS", "1")
    try:
        result = run_python_fast(b"import os; print(os.getuid())\n", b"", LIMITS)
        assert result.status is RunStatus.OK, result
        # The zygote stays idle in its slot: no other process may lease that uid.
        other = other_checkout(tmp_path, "lease")
        out, err = other.communicate(timeout=60)
        assert out.split() == ["busy"], (out, err)
    finally:
        close_zygotes()
    other = other_checkout(tmp_path, "lease")
    out, err = other.communicate(timeout=60)
    assert out.split() == ["free", result.stdout.decode().strip()], (out, err)


def test_an_idle_zygote_gives_its_slot_to_another_process_that_waits(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One slot on the host, held by this process's idle zygote: another process that
    needs it says so (slots.signal_wanted), and the zygote is closed for it."""
    close_zygotes()
    monkeypatch.setenv("SCALEBOX_SANDBOX_SLOTS", "1")
    try:
        result = run_python_fast(b"import os; print(os.getuid())\n", b"", LIMITS)
        assert result.status is RunStatus.OK, result
        assert zygote_pids(), "the zygote should stay idle in its slot"
        other = other_checkout(tmp_path, "run")
        out, err = other.communicate(timeout=60)
        shutil.rmtree(str(load_config().scratch_root) + "-other", ignore_errors=True)
        assert other.returncode == 0, err
        status, uid, _ = out.split()
        assert (status, uid) == ("OK", result.stdout.decode().strip()), out
        assert zygote_pids() == set()
    finally:
        close_zygotes()


def test_a_zygote_idle_for_long_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    close_zygotes()
    monkeypatch.setattr(fastpath.ZygotePool, "IDLE_S", 0.5)
    try:
        assert run_python_fast(b"print(1)\n", b"", LIMITS).stdout == b"1\n"
        assert zygote_pids()
        deadline = time.monotonic() + 10
        while zygote_pids() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert zygote_pids() == set()
    finally:
        close_zygotes()


def test_what_a_slot_owns_is_named_after_its_uid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scratch directories and a native zygote's program directory are shared by every
    process with the same settings: named after the leased uid, never a slot number."""
    made: list[tuple[Path, int]] = []
    real_make_fresh = scratch_dir.make_fresh

    def recording(directory: Path, uid: int) -> None:
        made.append((directory, uid))
        real_make_fresh(directory, uid)

    monkeypatch.setattr(scratch_dir, "make_fresh", recording)
    close_zygotes()
    result = run_sandboxed(["/usr/bin/id", "-u"], stdin=b"", limits=LIMITS)
    assert result.status is RunStatus.OK, result
    program = executor_for("c").compile(b"int main(void) { return 0; }\n")
    native = run_native_fast(program.directory, program.argv, b"", LIMITS)
    assert native.status is RunStatus.OK, native
    config = load_config()
    assert made and all(d == config.scratch_root / f"uid-{uid}" for d, uid in made), made
    assert int(result.stdout) in {uid for _, uid in made}
    program_dirs = list((config.cache_dir / "fastpath").iterdir())
    assert program_dirs and all(p.name == f"uid-{made[-1][1]}" for p in program_dirs)
    close_zygotes()


def test_no_free_slot_is_reported(tmp_path: Path) -> None:
    fd, _ = lease_any(tmp_path, 1, 777)
    try:
        with pytest.raises(NoFreeSlot):
            lease_any(tmp_path, 1, 777)
        # A different uid range is a different lock.
        other, slot = lease_any(tmp_path, 1, 778)
        os.close(other)
        assert slot.uid == 778
    finally:
        os.close(fd)


def test_a_pair_of_slots_is_leased_whole_or_not_at_all(tmp_path: Path) -> None:
    lock_dir = tmp_path / "locks"
    lock_dir.mkdir(mode=0o700)
    with lease_pair(lock_dir, 3, 900) as (first, second):
        assert first.uid != second.uid
        # The third slot is free; a pair is not, and none of it is held while waiting.
        with (
            pytest.raises(SandboxUnavailable, match="no two free sandbox slots among 3"),
            lease_pair(lock_dir, 3, 900, timeout_s=0.05),
        ):
            pass
        fd, third = lease_any(lock_dir, 3, 900)
        assert third.uid not in (first.uid, second.uid)
        os.close(fd)
    with lease_pair(lock_dir, 3, 900) as pair:
        assert len({slot.uid for slot in pair}) == 2
    with (
        pytest.raises(SandboxUnavailable, match="need two sandbox slots"),
        lease_pair(lock_dir, 1, 900),
    ):
        pass
