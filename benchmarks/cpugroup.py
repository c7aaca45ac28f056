"""CPU time of a whole process tree, read from a control group made for it.

A benchmark that runs a command while other work shares the machine gets a wall time
that depends on that work; the CPU time the command's processes used (every
descendant, sandboxed ones included: their groups are children of this one) depends
on it much less. Needs root and a cgroup v1 cpuacct or a cgroup v2 hierarchy; where
neither is writable, ``CpuGroup.usable()`` is False and callers report wall time only.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

V1 = Path("/sys/fs/cgroup/cpuacct")
V2 = Path("/sys/fs/cgroup")


def _own(controller: str) -> str:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(",") or (controller == "" and controllers == ""):
            return path
    raise LookupError(controller)


class CpuGroup:
    def __init__(self, name: str) -> None:
        if (V1 / "cpuacct.usage").exists():
            self.directory = V1 / _own("cpuacct").lstrip("/") / name
            self._usage = self._v1_usage
        else:
            self.directory = V2 / _own("").lstrip("/") / name
            self._usage = self._v2_usage

    @staticmethod
    def usable() -> bool:
        if os.geteuid() != 0:
            return False
        return (V1 / "cpuacct.usage").exists() or (V2 / "cgroup.controllers").exists()

    def __enter__(self) -> CpuGroup:
        self.directory.mkdir()
        return self

    def __exit__(self, *exc: object) -> None:
        # A ScaleBox process measured here made its sandbox's groups inside this one:
        # empty now, they go first.
        inner = sorted(
            (Path(root) for root, _, _ in os.walk(self.directory)),
            key=lambda path: -len(path.parts),
        )
        for directory in inner:
            for _ in range(100):
                try:
                    directory.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)

    def enter(self) -> None:
        """Move the calling process in (a subprocess's preexec_fn)."""
        (self.directory / "cgroup.procs").write_text(str(os.getpid()))

    def _v1_usage(self) -> float:
        return int((self.directory / "cpuacct.usage").read_text()) / 1e9

    def _v2_usage(self) -> float:
        for line in (self.directory / "cpu.stat").read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == "usage_usec":
                return int(value) / 1e6
        return 0.0

    def cpu_s(self) -> float:
        return self._usage()


def timed_run(argv: list[str], name: str, **kwargs: Any) -> tuple[float, float | None, Any]:
    """Run argv (checked): its wall time, the CPU time of its process tree (None where it
    cannot be read, not as root), and what subprocess.run returned. ``name`` names the
    group made for it."""
    if not CpuGroup.usable():
        started = time.monotonic()
        done = subprocess.run(argv, check=True, **kwargs)
        return time.monotonic() - started, None, done
    with CpuGroup(f"{name}-{os.getpid()}") as group:
        started = time.monotonic()
        done = subprocess.run(argv, check=True, preexec_fn=group.enter, **kwargs)
        seconds = time.monotonic() - started
        return seconds, group.cpu_s(), done
