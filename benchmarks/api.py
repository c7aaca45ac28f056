"""/run_code throughput, latency and errors from concurrency 1 to 256, embedded and
distributed, with a bare-spawn baseline measured in the same run.

    .venv/bin/python benchmarks/api.py [--concurrency 1,8,64,256] [--modes embedded,distributed]
        [--requests 64] [--sequential 100] [--celery-concurrency 4] [--write]
        [--web-workers N] [--web-threads N]

First, in this process and embedded mode, for ``print(1)`` in Python:

- bare spawn: ``python3 -I -S -c 'print(1)'`` with subprocess, no isolation;
- sandbox: compile (cache hit) + ``Program.run``, full isolation, and the fast path alone;
- the /run_code service called in-process, and GET /v1/ping over HTTP (the HTTP floor).

Then, for each mode, it starts the production server (gunicorn with
``scalebox_site/gunicorn_conf.py``, as ``scripts/serve.sh`` does; workers and threads as
its settings say unless given) with anonymous compat access and no rate limit, and at each
concurrency sends ``max(--requests, 2 x concurrency)`` requests from that many client
threads, each with its own keep-alive connection, twice: with DISTINCT programs (each
request ``print(<an integer never sent before>)``, as every RL sample is new code) and
with one REPEATED program (``print(1)``, a compile-cache hit). The client waits as verl's
sandbox_fusion client does: compile timeout + run timeout + VERL_CLIENT_SLACK_S (10 s);
a request still unanswered then is a client timeout. Every answer is classed: ``ok``
(HTTP 200 with the right stdout), ``504`` (the server's own refusal before the client's
timeout: admission found no room in time; verl retries it), or a failure (any other
status, a wrong answer, a transport error).

- embedded: no broker; each gunicorn worker runs the programs of its requests.
- distributed: gunicorn + real ``celery worker`` processes + PostgreSQL + RabbitMQ +
  Redis, in namespaces of this benchmark's own, so that it shares nothing with other
  users of the machine's services: RabbitMQ vhost ``scalebox_bench`` (created if missing),
  PostgreSQL database ``scalebox_bench_api`` (created and migrated if missing), Redis
  database 12 for results, admission and the cache, under the key prefix
  ``scalebox-bench-api``.

CPU per request is split into the server processes themselves (gunicorn's master and
workers: HTTP, Django, our service), everything below them and the Celery workers
(bwrap, pre-forked interpreters, the programs, the task plumbing), and the client.
``--write`` replaces the "## API" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
django.setup()

from scalebox_site.gunicorn_conf import available_cpus, default_threads  # noqa: E402
from verification.compat.admission import VERL_CLIENT_SLACK_S  # noqa: E402
from verification.compat.run_code import code_run_execute  # noqa: E402
from verification.compat.schemas import RunCodeIn  # noqa: E402
from verification.executors import executor_for  # noqa: E402
from verification.sandbox import Limits  # noqa: E402
from verification.sandbox.fastpath import run_python_fast  # noqa: E402

CODE = "print(1)"
# How long gunicorn and the Celery workers may take to boot and answer.
START_TIMEOUT_S = 120.0
# The distributed mode's own namespaces on the machine's services.
RABBIT_VHOST = "scalebox_bench"
AMQP_URL = f"amqp://guest:guest@127.0.0.1:5672/{RABBIT_VHOST}"
PG_DATABASE = "scalebox_bench_api"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/12"
CACHE_KEY_PREFIX = "scalebox-bench-api"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def throughput(fn: Callable[[], object], total: int, workers: int) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda _: fn(), range(total)))
    return total / (time.perf_counter() - started)


def proc_table() -> dict[int, int]:
    """pid -> parent pid of every process."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent_of[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parent_of


def proc_cpu(pid: int) -> tuple[float, float]:
    """(own utime+stime, reaped children's cutime+cstime) of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick


def tree_cpu(root: int, parent_of: dict[int, int] | None = None) -> tuple[float, float]:
    """(own CPU of ``root``, CPU of everything below it: live descendants and reaped ones).

    Counts pre-forked sandbox interpreters (zygotes), which are long-lived descendants
    and so never show up in ``root``'s reaped-children time.
    """
    parent_of = proc_table() if parent_of is None else parent_of
    own, reaped = proc_cpu(root)
    below = reaped
    for pid in parent_of:
        ancestor = parent_of.get(pid)
        while ancestor and ancestor != root:
            ancestor = parent_of.get(ancestor)
        if ancestor == root:
            try:
                mine, theirs = proc_cpu(pid)
            except OSError:
                continue
            below += mine + theirs
    return own, below


def server_cpu(master: int) -> tuple[float, float]:
    """(own CPU of gunicorn's master and workers, CPU of everything below the workers)."""
    parent_of = proc_table()
    own, _ = proc_cpu(master)
    below = 0.0
    for worker in [pid for pid, parent in parent_of.items() if parent == master]:
        try:
            mine, theirs = tree_cpu(worker, parent_of)
        except OSError:  # a worker that exited since
            continue
        own += mine
        below += theirs
    return own, below


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bare_spawn() -> None:
    subprocess.run(["/usr/bin/python3", "-I", "-S", "-c", CODE], check=True, capture_output=True)


# --- the distributed stack ------------------------------------------------------------


def distributed_env() -> dict[str, str]:
    return {
        "DATABASE_URL": PG_URL,
        "CELERY_BROKER_URL": AMQP_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "SCALEBOX_CACHE_URL": REDIS_URL,
        "SCALEBOX_CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
    }


def prepare_distributed(env: dict[str, str]) -> None:
    """This benchmark's vhost, database (migrated) and Redis keys, nothing else's."""
    vhosts = subprocess.run(
        ["rabbitmqctl", "-q", "list_vhosts"], check=True, capture_output=True, text=True
    ).stdout.split()
    if RABBIT_VHOST not in vhosts:
        subprocess.run(["rabbitmqctl", "add_vhost", RABBIT_VHOST], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", RABBIT_VHOST, "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{PG_DATABASE}'"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {PG_DATABASE}"],
            check=True,
            capture_output=True,
        )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # Tasks of an earlier run that its clients gave up on (this vhost is ours alone).
    subprocess.run(
        ["rabbitmqctl", "-q", "purge_queue", "-p", RABBIT_VHOST,
         django.conf.settings.CELERY_TASK_DEFAULT_QUEUE],
        check=False, capture_output=True,
    )  # fmt: skip
    import redis  # noqa: PLC0415

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{CACHE_KEY_PREFIX}*", count=1000):
        client.delete(key)
    client.close()


@contextmanager
def celery_workers(env: dict[str, str], processes: int, log_dir: Path) -> Iterator[list[int]]:
    """One ``celery worker`` of ``processes`` pool processes on the default queue."""
    log = log_dir / "celery.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "scalebox_site", "worker",
         "-n", f"bench-api-{os.getpid()}@%h", "-c", str(processes), "--pool", "prefork",
         "--without-gossip", "--without-mingle", "--loglevel", "WARNING",
         "-Q", django.conf.settings.CELERY_TASK_DEFAULT_QUEUE],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        yield [worker.pid]
    finally:
        worker.terminate()
        try:
            worker.wait(60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """The server; its log goes to ``log`` (a pipe nobody reads would stall it once full)."""
    port = free_port()
    env = {**env, "SCALEBOX_WEB_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "scalebox_site" / "gunicorn_conf.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    try:
        yield server, port
    finally:
        server.terminate()
        server.wait(30)


def wait_until_up(
    url: str, server: subprocess.Popen[bytes], log: Path, ready: Callable[[], bool]
) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=10) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                stderr = log.read_text(errors="replace")[-4000:]
                raise SystemExit(f"gunicorn exited {server.returncode}:\n{stderr}")
            try:
                if client.get(url).status_code == 200 and ready():
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url} within {START_TIMEOUT_S:g} s")


# --- the load -------------------------------------------------------------------------


@dataclass
class Level:
    mode: str
    concurrency: int
    programs: str  # "distinct", "repeated" or "distinct:<ms each program sleeps>"
    requests: int
    wall_s: float = 0.0
    latencies: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    # The first answer of each kind of error, as the server gave it.
    messages: dict[str, str] = field(default_factory=dict)
    cpu_server_ms: float = 0.0
    cpu_below_ms: float = 0.0
    cpu_client_ms: float = 0.0

    @property
    def ok(self) -> int:
        return self.outcomes["ok"]

    @property
    def refused(self) -> int:
        return self.outcomes["504"]

    @property
    def timeouts(self) -> int:
        return self.outcomes["client timeout"]

    @property
    def failed(self) -> int:
        return self.requests - self.ok - self.refused - self.timeouts


class Load:
    """Requests to one server, numbered so that no two distinct programs are alike."""

    def __init__(self, port: int, *, compile_timeout: float, run_timeout: float) -> None:
        self.url = f"http://127.0.0.1:{port}/run_code"
        self.compile_timeout = compile_timeout
        self.run_timeout = run_timeout
        # What verl's sandbox_fusion client waits for an answer.
        self.client_timeout_s = compile_timeout + run_timeout + VERL_CLIENT_SLACK_S
        self.tag = random.getrandbits(40) << 20
        self.serial = 0
        self.lock = threading.Lock()

    def program(self, programs: str) -> tuple[str, str]:
        programs, _, sleep_ms = programs.partition(":")
        prefix = f"import time; time.sleep({int(sleep_ms) / 1e3:g}); " if sleep_ms else ""
        if programs == "repeated":
            return prefix + CODE, "1\n"
        with self.lock:
            self.serial += 1
            number = self.tag + self.serial
        return f"{prefix}print({number})", f"{number}\n"

    def one(self, client: httpx.Client, programs: str) -> tuple[str, float, str]:
        code, expected = self.program(programs)
        body = {
            "code": code,
            "language": "python",
            "stdin": "",
            "compile_timeout": self.compile_timeout,
            "run_timeout": self.run_timeout,
        }
        started = time.perf_counter()
        try:
            response = client.post(self.url, json=body)
        except httpx.TimeoutException:
            return "client timeout", time.perf_counter() - started, ""
        except httpx.TransportError as exc:
            return f"transport {type(exc).__name__}", time.perf_counter() - started, str(exc)
        took = time.perf_counter() - started
        if response.status_code != 200:
            return str(response.status_code), took, response.text[:300]
        try:
            stdout = response.json()["run_result"]["stdout"]
        except (ValueError, KeyError, TypeError):
            return "bad reply", took, response.text[:300]
        if stdout != expected:
            return "wrong output", took, response.text[:300]
        return "ok", took, ""

    def run(self, level: Level, cpu: Callable[[], tuple[float, float]]) -> None:
        local = threading.local()
        clients: list[httpx.Client] = []

        def task(_: int) -> None:
            client = getattr(local, "client", None)
            if client is None:
                limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
                client = local.client = httpx.Client(timeout=self.client_timeout_s, limits=limits)
                clients.append(client)
            outcome, took, message = self.one(client, level.programs)
            level.outcomes[outcome] += 1
            if outcome != "ok":
                level.messages.setdefault(outcome, message)
            if outcome == "ok":
                level.latencies.append(took)

        own0, below0 = cpu()
        client0 = time.process_time()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=level.concurrency) as pool:
            list(pool.map(task, range(level.requests)))
        level.wall_s = time.perf_counter() - started
        client1 = time.process_time()
        own1, below1 = cpu()
        for client in clients:
            client.close()
        n = level.requests
        level.cpu_server_ms = (own1 - own0) / n * 1e3
        level.cpu_below_ms = (below1 - below0) / n * 1e3
        level.cpu_client_ms = (client1 - client0) / n * 1e3


def sweep(mode: str, args: argparse.Namespace, log_dir: Path) -> tuple[list[Level], dict[str, Any]]:
    env = {**os.environ, "SCALEBOX_COMPAT_ALLOW_ANONYMOUS": "1", "DJANGO_DEBUG": "0"}
    # No rate limit worth the name: the default (1200/min per address) would refuse a
    # single benchmarking client long before the server runs out of room.
    env["SCALEBOX_COMPAT_ANON_RATE"] = "1000000/min"
    env.pop("SCALEBOX_WEB_ACCESS_LOG", None)  # no access log: its cost is not the server's
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        env.pop(name, None)
    if args.web_workers:
        env["SCALEBOX_WEB_WORKERS"] = str(args.web_workers)
    if args.web_threads:
        env["SCALEBOX_WEB_THREADS"] = str(args.web_threads)
    info: dict[str, Any] = {
        "web_workers": args.web_workers or int(env.get("SCALEBOX_WEB_WORKERS") or available_cpus()),
        "web_threads": args.web_threads
        or int(env.get("SCALEBOX_WEB_THREADS") or default_threads()),
    }
    levels: list[Level] = []
    web_log = log_dir / f"gunicorn-{mode}.log"
    with (
        contextmanager_stack(mode, env, args, log_dir) as (celery_pids, ready),
        gunicorn(env, web_log) as (server, port),
    ):
        wait_until_up(f"http://127.0.0.1:{port}/v1/ping", server, web_log, ready)
        load = Load(
            port,
            compile_timeout=args.compile_timeout,
            run_timeout=args.run_timeout,
        )
        info["client_timeout_s"] = load.client_timeout_s
        with httpx.Client(timeout=START_TIMEOUT_S) as client:  # warm up both kinds
            for programs in ("repeated", "distinct", "distinct"):
                outcome, _, message = load.one(client, programs)
                if outcome != "ok":
                    raise SystemExit(f"{mode}: the first request failed: {outcome} {message}")

        def cpu() -> tuple[float, float]:
            own, below = server_cpu(server.pid)
            table = proc_table()
            for pid in celery_pids:
                mine, theirs = tree_cpu(pid, table)
                below += mine + theirs
            return own, below

        for concurrency in args.concurrency:
            kinds = ["distinct", "repeated"]
            if args.slow_ms and concurrency == max(args.concurrency):
                kinds.append(f"distinct:{args.slow_ms}")
            for programs in kinds:
                level = Level(mode, concurrency, programs, max(args.requests, 2 * concurrency))
                load.run(level, cpu)
                levels.append(level)
                print(summary_line(level), flush=True)
                for kind, message in level.messages.items():
                    print(f"    first {kind}: {message}", flush=True)
                time.sleep(args.pause)
    return levels, info


@contextmanager
def contextmanager_stack(
    mode: str, env: dict[str, str], args: argparse.Namespace, log_dir: Path
) -> Iterator[tuple[list[int], Callable[[], bool]]]:
    """Nothing in embedded mode; the services and the Celery workers in distributed mode
    (``env`` gains their settings)."""
    if mode == "embedded":
        yield [], lambda: True
        return
    env.update(distributed_env())
    prepare_distributed(env)
    with celery_workers(env, args.celery_concurrency, log_dir) as pids:
        log = log_dir / "celery.log"

        def ready() -> bool:
            return "ready." in log.read_text(errors="replace") or _worker_answers(env)

        yield pids, ready


def _worker_answers(env: dict[str, str]) -> bool:
    from celery import Celery  # noqa: PLC0415

    app = Celery(broker=env["CELERY_BROKER_URL"])
    try:
        return bool(app.control.ping(timeout=1.0))
    finally:
        app.close()


def label(programs: str) -> str:
    kind, _, sleep_ms = programs.partition(":")
    return f"{kind}, sleeping {int(sleep_ms) / 1e3:g} s" if sleep_ms else kind


def summary_line(level: Level) -> str:
    kinds = ", ".join(
        f"{kind} {count}" for kind, count in sorted(level.outcomes.items()) if kind != "ok"
    )
    return (
        f"{level.mode:11} c={level.concurrency:<4} {label(level.programs):8} "
        f"n={level.requests:<4} {level.requests / level.wall_s:6.1f}/s "
        f"p50 {pct(level.latencies, 0.5) * 1e3:7.1f} ms "
        f"p99 {pct(level.latencies, 0.99) * 1e3:7.1f} ms "
        f"ok {level.ok} 504 {level.refused} timeouts {level.timeouts} failed {level.failed}"
        f"{' (' + kinds + ')' if kinds else ''} cpu/req server {level.cpu_server_ms:.1f} "
        f"below {level.cpu_below_ms:.1f} client {level.cpu_client_ms:.1f} ms"
    )


# --- the in-process baseline ----------------------------------------------------------


def baseline(args: argparse.Namespace) -> dict[str, float]:
    limits = Limits(cpu_time_s=2, wall_time_s=3, memory_bytes=1024 << 20, output_bytes=1 << 20)

    def sandbox_direct() -> None:
        program = executor_for("python").compile(CODE.encode())
        result = program.run(b"", limits)
        assert result.stdout == b"1\n", result

    request = RunCodeIn(code=CODE, language="python", stdin="", run_timeout=2)

    def service_direct() -> None:
        assert code_run_execute(request)["run_result"]["stdout"] == "1\n"

    def fastpath_direct() -> None:
        assert run_python_fast(CODE.encode(), b"", limits).stdout == b"1\n"

    n = args.sequential
    try:
        fastpath_direct()
        fast_seq: list[float] = timed(fastpath_direct, n)
    except Exception as exc:  # the fast path is optional
        print(f"fast path unavailable: {exc}", file=sys.stderr)
        fast_seq = []
    sandbox_direct()
    service_direct()
    service_seq = timed(service_direct, n)
    bare_seq = timed(bare_spawn, n)
    bare_rps = throughput(bare_spawn, max(args.requests, 100), 8)
    sandbox_seq = timed(sandbox_direct, n)
    return {
        "bare_p50_ms": pct(bare_seq, 0.5) * 1e3,
        "bare_p99_ms": pct(bare_seq, 0.99) * 1e3,
        "bare_rps": bare_rps,
        "sandbox_p50_ms": pct(sandbox_seq, 0.5) * 1e3,
        "sandbox_p99_ms": pct(sandbox_seq, 0.99) * 1e3,
        "fast_p50_ms": pct(fast_seq, 0.5) * 1e3,
        "fast_p99_ms": pct(fast_seq, 0.99) * 1e3,
        "service_p50_ms": pct(service_seq, 0.5) * 1e3,
        "service_p99_ms": pct(service_seq, 0.99) * 1e3,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--concurrency",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[1, 8, 64, 256],
        help="comma-separated concurrency levels (default 1,8,64,256)",
    )
    parser.add_argument(
        "--modes",
        type=lambda text: text.split(","),
        default=["embedded", "distributed"],
        help="comma-separated: embedded, distributed",
    )
    parser.add_argument(
        "--requests", type=int, default=64, help="requests per level, at least 2 x concurrency"
    )
    parser.add_argument("--sequential", type=int, default=100)
    parser.add_argument("--compile-timeout", type=float, default=10.0)
    parser.add_argument("--run-timeout", type=float, default=2.0)
    parser.add_argument(
        "--celery-concurrency", type=int, default=4, help="pool processes of the Celery worker"
    )
    parser.add_argument(
        "--slow-ms",
        type=int,
        default=1500,
        help="at the highest concurrency, also distinct programs that sleep this long "
        "before they print (programs that take time; 0: none)",
    )
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between levels")
    parser.add_argument("--log-dir", type=Path, default=ROOT / "var" / "bench-api")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--web-workers", type=int, help="gunicorn workers (default: SCALEBOX_WEB_WORKERS)"
    )
    parser.add_argument(
        "--web-threads", type=int, help="threads per worker (default: SCALEBOX_WEB_THREADS)"
    )
    args = parser.parse_args()
    args.log_dir.mkdir(parents=True, exist_ok=True)

    base = baseline(args) if args.sequential else {}
    results: dict[str, tuple[list[Level], dict[str, Any]]] = {}
    for mode in args.modes:
        results[mode] = sweep(mode, args, args.log_dir)
    report = render(base, results, args)
    print(report)
    if args.write:
        write_section(report)


def render(
    base: dict[str, float],
    results: dict[str, tuple[list[Level], dict[str, Any]]],
    args: argparse.Namespace,
) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Linux {platform.release()}"
    load = os.getloadavg()
    lines = [
        "## API",
        "",
        "`benchmarks/api.py`: POST /run_code in Python on the production server (gunicorn, "
        f"`scalebox_site/gunicorn_conf.py`), full isolation; {machine}. The machine was "
        f"shared with other jobs during the run (load average {load[0]:.1f} on "
        f"{os.cpu_count()} CPUs at the end), so the rates are lower bounds and the ratios "
        "between rows of one run are what to read.",
        "",
    ]
    for mode, (levels, info) in results.items():
        lines += [
            f"### {mode.capitalize()}",
            "",
            (
                "No broker: each gunicorn worker runs its requests' programs. "
                if mode == "embedded"
                else (
                    "gunicorn + one `celery worker` of "
                    f"{args.celery_concurrency} pool processes, RabbitMQ (vhost "
                    f"`{RABBIT_VHOST}`), PostgreSQL, Redis (results, admission and cache). "
                )
            )
            + f"{info['web_workers']} gunicorn workers x {info['web_threads']} threads. "
            f"The client waits {info['client_timeout_s']:g} s for an answer, as verl does "
            f"(compile timeout {args.compile_timeout:g} s + run timeout {args.run_timeout:g} s "
            f"+ {VERL_CLIENT_SLACK_S:g} s). Distinct: every request `print(<integer never sent "
            "before>)`; repeated: `print(1)` every time; sleeping: distinct programs that first "
            "sleep (programs that take time, at the highest concurrency only). Latencies "
            "are of the answered (ok) requests; CPU is per request, server = gunicorn's "
            "processes, below = the sandbox and the programs (and, distributed, the "
            "Celery worker's whole tree).",
            "",
            "| concurrency | programs | requests | requests/s | p50 ms | p99 ms | ok | 504 "
            "| client timeouts | failed | CPU ms server / below / client |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for level in levels:
            kinds = ", ".join(
                f"{kind}: {count}"
                for kind, count in sorted(level.outcomes.items())
                if kind not in ("ok", "504", "client timeout")
            )
            lines.append(
                f"| {level.concurrency} | {label(level.programs)} | {level.requests} | "
                f"{level.requests / level.wall_s:.1f} | {pct(level.latencies, 0.5) * 1e3:.0f} | "
                f"{pct(level.latencies, 0.99) * 1e3:.0f} | {level.ok} | {level.refused} | "
                f"{level.timeouts} | {level.failed}{' (' + kinds + ')' if kinds else ''} | "
                f"{level.cpu_server_ms:.1f} / {level.cpu_below_ms:.1f} / "
                f"{level.cpu_client_ms:.1f} |"
            )
        lines.append("")
    lines += reading(results, args)
    if base:
        lines += [
            "### In-process baseline (embedded, `print(1)`, sequential)",
            "",
            "| measure | p50 ms | p99 ms | requests/s at concurrency 8 |",
            "|---|---|---|---|",
            f"| bare spawn (`python3 -I -S -c`, no isolation) | {base['bare_p50_ms']:.1f} | "
            f"{base['bare_p99_ms']:.1f} | {base['bare_rps']:.1f} |",
            f"| sandbox only (compile cache hit + Program.run) | {base['sandbox_p50_ms']:.1f} | "
            f"{base['sandbox_p99_ms']:.1f} | |",
            f"| sandbox fast path called directly (pre-forked interpreter) | "
            f"{base['fast_p50_ms']:.1f} | {base['fast_p99_ms']:.1f} | |",
            f"| /run_code service in-process (no HTTP, no Django) | "
            f"{base['service_p50_ms']:.1f} | {base['service_p99_ms']:.1f} | |",
            "",
        ]
    return "\n".join(lines)


def reading(
    results: dict[str, tuple[list[Level], dict[str, Any]]], args: argparse.Namespace
) -> list[str]:
    """What the tables say, in figures taken from them."""
    lines = ["### Reading", ""]
    top = max(args.concurrency)
    for mode, (levels, info) in results.items():
        total = sum(level.requests for level in levels)
        failed = sum(level.failed for level in levels)
        timeouts = sum(level.timeouts for level in levels)
        refused = sum(level.refused for level in levels)
        at_top = {level.programs: level for level in levels if level.concurrency == top}
        worst_p99 = max((pct(level.latencies, 0.99) for level in levels), default=0.0)
        text = (
            f"- **{mode.capitalize()}**: {total} requests, **{failed} failed and {timeouts} "
            f"client timeouts**; {refused} answered 504 (by level: "
            + ", ".join(
                f"{level.refused} at {level.concurrency} {label(level.programs)}"
                for level in levels
                if level.refused
            )
            + (")" if refused else "none)")
            + f". The slowest p99 of an answered request was {worst_p99:.1f} s, within "
            f"the client's {info['client_timeout_s']:g} s."
        )
        distinct, repeated = at_top.get("distinct"), at_top.get("repeated")
        if distinct and repeated:
            text += (
                f" At concurrency {top}, distinct programs ran at "
                f"{distinct.requests / distinct.wall_s:.1f}/s, "
                f"{distinct.requests / distinct.wall_s / (repeated.requests / repeated.wall_s):.2f}"
                f"x the rate of the repeated one ({repeated.requests / repeated.wall_s:.1f}/s)."
            )
        lines.append(text)
    lines += [
        "- A 504 here is the server's own answer that it had no room in time: admission "
        "(`verification/compat/admission.py`) refuses a request at once when the queue "
        "ahead would use up its deadline, or when no slot freed in time, and a run still "
        "going at the deadline (compile + run timeout + 6 s, 18 s here) is answered 504 "
        "then; verl retries a 504. The sleeping programs at the highest concurrency ask "
        "for more than the host can give: in the distributed mode the Celery worker's "
        f"{args.celery_concurrency} pool processes run at most "
        f"{args.celery_concurrency} of them at once, "
        + (
            f"about {args.celery_concurrency / (args.slow_ms / 1e3):.1f} a second, "
            if args.slow_ms
            else ""
        )
        + "so most are refused early, and none is left to time out.",
        "- Rates at 64 and 256 are below those at 8 on this machine: with 2 CPUs already "
        "busy with other jobs, the client's own threads, gunicorn, the programs (and the "
        "broker, Redis and the worker) share them. CPU per request (server + below) is "
        "the figure to compare across modes; distinct programs cost more below the "
        "server than a repeated one, a syntax check and a fresh program each.",
        "",
    ]
    return lines


def write_section(section: str) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    start = text.find("## API\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    path.write_text(text)


if __name__ == "__main__":
    main()
