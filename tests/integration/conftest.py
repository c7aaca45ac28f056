"""Real services for integration tests: PostgreSQL, a broker, Redis, celery workers.

These tests run with DATABASE_URL, CELERY_BROKER_URL and CELERY_RESULT_BACKEND set
(``make integration`` sets them). Worker processes are real ``celery worker``
processes started here, pointed at pytest-django's test database.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from kombu import Connection, Queue

from verification.executors import known_languages
from verification.workers import language_queue

ROOT = Path(__file__).resolve().parents[2]


def _require_distributed() -> None:
    engine = str(settings.DATABASES["default"]["ENGINE"])
    if settings.SCALEBOX_EMBEDDED or engine.endswith("sqlite3"):
        pytest.fail(
            "integration tests need PostgreSQL and a broker: run them with `make integration` "
            "(DATABASE_URL, CELERY_BROKER_URL and CELERY_RESULT_BACKEND set)"
        )


def worker_env(broker_url: str | None = None) -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["CELERY_BROKER_URL"] = broker_url or settings.CELERY_BROKER_URL
    env["CELERY_RESULT_BACKEND"] = settings.CELERY_RESULT_BACKEND
    env["SCALEBOX_LOG_LEVEL"] = "INFO"
    env.setdefault("SCALEBOX_WORKER_LANGUAGES", "python,cpp")
    return env


class Worker:
    def __init__(self, name: str, log: Path, env: dict[str, str], concurrency: int = 1) -> None:
        self.name = name
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "scalebox_site",
                "worker",
                "-n",
                name,
                "-c",
                str(concurrency),
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
                "-Q",
                settings.CELERY_TASK_DEFAULT_QUEUE,
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited: {self.log.read_text()[-2000:]}")
            if "ready." in self.log.read_text(errors="replace"):
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker {self.name} not ready: {self.log.read_text()[-2000:]}")

    def pool_children(self) -> list[int]:
        return children_of(self.process.pid)

    def kill_all(self) -> None:
        """SIGKILL the worker's whole process group, as a lost host would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        self.kill_all()


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def _purge_all_queues(broker_url: str) -> None:
    """Drop messages left by earlier runs in every queue ScaleBox uses."""

    names = [settings.CELERY_TASK_DEFAULT_QUEUE, *map(language_queue, known_languages())]
    with Connection(broker_url) as conn:
        for name in names:
            channel = conn.channel()
            try:
                Queue(name, channel=channel).purge()
            except Exception:  # a queue that was never declared has nothing to purge
                pass
            finally:
                with contextlib.suppress(Exception):
                    channel.close()


@pytest.fixture
def start_worker(transactional_db: None, tmp_path: Path) -> Iterator[object]:
    _require_distributed()
    # Queues an earlier version declared without x-max-priority would stop the workers:
    # they are this suite's own, declared again as priority queues.
    call_command("priority_queues", "--migrate", stdout=io.StringIO())
    _purge_all_queues(settings.CELERY_BROKER_URL)
    started: list[Worker] = []

    def start(name: str, *, broker_url: str | None = None, concurrency: int = 1) -> Worker:
        if broker_url:
            _purge_all_queues(broker_url)
        worker = Worker(name, tmp_path / f"{name}.log", worker_env(broker_url), concurrency)
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()
