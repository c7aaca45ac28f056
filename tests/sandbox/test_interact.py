"""Two sandboxed programs joined by pipes (verification.sandbox.interact), with the real
sandbox: each side reads what the other writes, the order in which they ended is known,
neither sees the other's files or processes, and no descriptor is left behind."""

from __future__ import annotations

import os
import time

from verification.sandbox import Limits, RunStatus
from verification.sandbox.interact import run_interactive
from verification.sandbox.runner import RunRequest

PY = "/usr/bin/python3"
LIMITS = Limits(cpu_time_s=2, wall_time_s=4, memory_bytes=256 << 20, output_bytes=1 << 20)

# Asks five questions (0..4) and wants each doubled; writes what it saw.
DOUBLER_CHECK = """
import sys
seen = []
for i in range(5):
    print(i, flush=True)
    line = sys.stdin.readline()
    seen.append(line.strip())
    if line.strip() != str(2 * i):
        open("feedback/judgemessage.txt", "w").write("wrong: " + repr(seen))
        sys.exit(43)
open("feedback/judgemessage.txt", "w").write("fine: " + " ".join(seen))
sys.exit(42)
"""

DOUBLER = """
import sys
for line in sys.stdin:
    print(int(line) * 2, flush=True)
"""


def request(
    code: str, *, files: dict[str, bytes] | None = None, limits: Limits = LIMITS
) -> RunRequest:
    return RunRequest(
        argv=[PY, "-S", "-c", code],
        stdin=b"",
        limits=limits,
        files=files or {},
        fetch_files=["feedback/judgemessage.txt"],
    )


def interactor(code: str) -> RunRequest:
    return request(code, files={"input": b"secret input\n", "feedback/.keep": b""})


def open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def test_each_side_reads_what_the_other_writes() -> None:
    before = open_fds()
    done = run_interactive(request(DOUBLER), interactor(DOUBLER_CHECK))
    assert done.interactor.exit_code == 42, done.interactor.stderr
    assert done.interactor.files["feedback/judgemessage.txt"] == b"fine: 0 2 4 6 8"
    assert done.submission.status is RunStatus.OK
    # The interactor stopped asking and exited; the submission then read the end of its
    # input and ended after it.
    assert done.interactor_first is True
    assert done.submission.output == b""  # its stdout went to the interactor
    assert open_fds() == before


def test_a_submission_that_ends_first_is_seen_to_end_first() -> None:
    answers_one = "print(int(input()) * 2, flush=True)\n"
    done = run_interactive(request(answers_one), interactor(DOUBLER_CHECK))
    assert done.submission.status is RunStatus.OK
    assert done.interactor_first is False
    # The interactor then read the end of its input: a rejection, after the submission.
    assert done.interactor.exit_code == 43
    assert done.interactor.files["feedback/judgemessage.txt"] == b"wrong: ['0', '']"


def test_a_wrong_answer_is_rejected_by_the_interactor() -> None:
    wrong = "import sys\nfor line in sys.stdin:\n    print(int(line) * 3, flush=True)\n"
    done = run_interactive(request(wrong), interactor(DOUBLER_CHECK))
    assert done.interactor.exit_code == 43
    assert done.interactor.files["feedback/judgemessage.txt"] == b"wrong: ['0', '3']"
    assert done.interactor_first is True


def test_a_submission_waiting_for_an_answer_that_never_comes_hits_its_wall_limit() -> None:
    silent_interactor = "import sys\nsys.stdin.readline()\nimport time\ntime.sleep(30)\n"
    limits = Limits(cpu_time_s=1, wall_time_s=1.5, memory_bytes=256 << 20, output_bytes=1 << 10)
    interactor_limits = Limits(
        cpu_time_s=3, wall_time_s=3, memory_bytes=256 << 20, output_bytes=1 << 10
    )
    asks = "print('?', flush=True)\ninput()\n"
    started = time.monotonic()
    done = run_interactive(
        request(asks, limits=limits),
        request(silent_interactor, limits=interactor_limits, files={"feedback/.keep": b""}),
    )
    assert done.submission.status is RunStatus.TLE
    assert done.submission.message.startswith("wall time exceeded")
    # The interactor, which never answers, is ended by its own limit, not left behind.
    assert done.interactor.status is RunStatus.TLE
    assert time.monotonic() - started < 10


def test_a_submission_that_stops_reading_does_not_block_the_interactor_forever() -> None:
    # The interactor writes far more than a pipe holds; the submission never reads.
    flooding = (
        "import sys\ntry:\n    sys.stdout.write('x' * (1 << 22))\n    sys.stdout.flush()\n"
        "except BrokenPipeError:\n    sys.exit(43)\nsys.exit(42)\n"
    )
    limits = Limits(cpu_time_s=1, wall_time_s=1.5, memory_bytes=256 << 20, output_bytes=1 << 10)
    done = run_interactive(
        request("import time\ntime.sleep(60)\n", limits=limits), interactor(flooding)
    )
    assert done.submission.status is RunStatus.TLE
    # The worker keeps the submission's input open to the end (a reference runner's
    # rule), so the interactor stays blocked until its own limit, never accepted.
    assert done.interactor.exit_code != 42


def test_an_interactor_that_exits_at_once_leaves_the_submission_its_end_of_input() -> None:
    done = run_interactive(
        request("import sys\ndata = sys.stdin.read()\nprint(len(data))\n"),
        interactor("import sys\nsys.exit(43)\n"),
    )
    assert done.interactor.exit_code == 43
    assert done.interactor_first is True
    # The submission read the end of its input and ended normally (or died writing to
    # the pipe the interactor left): either way it is not left running.
    assert done.submission.status in (RunStatus.OK, RunStatus.RE)
    assert done.submission.wall_time_s < LIMITS.wall_time_s


def test_neither_side_sees_the_others_files_or_processes() -> None:
    probe = """
import os, sys
found = [p for p in ("/box/input", "/box/feedback", "input") if os.path.exists(p)]
pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
print(repr(found), len(pids), flush=True)
"""
    report = """
import sys
line = sys.stdin.readline().strip()
open("feedback/judgemessage.txt", "w").write(line)
sys.exit(42)
"""
    done = run_interactive(request(probe), interactor(report))
    assert done.interactor.exit_code == 42
    message = done.interactor.files["feedback/judgemessage.txt"].decode()
    found, count = message.rsplit(" ", 1)
    assert found == "[]"  # the interactor's input and feedback are not in its sandbox
    assert int(count) <= 2  # its own namespace: its init and itself


def test_runs_in_distinct_slots_with_distinct_uids() -> None:
    whoami = "import os\nprint(os.getuid(), flush=True)\n"
    compare = """
import os, sys
theirs = sys.stdin.readline().strip()
open("feedback/judgemessage.txt", "w").write(f"{theirs} {os.getuid()}")
sys.exit(42)
"""
    done = run_interactive(request(whoami), interactor(compare))
    theirs, mine = done.interactor.files["feedback/judgemessage.txt"].split()
    assert theirs != mine


def test_a_run_that_cannot_start_still_ends_the_other_side() -> None:
    before = open_fds()
    missing = RunRequest(argv=["/nonexistent/program"], stdin=b"", limits=LIMITS)
    done = run_interactive(missing, interactor("import sys\nsys.stdin.read()\nsys.exit(43)\n"))
    assert done.submission.status is not RunStatus.OK
    assert done.interactor.exit_code == 43  # it saw the end of its input
    assert done.interactor.wall_time_s < LIMITS.wall_time_s
    assert open_fds() == before
