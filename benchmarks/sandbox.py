"""Runs per second of a tiny stdin/stdout program on each execution path.

Usage: python benchmarks/sandbox.py [--runs N]

Each path is measured in the same process run as a bare subprocess spawn of the same
program (no isolation at all), and reported as a ratio to it. The "distinct programs"
rows give every run a program never seen before (as every RL sample is): through the
executor, compile (for Python, the syntax check) and run, against writing the file and
spawning it bare (for C, compiling it with gcc and running it, unsandboxed). CPU is that of this
process and all its descendants (pre-forked interpreters included) per run. Writes
benchmarks/sandbox_results.json and the chart benchmarks/sandbox.svg.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import json

from proctree import CpuMeter, own_tree
from svgplot import bar_chart

from verification.executors import Program, executor_for
from verification.executors.base import NativeProgram
from verification.executors.python import on_disk as python_on_disk
from verification.sandbox import Limits, RunStatus
from verification.sandbox.fastpath import close_zygotes, run_python_fast

PY_SOURCE = b"print(int(input()) + 1)\n"
C_SOURCE = (
    b'#include <stdio.h>\nint main(void){int a; if(scanf("%d",&a)!=1) return 1;\n'
    b'printf("%d\\n", a+1); return 0;}\n'
)
LIMITS = Limits(cpu_time_s=2.0, wall_time_s=5.0, memory_bytes=256 << 20, output_bytes=1 << 16)


_distinct = iter(range(1, 1 << 62))


def distinct_python() -> bytes:
    """The Python program with a comment no other run has."""
    return PY_SOURCE + f"# {next(_distinct)} {time.time_ns()}\n".encode()


def distinct_c() -> bytes:
    return C_SOURCE + f"/* {next(_distinct)} {time.time_ns()} */\n".encode()


def measure(run: Callable[[], bytes], runs: int) -> tuple[float, float]:
    assert run() == b"42\n"
    meter = CpuMeter(own_tree())
    meter.start()
    started = time.perf_counter()
    for _ in range(runs):
        if run() != b"42\n":
            raise AssertionError("wrong output")
    elapsed = time.perf_counter() - started
    cpu = sum(meter.stop().values())
    return runs / elapsed, cpu / runs * 1000


def bare(argv: list[str]) -> Callable[[], bytes]:
    def run() -> bytes:
        return subprocess.run(argv, input=b"41\n", capture_output=True, check=True).stdout

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        py_file = Path(tmp) / "main.py"
        py_file.write_bytes(PY_SOURCE)
        c_program = executor_for("c").compile(C_SOURCE)
        c_binary = str(c_program.directory / "main")
        c_native = NativeProgram(
            language="c", directory=c_program.directory, argv=c_program.argv, env=c_program.env
        )
        py_program = python_on_disk(PY_SOURCE)  # the bubblewrap path runs it from disk

        def sandboxed(program) -> Callable[[], bytes]:
            def run() -> bytes:
                # The base class's run: bubblewrap per run, whatever the executor defaults to.
                result = Program.run(program, b"41\n", LIMITS)
                assert result.status is RunStatus.OK, result
                return result.stdout

            return run

        def native_fast() -> bytes:
            # NativeProgram.run: exec'd by a pre-forked zygote inside the sandbox namespaces.
            result = c_native.run(b"41\n", LIMITS)
            assert result.status is RunStatus.OK, result
            return result.stdout

        def fast() -> bytes:
            result = run_python_fast(PY_SOURCE, b"41\n", LIMITS)
            assert result.status is RunStatus.OK, result
            return result.stdout

        def bare_distinct_python() -> bytes:
            py_file.write_bytes(distinct_python())
            return bare(["/usr/bin/python3", "-I", "-S", str(py_file)])()

        def executor_distinct_python() -> bytes:
            result = executor_for("python").compile(distinct_python()).run(b"41\n", LIMITS)
            assert result.status is RunStatus.OK, result
            return result.stdout

        c_file = Path(tmp) / "main.c"
        c_out = Path(tmp) / "main"

        def bare_distinct_c() -> bytes:
            c_file.write_bytes(distinct_c())
            subprocess.run(["/usr/bin/gcc", "-O2", "-o", str(c_out), str(c_file)], check=True)
            return bare([str(c_out)])()

        def executor_distinct_c() -> bytes:
            result = executor_for("c").compile(distinct_c()).run(b"41\n", LIMITS)
            assert result.status is RunStatus.OK, result
            return result.stdout

        distinct_rows = [
            ("python, distinct programs", "bare: write the file, spawn", bare_distinct_python),
            ("python, distinct programs", "executor: check + fast path", executor_distinct_python),
            ("c, distinct programs", "bare: gcc -O2, run", bare_distinct_c),
            ("c, distinct programs", "executor: compile + run", executor_distinct_c),
        ]
        rows = [
            (
                "python",
                "bare subprocess (/usr/bin/python3 -I -S)",
                bare(["/usr/bin/python3", "-I", "-S", str(py_file)]),
            ),
            ("python", "sandbox: bwrap per run", sandboxed(py_program)),
            ("python", "sandbox: pre-forked fast path", fast),
            ("c", "bare subprocess", bare([c_binary])),
            ("c", "sandbox: bwrap per run", sandboxed(c_program)),
            ("c", "sandbox: pre-forked native fast path", native_fast),
        ]
        baseline: dict[str, tuple[float, float]] = {}
        results = []
        print(f"{'language':<26} {'path':<44} {'runs/s':>8} {'ratio':>6} {'cpu ms/run':>10}")
        for language, name, run in [*rows, *distinct_rows]:
            compiles = language.startswith("c,")
            rate, cpu = measure(run, max(10, args.runs // 10) if compiles else args.runs)
            base = baseline.setdefault(language, (rate, cpu))
            ratio = rate / base[0]
            print(f"{language:<26} {name:<44} {rate:8.1f} {ratio:6.2f} {cpu:10.2f}")
            results.append(
                {
                    "language": language,
                    "path": name,
                    "runs_per_s": round(rate, 1),
                    "ratio_to_bare": round(ratio, 3),
                    "cpu_ms_per_run": round(cpu, 2),
                    "added_cpu_ms_per_run": round(cpu - base[1], 2),
                }
            )
        close_zygotes()
    here = Path(__file__).resolve().parent
    (here / "sandbox_results.json").write_text(json.dumps(results, indent=2) + "\n")
    bar_chart(
        here / "sandbox.svg",
        "Runs per second, as a ratio to a bare subprocess spawn (same run)",
        [(f"{r['language']}: {r['path']}", float(str(r["ratio_to_bare"]))) for r in results],
        unit="x",
        reference=1.0,
        reference_label="bare spawn",
    )


if __name__ == "__main__":
    main()
