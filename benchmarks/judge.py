"""`manage.py judge` on many tiny Python cases, against a bare interpreter spawn per case.

A problem with --cases tiny stdin/stdout cases (`n` in, `n + 1` out) is stored in an
embedded ScaleBox (SQLite, no broker). Each round, in alternating order:

  judge:  `manage.py judge` on a Python program never seen before (made unique by a
          comment), as its own process from a cold start: Django's start-up, the
          submission pipeline, every case in the full sandbox, the verdict printed;
  spawn:  the same cases run one after the other by spawning `/usr/bin/python3 -I -S`
          on the same program with the case's input, no isolation at all, each output
          checked.

The first judging of the problem in a fresh cache also copies its test data from the
database to the worker's cache; it is reported apart (warm-up), and the rounds after it
use that copy, as every later program sent for the problem does. Printed per round: both
wall times and spawn / judge (above 1: judging the whole problem in the sandbox is that
many times faster than only spawning an interpreter per case); CPU of each side's process
tree where it can be read (benchmarks/cpugroup.py, as root).

    .venv/bin/python benchmarks/judge.py [--cases 1000] [--rounds 3] [--write]
        [--baseline CHECKOUT --baseline-note TEXT]

--baseline judges with another checkout's `manage.py judge` too (say an earlier commit,
`git worktree add /tmp/old <commit>`, with this checkout's .venv), in the same rounds,
each on a database and cache of its own.

--write records the figures in benchmarks/judge_results.json and in the "Judge command"
section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cpugroup import timed_run  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
BARE = "/usr/bin/python3"
PROGRAM = "n = int(input())\nprint(n + 1)\n"
SECTION = "## Judge command"


def _timed(argv: list[str], name: str, **kwargs: Any) -> tuple[float, float | None, Any]:
    return timed_run(argv, f"scalebox-judge-bench-{name}", **kwargs)


SPAWN = """
import subprocess, sys
program, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    done = subprocess.run([sys.argv[3], "-I", "-S", "-c", program], input=f"{i}\\n".encode(),
                          capture_output=True)
    if done.stdout != f"{i + 1}\\n".encode():
        sys.exit(f"case {i}: {done.stdout!r}")
"""


def _setup(var: Path, cases: int, root: Path = ROOT) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    env["SCALEBOX_VAR_DIR"] = str(var)
    store = (
        "from verification.services import CaseSpec, problem_upsert\n"
        f"cases = [CaseSpec(f'secret/{{i:05d}}', 'secret', f'{{i}}\\n'.encode(), "
        f"f'{{i + 1}}\\n'.encode()) for i in range({cases})]\n"
        "problem_upsert(slug='tiny', title='tiny', cases=cases, time_limit_s=2.0)\n"
    )
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=root, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "shell", "-c", store], cwd=root, env=env, check=True)
    return env


def _judge(
    env: dict[str, str], work: Path, number: int, cases: int, root: Path = ROOT
) -> tuple[float, float | None]:
    source = work / f"program{number}.py"
    source.write_text(PROGRAM + f"# program {number} {time.time_ns()}\n")
    argv = [PYTHON, "manage.py", "judge", "--problem", "tiny", "--language", "python", str(source)]
    seconds, cpu, done = _timed(argv, "judge", cwd=root, env=env, capture_output=True, text=True)
    summary = json.loads(done.stdout)
    verdicts = {case["verdict"] for case in summary["cases"]}
    if summary["verdict"] != "AC" or len(summary["cases"]) != cases or verdicts != {"AC"}:
        raise SystemExit(f"judge gave {summary['verdict']} on {len(summary['cases'])} cases")
    return seconds, cpu


def _spawn(cases: int, number: int) -> tuple[float, float | None]:
    program = PROGRAM + f"# program {number} {time.time_ns()}\n"
    seconds, cpu, _ = _timed(
        [sys.executable, "-c", SPAWN, program, str(cases), BARE], "spawn", cwd=ROOT
    )
    return seconds, cpu


def measure(cases: int, rounds: int, baseline: Path | None = None) -> dict[str, Any]:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="scalebox-judge-bench-") as tmp:
        work = Path(tmp)
        os.chmod(tmp, 0o755)
        roots = {"judge": ROOT} | ({"baseline": baseline} if baseline else {})
        envs, warm = {}, {}
        for side, root in roots.items():
            var = work / f"var-{side}"
            var.mkdir()
            os.chmod(var, 0o755)
            envs[side] = _setup(var, cases, root)
            seconds, cpu = _judge(envs[side], work, 0, cases, root)
            warm[side] = {"wall_s": round(seconds, 3), "cpu_s": cpu and round(cpu, 3)}
            print(f"warm-up of {side} (test data copied to the cache): {seconds:.2f} s", flush=True)
        rows = []
        sides = [*roots, "spawn"]
        for number in range(1, rounds + 1):
            shift = (number - 1) % len(sides)
            order = sides[shift:] + sides[:shift]
            row: dict[str, Any] = {"round": number, "order": order}
            for side in order:
                seconds, cpu = (
                    _spawn(cases, number)
                    if side == "spawn"
                    else _judge(envs[side], work, number, cases, roots[side])
                )
                row[side] = {"wall_s": round(seconds, 3), "cpu_s": cpu and round(cpu, 3)}
            row["spawn_over_judge"] = round(row["spawn"]["wall_s"] / row["judge"]["wall_s"], 3)
            line = (
                f"round {number}: judge {row['judge']['wall_s']:.2f} s "
                f"({row['judge']['wall_s'] / cases * 1000:.2f} ms a case), spawn "
                f"{row['spawn']['wall_s']:.2f} s ({row['spawn']['wall_s'] / cases * 1000:.2f} ms "
                f"a case), spawn / judge {row['spawn_over_judge']:.2f}; CPU s: judge "
                f"{row['judge']['cpu_s']}, spawn {row['spawn']['cpu_s']}"
            )
            if baseline:
                row["spawn_over_baseline"] = round(
                    row["spawn"]["wall_s"] / row["baseline"]["wall_s"], 3
                )
                line += (
                    f"; baseline {row['baseline']['wall_s']:.2f} s (spawn / baseline "
                    f"{row['spawn_over_baseline']:.2f}), CPU s {row['baseline']['cpu_s']}"
                )
            print(line, flush=True)
            rows.append(row)
    return {
        "cases": cases,
        "baseline": str(baseline) if baseline else None,
        "warm_up": warm,
        "rounds": rows,
        "median_spawn_over_judge": statistics.median(r["spawn_over_judge"] for r in rows),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Linux {platform.release()}",
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }


def section(result: dict[str, Any], note: str = "") -> str:
    n = result["cases"]
    base = result.get("baseline")
    lines = [
        SECTION,
        "",
        f"`benchmarks/judge.py`: `manage.py judge` on a problem of {n:,} tiny stdin/stdout "
        "cases, a Python program never seen before each round, as its own process from a "
        "cold start (embedded default: SQLite, no broker; every case in the full sandbox), "
        f"against spawning `{BARE} -I -S` on the same program for each case, unsandboxed, "
        f"in alternating order. {result['machine']}; load average "
        f"{', '.join(f'{x:.1f}' for x in result['load_before'])} before the run and "
        f"{', '.join(f'{x:.1f}' for x in result['load_after'])} after."
        + (f" Baseline: the same command from {note or 'another checkout'}." if base else ""),
        "",
        "| round | judge s (ms a case) | judge CPU s | bare spawn s (ms a case) | spawn CPU s "
        "| spawn ÷ judge |" + (" baseline s | baseline CPU s | spawn ÷ baseline |" if base else ""),
        "|---|---|---|---|---|---|" + ("---|---|---|" if base else ""),
    ]
    for row in result["rounds"]:
        judge, spawn = row["judge"], row["spawn"]
        line = (
            f"| {row['round']} | {judge['wall_s']:.2f} ({judge['wall_s'] / n * 1000:.2f}) "
            f"| {judge['cpu_s'] if judge['cpu_s'] is not None else 'n/a'} "
            f"| {spawn['wall_s']:.2f} ({spawn['wall_s'] / n * 1000:.2f}) "
            f"| {spawn['cpu_s'] if spawn['cpu_s'] is not None else 'n/a'} "
            f"| {row['spawn_over_judge']:.2f} |"
        )
        if base:
            old = row["baseline"]
            line += (
                f" {old['wall_s']:.2f} | {old['cpu_s'] if old['cpu_s'] is not None else 'n/a'} "
                f"| {row['spawn_over_baseline']:.2f} |"
            )
        lines.append(line)
    warm = ", ".join(f"{side} {w['wall_s']:.2f} s" for side, w in result["warm_up"].items())
    lines += [
        "",
        f"The judging before the rounds (the problem's first in a fresh cache, copying its "
        f"{2 * n:,} test files from the database): {warm}. Figures: "
        "`benchmarks/judge_results.json`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of another commit (with .venv) to judge with too, in the same rounds",
    )
    parser.add_argument("--baseline-note", default="", help="what the baseline is, for RESULTS")
    parser.add_argument("--write", action="store_true", help="record in RESULTS.md")
    args = parser.parse_args()
    result = measure(args.cases, args.rounds, args.baseline)
    print(f"median spawn / judge: {result['median_spawn_over_judge']:.2f}")
    if args.write:
        (ROOT / "benchmarks" / "judge_results.json").write_text(json.dumps(result, indent=1))
        from distinct import write_section  # noqa: PLC0415

        write_section(section(result, args.baseline_note), SECTION)


if __name__ == "__main__":
    main()
