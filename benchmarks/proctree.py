"""CPU time of process trees, read from /proc, for the benchmarks.

A process's figure counts its own user+system time and that of its children it has
reaped; a tree adds its live descendants. Long-lived helpers that a benchmark starts
(pre-forked interpreters, workers) are therefore counted, which ``os.times`` misses.
"""

from __future__ import annotations

import os
from pathlib import Path

CLK = os.sysconf("SC_CLK_TCK")


def proc_table() -> dict[int, tuple[int, str, float]]:
    """pid -> (ppid, command name, CPU seconds incl. reaped children)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        cpu = sum(int(fields[i]) for i in (11, 12, 13, 14)) / CLK
        table[int(entry.name)] = (int(fields[1]), name, cpu)
    return table


def tree_cpu(
    roots: set[int], table: dict[int, tuple[int, str, float]], exclude: set[int] | None = None
) -> dict[int, float]:
    members = set(roots)
    skip = exclude or set()
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _, _) in table.items():
            if ppid in members and pid not in members and pid not in skip:
                members.add(pid)
                changed = True
    return {pid: table[pid][2] for pid in members if pid in table}


class CpuMeter:
    """CPU seconds used by named groups of process trees between start() and stop()."""

    def __init__(self, groups: dict[str, set[int]]) -> None:
        self.groups = groups
        self.before: dict[str, dict[int, float]] = {}

    def _snapshot(self) -> dict[str, dict[int, float]]:
        table = proc_table()
        # Each group owns its tree; a group's roots are cut out of the other groups' trees
        # (workers started by this process are counted as workers, not as this process).
        snapshot = {}
        for name, pids in self.groups.items():
            others = set().union(*(p for n, p in self.groups.items() if n != name))
            snapshot[name] = tree_cpu(pids, table, exclude=others)
        return snapshot

    def start(self) -> None:
        self.before = self._snapshot()

    def stop(self) -> dict[str, float]:
        # Whole-tree totals: a process that exits in between has its time added to its
        # parent's reaped-children time, so the difference of totals stays exact.
        after = self._snapshot()
        return {
            name: sum(procs.values()) - sum(self.before[name].values())
            for name, procs in after.items()
        }


def own_tree() -> dict[str, set[int]]:
    """This process and its descendants."""
    return {"this process tree": {os.getpid()}}
