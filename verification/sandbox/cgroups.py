"""Per-run control groups: memory and process limits, CPU accounting, whole-tree kill.

cgroup v1 (separate memory, pids, cpuacct and freezer hierarchies) and cgroup v2 (one
unified hierarchy) are both supported. Each run's group is a child of the worker's own
group, named after the slot, and is removed after the run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import time
from abc import ABC, abstractmethod
from pathlib import Path

from .limits import SandboxUnavailable

_V1_CONTROLLERS = ("memory", "pids", "cpuacct", "freezer")
# cgroup v2: where the processes of the worker's own group go, so that the group may
# enable controllers for the sandbox's groups beside it.
V2_WORKERS_LEAF = "scalebox-workers"
STALE_CHARGE_BYTES = 1 << 20


def _read(path: Path | str) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        return b"".join(chunks).decode()
    finally:
        os.close(fd)


def _write(path: Path | str, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def _own_cgroup_paths() -> dict[str, str]:
    """Map each controller (or "" for the unified hierarchy) to this process's group."""
    paths: dict[str, str] = {}
    for line in _read(Path("/proc/self/cgroup")).splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            paths[name] = path
    return paths


def _v1_mounts() -> dict[str, Path]:
    mounts: dict[str, Path] = {}
    for line in _read(Path("/proc/self/mounts")).splitlines():
        parts = line.split()
        if len(parts) < 4 or parts[2] != "cgroup":
            continue
        for option in parts[3].split(","):
            if option in _V1_CONTROLLERS:
                mounts[option] = Path(parts[1])
    return mounts


class RunCgroup(ABC):
    # Whether reset() can make an emptied group as good as a fresh one.
    reusable = False

    @abstractmethod
    def apply_limits(self, *, memory_bytes: int, processes: int) -> None: ...

    def reset(self, *, memory_bytes: int, processes: int) -> None:
        """Ready an empty group for the next run: its limits, counters from zero."""
        raise NotImplementedError

    @abstractmethod
    def limit_processes(self, processes: int) -> None: ...

    @abstractmethod
    def attach(self, pid: int) -> None: ...

    @abstractmethod
    def procs_files(self) -> list[str]:
        """The cgroup.procs files a process writes its pid to, to join this group."""

    @abstractmethod
    def procs(self) -> list[int]: ...

    @abstractmethod
    def cpu_time_s(self) -> float: ...

    @abstractmethod
    def peak_memory_bytes(self) -> int: ...

    @abstractmethod
    def oom_killed(self) -> bool: ...

    @abstractmethod
    def kill_all(self) -> None: ...

    @abstractmethod
    def remove(self) -> None: ...

    def wait_empty(self, timeout_s: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout_s
        delay = 0.0005
        while self.procs():
            if time.monotonic() > deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        return True


def _kill_pids(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _procs_in(directory: Path) -> list[int]:
    try:
        return [int(x) for x in _read(directory / "cgroup.procs").split()]
    except FileNotFoundError:
        return []


def _rmdir_retrying(directory: Path) -> None:
    for _ in range(200):
        try:
            directory.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.005)
    directory.rmdir()


class _V1Cgroup(RunCgroup):
    reusable = True

    def __init__(self, dirs: dict[str, Path]) -> None:
        self.dirs = dirs
        memory = str(dirs["memory"])
        self._memory = memory
        self._memsw = memory + "/memory.memsw.limit_in_bytes"
        self._has_memsw: bool | None = None
        self._cpuacct = str(dirs["cpuacct"]) + "/cpuacct.usage"
        self._pids_max = str(dirs["pids"]) + "/pids.max"
        self._procs_files = [str(d) + "/cgroup.procs" for d in dirs.values()]
        freezer = dirs.get("freezer")
        self._freezer = str(freezer) + "/freezer.state" if freezer is not None else None
        self._memory_limit: int | None = None
        self._oom_kills_before = 0

    def apply_limits(self, *, memory_bytes: int, processes: int) -> None:
        limit = self._memory + "/memory.limit_in_bytes"
        value = str(memory_bytes)
        if self._has_memsw is None:
            self._has_memsw = os.path.exists(self._memsw)
        # memsw must stay at least the memory limit at every step.
        if self._memory_limit is not None and memory_bytes > self._memory_limit:
            if self._has_memsw:
                _write(self._memsw, value)
            _write(limit, value)
        else:
            _write(limit, value)
            if self._has_memsw:
                _write(self._memsw, value)
        self._memory_limit = memory_bytes
        self.limit_processes(processes)

    def limit_processes(self, processes: int) -> None:
        _write(self._pids_max, str(processes))

    def reset(self, *, memory_bytes: int, processes: int) -> None:
        if self.procs():
            raise OSError("a reused cgroup still has processes")
        # What earlier runs left charged: the kernel's per-CPU charge batches (which a fresh
        # group gets too) and reclaimable page cache, reclaimed before any OOM kill. Beyond
        # a bound it is reclaimed now (costly: it drains every CPU), so reported peaks stay
        # within that bound of a fresh group's.
        usage = int(_read(self._memory + "/memory.usage_in_bytes"))
        if usage > STALE_CHARGE_BYTES:
            _write(self._memory + "/memory.force_empty", "0")
        _write(self._memory + "/memory.max_usage_in_bytes", "0")
        _write(self._memory + "/memory.failcnt", "0")
        _write(self._cpuacct, "0")
        self._oom_kills_before = self._oom_kills() or 0
        self.apply_limits(memory_bytes=memory_bytes, processes=processes)

    def attach(self, pid: int) -> None:
        for path in self._procs_files:
            _write(path, str(pid))

    def procs_files(self) -> list[str]:
        return list(self._procs_files)

    def procs(self) -> list[int]:
        found: set[int] = set()
        for path in self._procs_files:
            # A group removed meanwhile reads as ENOENT or, mid-removal, ENODEV: empty.
            try:
                found.update(int(x) for x in _read(path).split())
            except OSError as exc:
                if exc.errno not in (errno.ENOENT, errno.ENODEV):
                    raise
        return sorted(found)

    def cpu_time_s(self) -> float:
        return int(_read(self._cpuacct)) / 1e9

    def peak_memory_bytes(self) -> int:
        return int(_read(self._memory + "/memory.max_usage_in_bytes"))

    def _oom_kills(self) -> int | None:
        for line in _read(self._memory + "/memory.oom_control").splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return None

    def oom_killed(self) -> bool:
        kills = self._oom_kills()
        if kills is not None:
            return kills > self._oom_kills_before
        # Kernels without the counter: hitting the limit is the best evidence there is.
        return int(_read(self._memory + "/memory.failcnt")) > 0

    def kill_all(self) -> None:
        freezer = self._freezer
        for _ in range(100):
            if not self.procs():
                return
            if freezer is not None:
                _write(freezer, "FROZEN")
                for _ in range(200):
                    if _read(freezer).strip() == "FROZEN":
                        break
                    time.sleep(0.001)
            _kill_pids(self.procs())
            if freezer is not None:
                _write(freezer, "THAWED")
            if self.wait_empty(0.2):
                return

    def remove(self) -> None:
        for directory in self.dirs.values():
            _rmdir_retrying(directory)


class _V2Cgroup(RunCgroup):
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def apply_limits(self, *, memory_bytes: int, processes: int) -> None:
        _write(self.directory / "memory.max", str(memory_bytes))
        swap = self.directory / "memory.swap.max"
        if swap.exists():
            _write(swap, "0")
        self.limit_processes(processes)

    def limit_processes(self, processes: int) -> None:
        _write(self.directory / "pids.max", str(processes))

    def attach(self, pid: int) -> None:
        _write(self.directory / "cgroup.procs", str(pid))

    def procs_files(self) -> list[str]:
        return [str(self.directory / "cgroup.procs")]

    def procs(self) -> list[int]:
        return _procs_in(self.directory)

    def cpu_time_s(self) -> float:
        for line in _read(self.directory / "cpu.stat").splitlines():
            key, _, value = line.partition(" ")
            if key == "usage_usec":
                return int(value) / 1e6
        return 0.0

    def peak_memory_bytes(self) -> int:
        peak = self.directory / "memory.peak"
        if peak.exists():
            return int(_read(peak))
        return int(_read(self.directory / "memory.current"))

    def oom_killed(self) -> bool:
        for line in _read(self.directory / "memory.events").splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill" and int(value) > 0:
                return True
        return False

    def kill_all(self) -> None:
        kill_file = self.directory / "cgroup.kill"
        for _ in range(100):
            if not self.procs():
                return
            if kill_file.exists():
                _write(kill_file, "1")
            else:
                _kill_pids(self.procs())
            if self.wait_empty(0.2):
                return

    def remove(self) -> None:
        _rmdir_retrying(self.directory)


def _enable_controllers(group: Path, controllers: list[str]) -> None:
    """Enable controllers for group's children.

    Only a group without processes of its own may (cgroup v2's no-internal-processes rule;
    the hierarchy's root is exempt), and the worker's own group has the worker in it (a
    systemd unit's, a container's): its processes move to a leaf child first.
    """
    control = group / "cgroup.subtree_control"
    for _ in range(100):
        enabled = _read(control).split()
        todo = [c for c in controllers if c not in enabled]
        if not todo:
            return
        try:
            _write(control, " ".join(f"+{c}" for c in todo))
            return
        except OSError as exc:
            if exc.errno != errno.EBUSY:
                raise
        leaf = group / V2_WORKERS_LEAF
        leaf.mkdir(exist_ok=True)
        for pid in _procs_in(group):
            try:
                _write(leaf / "cgroup.procs", str(pid))
            except OSError as exc:
                # Gone meanwhile, or a kernel thread that stays where it is.
                if exc.errno not in (errno.ESRCH, errno.EINVAL):
                    raise
    raise OSError(errno.EBUSY, f"processes keep appearing in {group}")


class CgroupFactory:
    """Finds the hierarchies once; makes one group per run."""

    def __init__(self) -> None:
        own = _own_cgroup_paths()
        unified = Path("/sys/fs/cgroup")
        if (unified / "cgroup.controllers").exists() and not _v1_mounts():
            self.version = 2
            delegated = unified / own.get("", "/").lstrip("/")
            if delegated.name == V2_WORKERS_LEAF:
                # Moved there by an earlier factory (of this or a parent process).
                delegated = delegated.parent
            self.base_v2 = delegated / "scalebox"
            self._prepare_v2()
            self.bases_v1: dict[str, Path] = {}
        else:
            mounts = _v1_mounts()
            missing = [c for c in ("memory", "pids", "cpuacct") if c not in mounts]
            if missing:
                raise SandboxUnavailable(f"cgroup v1 controllers not mounted: {', '.join(missing)}")
            self.version = 1
            self.bases_v1 = {
                name: mount / own.get(name, "/").lstrip("/") / "scalebox"
                for name, mount in mounts.items()
            }
            for base in self.bases_v1.values():
                base.mkdir(exist_ok=True)
            self.base_v2 = Path()
        if not os.access(self.bases_v1.get("memory", self.base_v2), os.W_OK):
            raise SandboxUnavailable("cgroups are not writable by this process")

    def _prepare_v2(self) -> None:
        parent = self.base_v2.parent
        try:
            self.base_v2.mkdir(exist_ok=True)
            available = _read(parent / "cgroup.controllers").split()
            missing = [c for c in ("memory", "pids") if c not in available]
            if missing:
                raise OSError(errno.EACCES, f"controllers not delegated: {', '.join(missing)}")
            # cpu is optional: cpu.stat's usage counts without it.
            wanted: list[str] = [c for c in ("memory", "pids", "cpu") if c in available]
            _enable_controllers(parent, wanted)
            _enable_controllers(self.base_v2, wanted)
        except OSError as exc:
            raise SandboxUnavailable(
                f"cannot delegate memory/pids controllers below {parent} ({exc}); "
                "run the worker in a cgroup v2 subtree it may manage (e.g. systemd Delegate=yes)"
            ) from exc

    def create(self, name: str) -> RunCgroup:
        group: RunCgroup
        if self.version == 2:
            group = _V2Cgroup(self.base_v2 / name)
            dirs = [self.base_v2 / name]
        else:
            v1dirs = {ctrl: base / name for ctrl, base in self.bases_v1.items()}
            group = _V1Cgroup(v1dirs)
            dirs = list(v1dirs.values())
        if any(d.exists() for d in dirs):
            # Left over by a worker that died mid-run: finish its job first.
            group.kill_all()
            group.remove()
        for directory in dirs:
            directory.mkdir()
        return group
