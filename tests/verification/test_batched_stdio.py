"""Fewer sandboxed runs for Python stdin/stdout judgings: a batch runs its cases in one
sandboxed run, each case in a fresh fork of the compiled program with its own streams
and limits, nothing left of the case before it (processes killed, /box emptied). Only a
case that ended cleanly within every limit and passed is judged from there; every other
case runs alone, so its verdict is that of a run of its own."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from verification.executors import executor_for
from verification.executors.python import WRAPPED
from verification.harness.batch import stdio_batch
from verification.harness.runner import harness_source
from verification.sandbox import Limits

pytestmark = pytest.mark.django_db

# a b -> a + b
CASES = [("1 2", "3"), ("5 5", "10"), ("7 1", "8"), ("2 2", "4"), ("0 4", "4"), ("9 9", "18")]

SUM = "a, b = map(int, input().split())\nprint(a + b)\n"

# Right for 1, 5, 0 (by exit()) ; wrong for 7; raises on 2; exits 3 on 5 after printing
# the right sum; loops on 9 (last, so the batch's stop there changes nothing after it).
MIXED = """
import sys
a, b = map(int, input().split())
if a == 7:
    print(0)
elif a == 2:
    raise ValueError("two")
elif a == 5:
    print(a + b)
    sys.exit(3)
elif a == 9:
    while True:
        pass
else:
    print(a + b)
    exit()
"""

# Leaves a file behind and reads what earlier cases left: a run alone never finds one.
REMEMBERS = """
import os
a, b = map(int, input().split())
seen = sorted(os.listdir("."))
open("seen-%d" % a, "w").write("x")
os.makedirs("/tmp/d/e", exist_ok=True)
print(a + b if not seen else "seen %s" % seen)
"""

# Leaves a process behind that would print into later cases' output if it could.
DAEMON = """
import os, sys, time
a, b = map(int, input().split())
print(a + b)
sys.stdout.flush()
if os.fork() == 0:
    os.setsid()
    time.sleep(0.3)
    print("late")
    os._exit(0)
"""


def _judge(
    client: APIClient,
    source: str,
    *,
    batched: bool = True,
    cases: list[tuple[str, str]] = CASES,
    stop: bool = False,
    **limits: int,
) -> list[dict[str, Any]]:
    """Every case's result: the judging runs every case, after a failure too, unless
    ``stop`` (a time limit of 1 s, unless ``limits`` say otherwise)."""
    tests = [{"input": given, "answer": want} for given, want in cases]
    with override_settings(SCALEBOX_BATCH_STDIO=batched):
        response = client.post(
            "/api/v1/submissions/?wait=120",
            {
                "kind": "stdin_stdout",
                "tests": tests,
                "language": "python",
                "source": source,
                "stop_on_first_failure": stop,
                **({"time_limit_s": 1} | limits),
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    judged = response.json()["judging"]["cases"]
    return sorted(judged, key=lambda c: c["order"])


def test_cases_that_pass_are_judged_from_one_run(client: APIClient, runs: list[bytes]) -> None:
    source = "import sys\nprint('adding', file=sys.stderr)\n" + SUM
    cases = _judge(client, source, batched=True)
    assert [c["verdict"] for c in cases] == ["AC"] * len(CASES)
    assert len(runs) == 1
    assert all(c["stderr_excerpt"] == "adding\n" for c in cases), cases
    assert [c["stdout_excerpt"] for c in cases] == [want + "\n" for _, want in CASES]
    assert all(c["time_s"] is not None and 0 < c["time_s"] <= 1 for c in cases), cases
    assert all(c["memory_kb"] for c in cases), cases


def test_verdicts_are_those_of_runs_alone(client: APIClient, runs: list[bytes]) -> None:
    alone = _judge(client, MIXED, batched=False)
    assert [c["verdict"] for c in alone] == ["AC", "RE", "WA", "RE", "AC", "TLE"]
    assert len(runs) == len(CASES)
    runs.clear()
    batched = _judge(client, MIXED, batched=True)
    assert [c["verdict"] for c in batched] == [c["verdict"] for c in alone]
    assert [c["exit_code"] for c in batched] == [c["exit_code"] for c in alone]
    # One batch run; then alone: the exit code 3, the wrong answer, the exception, the TLE.
    assert len(runs) == 1 + 4


def test_no_case_sees_what_an_earlier_case_left_in_its_directory(
    client: APIClient, runs: list[bytes]
) -> None:
    cases = _judge(client, REMEMBERS, batched=True)
    assert [c["verdict"] for c in cases] == ["AC"] * len(CASES), cases
    assert len(runs) == 1


def test_a_case_that_leaves_a_process_behind_is_judged_alone(
    client: APIClient, runs: list[bytes]
) -> None:
    alone = _judge(client, DAEMON, batched=False)
    runs.clear()
    batched = _judge(client, DAEMON, batched=True)
    assert [c["verdict"] for c in batched] == [c["verdict"] for c in alone] == ["AC"] * len(CASES)
    assert all("late" not in c["stdout_excerpt"] for c in batched)
    assert len(runs) == 1 + len(CASES)


def test_a_program_that_kills_every_process_it_can_is_judged_alone(
    client: APIClient, runs: list[bytes]
) -> None:
    source = "import os\nprint(3)\nos.kill(-1, 9)\n"
    alone = _judge(client, source, batched=False)
    runs.clear()
    batched = _judge(client, source, batched=True)
    assert [c["verdict"] for c in batched] == [c["verdict"] for c in alone]
    assert batched[0]["verdict"] != "AC"
    assert len(runs) == 1 + len(CASES)


def test_a_program_over_its_memory_is_judged_alone(client: APIClient, runs: list[bytes]) -> None:
    source = "x = bytearray(400 << 20)\n" + SUM
    cases = _judge(client, source, batched=True, cases=CASES[:3], memory_limit_mb=256)
    assert [c["verdict"] for c in cases] == ["MLE"] * 3
    assert len(runs) == 1 + 3


# Right only where its streams are a run alone's: stdin read-only, stdout and stderr pipes.
STREAMS = """
import os, stat
a, b = map(int, input().split())
pipes = all(stat.S_ISFIFO(os.fstat(fd).st_mode) for fd in (1, 2))
try:
    os.write(0, b"x")
    writable = True
except OSError:
    writable = False
print(a + b if pipes and not writable else "streams")
"""


def test_a_case_has_the_streams_of_a_run_alone(client: APIClient, runs: list[bytes]) -> None:
    assert [c["verdict"] for c in _judge(client, STREAMS, batched=False)] == ["AC"] * len(CASES)
    runs.clear()
    assert [c["verdict"] for c in _judge(client, STREAMS, batched=True)] == ["AC"] * len(CASES)
    assert len(runs) == 1


def test_a_case_over_its_output_limit_is_judged_alone(client: APIClient, runs: list[bytes]) -> None:
    source = "a, b = map(int, input().split())\nprint(a + b)\nif a == 5:\n    print('x' * 5000)\n"
    alone = [c["verdict"] for c in _judge(client, source, batched=False, output_limit_kb=4)]
    assert alone == ["AC", "OLE", "AC", "AC", "AC", "AC"]
    runs.clear()
    batched = [c["verdict"] for c in _judge(client, source, batched=True, output_limit_kb=4)]
    assert batched == alone
    assert len(runs) == 1 + 1


def test_a_syntax_error_is_the_compile_error_a_run_alone_reports(
    client: APIClient, runs: list[bytes]
) -> None:
    def compile_message(batched: bool) -> str:
        tests = [{"input": given, "answer": want} for given, want in CASES]
        with override_settings(SCALEBOX_BATCH_STDIO=batched):
            response = client.post(
                "/api/v1/submissions/?wait=120",
                {"kind": "stdin_stdout", "tests": tests, "language": "python", "source": "x = ("},
                format="json",
            )
        body = response.json()
        assert body["verdict"] == "CE", body
        return str(body["judging"]["compile_info"]["message"])

    alone = compile_message(False)
    assert len(runs) == 1  # the first case's run found it: no check of its own
    runs.clear()
    assert compile_message(True) == alone
    assert "SyntaxError" in alone
    assert len(runs) == 2  # the batch's run, which says nothing of it, and the first case's


def test_frames_without_their_nonce_or_beyond_a_limit_are_not_used() -> None:
    batch = stdio_batch(
        user_code="print(1)",
        inputs=[b"a", b"b", b"c", b"d", b"e", b"f", b"g"],
        cpu_s=1.0,
        wall_s=2.0,
        output_bytes=10,
        memory_bytes=64 << 20,
    )
    clean = {
        "code": 0,
        "signal": None,
        "cpu_s": 0.01,
        "wall_s": 0.02,
        "memory_kb": 9000,
        "timed_out": False,
        "leftovers": False,
        "settled": True,
        "over": False,
    }

    def frame(nonce: str, out: bytes, err: bytes = b"", **changes: Any) -> bytes:
        head = {**clean, **changes, "nonce": nonce, "stdout": len(out), "stderr": len(err)}
        return json.dumps(head).encode() + b"\n" + out + err

    first, second, third, fourth, fifth, sixth, seventh = batch.nonces
    output = (
        frame(first, b"1\n", b"said\n")
        + frame("guessed", b"1\n")
        + frame(second, b"1\n", cpu_s=1.5)
        + frame(third, b"x" * 11)
        + frame(fourth, b"1\n", leftovers=True)
        + frame(fifth, b"1\n", code=1)
        + frame(sixth, b"1\n", over=True)
        + frame(seventh, b"1\n", settled=False)
    )
    found = batch.runs(output)
    assert found[0] is not None
    assert (found[0].output, found[0].stderr, found[0].memory_kb) == (b"1\n", b"said\n", 9000)
    assert found[1:] == [None] * 6
    # A frame cut short, and what follows it, count for nothing.
    assert batch.runs(frame(first, b"1\n")[:-1]) == [None] * 7
    assert batch.stdin.startswith(b"S8\nprint(1)")


def test_a_batch_with_a_slow_bound_starts_no_case_after_a_slow_one() -> None:
    harness = executor_for("python").compile(harness_source().encode(), flags=WRAPPED)
    limits = Limits(cpu_time_s=1, wall_time_s=2, memory_bytes=256 << 20, output_bytes=1 << 20)
    batch = stdio_batch(
        user_code="import time\nn = int(input())\ntime.sleep(0.3 if n == 2 else 0)\nprint(n)\n",
        inputs=[b"1", b"2", b"3", b"4", b"5"],
        cpu_s=1.0,
        wall_s=2.0,
        output_bytes=1 << 20,
        memory_bytes=256 << 20,
        slow_s=0.2,
    )
    run = harness.run(batch.stdin, replace(limits, cpu_time_s=6, wall_time_s=12))
    found = batch.runs(bytes(run.output))
    # The second case took 0.3 s: no third.
    assert [r.output if r else None for r in found] == [b"1\n", b"2\n", None, None, None]


def test_a_judging_that_stops_early_bounds_its_batch_by_slow_cases(
    client: APIClient, runs: list[bytes]
) -> None:
    for stop, slow in ((True, 0.1), (False, None)):
        runs.clear()
        _judge(client, SUM, stop=stop)
        length, _, rest = runs[0].partition(b"\n")  # the batch's run: "S<length>", the code
        head, _, _ = rest[int(length[1:]) :].partition(b"\n")
        assert json.loads(head)["slow_s"] == slow
