"""The peer's own workload against the peer: distinct completions at /common_evaluate_batch.

    .venv/bin/python benchmarks/peer.py [--peer-dir /tmp/icipscalebox | --peer-url URL]
        [--python 200] [--cpp 40] [--cases 10] [--in-flight 80] [--rounds 2] [--write]

The peer is icip-cas/ScaleBox, a fork of SandboxFusion whose server answers
``POST /common_evaluate_batch``: one completion (a fenced program) and its tests, all
cases of one kind in one dict of lists. This script sends that request, in the peer's
own shape, to this repository's ScaleBox and to the peer, in three workloads:

- ``python function_call``: ``--python`` completions, each defining ``solve(x, y)``,
  tested on ``--cases`` calls (``test_cases`` {type function_call, fn_name, input:
  [[x, y], ...], output: [[value], ...]});
- ``python stdin_stdout``: ``--python`` completions reading two numbers from stdin and
  printing the answer, tested on ``--cases`` stdin/stdout pairs;
- ``cpp stdin_stdout``: ``--cpp`` C++ completions doing the same.

Every completion is one nobody has sent before: a comment naming it (a counter and a
random tag of the run) and a constant that changes its answers. One completion in ten is
wrong on one of its cases (the fourth): it must come back ``accepted: false`` with that
case, and that case only, failed; every other must come back ``accepted: true`` with
every case passed. ``config.extra`` sets ``run_all_cases`` (every case runs, as RL reward
code asks) and a ``total_timeout`` of 300 s; the limits are ``run_timeout`` 10 s and
``compile_timeout`` 60 s, so that a busy machine measures throughput, not timeouts.
``--in-flight`` requests are kept in flight at once.

Servers, each started and stopped by this script with the helpers of
``benchmarks/distinct.py``:

- ScaleBox: embedded mode (SQLite, no broker), gunicorn, full isolation;
- the peer, with its local configuration (``SANDBOX_CONFIG=local``: isolation none; its
  Python completions run by ``exec`` in processes forked from its server, its C++ is
  compiled with g++ once for every case), started as ``uvicorn sandbox.server.server:app``
  with ``SHLVL=1``, from a copy of its public repository in ``--peer-dir``.

The workloads run in rounds; within a round each workload is sent to both servers, in an
order that alternates from round to round. Reported per server and workload: completions
judged per second (correctly answered; median and range over the rounds), p50 and p99
latency of a request, errors (wrong verdicts, HTTP errors), and the server tree's CPU per
completion (``benchmarks/proctree.py``); round by round, the ratio ScaleBox ÷ peer of
completions/s and peer ÷ ScaleBox of CPU per completion. ``--write`` replaces the
"## Peer workload" section of benchmarks/RESULTS.md and writes
benchmarks/peer_results.json.

The peer is not part of this repository and nothing of it goes in here. To run it from a
copy of its public repository (icip-cas/ScaleBox) in /tmp/icipscalebox: a virtual
environment ``/tmp/icipscalebox/.venv`` (``python3.11 -m venv``) with the server's
dependencies at the versions of its poetry.lock, which are SandboxFusion's (see
``benchmarks/distinct.py``), plus aiomysql 0.2.0; an empty ``docs/build``; and the same
conda stand-in as SandboxFusion's, under /tmp/icipscalebox (``condabin``, ``bin/activate``
putting ``runtime-env/bin`` first on PATH, ``runtime-env/bin/python`` a link to
/usr/bin/python3).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.distinct import (  # noqa: E402
    Measurement,
    Target,
    pct,
    prepare_var_dir,
    settle,
    span,
    start_sandboxfusion,
    start_scalebox,
    stop,
    wait_up,
    write_section,
)
from benchmarks.proctree import CpuMeter  # noqa: E402

SECTION = "## Peer workload"
WORKLOADS = ("python function_call", "python stdin_stdout", "cpp stdin_stdout")
PEER = "icip-cas/ScaleBox"
REQUEST_TIMEOUT_S = 600.0
WRONG_EVERY = 10  # one completion in ten is wrong
WRONG_CASE = 3  # on its fourth case
RUN_TIMEOUT_S = 10
COMPILE_TIMEOUT_S = 60
TOTAL_TIMEOUT_S = 300
WORKDIR_PARENT = "/var/tmp"


# -- completions --------------------------------------------------------------------------


@dataclass
class Completion:
    body: dict[str, Any]
    wrong: bool
    cases: int
    # The wrong case's test_info["input"] as the servers echo it (they may report the
    # cases in another order than they were sent).
    bad_input: Any


class Completions:
    """Distinct completions of each workload, with their tests and whether they are
    wrong."""

    def __init__(self, tag: str, cases: int) -> None:
        self.tag = tag
        self.cases = cases
        self._next = 0
        self._lock = threading.Lock()

    def _number(self) -> int:
        with self._lock:
            self._next += 1
            return self._next

    def make(self, workload: str) -> Completion:
        language, kind = workload.split()
        number = self._number()
        constant = 1000 + number
        wrong = number % WRONG_EVERY == 0
        note = f"completion {number} of run {self.tag}"
        # The answer to (x, y) is x * y + constant; a wrong completion is off by one
        # when x is the fourth case's x.
        xs = [3 + 2 * i for i in range(self.cases)]
        ys = [7 + i for i in range(self.cases)]
        answers = [x * y + constant for x, y in zip(xs, ys, strict=True)]
        bad_x, bad_y = xs[WRONG_CASE], ys[WRONG_CASE]
        if kind == "function_call":
            slip = f"    if x == {bad_x}:\n        return x * y + {constant + 1}\n" if wrong else ""
            code = (
                f"# {note}\n"
                f"BASE = {constant}\n\n\n"
                "def solve(x, y):\n"
                f"{slip}"
                "    return x * y + BASE\n"
            )
            test_cases: dict[str, Any] = {
                "type": "function_call",
                "fn_name": "solve",
                "input": [[x, y] for x, y in zip(xs, ys, strict=True)],
                "output": [[a] for a in answers],
            }
        else:
            if language == "python":
                slip = f"if x == {bad_x}:\n    answer += 1\n" if wrong else ""
                code = (
                    f"# {note}\n"
                    f"BASE = {constant}\n"
                    "x, y = map(int, input().split())\n"
                    "answer = x * y + BASE\n"
                    f"{slip}"
                    "print(answer)\n"
                )
            else:
                slip = f"    if (x == {bad_x}) answer += 1;\n" if wrong else ""
                code = (
                    f"// {note}\n"
                    "#include <iostream>\n\n"
                    f"const long BASE = {constant};\n\n"
                    "int main() {\n"
                    "    long x = 0, y = 0;\n"
                    "    std::cin >> x >> y;\n"
                    "    long answer = x * y + BASE;\n"
                    f"{slip}"
                    '    std::cout << answer << "\\n";\n'
                    "    return 0;\n}\n"
                )
            test_cases = {
                "type": "stdin_stdout",
                "fn_name": None,
                "input": [f"{x} {y}\n" for x, y in zip(xs, ys, strict=True)],
                "output": [f"{a}\n" for a in answers],
            }
        body = {
            "completion": f"Here is the program.\n\n```{language}\n{code}```\n",
            "config": {
                "language": language,
                "run_timeout": RUN_TIMEOUT_S,
                "compile_timeout": COMPILE_TIMEOUT_S,
                "provided_data": {"test_cases": test_cases},
                "extra": {"run_all_cases": True, "total_timeout": TOTAL_TIMEOUT_S},
            },
        }
        bad_input: Any = (
            [bad_x, bad_y] if kind == "function_call" else {"stdin": f"{bad_x} {bad_y}\n"}
        )
        return Completion(body, wrong, self.cases, bad_input)


def check(response: httpx.Response, completion: Completion) -> str:
    """Why an answer is wrong, or '' when it is right."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    try:
        payload = response.json()
    except ValueError:
        return f"not JSON: {response.text[:200]}"
    tests = payload.get("tests")
    if not isinstance(tests, list) or len(tests) != completion.cases:
        return f"{len(tests) if isinstance(tests, list) else tests!r} tests: {str(payload)[:300]}"
    failed = [test for test in tests if not test.get("passed")]
    failed_inputs = [(test.get("test_info") or {}).get("input") for test in failed]
    expected_failed = [completion.bad_input] if completion.wrong else []
    accepted = payload.get("accepted")
    if accepted is not (not completion.wrong) or failed_inputs != expected_failed:
        first = failed[0] if failed else tests[0]
        return (
            f"{'wrong' if completion.wrong else 'correct'} completion: accepted {accepted}, "
            f"failed cases {failed_inputs}: {str(first)[:300]}"
        )
    return ""


# -- measuring ----------------------------------------------------------------------------


def send(
    target: Target,
    workload: str,
    completions: Completions,
    *,
    total: int,
    in_flight: int,
    round_no: int,
) -> Measurement:
    """``total`` completions of ``workload``, ``in_flight`` at a time; ``answered``
    counts the completions judged right."""
    result = Measurement(target.name, workload, round_no, total, 0, 0.0)
    lock = threading.Lock()
    bodies = [completions.make(workload) for _ in range(total)]

    def worker() -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client:
            while True:
                with lock:
                    if not bodies:
                        return
                    completion = bodies.pop()
                started = time.perf_counter()
                try:
                    response = client.post(
                        f"{target.url}/common_evaluate_batch", json=completion.body
                    )
                except httpx.HTTPError as exc:
                    with lock:
                        result.errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                elapsed = time.perf_counter() - started
                error = check(response, completion)
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
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(min(in_flight, total))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    if meter:
        result.cpu_s = meter.stop()["server"]
    return result


def start_peer(directory: Path, log: Path) -> Target:
    """The peer, started as SandboxFusion is (same module, SANDBOX_CONFIG=local,
    SHLVL=1)."""
    target = start_sandboxfusion(directory, log)
    target.name = PEER
    target.note = "uvicorn, one process, SANDBOX_CONFIG=local (isolation none)"
    return target


def totals(args: argparse.Namespace) -> dict[str, int]:
    return {w: (args.cpp if w.startswith("cpp") else args.python) for w in args.workloads}


def run(args: argparse.Namespace) -> dict[str, Any]:
    tag = secrets.token_hex(4)
    completions = Completions(tag, args.cases)
    # Not below /tmp: ScaleBox binds its precompiled headers (below SCALEBOX_VAR_DIR) into
    # the compile sandbox at the same path, and a path below /tmp there clashes with the
    # sandbox's own /tmp (bwrap: "Can't make symlink at /tmp: File exists").
    workdir = Path(tempfile.mkdtemp(prefix="scalebox-peer-", dir=WORKDIR_PARENT))
    os.chmod(workdir, 0o755)
    targets: list[Target] = []
    measurements: list[Measurement] = []
    count = totals(args)
    load_before = os.getloadavg()
    try:
        prepare_var_dir(workdir / "scalebox", None)
        targets.append(start_scalebox("ScaleBox", workdir / "scalebox"))
        if args.peer_dir:
            targets.append(start_peer(args.peer_dir, workdir / "peer.log"))
        elif args.peer_url:
            targets.append(Target(PEER, args.peer_url.rstrip("/"), note="given by URL"))
            wait_up(targets[-1])
        for target in targets:
            for workload in args.workloads:
                warm = send(target, workload, completions, total=10, in_flight=10, round_no=-1)
                for error in warm.errors[:3]:
                    print(f"warm-up, {target.name}, {workload}: {error}", file=sys.stderr)
            settle(target)
            print(f"{target.name} warmed up", file=sys.stderr)
        for round_no in range(args.rounds):
            for workload in args.workloads:
                shift = round_no % len(targets)
                for target in targets[shift:] + targets[:shift]:
                    settle(target, limit_s=20)
                    m = send(
                        target,
                        workload,
                        completions,
                        total=count[workload],
                        in_flight=args.in_flight,
                        round_no=round_no,
                    )
                    measurements.append(m)
                    cpu = f"{m.cpu_s / m.requests * 1e3:.1f}" if m.cpu_s is not None else "-"
                    print(
                        f"round {round_no + 1} {target.name:>18} {workload:<21} "
                        f"{m.rps:7.1f}/s p50 {pct(m.latencies_s, 0.5) * 1e3:8.1f} ms "
                        f"cpu {cpu} ms/completion errors {len(m.errors)}",
                        file=sys.stderr,
                    )
                    for error in m.errors[:3]:
                        print(f"    {error}", file=sys.stderr)
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
        load_before=load_before,
        load_after=os.getloadavg(),
        tag=tag,
    )


def summarise(
    args: argparse.Namespace,
    targets: list[Target],
    measurements: list[Measurement],
    *,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
    tag: str,
) -> dict[str, Any]:
    def rounds_of(name: str, workload: str) -> list[Measurement]:
        return sorted(
            (m for m in measurements if m.target == name and m.workload == workload),
            key=lambda m: m.round,
        )

    cells: dict[str, dict[str, Any]] = {}
    for target in targets:
        for workload in args.workloads:
            ms = rounds_of(target.name, workload)
            latencies = [x for m in ms for x in m.latencies_s]
            cpu = [m.cpu_s for m in ms if m.cpu_s is not None]
            sent = sum(m.requests for m in ms)
            cells[f"{target.name} | {workload}"] = {
                "target": target.name,
                "workload": workload,
                "completions_per_s_by_round": [round(m.rps, 2) for m in ms],
                "completions_per_s_median": (
                    statistics.median([m.rps for m in ms]) if ms else float("nan")
                ),
                "p50_ms": pct(latencies, 0.5) * 1e3,
                "p99_ms": pct(latencies, 0.99) * 1e3,
                "completions": sent,
                "errors": sum(len(m.errors) for m in ms),
                "error_samples": [e for m in ms for e in m.errors][:5],
                "cpu_ms_per_completion": (sum(cpu) / sent * 1e3 if cpu and sent else None),
            }
    ratios: list[dict[str, Any]] = []
    names = [t.name for t in targets]
    if PEER in names:
        for workload in args.workloads:
            ours, theirs = rounds_of("ScaleBox", workload), rounds_of(PEER, workload)
            ratios.append(
                {
                    "workload": workload,
                    "throughput_by_round": [
                        round(a.rps / b.rps, 3) if b.rps else float("nan")
                        for a, b in zip(ours, theirs, strict=True)
                    ],
                    "cpu_by_round": [
                        round(b.cpu_s / a.cpu_s, 3) if a.cpu_s and b.cpu_s else float("nan")
                        for a, b in zip(ours, theirs, strict=True)
                    ],
                }
            )
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Linux {platform.release()}",
        "python": platform.python_version(),
        "run_tag": tag,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "in_flight": args.in_flight,
        "completions_per_round": totals(args),
        "cases_per_completion": args.cases,
        "wrong_completions": f"1 in {WRONG_EVERY}",
        "rounds": args.rounds,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "servers": {t.name: t.note for t in targets},
        "peer": PEER in names,
        "cells": cells,
        "ratios": ratios,
        "measurements": [
            {
                "target": m.target,
                "workload": m.workload,
                "round": m.round + 1,
                "completions_per_s": round(m.rps, 2),
                "seconds": round(m.seconds, 3),
                "judged_right": m.answered,
                "errors": len(m.errors),
                "p50_ms": round(pct(m.latencies_s, 0.5) * 1e3, 2),
                "p99_ms": round(pct(m.latencies_s, 0.99) * 1e3, 2),
                "cpu_ms_per_completion": (
                    round(m.cpu_s / m.requests * 1e3, 2) if m.cpu_s is not None else None
                ),
            }
            for m in measurements
        ],
    }


# -- the report -----------------------------------------------------------------------------


def render(result: dict[str, Any]) -> str:
    servers = "; ".join(f"{name}: {note}" for name, note in result["servers"].items())
    per_round = ", ".join(f"{n} {w}" for w, n in result["completions_per_round"].items())
    alone = (
        ""
        if result["peer"]
        else f" {PEER} was not measured in this run (no --peer-dir or --peer-url)."
    )
    lines = [
        SECTION,
        "",
        "`benchmarks/peer.py`: the peer's own workload, POST /common_evaluate_batch in its "
        f"request shape, {result['in_flight']} requests in flight; per server and round "
        f"{per_round} completions, each distinct (a comment naming it and a constant that "
        f"changes its answers), {result['cases_per_completion']} cases each, "
        f"run_all_cases; {result['wrong_completions']} completions wrong on one case. "
        "Every answer checked: a right completion accepted with every case passed, a wrong "
        "one rejected with that case, and that case only, failed; anything else is an "
        f"error. {result['rounds']} rounds, servers in alternating order. "
        f"{result['machine']}. Servers: {servers}. ScaleBox with full isolation, {PEER} "
        f"with none.{alone}",
        "",
        "| server | workload | completions/s (median; rounds) | p50 ms | p99 ms "
        "| CPU ms/completion (server tree) | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for cell in result["cells"].values():
        cpu = cell["cpu_ms_per_completion"]
        lines.append(
            f"| {cell['target']} | {cell['workload']} | "
            f"{cell['completions_per_s_median']:.1f} "
            f"({span(cell['completions_per_s_by_round'], 1)}) | {cell['p50_ms']:.0f} "
            f"| {cell['p99_ms']:.0f} | {'-' if cpu is None else f'{cpu:.1f}'} "
            f"| {cell['errors']} of {cell['completions']} |"
        )
    if result["ratios"]:
        lines += [
            "",
            f"Ratios measured in the same round (one figure a round): ScaleBox ÷ {PEER} "
            f"of completions/s, and {PEER} ÷ ScaleBox of CPU per completion (above 1: "
            "ScaleBox uses less):",
            "",
            "| workload | completions/s, ScaleBox ÷ peer | CPU/completion, peer ÷ ScaleBox |",
            "|---|---|---|",
        ]
        for row in result["ratios"]:
            speed = ", ".join(f"{v:.2f}" for v in row["throughput_by_round"])
            cpu = ", ".join(f"{v:.2f}" for v in row["cpu_by_round"])
            lines.append(f"| {row['workload']} | {speed} | {cpu} |")
    before = ", ".join(f"{x:.1f}" for x in result["load_average_before"])
    after = ", ".join(f"{x:.1f}" for x in result["load_average_after"])
    lines += [
        "",
        f"The machine has {os.cpu_count()} cores and may be shared (load average {before} "
        f"before the run, {after} after, the run's own load included), so rates move "
        "from round to round; each ratio compares measurements of the same round. CPU per "
        "completion counts each server's whole process tree (web processes, sandboxes, "
        "compilers, programs, the peer's forked runners), not the client.",
        "Figures: `benchmarks/peer_results.json`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    peer = parser.add_mutually_exclusive_group()
    peer.add_argument("--peer-dir", type=Path, help="a copy of icip-cas/ScaleBox to start")
    peer.add_argument("--peer-url", help="an icip-cas/ScaleBox server already running")
    parser.add_argument("--python", type=int, default=200, help="Python completions a round")
    parser.add_argument("--cpp", type=int, default=40, help="C++ completions a round")
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--in-flight", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--workloads",
        type=lambda text: [w.strip() for w in text.split(",")],
        default=list(WORKLOADS),
        help=f"comma-separated, of: {', '.join(WORKLOADS)}",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if min(args.python, args.cpp, args.in_flight, args.rounds) < 1 or args.cases <= WRONG_CASE:
        parser.error("counts must be positive and --cases above 3")
    if not args.workloads or set(args.workloads) - set(WORKLOADS):
        parser.error(f"--workloads: choose from {', '.join(WORKLOADS)}")
    result = run(args)
    report = render(result)
    print(report)
    if args.write:
        write_section(report, SECTION)
        path = ROOT / "benchmarks" / "peer_results.json"
        path.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
