"""CPU cost of the judging pipeline per test case, against running the cases directly.

For a 100-case submission of a trivial Python program this prints the CPU
milliseconds per case summed over every process involved — this process (the web
side), celery workers, RabbitMQ, Redis and PostgreSQL in distributed mode — and the
same cases run directly through the executor in one process, measured in the same run.

    .venv/bin/python benchmarks/pipeline.py [--cases 100] [--repeat 3] [--distinct]

--distinct gives every submission (and every repeat of the direct run) a program never
seen before, made unique by a comment, as every RL sample is: the figures then include
what a new program costs (for Python, no check of its own: its first run compiles it).

Distributed mode needs PostgreSQL, RabbitMQ and Redis on 127.0.0.1 (make services).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from proctree import CpuMeter, own_tree, proc_table  # noqa: E402

# The app reads its configuration from Django's settings when first used (after set-up).
from scalebox_site.celery import app  # noqa: E402

PROGRAM = "n = int(input())\nprint(n + 1)\n"
_options = {"distinct": False}
_programs = iter(range(1, 1 << 62))


def program() -> str:
    """The program to judge: the same text each time, or with --distinct a new one."""
    if not _options["distinct"]:
        return PROGRAM
    return PROGRAM + f"# {next(_programs)} {time.time_ns()}\n"


PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/scalebox_bench"
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"
REDIS_URL = "redis://127.0.0.1:6379/5"


def _service_roots(table: dict[int, tuple[int, str, float]]) -> dict[str, set[int]]:
    roots: dict[str, set[int]] = {"postgres": set(), "rabbitmq": set(), "redis": set()}
    for pid, (ppid, name, _) in table.items():
        parent_name = table.get(ppid, (0, "", 0))[1]
        if name == "postgres" and parent_name != "postgres":
            roots["postgres"].add(pid)
        elif name.startswith("beam") and not parent_name.startswith("beam"):
            roots["rabbitmq"].add(pid)
        elif name == "redis-server":
            roots["redis"].add(pid)
    return roots


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
    django.setup()
    call_command("migrate", verbosity=0)


def _make_problem(n: int):
    # run_mode sets Django up for the mode's database and broker; project modules load after.
    from verification.services import CaseSpec, problem_upsert  # noqa: PLC0415

    cases = [
        CaseSpec(f"secret/{i:03d}", "secret", f"{i}\n".encode(), f"{i + 1}\n".encode())
        for i in range(n)
    ]
    return problem_upsert(slug=f"bench-{n}", title="bench", cases=cases, time_limit_s=2.0)


def measure_direct(n: int, repeat: int) -> dict[str, object]:
    # run_mode sets Django up for the mode's database and broker; project modules load after.
    from judges.checkers import run_checker  # noqa: PLC0415
    from verification.executors import executor_for  # noqa: PLC0415
    from verification.sandbox import Limits  # noqa: PLC0415

    limits = Limits(cpu_time_s=2, wall_time_s=5, memory_bytes=256 << 20, output_bytes=1 << 20)
    compiled = executor_for("python").compile_for_run(program().encode())
    compiled.run(b"1\n", limits)
    samples = []
    for _ in range(repeat):
        meter = CpuMeter(own_tree())
        meter.start()
        compiled = executor_for("python").compile_for_run(program().encode())
        for i in range(n):
            result = compiled.run(f"{i}\n".encode(), limits)
            verdict = run_checker("default", b"", result.stdout, f"{i + 1}\n".encode()).verdict
            assert verdict == "AC", result
        cpu = sum(meter.stop().values())
        samples.append(cpu / n * 1000)
    return {"cpu_ms_per_case": statistics.median(samples), "samples": samples}


def measure_pipeline(n: int, repeat: int, groups: dict[str, set[int]]) -> dict[str, object]:
    # run_mode sets Django up for the mode's database and broker; project modules load after.
    from verification.models import Judging  # noqa: PLC0415
    from verification.selectors import judging_wait  # noqa: PLC0415
    from verification.services import submission_create  # noqa: PLC0415

    problem = _make_problem(n)
    first = submission_create(problem=problem, language="python", source=program())
    judging_wait(judging_id=first.judgings.get().id, timeout_s=300)  # warm caches
    samples, breakdowns = [], []
    for _ in range(repeat):
        meter = CpuMeter({**own_tree(), **groups})
        meter.start()
        started = time.monotonic()
        submission = submission_create(problem=problem, language="python", source=program())
        judging = judging_wait(judging_id=submission.judgings.get().id, timeout_s=300)
        wall = time.monotonic() - started
        used = meter.stop()
        assert judging.verdict == "AC", judging.verdict
        samples.append(sum(used.values()) / n * 1000)
        breakdowns.append({k: round(v / n * 1000, 3) for k, v in used.items()} | {"wall_s": wall})
    assert Judging.objects.filter(verdict="AC").count() == repeat + 1
    return {
        "cpu_ms_per_case": statistics.median(samples),
        "samples": samples,
        "breakdown_ms_per_case": breakdowns[len(breakdowns) // 2],
    }


def _var_dir() -> str:
    """A var directory the sandbox's uids can reach (mkdtemp makes it private)."""
    var = tempfile.mkdtemp(prefix="scalebox-bench-")
    os.chmod(var, 0o755)
    return var


def run_mode(mode: str, n: int, repeat: int) -> dict[str, object]:
    workers: list[subprocess.Popen[bytes]] = []
    if mode == "embedded":
        env = {"SCALEBOX_VAR_DIR": _var_dir()}
        for key in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
            os.environ.pop(key, None)
        _setup_django(env)
        groups: dict[str, set[int]] = {}
    else:
        subprocess.run(
            ["psql", PG_ADMIN, "-qc", "DROP DATABASE IF EXISTS scalebox_bench"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["psql", PG_ADMIN, "-qc", "CREATE DATABASE scalebox_bench"],
            check=True,
            capture_output=True,
        )
        env = {
            "DATABASE_URL": PG_URL,
            "CELERY_BROKER_URL": AMQP_URL,
            "CELERY_RESULT_BACKEND": REDIS_URL,
            "SCALEBOX_VAR_DIR": _var_dir(),
        }
        _setup_django(env)
        app.control.purge()
        for i in (1, 2):
            workers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "scalebox_site",
                        "worker",
                        "-n",
                        f"bench{i}@%h",
                        "-c",
                        "1",
                        "--without-gossip",
                        "--without-mingle",
                        "--loglevel",
                        "WARNING",
                    ],
                    cwd=ROOT,
                    env=os.environ.copy(),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + 60
        while len(app.control.ping(timeout=1.0) or []) < 2:
            if time.monotonic() > deadline:
                raise SystemExit("workers did not start")
        groups = _service_roots(proc_table())
        groups["workers"] = {w.pid for w in workers}
    try:
        pipeline = measure_pipeline(n, repeat, groups)
        direct = measure_direct(n, repeat)
    finally:
        for worker in workers:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=30)
    ratio = pipeline["cpu_ms_per_case"] / direct["cpu_ms_per_case"]  # type: ignore[operator]
    return {
        "mode": mode,
        "distinct_programs": _options["distinct"],
        "cases": n,
        "pipeline": pipeline,
        "direct": direct,
        "ratio": round(ratio, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mode", choices=["embedded", "distributed"])
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--distinct", action="store_true", help="a program never seen before for each run"
    )
    args = parser.parse_args()
    _options["distinct"] = args.distinct
    if args.mode:
        result = run_mode(args.mode, args.cases, args.repeat)
        print(json.dumps(result))
        if args.json:
            args.json.write_text(json.dumps([result], indent=2))
        return
    results = []
    for mode in ("embedded", "distributed"):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--mode",
                mode,
                "--cases",
                str(args.cases),
                "--repeat",
                str(args.repeat),
                *(["--distinct"] if args.distinct else []),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            print(f"{mode}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'mode':<12} {'pipeline ms/case':>17} {'direct ms/case':>15} {'ratio':>7}")
    for r in results:
        print(
            f"{r['mode']:<12} {r['pipeline']['cpu_ms_per_case']:>17.2f} "
            f"{r['direct']['cpu_ms_per_case']:>15.2f} {r['ratio']:>7.3f}"
        )
        print(f"  breakdown (ms/case): {r['pipeline']['breakdown_ms_per_case']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
