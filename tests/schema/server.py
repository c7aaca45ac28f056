"""A real ScaleBox web server for schema tests: its own SQLite, the embedded default (no
broker: submissions are judged in the server's process), one token user and a little
data, on a free port of 127.0.0.1. Stopped by its pid."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
DISTRIBUTED_VARIABLES = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")

# The users the run acts as; the data the schema's examples name is made through the API.
USERS = """
import json
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

user = User.objects.create_user("schemathesis", password=None)
staff = User.objects.create_user("schemathesis-staff", password=None, is_staff=True)
print("@@" + json.dumps({
    "token": Token.objects.create(user=user).key,
    "staff_token": Token.objects.create(user=staff).key,
}))
"""
PROBLEM = {
    "slug": "aplusb",
    "title": "A+B",
    "statement": "Print the sum of two integers.",
    "test_cases": [{"input": "1 2\n", "answer": "3\n"}],
    "time_limit_s": 2,
}
SUBMISSION = {
    "problem": "aplusb",
    "language": "python",
    "source": "print(sum(map(int, input().split())))\n",
}


@dataclass
class Server:
    base_url: str
    token: str
    staff_token: str
    submission_id: int
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DISTRIBUTED_VARIABLES}
    env["SCALEBOX_VAR_DIR"] = str(var_dir)
    env["SCALEBOX_COMPAT_USER_RATE"] = ""
    env["SCALEBOX_MAX_WAIT_S"] = "5"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*MANAGE, *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _wait_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url}:\n{log.read_text()[-3000:]}")


def call(url: str, token: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """GET (or POST ``body``) as the token's user; the JSON answer of a 2xx."""
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return dict(json.loads(response.read()))


@contextlib.contextmanager
def running_server(var_dir: Path) -> Iterator[Server]:
    env = server_env(var_dir)
    _manage(env, "migrate", "--noinput")
    out = _manage(env, "shell", "-c", USERS)
    tokens = json.loads(next(line[2:] for line in out.splitlines() if line.startswith("@@")))
    port = _free_port()
    log = var_dir / "server.log"
    process = subprocess.Popen(
        [*MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_up(f"{base_url}/v1/ping", process, log, timeout_s=60)
        call(f"{base_url}/api/v1/problems/", tokens["token"], PROBLEM)
        submission = call(f"{base_url}/api/v1/submissions/", tokens["token"], SUBMISSION)
        yield Server(
            base_url=base_url,
            token=tokens["token"],
            staff_token=tokens["staff_token"],
            submission_id=submission["id"],
            log=log,
        )
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
