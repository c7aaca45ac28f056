"""Soak: many submissions through the distributed pipeline, memory sampled all along.

    .venv/bin/python benchmarks/soak.py [--submissions 10000] [--write]

Starts its own broker (a RabbitMQ node of its own, or ``--broker redis``) and its own
Redis result backend on free ports, a fresh database ``scalebox_soak`` on the
PostgreSQL server at 127.0.0.1:5432, the web server the project runs
(``manage.py runserver``, as docker-compose's ``web`` service) and two ``celery worker``
processes. It then submits programs (each one never seen before, made unique by a
comment, unless ``--repeated``) one HTTP request each (``POST /api/v1/submissions/``
with a token), keeping at most ``--in-flight`` judgings unfinished, while a sampler
records the resident memory (RSS, from /proc) of the web process and of each worker
(its main process and its pool child) every ``--sample-s`` seconds.

At the end it checks that nothing was lost: every submission answered 201, every
judging is DONE with the expected verdict (one program in ten is wrong: WA), and each
has exactly one case result per case. Memory is "flat" when, after the first fifth of
the run (warm-up: caches, connections, the pre-forked interpreters), the least-squares
trend of every process's RSS against judgings done stays within ``--flat-mb`` per
10,000 judgings.

Results go to benchmarks/results/soak.csv (samples), soak.json (figures) and soak.svg
(RSS over submissions); ``--write`` replaces the "## Soak" section of RESULTS.md.
Not part of the test suite: a full run takes tens of minutes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import httpx
import psycopg2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.faults import RabbitNode, RedisServer, free_port, wait_for  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/scalebox_soak"
RIGHT = "n = int(input())\nprint(2 * n)\n"
RUN_TAG = secrets.token_hex(4)
WRONG = "n = int(input())\nprint(2 * n + 1)\n"
CASES = [{"input": f"{i}\n", "answer": f"{2 * i}\n"} for i in (1, 2, 3)]


def program(index: int, *, distinct: bool) -> str:
    """The index-th submission's program: with ``distinct`` (the default) one never seen
    before, as every RL sample is, made unique by a comment naming it."""
    source = RIGHT if expected_verdict(index) == "AC" else WRONG
    return source + f"# submission {index} {RUN_TAG}\n" if distinct else source


def expected_verdict(index: int) -> str:
    return "WA" if index % 10 == 9 else "AC"


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        found: list[int] = []
        for task in tasks:
            found += [int(c) for c in (task / "children").read_text().split()]
        return found
    except OSError:
        return []


def descendants(pid: int) -> list[int]:
    found = []
    for child in children(pid):
        found += [child, *descendants(child)]
    return found


# --- the processes ----------------------------------------------------------------------


@dataclass
class Services:
    env: dict[str, str]
    owned: list[Any] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def spawn(self, args: list[str], log: Path) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for thing in reversed(self.owned):
            thing.cleanup()


def fresh_database() -> None:
    conn = psycopg2.connect(PG_ADMIN)
    conn.autocommit = True  # CREATE / DROP DATABASE refuse to run in a transaction
    try:
        with conn.cursor() as cur:
            cur.execute("DROP DATABASE IF EXISTS scalebox_soak")
            cur.execute("CREATE DATABASE scalebox_soak")
    finally:
        conn.close()


def start(
    services: Services, args: argparse.Namespace, workdir: Path
) -> tuple[str, str, list[subprocess.Popen[bytes]]]:
    """Broker, backend, database, web server and workers; returns (url, token, processes).

    Everything started is recorded in ``services`` at once, so a failure halfway still
    stops it.
    """
    backend = RedisServer(workdir, aof=False)
    services.owned.append(backend)
    backend.start()
    if args.broker == "rabbitmq":
        broker: Any = RabbitNode(workdir)
        services.owned.append(broker)
        broker.start()
        broker_url = broker.url
    else:
        broker = RedisServer(workdir, aof=False)
        services.owned.append(broker)
        broker.start()
        broker_url = f"{broker.url}/0"
    env = services.env
    env.update(
        DATABASE_URL=PG_URL,
        CELERY_BROKER_URL=broker_url,
        CELERY_RESULT_BACKEND=f"{backend.url}/1",
        DJANGO_DEBUG="0",
        SCALEBOX_WORKER_LANGUAGES="python",
        SCALEBOX_LOG_LEVEL="WARNING",
    )
    fresh_database()
    services.manage("migrate", "--noinput", "--verbosity", "0")
    env_user = {**env, "DJANGO_SUPERUSER_PASSWORD": "soak-not-secret"}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            "soak",
            "--email",
            "soak@example.invalid",
        ],
        cwd=ROOT,
        env=env_user,
        check=True,
        capture_output=True,
    )
    token = services.manage("drf_create_token", "soak").split()[2]
    workers = [
        services.spawn(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "scalebox_site",
                "worker",
                "-n",
                f"soak{i}@%h",
                "-c",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
                "-Q",
                "scalebox",
            ],
            workdir / f"worker{i}.log",
        )
        for i in (1, 2)
    ]
    port = free_port()
    web = services.spawn(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        workdir / "web.log",
    )
    url = f"http://127.0.0.1:{port}"

    def web_up() -> bool:
        try:
            return httpx.get(f"{url}/v1/ping", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(web_up, "the web server", 60)
    wait_for(_workers_online, "a worker serving python", 120)
    return url, token, [web, *workers]


def _workers_online() -> bool:
    with psycopg2.connect(PG_URL) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM verification_workerhost WHERE online")
        (count,) = cur.fetchone() or (0,)
    conn.close()
    return int(count) >= 2


# --- load and sampling ------------------------------------------------------------------


@dataclass
class Progress:
    submitted: int = 0
    done: int = 0
    failed_requests: list[str] = field(default_factory=list)
    expected: dict[int, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    finished: threading.Event = field(default_factory=threading.Event)


def count_done() -> int:
    with psycopg2.connect(PG_URL) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM verification_judging WHERE status = 'DONE'")
        (done,) = cur.fetchone() or (0,)
    conn.close()
    return int(done)


class Sampler:
    """RSS of the web process and of each worker (main, pool) every ``every_s`` seconds."""

    def __init__(
        self, processes: list[subprocess.Popen[bytes]], progress: Progress, every_s: float
    ) -> None:
        self.web, *self.workers = processes
        self.progress = progress
        self.every_s = every_s
        self.samples: list[dict[str, Any]] = []
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _take(self) -> None:
        self.progress.done = count_done()
        row: dict[str, Any] = {
            "t_s": round(time.monotonic() - self.started, 1),
            "submitted": self.progress.submitted,
            "done": self.progress.done,
            "web_rss_mb": round(rss_kb(self.web.pid) / 1024, 1),
        }
        for i, worker in enumerate(self.workers, 1):
            pool = children(worker.pid)
            row[f"worker{i}_main_rss_mb"] = round(rss_kb(worker.pid) / 1024, 1)
            row[f"worker{i}_pool_rss_mb"] = round(sum(map(rss_kb, pool)) / 1024, 1)
            # The pool child's sandbox helpers (pre-forked interpreters) and their runs.
            helpers = [grandchild for child in pool for grandchild in descendants(child)]
            row[f"worker{i}_sandbox_rss_mb"] = round(sum(map(rss_kb, helpers)) / 1024, 1)
        self.samples.append(row)

    def _loop(self) -> None:
        while not self.progress.finished.is_set():
            self._take()
            self.progress.finished.wait(self.every_s)
        self._take()

    def stop(self) -> list[dict[str, Any]]:
        self.progress.finished.set()
        self.thread.join()
        return self.samples


def submit_all(url: str, token: str, args: argparse.Namespace, progress: Progress) -> None:
    headers = {"Authorization": f"Token {token}"}
    indexes = iter(range(args.submissions))
    take = threading.Lock()

    def next_index() -> int | None:
        with take:
            index = next(indexes, None)
            if index is None:
                return None
        # Keep the backlog bounded: memory is measured at a steady load, not a flood.
        while progress.submitted - progress.done >= args.in_flight:
            time.sleep(0.1)
        return index

    def client() -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
            while (index := next_index()) is not None:
                body = {
                    "problem": "soak",
                    "language": "python",
                    "source": program(index, distinct=args.distinct),
                    # Every case of every program, as in the published runs (the API
                    # stops at a first failure by default).
                    "stop_on_first_failure": False,
                }
                try:
                    response = http.post("/api/v1/submissions/", json=body)
                except httpx.HTTPError as exc:
                    with progress.lock:
                        progress.failed_requests.append(f"{index}: {exc!r}")
                    continue
                with progress.lock:
                    if response.status_code == 201:
                        progress.expected[response.json()["id"]] = expected_verdict(index)
                        progress.submitted += 1
                    else:
                        progress.failed_requests.append(
                            f"{index}: {response.status_code} {response.text[:200]}"
                        )

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def create_problem(url: str, token: str) -> None:
    response = httpx.post(
        f"{url}/api/v1/problems/",
        json={"slug": "soak", "title": "soak", "test_cases": CASES},
        headers={"Authorization": f"Token {token}"},
        timeout=60,
    )
    if response.status_code != 201:
        raise RuntimeError(f"creating the problem: {response.status_code} {response.text}")


# --- checks and figures -----------------------------------------------------------------


def audit(progress: Progress) -> dict[str, Any]:
    """Every judging DONE with its expected verdict, case results one to one."""
    with psycopg2.connect(PG_URL) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT j.submission_id, j.status, j.verdict, j.error, j.case_ids, "
            "array_remove(array_agg(cr.test_case_id ORDER BY cr.order), NULL) "
            "FROM verification_judging j "
            "LEFT JOIN verification_caseresult cr ON cr.judging_id = j.id "
            "GROUP BY j.id"
        )
        rows = cur.fetchall()
        cur.execute("SELECT count(*) FROM verification_submission")
        (submissions,) = cur.fetchone() or (0,)
    conn.close()
    judged = {sub for sub, *_ in rows}
    wrong_verdict = [
        (sub, verdict, progress.expected.get(sub), error[:200])
        for sub, status, verdict, error, _, _ in rows
        if status == "DONE" and verdict != progress.expected.get(sub)
    ]
    return {
        "submissions_in_database": int(submissions),
        "judgings": len(rows),
        "not_done": sum(1 for row in rows if row[1] != "DONE"),
        "verdicts": dict(sorted(_count(row[2] for row in rows).items())),
        "wrong_verdicts": len(wrong_verdict),
        "wrong_verdict_examples": wrong_verdict[:5],
        "case_results_not_one_to_one": sum(1 for row in rows if list(row[5]) != list(row[4])),
        "submissions_without_judging": len(set(progress.expected) - judged),
        "failed_requests": len(progress.failed_requests),
        "failed_request_examples": progress.failed_requests[:5],
    }


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of ys over xs (0 when xs do not vary)."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0


def memory_figures(samples: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per process: RSS at the start, over the second and the last fifth, the peak, and
    the trend after warm-up (the first fifth): KB per judging and MB per 10,000."""
    series = [key for key in samples[0] if key.endswith("_rss_mb")]
    n = len(samples)
    early = samples[n // 5 : max(n // 5 + 1, 2 * n // 5)]
    late = samples[max(0, n - n // 5 - 1) :]
    steady = samples[n // 5 :]
    out = {}
    for key in series:
        a = statistics.median(s[key] for s in early)
        b = statistics.median(s[key] for s in late)
        slope_mb = _slope([s["done"] for s in steady], [s[key] for s in steady])
        out[key] = {
            "start_mb": samples[0][key],
            "early_mb": a,
            "late_mb": b,
            "peak_mb": max(s[key] for s in samples),
            "growth_mb": round(b - a, 1),
            "kb_per_judging": round(slope_mb * 1024, 2),
            "mb_per_10k": round(slope_mb * 10_000, 1),
        }
    return out


def line_chart(path: Path, samples: list[dict[str, Any]], title: str) -> None:
    """RSS of each process against judgings done, as a standalone SVG."""
    series = [key for key in samples[0] if key.endswith("_rss_mb")]
    colours = ["#d04a4a", "#4a7bd0", "#8ab0ee", "#b07ad0", "#3a9a5a", "#9ad0a8", "#e0a040"]
    width, height, left, top, plot_w, plot_h = 820, 420, 60, 40, 560, 320
    xmax = max(s["done"] for s in samples) or 1
    ymax = max(max(s[k] for s in samples) for k in series) * 1.1 or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="10" y="22" font-size="14" font-weight="bold">{escape(title)}</text>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#888"/>',
        f'<text x="{left}" y="{top + plot_h + 30}">judgings done (0 to {xmax:.0f})</text>',
        f'<text x="5" y="{top + 10}">{ymax:.0f} MB</text>',
        f'<text x="5" y="{top + plot_h}">0 MB</text>',
    ]
    for i, key in enumerate(series):
        points = " ".join(
            f"{left + s['done'] / xmax * plot_w:.1f},{top + plot_h - s[key] / ymax * plot_h:.1f}"
            for s in samples
        )
        colour = colours[i % len(colours)]
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}"/>')
        y = top + 14 + i * 18
        parts.append(
            f'<rect x="{left + plot_w + 12}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
        )
        parts.append(f'<text x="{left + plot_w + 28}" y="{y}">{escape(key)}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")


def render(result: dict[str, Any]) -> str:
    a, mem, run = result["audit"], result["memory"], result["run"]
    lines = [
        "## Soak",
        "",
        "`benchmarks/soak.py`: submissions through the distributed pipeline, one HTTP request "
        f"each (`POST /api/v1/submissions/`, {run['clients']} client threads, token auth) to "
        "`manage.py runserver` (the web service of docker-compose), judged by two `celery "
        f"worker` processes of concurrency 1; broker: its own {run['broker']} instance, result "
        "backend: its own Redis, database: a fresh `scalebox_soak` on the PostgreSQL server. "
        f"Problem: {len(CASES)} cases; one program in ten is wrong (WA expected). At most "
        f"{run['in_flight']} judgings unfinished at a time. RSS sampled every "
        f"{run['sample_s']} s from /proc. {run['machine']}.",
        "",
        f"- submissions: {run['submissions']} requested, {a['submissions_in_database']} stored, "
        f"{a['failed_requests']} requests failed; wall {run['wall_s']:.0f} s "
        f"({run['submissions'] / run['wall_s']:.1f} judgings/s)",
        f"- judgings: {a['judgings']}, not DONE: {a['not_done']}, verdicts {a['verdicts']}, "
        f"wrong verdicts: {a['wrong_verdicts']}, case results not one to one: "
        f"{a['case_results_not_one_to_one']}",
        "",
        "| process | start MB | 2nd fifth MB | last fifth MB | peak MB | trend KB/judging "
        "| trend MB per 10,000 |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, f in mem.items():
        lines.append(
            f"| {key.removesuffix('_rss_mb')} | {f['start_mb']} | {f['early_mb']} | "
            f"{f['late_mb']} | {f['peak_mb']} | {f['kb_per_judging']:+} | {f['mb_per_10k']:+} |"
        )
    lines += [
        "",
        f"Verdict: {result['verdict']}. Samples: `benchmarks/results/soak.csv`; figures: "
        "`benchmarks/results/soak.json`; plot: `benchmarks/results/soak.svg` (matplotlib is "
        "not a dependency, so the plot is SVG).",
        "",
    ]
    if result.get("note"):
        lines += [result["note"], ""]
    return "\n".join(lines)


def write_section(section: str) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    text = path.read_text()
    start = text.find("## Soak")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    path.write_text(text)


def measure(args: argparse.Namespace) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    workdir = Path(tempfile.mkdtemp(prefix="scalebox-soak-"))
    services = Services(env=dict(os.environ))
    progress = Progress()
    try:
        url, token, processes = start(services, args, workdir)
        create_problem(url, token)
        started = time.monotonic()
        sampling = Sampler(processes, progress, args.sample_s)
        submit_all(url, token, args, progress)
        deadline = time.monotonic() + args.timeout_s
        while count_done() < progress.submitted and time.monotonic() < deadline:
            time.sleep(1)
        wall_s = time.monotonic() - started
        samples = sampling.stop()
        outcome = audit(progress)
    finally:
        services.stop()
        print(f"logs in {workdir}")
    run = {
        "submissions": args.submissions,
        "clients": args.clients,
        "in_flight": args.in_flight,
        "sample_s": args.sample_s,
        "broker": args.broker,
        "wall_s": round(wall_s, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Linux {platform.release()}",
    }
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / "soak.csv").open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(samples[0]))
        writer.writeheader()
        writer.writerows(samples)
    return {"run": run, "audit": outcome}, samples


def stored() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The last run's samples and audit, to compute the figures again."""
    result = json.loads((RESULTS / "soak.json").read_text())
    with (RESULTS / "soak.csv").open() as rows:
        samples = [{k: float(v) for k, v in row.items()} for row in csv.DictReader(rows)]
    return {"run": result["run"], "audit": result["audit"]}, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--in-flight", type=int, default=200)
    parser.add_argument("--sample-s", type=float, default=5.0)
    parser.add_argument("--broker", choices=["rabbitmq", "redis"], default="rabbitmq")
    parser.add_argument(
        "--flat-mb", type=float, default=10.0, help="largest trend per 10,000 judgings"
    )
    parser.add_argument("--timeout-s", type=float, default=600.0, help="after the last submit")
    parser.add_argument(
        "--repeated",
        dest="distinct",
        action="store_false",
        help="send the same two programs again and again (default: every one distinct)",
    )
    parser.add_argument("--note", default="", help="a paragraph added to the RESULTS section")
    parser.add_argument("--write", action="store_true", help="replace RESULTS.md's section")
    parser.add_argument(
        "--figures-only", action="store_true", help="recompute from benchmarks/results/"
    )
    args = parser.parse_args()

    result, samples = stored() if args.figures_only else measure(args)
    outcome, submissions = result["audit"], result["run"]["submissions"]
    memory = memory_figures(samples)
    lost = (
        outcome["not_done"]
        or outcome["wrong_verdicts"]
        or outcome["failed_requests"]
        or outcome["case_results_not_one_to_one"]
        or outcome["submissions_without_judging"]
        or outcome["submissions_in_database"] != submissions
    )
    grew = [
        key.removesuffix("_rss_mb") for key, f in memory.items() if f["mb_per_10k"] > args.flat_mb
    ]
    verdict = (
        ("nothing lost" if not lost else "SOMETHING LOST")
        + ", "
        + (
            f"memory flat (every trend <= {args.flat_mb:g} MB per 10,000 judgings)"
            if not grew
            else f"MEMORY GROWS in {', '.join(grew)} (trend > {args.flat_mb:g} MB per 10,000)"
        )
    )
    result.update(memory=memory, verdict=verdict, note=args.note)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(result, indent=2) + "\n")
    line_chart(RESULTS / "soak.svg", samples, f"RSS over a soak of {submissions} submissions")
    section = render(result)
    print(section)
    if args.write:
        write_section(section)
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
