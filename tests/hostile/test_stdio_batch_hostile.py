"""Hostile programs in a stdin/stdout batch (the harness's ``stdin_stdout_batch`` mode):
every case runs in a fresh fork of the runner, on both sandbox paths. No case may learn
a nonce, write a frame, reach a later case, or make the batch hang; whatever it does,
the frames the trusted side would use are the cases' own clean runs, and nothing of the
batch outlives it."""

from __future__ import annotations

import re
import time

import pytest

from verification.harness.batch import StdioBatch, stdio_batch
from verification.harness.runner import harness_source
from verification.sandbox import RunResult

from .conftest import PATHS, SMALL, Runner, sandbox_uid_processes

INPUTS = [b"1 2\n", b"3 4\n", b"5 6\n"]
SUMS = [b"3\n", b"7\n", b"11\n"]


@pytest.fixture(params=sorted(PATHS))
def path(request: pytest.FixtureRequest) -> Runner:
    return PATHS[request.param]


def _batch(run: Runner, source: str) -> tuple[StdioBatch, RunResult, float]:
    batch = stdio_batch(
        user_code=source,
        inputs=INPUTS,
        cpu_s=SMALL.cpu_time_s,
        wall_s=SMALL.wall_time_s,
        output_bytes=SMALL.output_bytes,
        memory_bytes=SMALL.memory_bytes,
    )
    started = time.monotonic()
    result = run(harness_source().encode(), batch.stdin, SMALL)
    return batch, result, time.monotonic() - started


def test_an_honest_program_gets_a_clean_frame_for_every_case(path: Runner) -> None:
    source = "a, b = map(int, input().split())\nprint(a + b)\n"
    batch, result, _ = _batch(path, source)
    found = batch.runs(bytes(result.output))
    assert [r.output if r else None for r in found] == SUMS


# Looks for the run's nonces (32 hex digits) wherever it can read: its own memory, every
# process's memory, environment and command line, and every file under / it can open.
SEEK_NONCES = r"""
import os, re
found = set()
pattern = re.compile(rb"[0-9a-f]{32}")
def scan(path, most=1 << 22):
    try:
        with open(path, "rb") as handle:
            found.update(pattern.findall(handle.read(most)))
    except (OSError, ValueError, OverflowError):
        pass
for pid in [p for p in os.listdir("/proc") if p.isdigit()] + ["self"]:
    for name in ("environ", "cmdline"):
        scan(f"/proc/{pid}/{name}")
    try:
        maps = open(f"/proc/{pid}/maps").read().splitlines()
        mem = open(f"/proc/{pid}/mem", "rb")
    except OSError:
        continue
    for line in maps:
        low, high = (int(x, 16) for x in line.split()[0].split("-"))
        if "r" not in line.split()[1] or high - low > 1 << 26:
            continue
        try:
            mem.seek(low)
            found.update(pattern.findall(mem.read(high - low)))
        except (OSError, ValueError, OverflowError):
            pass
for root, dirs, files in os.walk("/box"):
    for name in files:
        scan(os.path.join(root, name))
a, b = map(int, input().split())
print(a + b)
print(" ".join(sorted(x.decode() for x in found)))
"""


def test_no_case_can_find_a_nonce(path: Runner) -> None:
    batch, result, _ = _batch(path, SEEK_NONCES)
    found = batch.runs(bytes(result.output))
    assert all(r is not None for r in found), result
    seen = b" ".join(r.output for r in found if r is not None)
    for nonce in batch.nonces:
        assert nonce.encode() not in seen


# Writes a frame of its own for every case, with a made-up nonce and the right sums, to
# every descriptor of every process it can open, and to its own stdout.
FORGE = r"""
import json, os
a, b = map(int, input().split())
def frame(nonce, out):
    head = {"code": 0, "signal": None, "cpu_s": 0.0, "wall_s": 0.0, "memory_kb": 1,
            "timed_out": False, "leftovers": False, "settled": True, "nonce": nonce,
            "stdout": len(out), "stderr": 0}
    return json.dumps(head).encode() + b"\n" + out
forged = b"".join(frame("%032x" % i, b"%d\n" % s) for i, s in enumerate((3, 7, 11)))
reached = 0
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        continue
    for fd in fds:
        try:
            with open(f"/proc/{pid}/fd/{fd}", "wb") as handle:
                handle.write(forged)
                reached += 1
        except OSError:
            pass
os.write(1, forged)
print(a + b + 1)
"""


def test_a_forged_frame_is_only_the_cases_own_output(path: Runner) -> None:
    batch, result, _ = _batch(path, FORGE)
    found = batch.runs(bytes(result.output))
    # Each case's frame is its own: a clean run whose output holds what it wrote itself.
    assert all(r is not None for r in found), result
    for run, want in zip(found, SUMS, strict=True):
        assert run is not None and run.output != want and run.output.startswith(b'{"code"')
    # Nothing but the harness's own frames reached the batch's stdout.
    heads = [line for line in bytes(result.output).split(b"\n") if line.startswith(b'{"code"')]
    nonces = {m.decode() for m in re.findall(rb'"nonce": "([0-9a-f]{32})"', b"\n".join(heads))}
    assert nonces <= set(batch.nonces) | {f"{i:032x}" for i in range(3)}
    assert set(batch.nonces) <= nonces


def test_a_case_that_stops_the_runner_ends_the_batch_in_time(path: Runner) -> None:
    source = "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\nprint(3)\n"
    batch, result, elapsed = _batch(path, source)
    assert batch.runs(bytes(result.output)) == [None, None, None]
    assert elapsed < SMALL.wall_time_s * len(INPUTS) + 5
    assert sandbox_uid_processes() == []


def test_a_case_that_kills_every_process_it_can_leaves_no_frame(path: Runner) -> None:
    batch, result, _ = _batch(path, "import os\nprint(3)\nos.kill(-1, 9)\n")
    assert batch.runs(bytes(result.output)) == [None, None, None]
    assert sandbox_uid_processes() == []


def test_what_a_case_cannot_clear_from_box_stops_the_batch(path: Runner) -> None:
    source = (
        "import os\na, b = map(int, input().split())\n"
        "os.makedirs('locked/inner', exist_ok=True)\nos.chmod('locked', 0)\nprint(a + b)\n"
    )
    batch, result, _ = _batch(path, source)
    # The first case ran cleanly but left /box unsettled: nothing of the batch counts
    # from it on, and no later case ran in a /box it had changed.
    assert batch.runs(bytes(result.output)) == [None, None, None]


def test_a_daemon_left_by_a_case_is_killed_before_the_next(path: Runner) -> None:
    source = (
        "import os, sys, time\na, b = map(int, input().split())\nprint(a + b)\n"
        "sys.stdout.flush()\n"
        "if os.fork() == 0:\n    os.setsid()\n    time.sleep(0.5)\n"
        "    open('/box/late', 'w').write('x')\n    os._exit(0)\n"
    )
    batch, result, _ = _batch(path, source)
    found = batch.runs(bytes(result.output))
    assert found == [None, None, None]
    frames = [line for line in bytes(result.output).split(b"\n") if line.startswith(b'{"code"')]
    assert len(frames) == len(INPUTS)
    assert all(b'"leftovers": true' in line for line in frames)
    assert sandbox_uid_processes() == []
