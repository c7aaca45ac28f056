"""Dashboard page times over 10,000 runs and 1,000,000 case results.

    .venv/bin/python benchmarks/dashboard.py [--runs 10000] [--big-runs 10]
        [--tasks 1000] [--samples 10] [--cases 10] [--requests 20] [--write]

Builds a database of its own (SQLite under var/bench-dashboard/, or DATABASE_URL when
set): ``--big-runs`` runs of ``--tasks`` tasks with ``--samples`` judged samples each,
every sample judged on ``--cases`` test cases (10 x 1000 x 10 x 10 = 1,000,000 case
results), plus small runs up to ``--runs`` in all. Rows are written with bulk inserts
(case results with one ``executemany`` per batch). Then each page is requested
``--requests`` times through Django's test client, as a signed-in researcher who sees
shared runs and as staff, with the cache cleared before every request, and p50/p95 are
reported. ``--write`` replaces the "## Dashboard" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["SCALEBOX_VAR_DIR"] = str(ROOT / "var" / "bench-dashboard")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from eval_suites.models import EvalRun, EvalSample, EvalTask, RunStatus, SampleStatus  # noqa: E402
from tests.factories import make_problem  # noqa: E402
from verification.models import (  # noqa: E402
    CaseResult,
    Judging,
    Submission,
    SubmissionSource,
    TestCase,
)

VERDICTS = ["AC"] * 6 + ["WA", "WA", "TLE", "RE"]
BATCH = 5000


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def database_fresh() -> None:
    """An empty, migrated database (Django is set up, but no connection is open yet)."""
    if not os.environ.get("DATABASE_URL"):
        for name in ("scalebox.sqlite3", "scalebox.sqlite3-wal", "scalebox.sqlite3-shm"):
            (Path(os.environ["SCALEBOX_VAR_DIR"]) / name).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)


def load(args: argparse.Namespace) -> dict[str, Any]:
    """Write the data set; returns the ids the pages are measured on."""
    started = time.perf_counter()
    rng = random.Random(7)
    owner = User.objects.create_user("researcher", password="pw")
    User.objects.create_user("root", password="pw", is_staff=True, is_superuser=True)
    problems = [
        make_problem(f"bench-{i:04d}", [(f"{i} {j}\n", f"{i + j}\n") for j in range(args.cases)])
        for i in range(args.tasks)
    ]
    cases = {
        p.id: list(
            TestCase.objects.filter(problem=p).order_by("order").values_list("id", flat=True)
        )
        for p in problems
    }
    now = timezone.now()
    models = ["base-7b", "tuned-7b", "sft-13b", "rl-13b", "base-70b"]
    suites = ["humaneval", "mbpp", "livecodebench", "codecontests"]
    big_ids = []
    case_rows = 0
    for r in range(args.big_runs):
        with transaction.atomic():
            run = EvalRun.objects.create(
                name="livecodebench",
                config={"samples": {"source": "endpoint", "model": models[r % len(models)]}},
                config_hash="c" * 64,
                dataset_hash="d" * 64,
                owner=owner,
                shared=True,
                status=RunStatus.COMPLETE,
                finished_at=now,
                metrics={"pass@1": 50.0},
                metrics_detail={"samples_scored": args.tasks * args.samples},
            )
            big_ids.append(run.id)
            tasks = EvalTask.objects.bulk_create(
                [
                    EvalTask(
                        run=run,
                        task_id=f"lcb/{t:04d}",
                        order=t,
                        problem=problems[t],
                        kind="stdin_stdout",
                        difficulty=("easy", "medium", "hard")[t % 3],
                        task_hash="t" * 64,
                    )
                    for t in range(args.tasks)
                ],
                batch_size=BATCH,
            )
            plan = [(task, s, rng.choice(VERDICTS)) for task in tasks for s in range(args.samples)]
            submissions = Submission.objects.bulk_create(
                [Submission(problem_id=task.problem_id, language="python") for task, _, _ in plan],
                batch_size=BATCH,
            )
            SubmissionSource.objects.bulk_create(
                [
                    SubmissionSource(submission=s, text="print(1)\n", sha256="0" * 64)
                    for s in submissions
                ],
                batch_size=BATCH,
            )
            judgings = Judging.objects.bulk_create(
                [
                    Judging(
                        submission=sub,
                        status="DONE",
                        verdict=verdict,
                        case_ids=cases[task.problem_id],
                        finished_at=now,
                    )
                    for sub, (task, _, verdict) in zip(submissions, plan, strict=True)
                ],
                batch_size=BATCH,
            )
            EvalSample.objects.bulk_create(
                [
                    EvalSample(
                        run=run,
                        task=task,
                        index=index,
                        language="python",
                        status=SampleStatus.DONE,
                        submission=sub,
                        judging=judging,
                        verdict=verdict,
                        passed=verdict == "AC",
                    )
                    for (task, index, verdict), sub, judging in zip(
                        plan, submissions, judgings, strict=True
                    )
                ],
                batch_size=BATCH,
            )
            table = CaseResult._meta.db_table
            order_column = connection.ops.quote_name("order")
            sql = (
                f"INSERT INTO {table} (judging_id, test_case_id, {order_column},"
                " verdict, time_s, memory_kb, stdout_excerpt, stderr_excerpt, checker_message,"
                " worker, isolation) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            )
            rows = []
            for judging, (task, _, verdict) in zip(judgings, plan, strict=True):
                ids = cases[task.problem_id]
                for order, case_id in enumerate(ids):
                    last = order == len(ids) - 1
                    v = verdict if last else "AC"
                    rows.append(
                        (
                            judging.id,
                            case_id,
                            order,
                            v,
                            rng.lognormvariate(-4, 1),
                            8000 + order,
                            "41\n" if v != "AC" else "",
                            "",
                            "expected 42, got 41" if v == "WA" else "",
                            f"w{order % 4}@host",
                            "bwrap",
                        )
                    )
            with connection.cursor() as cursor:
                for batch in chunks(rows, 20_000):
                    cursor.executemany(sql, batch)
            case_rows += len(rows)
    small = []
    for i in range(args.runs - args.big_runs):
        model = models[i % len(models)]
        small.append(
            EvalRun(
                name=suites[i % len(suites)],
                config={"samples": {"source": "endpoint", "model": model}},
                config_hash="c" * 64,
                dataset_hash="d" * 64,
                model_name=model,
                owner=owner if i % 3 else None,
                shared=i % 5 == 0,
                status=RunStatus.COMPLETE if i % 7 else RunStatus.INCOMPLETE,
                metrics={"pass@1": round(rng.uniform(10, 90), 2)},
                metrics_detail={"samples_scored": 164, "samples_excluded": 1 if i % 7 == 0 else 0},
            )
        )
    EvalRun.objects.bulk_create(small, batch_size=BATCH)
    failing = (
        EvalSample.objects.filter(run_id=big_ids[0], verdict="WA").values_list(
            "submission_id", flat=True
        )
    ).first()
    first_task = EvalTask.objects.filter(run_id=big_ids[0]).order_by("order").first()
    assert first_task is not None
    return {
        "load_s": time.perf_counter() - started,
        "case_results": CaseResult.objects.count(),
        "case_rows_written": case_rows,
        "runs": EvalRun.objects.count(),
        "big": big_ids,
        "failing_submission": failing,
        "task": first_task.id,
        "problem": problems[0].slug,
    }


def measure(
    data: dict[str, Any], args: argparse.Namespace
) -> list[tuple[str, str, float, float, int]]:
    a, b = data["big"][0], data["big"][1]
    requests = args.requests
    per_run = args.tasks * args.samples * args.cases
    pages = [
        ("runs list", "/runs/"),
        (
            "runs list, filtered (suite + model + status)",
            "/runs/?suite=mbpp&model=tuned-7b&status=COMPLETE",
        ),
        ("runs list, search", "/runs/?q=livecode"),
        ("runs list, page 50", "/runs/?page=50"),
        (f"run page ({per_run:,} case results)", f"/runs/{a}/"),
        ("run page, tasks by pass rate", f"/runs/{a}/?sort=pass&page=5"),
        ("run task page", f"/runs/{a}/tasks/{data['task']}/"),
        (f"compare two runs ({args.tasks:,} tasks each)", f"/runs/compare/?a={a}&b={b}"),
        ("problem list", "/problems/"),
        ("problem page", f"/problems/{data['problem']}/"),
        ("failing submission with diff", f"/submissions/{data['failing_submission']}/"),
        ("judges", "/judges/"),
        ("status", "/status/"),
    ]
    results = []
    for who in ("researcher", "root"):
        client = Client()
        client.force_login(User.objects.get(username=who))
        for label, url in pages:
            timings = []
            for _ in range(requests):
                cache.clear()
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    t = time.perf_counter()
                    response = client.get(url)
                    timings.append(time.perf_counter() - t)
                assert response.status_code == 200, (who, url, response.status_code)
            results.append(
                (who, label, pct(timings, 0.5) * 1000, pct(timings, 0.95) * 1000, len(captured))
            )
            print(
                f"{who:10} {label:50} p50 {results[-1][2]:7.1f} ms  p95 {results[-1][3]:7.1f} ms"
                f"  {len(captured)} queries",
                flush=True,
            )
    client = Client()
    client.force_login(User.objects.get(username="researcher"))
    timings = []
    for _ in range(requests):
        t = time.perf_counter()
        client.get(f"/runs/{a}/")
        timings.append(time.perf_counter() - t)
    results.append(
        (
            "researcher",
            "run page, case counts cached (finished run)",
            pct(timings, 0.5) * 1000,
            pct(timings, 0.95) * 1000,
            0,
        )
    )
    return results


def report(args: argparse.Namespace, data: dict[str, Any], rows: list[Any], total_s: float) -> str:
    lines = [
        "## Dashboard",
        "",
        f"`.venv/bin/python benchmarks/dashboard.py --write` ({platform.machine()}, "
        f"{os.cpu_count()} CPUs, {connection.vendor}, {total_s:.0f} s in all). "
        f"{data['runs']:,} runs; {args.big_runs} of them with {args.tasks:,} tasks x "
        f"{args.samples} judged samples x {args.cases} test cases: "
        f"{data['case_results']:,} case results, loaded in {data['load_s']:.0f} s with bulk "
        "inserts. Each page requested "
        f"{args.requests} times through Django's test client (view, queries and template; no "
        "HTTP server), the cache cleared before each request.",
        "",
        "| user | page | p50 ms | p95 ms | queries |",
        "|---|---|---|---|---|",
    ]
    for who, label, p50, p95, queries in rows:
        lines.append(f"| {who} | {label} | {p50:.1f} | {p95:.1f} | {queries or ''} |")
    lines += [
        "",
        "The researcher sees their own and shared runs (the ownership filter is part of every "
        "query); staff see all. Each page makes a fixed number of queries whatever the number "
        "of rows (tests/dashboard/test_queries.py); aggregates (pass rates, verdict mixes, the "
        "time histogram, flips) are computed in the database, and lists are paginated. "
        "The status page is timed at its worst: every judging of the data set finished "
        "within the last hour, so its per-minute counts scan all of them and its case count "
        "joins every case result.",
        "",
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    start = text.find("## Dashboard\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--big-runs", type=int, default=10)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    database_fresh()
    data = load(args)
    print(
        f"loaded {data['runs']} runs, {data['case_results']} case results "
        f"in {data['load_s']:.1f} s",
        flush=True,
    )
    rows = measure(data, args)
    section = report(args, data, rows, time.perf_counter() - started)
    print(section)
    if args.write:
        write_section(section)


if __name__ == "__main__":
    main()
