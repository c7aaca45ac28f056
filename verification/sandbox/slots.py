"""Parallel slots: each has its own uid, scratch directory and cgroup.

A slot is held through an flock on its lock file, which excludes other threads (each
lease opens its own file description) and other processes alike, and is released by the
kernel if the holder dies.

The lock files live in one directory per host (SCALEBOX_SLOT_LOCK_DIR, by default
/run/scalebox/slots), not per checkout: every ScaleBox process on the host, whatever
its settings, leases from the same files. A lock is named after the slot's uid, and
everything else a slot owns is named after that uid too (its scratch directory, its
cgroups, a native zygote's program directory), so two processes never use one uid, one
cgroup or one directory at once, even with different slot counts or uid bases.

Holders that keep a slot while idle (pre-forked zygotes) give it back when someone is
waiting: a process that finds every slot taken touches the lock directory's
``wanted-<uid base>`` file (processes of one host with the same settings lease the same
uids), and every process with idle zygotes looks at its own a few times a second
(``wanted_recently``) and closes them.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .limits import SandboxUnavailable

DEFAULT_LOCK_DIR = Path("/run/scalebox/slots")
WANTED_NAME = "wanted"
# How long a touch of the wanted file stands for a waiter (it touches it again while it
# waits).
WANTED_FOR_S = 1.0
LOCK_DIR_SETTING = "SCALEBOX_SLOT_LOCK_DIR"


class NoFreeSlot(SandboxUnavailable):
    pass


@dataclass(frozen=True)
class Slot:
    index: int
    uid: int

    @property
    def name(self) -> str:
        """What the slot's scratch directory, cgroups and program directory are called."""
        return f"uid-{self.uid}"


_leases = itertools.count()
_leases_lock = threading.Lock()
_prepared: set[Path] = set()
_prepared_lock = threading.Lock()


def _start_index(count: int) -> int:
    with _leases_lock:
        return (os.getpid() * 7 + next(_leases)) % count


def _unusable(directory: Path) -> str | None:
    """Why directory cannot hold slot locks safely (None if it can)."""
    info = os.lstat(directory)
    if not stat.S_ISDIR(info.st_mode):
        return "not a directory (or a symbolic link)"
    if info.st_uid not in (0, os.geteuid()):
        return f"owned by uid {info.st_uid}, not by this process's user or root"
    if info.st_mode & 0o022:
        return f"writable by group or others (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def prepare_lock_dir(lock_dir: Path) -> None:
    """Make the host's slot lock directory (once per process), or say why it cannot be.

    Created as 0700 (its parent, if missing, 0755): only processes of its owner can open
    a lock file, so no other user can hold a slot to starve the sandbox or plant a file.
    """
    with _prepared_lock:
        if lock_dir in _prepared:
            return
        try:
            if not lock_dir.parent.exists():
                lock_dir.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                lock_dir.mkdir(mode=0o700)
            problem = _unusable(lock_dir)
        except OSError as exc:
            problem = f"cannot be created ({exc.strerror or exc})"
        if problem is not None:
            raise SandboxUnavailable(
                f"slot lock directory {lock_dir}: {problem}. Every ScaleBox process on a host "
                f"leases its sandbox slots there; set {LOCK_DIR_SETTING} to a directory all of "
                "them share that only their user can write (run as root for full isolation)"
            )
        _prepared.add(lock_dir)


def try_lease(lock_dir: Path, uid: int) -> int | None:
    """An flock'ed descriptor holding uid's slot, or None if another holder has it."""
    fd = os.open(
        lock_dir / f"uid-{uid}.lock",
        os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW,
        0o600,
    )
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


def release(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def lease_any(lock_dir: Path, count: int, uid_base: int) -> tuple[int, Slot]:
    """Hold the first free slot now (lock descriptor, slot); NoFreeSlot if none is free.

    For holders that keep a slot for long (a pre-forked zygote): release(fd) gives it back.
    """
    prepare_lock_dir(lock_dir)
    for index in range(count):
        fd = try_lease(lock_dir, uid_base + index)
        if fd is not None:
            return fd, Slot(index=index, uid=uid_base + index)
    raise NoFreeSlot(f"no free slot among {count}")


def _wanted_file(lock_dir: Path, uid_base: int) -> Path:
    return lock_dir / f"{WANTED_NAME}-{uid_base}"


def signal_wanted(lock_dir: Path, uid_base: int) -> None:
    """Tell the host's processes leasing the slots from ``uid_base`` that someone waits
    for one."""
    with contextlib.suppress(OSError):
        fd = os.open(
            _wanted_file(lock_dir, uid_base),
            os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW,
            0o600,
        )
        try:
            os.utime(fd)
        finally:
            os.close(fd)


def wanted_recently(lock_dir: Path, uid_base: int, within_s: float = WANTED_FOR_S) -> bool:
    """Whether someone has waited for a slot from ``uid_base`` within the last
    ``within_s`` seconds."""
    try:
        touched = os.stat(_wanted_file(lock_dir, uid_base)).st_mtime
    except OSError:
        return False
    return time.time() - touched <= within_s


@contextmanager
def lease_slot(
    lock_dir: Path, count: int, uid_base: int, timeout_s: float = 600.0
) -> Iterator[Slot]:
    prepare_lock_dir(lock_dir)
    start = _start_index(count)
    deadline = time.monotonic() + timeout_s
    delay = 0.001
    while True:
        for offset in range(count):
            index = (start + offset) % count
            fd = try_lease(lock_dir, uid_base + index)
            if fd is None:
                continue
            try:
                yield Slot(index=index, uid=uid_base + index)
            finally:
                release(fd)
            return
        if time.monotonic() > deadline:
            raise SandboxUnavailable(f"no free sandbox slot among {count} after {timeout_s:.0f}s")
        signal_wanted(lock_dir, uid_base)
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


@contextmanager
def lease_pair(
    lock_dir: Path, count: int, uid_base: int, timeout_s: float = 600.0
) -> Iterator[tuple[Slot, Slot]]:
    """Two slots at once, for two runs that must start together (an interactive case):
    never one held while waiting for the other, so two such leases cannot hold a slot
    each and wait for each other, and neither run's clock starts while the other waits."""
    if count < 2:
        raise SandboxUnavailable(f"two runs at once need two sandbox slots, there are {count}")
    prepare_lock_dir(lock_dir)
    deadline = time.monotonic() + timeout_s
    delay = 0.001
    while True:
        start = _start_index(count)
        held: list[tuple[int, Slot]] = []
        for offset in range(count):
            index = (start + offset) % count
            fd = try_lease(lock_dir, uid_base + index)
            if fd is not None:
                held.append((fd, Slot(index=index, uid=uid_base + index)))
                if len(held) == 2:
                    break
        if len(held) == 2:
            try:
                yield held[0][1], held[1][1]
            finally:
                for fd, _ in held:
                    release(fd)
            return
        for fd, _ in held:
            release(fd)
        if time.monotonic() > deadline:
            raise SandboxUnavailable(
                f"no two free sandbox slots among {count} after {timeout_s:.0f}s"
            )
        signal_wanted(lock_dir, uid_base)
        time.sleep(delay)
        delay = min(delay * 2, 0.05)
