"""Distinct programs against repeated ones, ScaleBox against SandboxFusion, over HTTP.

    .venv/bin/python benchmarks/distinct.py [--sandboxfusion-dir /tmp/sandboxfusion |
        --sandboxfusion-url http://127.0.0.1:8080] [--requests 150] [--rounds 2]
        [--concurrency 8] [--history 100000] [--write]

In reinforcement learning every sample is a program nobody has run before, so a benchmark
that sends one program again and again measures a cache. This one sends, at concurrency 8
over ``POST /run_code`` (SandboxFusion's request shape), four workloads:

- distinct Python programs: each made unique by a comment (a counter and a random tag of
  the run) and by a constant that changes what it prints, so that no cache, not even one
  that strips comments, can answer it;
- one repeated Python program;
- distinct C++ programs, made unique the same way, starting in turn the three ways
  LLM-written C++ does: ``#include <bits/stdc++.h>``, ``#include <iostream>``,
  ``#include <cstdio>``;
- one repeated C++ program.

Every answer is checked: HTTP 200, status ``Success`` and the expected stdout, or it counts
as an error. The servers measured, each started and stopped by this script:

- ScaleBox: embedded mode (SQLite, no broker, DATABASE_URL and CELERY_* unset), its own
  SCALEBOX_VAR_DIR under a temporary directory, anonymous compat access with a rate of
  1,000,000/min, full isolation; gunicorn (``scalebox_site/gunicorn_conf.py``, 2 workers of
  8 threads) when it is installed, else Django's development server;
- with ``--history N``: a second ScaleBox server whose compile cache already holds N
  programs (fake C++ entries written straight into ``cache/compiled/cpp``, 16 KiB each,
  sparse, last used a day ago and more), measured beside the first, to show that the rate
  after many programs is the rate after few;
- SandboxFusion as the baseline, with its isolation off (``SANDBOX_CONFIG=local``).

The workloads run in rounds; within a round each workload is sent to every server in
turn, in an order that rotates from round to round, so that noise on the machine hits
all of them. Each measurement is preceded by as many unmeasured requests of its workload
as the concurrency: the measure is of a stream of requests, as RL training sends them,
not of its first requests after a pause (ScaleBox closes pre-forked interpreters idle
for 20 s, and this benchmark spends longer than that on the other language).
Reported per server and workload: answered requests/s (median and range over
the rounds), p50 and p99 latency over all rounds, errors, and CPU per request of the
server's whole process tree (web processes, sandboxes, compilers, programs: read from
/proc by ``benchmarks/proctree.py``); and, round by round, the ratios ScaleBox ÷
SandboxFusion, distinct ÷ repeated and, with ``--history``, after N programs ÷ fresh.
Before measuring, each server gets a few requests of every workload and is left until
its processes are idle (ScaleBox's first sweep of a large compile cache runs then, once
per web process, in the background). ``--write`` replaces the "## Distinct programs"
section of benchmarks/RESULTS.md and writes benchmarks/distinct_results.json.

SandboxFusion is not part of this repository and nothing of it goes in here. To run it
from a copy of its public repository (bytedance/SandboxFusion) in /tmp/sandboxfusion:

- a virtual environment of its own, ``python3.11 -m venv /tmp/sandboxfusion/.venv``, with
  the server's dependencies from its pyproject.toml at the versions of its poetry.lock
  (pydantic 2.6.4, fastapi 0.103.2, uvicorn[standard] 0.25.0, structlog 23.3.0, psutil
  5.9.8, aiofiles 23.2.1, aiohttp 3.10.6, tenacity 8.5.0, databases[aiosqlite] 0.9.0,
  sqlalchemy 2.0.35, pyyaml, and transformers 4.45.0, which one of its dataset modules
  imports when the server starts);
- an empty ``docs/build`` directory (the server mounts its built documentation there);
- its Python runs ``python`` from a conda environment named ``sandbox-runtime``, found by
  walking up from its interpreter to a directory holding ``condabin`` and sourcing that
  directory's ``bin/activate``. Without conda, make /tmp/sandboxfusion that directory: an
  empty ``/tmp/sandboxfusion/condabin``, a ``/tmp/sandboxfusion/bin/activate`` holding
  ``export PATH=/tmp/sandboxfusion/runtime-env/bin:$PATH``, and
  ``/tmp/sandboxfusion/runtime-env/bin/python`` a link to /usr/bin/python3 (the
  interpreter ScaleBox runs too). C++ uses the system's g++.

This script then starts it as ``.venv/bin/python -m uvicorn sandbox.server.server:app``
on 127.0.0.1 with ``SANDBOX_CONFIG=local`` (isolation none, its own default for a local
run) and ``SHLVL=1`` (without it every command it runs sources the shell's start-up
files, about 0.45 s more a run). Without ``--sandboxfusion-dir`` or
``--sandboxfusion-url`` ScaleBox is measured alone, and the report says so; a server
given by URL is measured without its CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.proctree import CpuMeter  # noqa: E402

SECTION = "## Distinct programs"
WORKLOADS = ("python distinct", "python repeated", "cpp distinct", "cpp repeated")
# How a C++ program starts: the whole standard library, the stream header, or C's stdio.
CPP_STYLES = (
    "#include <bits/stdc++.h>\nusing namespace std;\n\nint main() {{\n"
    "    const long n = {value};\n    cout << n * 3 + 1 << endl;\n    return 0;\n}}\n",
    "#include <iostream>\n\nint main() {{\n"
    "    const long n = {value};\n    std::cout << n * 3 + 1 << '\\n';\n    return 0;\n}}\n",
    "#include <cstdio>\n\nint main() {{\n"
    '    const long n = {value};\n    std::printf("%ld\\n", n * 3 + 1);\n    return 0;\n}}\n',
)
# Variables that would put ScaleBox in distributed mode, or point it at another cache.
DISTRIBUTED_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "SCALEBOX_CACHE_URL",
    "SCALEBOX_WORKER_CACHE_DIR",
    "SCALEBOX_WEB_ACCESS_LOG",
)
START_TIMEOUT_S = 120.0
REQUEST_TIMEOUT_S = 120.0
HISTORY_ENTRY_BYTES = 16 * 1024
WEB_WORKERS = 2
WEB_THREADS = 8


# -- programs ---------------------------------------------------------------------------


class Programs:
    """The programs of each workload, with the stdout each must print."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self._next = 0
        self._lock = threading.Lock()

    def _number(self) -> int:
        with self._lock:
            self._next += 1
            return self._next

    def make(self, workload: str) -> tuple[str, str, str]:
        """(language, code, expected stdout) of the next program of ``workload``."""
        language, kind = workload.split()
        if kind == "distinct":
            number = self._number()
            value = 1000 + number
            note = f"sample {number} of run {self.tag}"
        else:
            value, note = 777, ""
        if language == "python":
            head = f"# {note}\n" if note else ""
            code = f"{head}n = {value}\nprint(n * 3 + 1)\n"
        else:
            head = f"// {note}\n" if note else ""
            # Distinct programs start the three ways LLM-written C++ does, in turn.
            style = CPP_STYLES[number % len(CPP_STYLES)] if kind == "distinct" else CPP_STYLES[2]
            code = head + style.format(value=value)
        return language, code, f"{value * 3 + 1}\n"


# -- servers ----------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    url: str
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    note: str = ""

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(target: Target) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=5) as client:
        while time.monotonic() < deadline:
            if target.process is not None and target.process.poll() is not None:
                tail = target.log.read_text(errors="replace")[-3000:] if target.log else ""
                raise SystemExit(f"{target.name} exited {target.process.returncode}:\n{tail}")
            with contextlib.suppress(httpx.HTTPError):
                if client.get(f"{target.url}/v1/ping").status_code == 200:
                    return
            time.sleep(0.2)
    raise SystemExit(f"{target.name} did not answer {target.url}/v1/ping")


def stop(target: Target) -> None:
    process = target.process
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def gunicorn_available() -> bool:
    conf = ROOT / "scalebox_site" / "gunicorn_conf.py"
    return conf.exists() and importlib.util.find_spec("gunicorn") is not None


def scalebox_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DISTRIBUTED_VARIABLES}
    env.update(
        {
            "SCALEBOX_VAR_DIR": str(var_dir),
            "SCALEBOX_COMPAT_ALLOW_ANONYMOUS": "1",
            "SCALEBOX_COMPAT_ANON_RATE": "1000000/min",
            "DJANGO_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def prepare_var_dir(var_dir: Path, database: Path | None) -> Path:
    """A var dir with a migrated SQLite database (copied from ``database`` when given);
    returns the database's path."""
    var_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(var_dir, 0o755)  # sandboxes bind programs from below it as other uids
    target = var_dir / "scalebox.sqlite3"
    if database is not None:
        shutil.copyfile(database, target)
        return target
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=scalebox_env(var_dir),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"migrate failed:\n{done.stdout}\n{done.stderr}")
    return target


def populate_history(var_dir: Path, count: int, tag: str) -> None:
    """``count`` finished programs in the compile cache, as ScaleBox lays them out: a
    directory per program with its binary and a ``.complete`` marker whose modification
    time is its last use (here a day ago and more, so they are the first to be dropped)."""
    root = var_dir / "cache" / "compiled" / "cpp"
    root.mkdir(parents=True, exist_ok=True)
    for directory in (root.parent.parent, root.parent, root):
        os.chmod(directory, 0o755)
    day_ago = time.time() - 86400
    for index in range(count):
        key = hashlib.sha256(f"history {index} {tag}".encode()).hexdigest()
        program = root / key
        program.mkdir()
        with open(program / "main", "wb") as binary:
            binary.truncate(HISTORY_ENTRY_BYTES)  # sparse: the size counts, not the blocks
        marker = program / ".complete"
        marker.touch()
        used = day_ago - index
        os.utime(marker, (used, used))
        os.chmod(program, 0o755)


def start_scalebox(name: str, var_dir: Path) -> Target:
    port = free_port()
    env = scalebox_env(var_dir)
    if gunicorn_available():
        env["SCALEBOX_WEB_BIND"] = f"127.0.0.1:{port}"
        env["SCALEBOX_WEB_WORKERS"] = str(WEB_WORKERS)
        env["SCALEBOX_WEB_THREADS"] = str(WEB_THREADS)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "scalebox_site/gunicorn_conf.py"),
        ]
        note = f"gunicorn, {WEB_WORKERS} workers x {WEB_THREADS} threads"
    else:
        argv = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        note = "Django's development server"
    log = var_dir / "server.log"
    process = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    target = Target(name, f"http://127.0.0.1:{port}", process, log, note)
    wait_up(target)
    return target


def start_sandboxfusion(directory: Path, log: Path) -> Target:
    python = directory / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} is missing: see this script's docstring for the set-up")
    port = free_port()
    env = {
        **os.environ,
        "SANDBOX_CONFIG": "local",
        "SHLVL": "1",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [
            str(python),
            "-m",
            "uvicorn",
            "sandbox.server.server:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=directory,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    target = Target(
        "SandboxFusion",
        f"http://127.0.0.1:{port}",
        process,
        log,
        "uvicorn, one process, SANDBOX_CONFIG=local (isolation none)",
    )
    wait_up(target)
    return target


# -- measuring --------------------------------------------------------------------------


@dataclass
class Measurement:
    target: str
    workload: str
    round: int
    requests: int
    answered: int
    seconds: float
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cpu_s: float | None = None

    @property
    def rps(self) -> float:
        return self.answered / self.seconds if self.seconds > 0 else 0.0


def send(
    target: Target,
    workload: str,
    programs: Programs,
    *,
    total: int,
    concurrency: int,
    round_no: int,
    run_timeout: float,
) -> Measurement:
    result = Measurement(target.name, workload, round_no, total, 0, 0.0)
    lock = threading.Lock()
    left = [total]

    def worker() -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client:
            while True:
                with lock:
                    if left[0] == 0:
                        return
                    left[0] -= 1
                language, code, expected = programs.make(workload)
                body = {
                    "code": code,
                    "language": language,
                    "stdin": "",
                    "compile_timeout": 10,
                    "run_timeout": run_timeout,
                }
                started = time.perf_counter()
                try:
                    response = client.post(f"{target.url}/run_code", json=body)
                except httpx.HTTPError as exc:
                    with lock:
                        result.errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                elapsed = time.perf_counter() - started
                error = check(response, expected)
                with lock:
                    result.latencies_s.append(elapsed)
                    if error:
                        result.errors.append(error)
                    else:
                        result.answered += 1

    meter = CpuMeter({"server": {target.pid}}) if target.pid else None
    if meter:
        meter.start()
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    if meter:
        result.cpu_s = meter.stop()["server"]
    return result


def check(response: httpx.Response, expected: str) -> str:
    """Why an answer is wrong, or '' when it is right."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    try:
        payload = response.json()
    except ValueError:
        return f"not JSON: {response.text[:200]}"
    stdout = (payload.get("run_result") or {}).get("stdout")
    if payload.get("status") != "Success" or stdout != expected:
        return f"{payload.get('status')}: stdout {stdout!r}, {str(payload)[:300]}"
    return ""


def settle(target: Target, limit_s: float = 120.0) -> float:
    """Wait until the server's processes use under 5% of a CPU over half a second;
    returns the seconds waited."""
    if target.pid is None:
        return 0.0
    started = time.monotonic()
    while time.monotonic() - started < limit_s:
        meter = CpuMeter({"server": {target.pid}})
        meter.start()
        time.sleep(0.5)
        if meter.stop()["server"] < 0.025:
            break
    return time.monotonic() - started


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def history_name(count: int) -> str:
    return f"ScaleBox after {count:,} programs"


# -- the run ----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    tag = secrets.token_hex(4)
    programs = Programs(tag)
    workdir = Path(tempfile.mkdtemp(prefix="scalebox-distinct-"))
    os.chmod(workdir, 0o755)
    targets: list[Target] = []
    measurements: list[Measurement] = []
    setup: dict[str, float] = {}
    load_before = os.getloadavg()
    try:
        started = time.monotonic()
        database = prepare_var_dir(workdir / "scalebox", None)
        setup["migrate_s"] = time.monotonic() - started
        targets.append(start_scalebox("ScaleBox", workdir / "scalebox"))
        if args.history:
            started = time.monotonic()
            prepare_var_dir(workdir / "history", database)
            populate_history(workdir / "history", args.history, tag)
            setup["history_fill_s"] = time.monotonic() - started
            targets.append(start_scalebox(history_name(args.history), workdir / "history"))
        if args.sandboxfusion_dir:
            targets.append(start_sandboxfusion(args.sandboxfusion_dir, workdir / "sf.log"))
        elif args.sandboxfusion_url:
            targets.append(
                Target("SandboxFusion", args.sandboxfusion_url.rstrip("/"), note="given by URL")
            )
            wait_up(targets[-1])
        for target in targets:
            for workload in WORKLOADS:
                warm = send(
                    target,
                    workload,
                    programs,
                    total=2 * args.concurrency,
                    concurrency=args.concurrency,
                    round_no=-1,
                    run_timeout=5,
                )
                for error in warm.errors[:3]:
                    print(f"warm-up, {target.name}, {workload}: {error}", file=sys.stderr)
            setup[f"settle_{target.name}_s"] = settle(target)
            print(f"{target.name} warmed up", file=sys.stderr)
        for round_no in range(args.rounds):
            for workload in WORKLOADS:
                shift = round_no % len(targets)
                for target in targets[shift:] + targets[:shift]:
                    # A stream of requests, as RL training sends, not its first ones after
                    # a pause (ScaleBox closes interpreters idle for 20 s; this benchmark
                    # switches between languages for longer than that).
                    send(
                        target,
                        workload,
                        programs,
                        total=args.concurrency,
                        concurrency=args.concurrency,
                        round_no=-1,
                        run_timeout=args.run_timeout,
                    )
                    settle(target, limit_s=20)
                    m = send(
                        target,
                        workload,
                        programs,
                        total=args.requests,
                        concurrency=args.concurrency,
                        round_no=round_no,
                        run_timeout=args.run_timeout,
                    )
                    measurements.append(m)
                    cpu = f"{m.cpu_s / args.requests * 1e3:.1f}" if m.cpu_s is not None else "-"
                    print(
                        f"round {round_no + 1} {target.name:>34} {workload:<16} "
                        f"{m.rps:7.1f}/s p50 {pct(m.latencies_s, 0.5) * 1e3:7.1f} ms "
                        f"cpu {cpu} ms/req errors {len(m.errors)}",
                        file=sys.stderr,
                    )
    finally:
        for target in targets:
            stop(target)
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return summarise(
        args,
        targets,
        measurements,
        setup=setup,
        load_before=load_before,
        load_after=os.getloadavg(),
        tag=tag,
    )


def summarise(
    args: argparse.Namespace,
    targets: list[Target],
    measurements: list[Measurement],
    *,
    setup: dict[str, float],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
    tag: str,
) -> dict[str, Any]:
    cells: dict[str, dict[str, Any]] = {}
    for target in targets:
        for workload in WORKLOADS:
            ms = [m for m in measurements if m.target == target.name and m.workload == workload]
            latencies = [x for m in ms for x in m.latencies_s]
            cpu = [m.cpu_s for m in ms if m.cpu_s is not None]
            requests = sum(m.requests for m in ms)
            cells[f"{target.name} | {workload}"] = {
                "target": target.name,
                "workload": workload,
                "rps_by_round": [m.rps for m in ms],
                "rps_median": statistics.median([m.rps for m in ms]) if ms else float("nan"),
                "p50_ms": pct(latencies, 0.5) * 1e3,
                "p99_ms": pct(latencies, 0.99) * 1e3,
                "requests": requests,
                "errors": sum(len(m.errors) for m in ms),
                "error_samples": [e for m in ms for e in m.errors][:5],
                "cpu_ms_per_request": (sum(cpu) / requests * 1e3 if cpu and requests else None),
            }

    def by_round(target: str, workload: str) -> list[float]:
        return [
            m.rps
            for m in sorted(measurements, key=lambda m: m.round)
            if m.target == target and m.workload == workload
        ]

    def ratios(a: list[float], b: list[float]) -> list[float]:
        return [round(x / y, 3) if y else float("nan") for x, y in zip(a, b, strict=True)]

    ratio_rows: list[dict[str, Any]] = []
    names = [t.name for t in targets]
    peer = "SandboxFusion" if "SandboxFusion" in names else None
    for workload in WORKLOADS:
        for name in names:
            if peer and name != peer:
                ratio_rows.append(
                    {
                        "what": f"{name} ÷ SandboxFusion",
                        "workload": workload,
                        "by_round": ratios(by_round(name, workload), by_round(peer, workload)),
                    }
                )
    for name in names:
        for language in ("python", "cpp"):
            ratio_rows.append(
                {
                    "what": f"{name}: distinct ÷ repeated",
                    "workload": language,
                    "by_round": ratios(
                        by_round(name, f"{language} distinct"),
                        by_round(name, f"{language} repeated"),
                    ),
                }
            )
    if args.history:
        history = names[1]
        for workload in WORKLOADS:
            ratio_rows.append(
                {
                    "what": f"{history} ÷ ScaleBox fresh",
                    "workload": workload,
                    "by_round": ratios(by_round(history, workload), by_round("ScaleBox", workload)),
                }
            )
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Linux {platform.release()}",
        "python": platform.python_version(),
        "run_tag": tag,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "concurrency": args.concurrency,
        "requests_per_workload_per_round": args.requests,
        "rounds": args.rounds,
        "run_timeout_s": args.run_timeout,
        "history": args.history,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "setup_s": {k: round(v, 2) for k, v in setup.items()},
        "servers": {t.name: t.note for t in targets},
        "sandboxfusion": peer is not None,
        "cells": cells,
        "ratios": ratio_rows,
        "measurements": [
            {
                "target": m.target,
                "workload": m.workload,
                "round": m.round + 1,
                "rps": round(m.rps, 2),
                "seconds": round(m.seconds, 3),
                "answered": m.answered,
                "errors": len(m.errors),
                "p50_ms": round(pct(m.latencies_s, 0.5) * 1e3, 2),
                "p99_ms": round(pct(m.latencies_s, 0.99) * 1e3, 2),
                "cpu_ms_per_request": (
                    round(m.cpu_s / m.requests * 1e3, 2) if m.cpu_s is not None else None
                ),
            }
            for m in measurements
        ],
    }


# -- the report -------------------------------------------------------------------------


def span(values: list[float], digits: int = 2) -> str:
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return "-"
    low, high = min(finite), max(finite)
    if len(finite) == 1 or round(low, digits) == round(high, digits):
        return f"{low:.{digits}f}"
    return f"{low:.{digits}f} to {high:.{digits}f}"


def render(result: dict[str, Any]) -> str:
    servers = "; ".join(f"{name}: {note}" for name, note in result["servers"].items())
    alone = (
        ""
        if result["sandboxfusion"]
        else " SandboxFusion was not measured in this run (no --sandboxfusion-dir or "
        "--sandboxfusion-url): ScaleBox alone."
    )
    history = (
        f" With `--history {result['history']}`, a second ScaleBox server started with "
        f"{result['history']:,} programs already in its compile cache (fake C++ entries)."
        if result["history"]
        else ""
    )
    lines = [
        SECTION,
        "",
        "`benchmarks/distinct.py`: POST /run_code at concurrency "
        f"{result['concurrency']}, {result['requests_per_workload_per_round']} requests per "
        f"workload and server in each of {result['rounds']} rounds (servers in rotating "
        "order within each workload); distinct programs are each made unique by a comment "
        "and by a constant that changes their output, a repeated program is one text sent "
        f"again and again; every answer checked. {result['machine']}. Servers: {servers}. "
        f"ScaleBox with full isolation, SandboxFusion with none.{history}{alone}",
        "",
        "| server | workload | requests/s (median; rounds) | p50 ms | p99 ms "
        "| CPU ms/request (server tree) | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for cell in result["cells"].values():
        cpu = cell["cpu_ms_per_request"]
        lines.append(
            f"| {cell['target']} | {cell['workload']} | {cell['rps_median']:.1f} "
            f"({span(cell['rps_by_round'], 1)}) | {cell['p50_ms']:.1f} | {cell['p99_ms']:.1f} "
            f"| {'-' if cpu is None else f'{cpu:.1f}'} | {cell['errors']} of "
            f"{cell['requests']} |"
        )
    lines += [
        "",
        "Ratios of requests/s, measured in the same round (one figure a round):",
        "",
        "| ratio | workload | by round |",
        "|---|---|---|",
    ]
    for row in result["ratios"]:
        values = ", ".join(f"{v:.2f}" for v in row["by_round"])
        lines.append(f"| {row['what']} | {row['workload']} | {values} |")
    before = ", ".join(f"{x:.1f}" for x in result["load_average_before"])
    after = ", ".join(f"{x:.1f}" for x in result["load_average_after"])
    lines += [
        "",
        f"The machine has {os.cpu_count()} cores and may be shared (load average {before} "
        f"before the run, {after} after, the run's own load included), so rates, and "
        "the ratios too, move from round to round; each ratio compares measurements of the "
        "same round. ScaleBox's sandbox slots are shared by every ScaleBox process on the "
        "host (SCALEBOX_SLOT_LOCK_DIR), those tests' included. CPU per request counts each "
        "server's whole process tree (web processes, sandboxes, compilers, programs), not "
        "the client.",
    ]
    settled = result["setup_s"].get(f"settle_{history_name(result['history'])}_s")
    if settled is not None:
        lines.append(
            f"After its warm-up the server with {result['history']:,} programs in its cache "
            f"took {settled:.0f} s to fall idle (its first sweep of the cache, once per web "
            f"process, in the background; filling the cache took "
            f"{result['setup_s'].get('history_fill_s', 0):.0f} s); the fresh one "
            f"{result['setup_s'].get('settle_ScaleBox_s', 0):.0f} s."
        )
    lines += ["Figures: `benchmarks/distinct_results.json`.", ""]
    return "\n".join(lines)


def write_section(section: str, heading: str = SECTION) -> None:
    """Put ``section`` in benchmarks/RESULTS.md in place of the one under ``heading``."""
    path = ROOT / "benchmarks" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    start = text.find(heading + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        rest = text[end + 1 :] if end != -1 else ""
        text = text[:start] + section.rstrip("\n") + ("\n\n" + rest if rest else "\n")
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    peer = parser.add_mutually_exclusive_group()
    peer.add_argument("--sandboxfusion-dir", type=Path, help="a SandboxFusion checkout to start")
    peer.add_argument("--sandboxfusion-url", help="a SandboxFusion server already running")
    parser.add_argument("--requests", type=int, default=150, help="per workload and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--run-timeout", type=float, default=5.0)
    parser.add_argument(
        "--history",
        type=int,
        default=0,
        help="also measure a ScaleBox server whose compile cache holds this many programs",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if min(args.requests, args.rounds, args.concurrency) < 1 or args.history < 0:
        parser.error("--requests, --rounds and --concurrency must be positive")
    result = run(args)
    report = render(result)
    print(report)
    if args.write:
        write_section(report)
        path = ROOT / "benchmarks" / "distinct_results.json"
        path.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
