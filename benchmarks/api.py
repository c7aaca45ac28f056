"""/run_code throughput and latency, with a bare-spawn baseline measured in the same run.

    .venv/bin/python benchmarks/api.py [--requests 200] [--sequential 100] [--write]
        [--web-workers N] [--web-threads N]

Starts the production server (gunicorn with ``scalebox_site/gunicorn_conf.py``, as
``scripts/serve.sh`` does; workers and threads as its settings say unless given) in a
child process with anonymous compat access, then measures, for ``print(1)`` in Python:

- bare spawn: ``python3 -I -S -c 'print(1)'`` with subprocess, no isolation;
- sandbox: compile (cache hit) + ``Program.run`` in this process, full isolation;
- /run_code over HTTP: sequential p50/p99 latency and requests/s at concurrency 8.

CPU per request is split into the server processes themselves (gunicorn's master and
workers: HTTP, Django, our service), everything below the workers (bwrap, pre-forked
interpreters, the programs), and the client. In the
embedded default there is no queue; in distributed mode the queue adds a broker
round-trip per request. ``--write`` replaces the "## API" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import django
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
django.setup()

from scalebox_site.gunicorn_conf import DEFAULT_THREADS, available_cpus  # noqa: E402
from verification.compat.run_code import code_run_execute  # noqa: E402
from verification.compat.schemas import RunCodeIn  # noqa: E402
from verification.executors import executor_for  # noqa: E402
from verification.sandbox import Limits  # noqa: E402
from verification.sandbox.fastpath import run_python_fast  # noqa: E402

CODE = "print(1)"
# How long gunicorn may take to boot and answer its first ping.
START_TIMEOUT_S = 120.0


def pct(values: list[float], q: float) -> float:
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


def proc_cpu(pid: int) -> tuple[float, float]:
    """(own utime+stime, reaped children's cutime+cstime) of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick


def tree_cpu(root: int) -> tuple[float, float]:
    """(own CPU of ``root``, CPU of everything below it: live descendants and reaped ones).

    Counts pre-forked sandbox interpreters (zygotes), which are long-lived descendants
    and so never show up in ``root``'s reaped-children time.
    """
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent_of[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
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
    own, _ = proc_cpu(master)
    below = 0.0
    for worker in children(master):
        try:
            mine, theirs = tree_cpu(worker)
        except OSError:  # a worker that exited since
            continue
        own += mine
        below += theirs
    return own, below


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(client: httpx.Client, url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            stderr = server.stderr.read().decode(errors="replace") if server.stderr else ""
            raise SystemExit(f"gunicorn exited {server.returncode}:\n{stderr}")
        try:
            if client.get(url).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer {url} within {START_TIMEOUT_S:g} s")


def bare_spawn() -> None:
    subprocess.run(["/usr/bin/python3", "-I", "-S", "-c", CODE], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sequential", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--web-workers", type=int, help="gunicorn workers (default: SCALEBOX_WEB_WORKERS)"
    )
    parser.add_argument(
        "--web-threads", type=int, help="threads per worker (default: SCALEBOX_WEB_THREADS)"
    )
    args = parser.parse_args()

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

    try:
        fastpath_direct()
        fast_seq: list[float] | None = timed(fastpath_direct, args.sequential)
        own0, below0 = tree_cpu(os.getpid())
        timed(fastpath_direct, args.sequential)
        own1, below1 = tree_cpu(os.getpid())
        fast_cpu_ms = ((own1 - own0) + (below1 - below0)) / args.sequential * 1e3
    except Exception as exc:  # the fast path is optional
        print(f"fast path unavailable: {exc}", file=sys.stderr)
        fast_seq, fast_cpu_ms = None, 0.0

    sandbox_direct()
    service_direct()
    service_seq = timed(service_direct, args.sequential)
    bare_seq = timed(bare_spawn, args.sequential)
    bare_rps = throughput(bare_spawn, args.requests, args.concurrency)
    sandbox_seq = timed(sandbox_direct, args.sequential)

    port = free_port()
    env = {**os.environ, "SCALEBOX_COMPAT_ALLOW_ANONYMOUS": "1", "DJANGO_DEBUG": "0"}
    env["SCALEBOX_COMPAT_ANON_RATE"] = ""
    env["SCALEBOX_WEB_BIND"] = f"127.0.0.1:{port}"
    env.pop("SCALEBOX_WEB_ACCESS_LOG", None)  # no access log: its cost is not the server's
    if args.web_workers:
        env["SCALEBOX_WEB_WORKERS"] = str(args.web_workers)
    if args.web_threads:
        env["SCALEBOX_WEB_THREADS"] = str(args.web_threads)
    workers = args.web_workers or int(env.get("SCALEBOX_WEB_WORKERS") or available_cpus())
    threads = args.web_threads or int(env.get("SCALEBOX_WEB_THREADS") or DEFAULT_THREADS)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "scalebox_site" / "gunicorn_conf.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/run_code"
    body = {
        "code": CODE,
        "language": "python",
        "stdin": "",
        "compile_timeout": 10,
        "run_timeout": 2,
    }
    errors: list[int] = []
    try:
        with httpx.Client(timeout=30) as client:
            wait_until_up(client, f"http://127.0.0.1:{port}/v1/ping", server)
            local = threading.local()

            def post() -> None:
                session = getattr(local, "client", None)
                if session is None:
                    session = local.client = httpx.Client(timeout=30)
                response = session.post(url, json=body)
                if response.status_code != 200 or response.json()["run_result"]["stdout"] != "1\n":
                    errors.append(response.status_code)

            post()
            ping_seq = timed(
                lambda: client.get(f"http://127.0.0.1:{port}/v1/ping"), args.sequential
            )
            client_cpu0 = time.process_time()
            own0, kids0 = server_cpu(server.pid)
            api_seq = timed(post, args.sequential)
            own1, kids1 = server_cpu(server.pid)
            client_cpu1 = time.process_time()
            api_rps = throughput(post, args.requests, args.concurrency)
    finally:
        server.terminate()
        server.wait(10)

    n = args.sequential
    figures = {
        "bare_p50_ms": pct(bare_seq, 0.5) * 1e3,
        "bare_p99_ms": pct(bare_seq, 0.99) * 1e3,
        "bare_rps": bare_rps,
        "sandbox_p50_ms": pct(sandbox_seq, 0.5) * 1e3,
        "sandbox_p99_ms": pct(sandbox_seq, 0.99) * 1e3,
        "service_p50_ms": pct(service_seq, 0.5) * 1e3,
        "service_p99_ms": pct(service_seq, 0.99) * 1e3,
        "api_p50_ms": pct(api_seq, 0.5) * 1e3,
        "api_p99_ms": pct(api_seq, 0.99) * 1e3,
        "api_rps": api_rps,
        "cpu_server_ms": (own1 - own0) / n * 1e3,
        "cpu_sandbox_ms": (kids1 - kids0) / n * 1e3,
        "cpu_client_ms": (client_cpu1 - client_cpu0) / n * 1e3,
        "errors": len(errors),
        "ping_p50_ms": pct(ping_seq, 0.5) * 1e3,
        "fast_p50_ms": pct(fast_seq, 0.5) * 1e3 if fast_seq else float("nan"),
        "fast_p99_ms": pct(fast_seq, 0.99) * 1e3 if fast_seq else float("nan"),
        "fast_cpu_ms": fast_cpu_ms,
        "web_workers": workers,
        "web_threads": threads,
    }
    report = render(figures, args)
    print(report)
    if args.write:
        write_section(report)


def render(f: dict[str, float], args: argparse.Namespace) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Linux {platform.release()}"
    overhead = f["api_p50_ms"] - f["service_p50_ms"]
    cpus = os.cpu_count() or 1
    cap = cpus * 1e3 / max(0.1, f["cpu_server_ms"] + f["cpu_sandbox_ms"])
    return "\n".join(
        [
            "## API",
            "",
            f"`benchmarks/api.py`: POST /run_code with `{CODE}` in Python, embedded mode, "
            f"gunicorn ({int(f['web_workers'])} workers, {int(f['web_threads'])} threads, "
            f"`scalebox_site/gunicorn_conf.py`), full isolation; {machine}. "
            f"{args.sequential} sequential requests, {args.requests} at concurrency "
            f"{args.concurrency}.",
            "",
            f"| measure | p50 ms | p99 ms | requests/s at concurrency {args.concurrency} |",
            "|---|---|---|---|",
            f"| bare spawn (`python3 -I -S -c`, no isolation) | {f['bare_p50_ms']:.1f} | "
            f"{f['bare_p99_ms']:.1f} | {f['bare_rps']:.1f} |",
            f"| sandbox only (compile cache hit + Program.run) | {f['sandbox_p50_ms']:.1f} | "
            f"{f['sandbox_p99_ms']:.1f} | |",
            f"| sandbox fast path called directly (pre-forked interpreter) | "
            f"{f['fast_p50_ms']:.1f} | {f['fast_p99_ms']:.1f} | |",
            f"| GET /v1/ping on the same server (HTTP floor) | {f['ping_p50_ms']:.1f} | | |",
            f"| /run_code service in-process (no HTTP, no Django) | {f['service_p50_ms']:.1f} | "
            f"{f['service_p99_ms']:.1f} | |",
            f"| /run_code over HTTP | {f['api_p50_ms']:.1f} | {f['api_p99_ms']:.1f} | "
            f"{f['api_rps']:.1f} |",
            "",
            f"Per sequential request: HTTP + Django add {overhead:.1f} ms of latency over "
            "the in-process service. CPU per request: server processes (HTTP, Django, our "
            f"service) {f['cpu_server_ms']:.1f} ms, sandbox "
            f"{f['cpu_sandbox_ms']:.1f} ms (bwrap, zygotes and programs below the workers), "
            f"client {f['cpu_client_ms']:.1f} ms; queue: none "
            f"in embedded mode. Failed requests: {int(f['errors'])}.",
            "",
            f"Reading: a bare ping costs {f['ping_p50_ms']:.1f} ms with keep-alive; "
            f"{f['cpu_server_ms'] + f['cpu_sandbox_ms']:.0f} ms of CPU per request on "
            f"{cpus} CPUs would allow about {cap:.0f}/s, and {f['api_rps']:.0f}/s was reached "
            f"({'bound by CPU' if f['api_rps'] > 0.7 * cap else 'bound by server latency'}). "
            "Twice SandboxFusion's unisolated 83/s (166/s) needs at most "
            f"{cpus * 1e3 / 166:.0f} ms of CPU per request, with Python runs on the pre-forked "
            f"fast path ({f['fast_cpu_ms']:.1f} ms of CPU a run, zygote included).",
            "",
        ]
    )


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
