"""Services a fault test owns: its own Redis, RabbitMQ node or PostgreSQL cluster.

Each instance listens on a free port of its own and lives in its own temporary
directory, so killing it never touches the machine's shared services on their
standard ports. Only processes started here are signalled, always by pid.

Submissions are made by a separate Django process (``python -m tests.integration.faults
submit``) pointed at the same database, broker and result backend as the workers, so
the test process's own settings never decide where a message goes. The state of the
judgings is read with plain SQL, which works on pytest-django's test database and on
a cluster of the test's own alike.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import django
import psycopg2
from kombu import Connection

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SHARED_PORTS = {5432, 5672, 6379, 15672, 25672}

# Reads n, sleeps so that the judging is still running when the fault strikes, prints 2n.
DOUBLE = "import time\nn = int(input())\ntime.sleep({delay})\nprint(2 * n)\n"


def free_port() -> int:
    """A TCP port nothing listens on now (never one of the shared services')."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port not in SHARED_PORTS and port + 20000 < 65536:
            return port


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(predicate: Callable[[], bool], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout:.0f} s")
        time.sleep(0.2)


def kill_pid(pid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


# --- Redis ------------------------------------------------------------------------------


class RedisServer:
    """``redis-server`` on its own port; with ``aof`` its data survives a kill."""

    def __init__(self, workdir: Path, *, aof: bool) -> None:
        self.port = free_port()
        self.dir = workdir / f"redis-{self.port}"
        self.dir.mkdir(parents=True)
        self.aof = aof
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        persistence = ["yes", "--appendfsync", "always"] if self.aof else ["no"]
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                *persistence,
                "--dir",
                str(self.dir),
            ],
            stdout=(self.dir / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: port_open(self.port), f"redis on port {self.port}", 30)

    def kill(self) -> None:
        """SIGKILL: no shutdown save, as a crashed host would leave it."""
        if self.process is not None and self.process.poll() is None:
            kill_pid(self.process.pid)
            self.process.wait(timeout=30)
        wait_for(lambda: not port_open(self.port), f"redis on {self.port} gone", 30)

    def cleanup(self) -> None:
        self.kill()


# --- RabbitMQ ---------------------------------------------------------------------------


class RabbitNode:
    """A RabbitMQ node of its own: own node name, ports, mnesia, logs and cookie."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.node = f"scalebox-fault-{uuid.uuid4().hex[:8]}@localhost"
        self.dir = workdir / f"rabbit-{self.port}"
        self.dir.mkdir(parents=True)
        (self.dir / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n"
        )
        (self.dir / "enabled_plugins").write_text("[].\n")
        self.process: subprocess.Popen[bytes] | None = None
        self.boot_seconds: list[float] = []

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            # The cookie is written under HOME: a private one keeps the shared node's alone.
            HOME=str(self.dir),
            RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(self.port + 20000),
            RABBITMQ_MNESIA_BASE=str(self.dir / "mnesia"),
            RABBITMQ_LOG_BASE=str(self.dir / "log"),
            RABBITMQ_PID_FILE=str(self.dir / "node.pid"),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(self.dir / "enabled_plugins"),
            RABBITMQ_CONFIG_FILE=str(self.dir / "rabbitmq.conf"),
        )
        return env

    def start(self) -> None:
        started = time.monotonic()
        # The packaged /usr/sbin wrapper switches to the rabbitmq user and its home;
        # the script behind it runs the node as this user with the settings above.
        self.process = subprocess.Popen(
            ["/usr/lib/rabbitmq/bin/rabbitmq-server"],
            env=self.env(),
            stdout=(self.dir / "server.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._accepts_amqp, f"rabbitmq node {self.node}", 120)
        self.boot_seconds.append(time.monotonic() - started)

    def _accepts_amqp(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            log = (self.dir / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"rabbitmq node {self.node} exited: {log}")
        if not port_open(self.port):
            return False
        try:
            with Connection(self.url, connect_timeout=2) as conn:
                conn.connect()
                return True
        except Exception:
            return False

    def node_pid(self) -> int | None:
        try:
            return int((self.dir / "node.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def kill(self) -> None:
        """SIGKILL the node's Erlang VM (not a clean stop)."""
        pid = self.node_pid()
        if pid is not None:
            kill_pid(pid)
        if self.process is not None:
            kill_pid(self.process.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        wait_for(lambda: not port_open(self.port), f"rabbitmq on {self.port} gone", 30)

    def cleanup(self) -> None:
        self.kill()
        # The VM's helpers (erl_child_setup, inet_gethost) were started by this node only.
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)


# --- PostgreSQL -------------------------------------------------------------------------


def _as_postgres(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *args],
        check=check,
        capture_output=True,
        text=True,
        timeout=120,
    )


class PostgresCluster:
    """A cluster of its own, owned by the postgres user, in a temporary directory."""

    def __init__(self) -> None:
        self.port = free_port()
        # Not under pytest's tmp_path: its parents are private to root.
        self.dir = Path(tempfile.mkdtemp(prefix=f"scalebox-pg-{self.port}-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        _as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self.started = False

    def url(self, dbname: str = "scalebox_fault") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.started = True

    def create_database(self, name: str = "scalebox_fault") -> None:
        _as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), name)

    def kill(self) -> None:
        """Stop at once, as a crash would: ``pg_ctl stop -m immediate``."""
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            "immediate",
            "-w",
            "stop",
            check=False,
        )
        self.started = False

    def cleanup(self) -> None:
        if self.started or (self.data / "postmaster.pid").exists():
            self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the Django side: submitting, reading states ----------------------------------------


@dataclass(frozen=True)
class Stack:
    """Where a worker, the submitter and the checks find the database and the broker."""

    database_url: str
    broker_url: str
    result_backend: str

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(base if base is not None else os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            CELERY_BROKER_URL=self.broker_url,
            CELERY_RESULT_BACKEND=self.result_backend,
        )
        return env


def manage(stack: Stack, *args: str, extra_env: dict[str, str] | None = None) -> str:
    env = stack.env()
    env.update(extra_env or {})
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed: {done.stderr[-3000:]}")
    return done.stdout


def submit(
    stack: Stack,
    *,
    slug: str,
    cases: int,
    count: int,
    delay: float,
    batch_size: int,
    priority: int = 5,
) -> list[int]:
    """Create the problem if needed and ``count`` submissions of a correct program."""
    env = stack.env()
    env["SCALEBOX_BATCH_SIZE"] = str(batch_size)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.faults",
            "submit",
            "--slug",
            slug,
            "--cases",
            str(cases),
            "--count",
            str(count),
            "--delay",
            str(delay),
            "--priority",
            str(priority),
        ],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"submitting failed: {done.stderr[-3000:]}")
    return [int(x) for x in json.loads(done.stdout.strip().splitlines()[-1])]


@dataclass(frozen=True)
class JudgingState:
    id: int
    status: str
    verdict: str
    error: str
    attempts: int
    case_ids: list[int]
    result_case_ids: list[int]


def judging_states(database_url: str, judging_ids: list[int]) -> list[JudgingState]:
    """The judgings and the test case of every case result they have, read with SQL."""
    with contextlib.closing(psycopg2.connect(database_url, connect_timeout=5)) as conn:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT id, status, verdict, error, attempts, case_ids FROM verification_judging "
                "WHERE id = ANY(%s) ORDER BY id",
                (judging_ids,),
            )
            rows = cur.fetchall()
            cur.execute(
                "SELECT judging_id, test_case_id FROM verification_caseresult "
                "WHERE judging_id = ANY(%s)",
                (judging_ids,),
            )
            results: dict[int, list[int]] = {}
            for judging_id, case_id in cur.fetchall():
                results.setdefault(judging_id, []).append(case_id)
        conn.rollback()
    return [
        JudgingState(
            id=jid,
            status=status,
            verdict=verdict,
            error=error,
            attempts=attempts,
            case_ids=list(case_ids if isinstance(case_ids, list) else json.loads(case_ids)),
            result_case_ids=sorted(results.get(jid, [])),
        )
        for jid, status, verdict, error, attempts, case_ids in rows
    ]


def wait_all_done(database_url: str, judging_ids: list[int], timeout: float) -> list[JudgingState]:
    """Poll until every judging is DONE; on time-out return the states as they are."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            states = judging_states(database_url, judging_ids)
        except psycopg2.OperationalError:
            states = []  # the database is being restarted
        if len(states) == len(judging_ids) and all(s.status == "DONE" for s in states):
            return states
        if time.monotonic() > deadline:
            return states
        time.sleep(1.0)


def wait_some_running(database_url: str, judging_ids: list[int], timeout: float = 60) -> None:
    def some() -> bool:
        return any(s.status == "RUNNING" for s in judging_states(database_url, judging_ids))

    wait_for(some, "a judging RUNNING", timeout)


def assert_nothing_lost(
    states: list[JudgingState], judging_ids: list[int], *, max_attempts: int
) -> dict[str, int]:
    """Every judging DONE with a verdict; exactly one case result per case of each.

    The programs are correct, so each judging is AC, unless the failure made judging it
    impossible: then it is SE with its error stored, and only once it was sent
    ``max_attempts`` times (the bounded retries of the reconciliation sweep) — a
    transient outage is never a reason to give up. Returns the count of each verdict.
    """
    assert [s.id for s in states] == sorted(judging_ids), "judgings missing from the database"
    stuck = [(s.id, s.status) for s in states if s.status != "DONE"]
    assert not stuck, f"judgings that never ended: {stuck}"
    counts: dict[str, int] = {}
    for s in states:
        counts[s.verdict] = counts.get(s.verdict, 0) + 1
        assert s.result_case_ids == sorted(s.case_ids), (
            f"judging {s.id}: case results {s.result_case_ids} for cases {sorted(s.case_ids)}"
        )
    gave_up_early = [
        (s.id, s.verdict, s.attempts, s.error[:300])
        for s in states
        if s.verdict != "AC" and not (s.verdict == "SE" and s.error and s.attempts >= max_attempts)
    ]
    assert not gave_up_early, (
        f"judgings of a correct program that are not AC although the sweep's "
        f"{max_attempts} attempts were not used up: {gave_up_early}"
    )
    return counts


# --- the submitter, run as its own Django process ---------------------------------------


def _submit_main(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
    django.setup()
    # Models can be imported only once Django is set up, which this process does here.
    from tests.factories import make_problem  # noqa: PLC0415
    from verification.models import Problem  # noqa: PLC0415
    from verification.services import SubmissionSpec, submissions_create  # noqa: PLC0415

    problem = Problem.objects.filter(slug=args.slug).first() or make_problem(
        args.slug, [(f"{i}\n", f"{2 * i}\n") for i in range(args.cases)]
    )
    source = DOUBLE.format(delay=args.delay)
    spec = SubmissionSpec(problem=problem, language="python", source=source, priority=args.priority)
    specs = [spec] * args.count
    created = submissions_create(specs=specs)
    print(json.dumps([judging.id for _, judging in created]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.integration.faults")
    sub = parser.add_subparsers(dest="command", required=True)
    submit_cmd = sub.add_parser("submit", help="create a problem and submissions")
    submit_cmd.add_argument("--slug", required=True)
    submit_cmd.add_argument("--cases", type=int, required=True)
    submit_cmd.add_argument("--count", type=int, required=True)
    submit_cmd.add_argument("--delay", type=float, default=0.2)
    submit_cmd.add_argument("--priority", type=int, default=5)
    args = parser.parse_args(argv)
    _submit_main(args)


if __name__ == "__main__":
    main()
