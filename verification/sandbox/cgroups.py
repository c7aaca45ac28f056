"""Per-run control groups: memory and process limits, CPU accounting, whole-tree kill.

cgroup v1 (separate memory, pids, cpuacct and freezer hierarchies) and cgroup v2 (one
unified hierarchy) are both supported. Each run's group is a child of the worker's own
group, named after the slot, and is removed after the run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from abc import ABC, abstractmethod
from pathlib import Path

from .limits import SandboxUnavailable

_V1_CONTROLLERS = ("memory", "pids", "cpuacct", "freezer")


def _read(path: Path) -> str:
    with open(path) as handle:
        return handle.read()


def _write(path: Path, value: str) -> None:
    with open(path, "w") as handle:
        handle.write(value)


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
    @abstractmethod
    def apply_limits(self, *, memory_bytes: int, processes: int) -> None: ...

    @abstractmethod
    def attach(self, pid: int) -> None: ...

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
    def __init__(self, dirs: dict[str, Path]) -> None:
        self.dirs = dirs

    def apply_limits(self, *, memory_bytes: int, processes: int) -> None:
        memory = self.dirs["memory"]
        _write(memory / "memory.limit_in_bytes", str(memory_bytes))
        memsw = memory / "memory.memsw.limit_in_bytes"
        if memsw.exists():
            _write(memsw, str(memory_bytes))
        _write(self.dirs["pids"] / "pids.max", str(processes))

    def attach(self, pid: int) -> None:
        for directory in self.dirs.values():
            _write(directory / "cgroup.procs", str(pid))

    def procs(self) -> list[int]:
        found: set[int] = set()
        for directory in self.dirs.values():
            found.update(_procs_in(directory))
        return sorted(found)

    def cpu_time_s(self) -> float:
        return int(_read(self.dirs["cpuacct"] / "cpuacct.usage")) / 1e9

    def peak_memory_bytes(self) -> int:
        return int(_read(self.dirs["memory"] / "memory.max_usage_in_bytes"))

    def oom_killed(self) -> bool:
        memory = self.dirs["memory"]
        for line in _read(memory / "memory.oom_control").splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value) > 0
        # Kernels without the counter: hitting the limit is the best evidence there is.
        return int(_read(memory / "memory.failcnt")) > 0

    def kill_all(self) -> None:
        freezer = self.dirs.get("freezer")
        for _ in range(100):
            if not self.procs():
                return
            if freezer is not None:
                _write(freezer / "freezer.state", "FROZEN")
                for _ in range(200):
                    if _read(freezer / "freezer.state").strip() == "FROZEN":
                        break
                    time.sleep(0.001)
            _kill_pids(self.procs())
            if freezer is not None:
                _write(freezer / "freezer.state", "THAWED")
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
        _write(self.directory / "pids.max", str(processes))

    def attach(self, pid: int) -> None:
        _write(self.directory / "cgroup.procs", str(pid))

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


class CgroupFactory:
    """Finds the hierarchies once; makes one group per run."""

    def __init__(self) -> None:
        own = _own_cgroup_paths()
        unified = Path("/sys/fs/cgroup")
        if (unified / "cgroup.controllers").exists() and not _v1_mounts():
            self.version = 2
            self.base_v2 = unified / own.get("", "/").lstrip("/") / "scalebox"
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
            enabled = _read(parent / "cgroup.subtree_control").split()
            for controller in ("memory", "pids", "cpu"):
                if controller not in enabled:
                    _write(parent / "cgroup.subtree_control", f"+{controller}")
            _write(self.base_v2 / "cgroup.subtree_control", "+memory +pids +cpu")
        except OSError as exc:
            raise SandboxUnavailable(
                f"cannot delegate memory/pids/cpu controllers below {parent} ({exc}); "
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
