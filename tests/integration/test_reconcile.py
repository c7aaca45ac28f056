"""Stranded judgings end, on real PostgreSQL, RabbitMQ, Redis and celery workers.

The workers here run the reconciliation sweep on their timer with short settings
(``SWEEP_ENV``), so that a lost message or a dead worker is found within seconds:
- a worker SIGKILLed in the middle of a batch: the judging still ends with a verdict;
- an OSError while compiling, or a batch past its hard time limit: SE, the error stored;
- a judging whose message was lost (its queue purged): sent again by a worker's sweep;
- a submit while the broker (or the result backend) is down: 503 JSON with Retry-After,
  nothing kept, from a separate process pointed at a port where nothing listens.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.factories import make_problem, make_user
from tests.integration.conftest import (
    ROOT,
    Worker,
    _purge_all_queues,
    _require_distributed,
    worker_env,
)
from verification.models import (
    BatchClaim,
    CaseResult,
    Judging,
    JudgingStatus,
    Submission,
    WorkerHost,
)
from verification.selectors import judging_wait
from verification.services import SubmissionSpec, submission_create, submissions_create

pytestmark = pytest.mark.integration

SWEEP_ENV = {
    "SCALEBOX_WORKER_HEARTBEAT_S": "1",
    "SCALEBOX_WORKER_STALE_S": "4",
    "SCALEBOX_RECONCILE_INTERVAL_S": "1",
    "SCALEBOX_RECONCILE_DEADLINE_S": "3",
    "SCALEBOX_WORKER_LANGUAGES": "python",
}
DONE_TIMEOUT_S = 180
DOUBLE = "print(2 * int(input()))\n"
SLOW_DOUBLE = "import time\nn = int(input())\ntime.sleep(1)\nprint(2 * n)\n"
SLOW = "import time\nn = int(input())\ntime.sleep(3)\nprint(2 * n)\n"

StartWorker = Callable[..., Worker]


@pytest.fixture
def sweeping_worker(transactional_db: None, tmp_path: Path) -> Iterator[StartWorker]:
    _require_distributed()
    _purge_all_queues(settings.CELERY_BROKER_URL)
    started: list[Worker] = []

    def start(name: str, **extra: str) -> Worker:
        env = worker_env()
        env.update(SWEEP_ENV, **extra)
        worker = Worker(name, tmp_path / f"{name}.log", env)
        started.append(worker)
        worker.wait_ready(timeout=120)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _double(slug: str, n: int):
    return make_problem(slug, [(f"{i}\n", f"{2 * i}\n") for i in range(n)])


def _wait_for(predicate: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _one_result_per_case(judging: Judging) -> list[str]:
    rows = list(CaseResult.objects.filter(judging=judging).order_by("order"))
    counts = Counter(r.test_case_id for r in rows)
    assert sorted(counts) == sorted(judging.case_ids)
    assert set(counts.values()) == {1}
    return [r.verdict for r in rows]


@override_settings(SCALEBOX_BATCH_SIZE=3)
def test_a_worker_killed_mid_batch_still_ends_the_judging(sweeping_worker: StartWorker) -> None:
    doomed = sweeping_worker("doomed@reconcile")
    submission = submission_create(
        problem=_double("killed", 6), language="python", source=SLOW_DOUBLE
    )
    judging = submission.judgings.get()
    _wait_for(
        lambda: BatchClaim.objects.filter(judging=judging, worker=doomed.name).exists(),
        "the doomed worker to hold a batch",
    )
    doomed.kill_all()
    sweeping_worker("rescuer@reconcile")
    done = judging_wait(judging_id=judging.id, timeout_s=DONE_TIMEOUT_S)
    assert done.status == JudgingStatus.DONE
    assert done.verdict == "AC", done.error
    assert _one_result_per_case(done) == ["AC"] * 6
    assert not BatchClaim.objects.filter(judging=judging).exists()


def test_an_oserror_while_compiling_ends_with_se_and_the_error(
    sweeping_worker: StartWorker,
) -> None:
    # A cache the sandbox's uids can reach (tmp_path's parents are private), so that the
    # worker's C++ self-test passes. (A Python program is kept in memory, never compiled
    # to disk: C++ is the language whose compile can meet an OSError here.)
    reachable = Path(tempfile.mkdtemp(prefix="scalebox-oserror-", dir="/var/tmp"))
    try:
        reachable.chmod(0o755)
        cache = reachable / "cache"
        sweeping_worker(
            "broken@reconcile",
            SCALEBOX_WORKER_CACHE_DIR=str(cache),
            SCALEBOX_WORKER_LANGUAGES="python,cpp",
        )
        # Make the cache's C++ directory a file (moving away what the self-test compiled
        # there), so that compiling any new C++ source fails with an OSError.
        compiled = cache / "compiled" / "cpp"
        if compiled.is_dir():
            compiled.rename(compiled.with_name("cpp.moved"))
        compiled.parent.mkdir(parents=True, exist_ok=True)
        compiled.write_text("not a directory")
        source = '#include <cstdio>\nint main(){int n; scanf("%d", &n); printf("%d\\n", 2 * n);}\n'
        submission = submission_create(problem=_double("oserror", 3), language="cpp", source=source)
        done = judging_wait(judging_id=submission.judgings.get().id, timeout_s=DONE_TIMEOUT_S)
        assert done.status == JudgingStatus.DONE
        assert done.verdict == "SE"
        assert "compile:" in done.error and "Error" in done.error, done.error
        assert _one_result_per_case(done) == ["SE"] * 3
    finally:
        shutil.rmtree(reachable, ignore_errors=True)


@override_settings(SCALEBOX_BATCH_SIZE=6)
def test_a_batch_past_its_hard_time_limit_ends_the_judging_with_se(
    sweeping_worker: StartWorker,
) -> None:
    slow = sweeping_worker(
        "slow@reconcile", SCALEBOX_TASK_SOFT_TIME_LIMIT="2", SCALEBOX_TASK_TIME_LIMIT="4"
    )
    # Celery puts the sender's time limits in the message: the worker's sweep sends this
    # judging (never sent from here), so the worker's short limits apply.
    [(_, judging)] = submissions_create(
        specs=[SubmissionSpec(problem=_double("hardlimit", 6), language="python", source=SLOW)],
        enqueue=False,
    )
    _wait_for(
        lambda: BatchClaim.objects.filter(judging=judging, worker=slow.name).exists(),
        "the worker's sweep to send the judging and the worker to start it",
    )
    # A stopped pool process cannot act on its soft limit: only the hard limit ends it.
    for pid in slow.pool_children():
        os.kill(pid, signal.SIGSTOP)
    done = judging_wait(judging_id=judging.id, timeout_s=DONE_TIMEOUT_S)
    assert done.status == JudgingStatus.DONE
    assert done.verdict == "SE"
    assert "TimeLimitExceeded" in done.error, done.error
    assert _one_result_per_case(done) == ["SE"] * 6


def test_a_judging_whose_message_was_lost_is_sent_again_by_the_sweep(
    sweeping_worker: StartWorker,
) -> None:
    # No worker runs yet; a record says one serves python, so the submit is accepted.
    WorkerHost.objects.create(
        name="elsewhere@reconcile",
        hostname="elsewhere",
        isolation="bubblewrap",
        languages={"python": "3"},
        started_at=timezone.now(),
        last_seen=timezone.now(),
    )
    submission = submission_create(problem=_double("lost", 4), language="python", source=DOUBLE)
    judging = submission.judgings.get()
    _purge_all_queues(settings.CELERY_BROKER_URL)  # the broker lost the message
    assert Judging.objects.get(id=judging.id).attempts == 1
    sweeping_worker("sweeper@reconcile")
    done = judging_wait(judging_id=judging.id, timeout_s=DONE_TIMEOUT_S)
    assert done.status == JudgingStatus.DONE
    assert done.verdict == "AC", done.error
    assert done.attempts == 2
    assert _one_result_per_case(done) == ["AC"] * 4


SUBMIT_SCRIPT = r"""
import json, sys, time
import django
django.setup()
from rest_framework.test import APIClient
from verification.models import Judging, Submission
client = APIClient()
client.credentials(HTTP_AUTHORIZATION="Token " + sys.argv[1])
submit = {"problem": "down", "language": "python", "source": "print(2 * int(input()))\n"}
answers = {}
for name, path, body in [
    ("submit", "/api/v1/submissions/", submit),
    ("batch", "/api/v1/submissions/batch/", {"submissions": [submit, submit]}),
    ("run_code", "/run_code", {"code": "print(1)", "language": "python"}),
    ("evaluate", "/common_evaluate_batch", {
        "completion": "```python\nprint(sum(map(int, input().split())))\n```",
        "config": {"language": "python", "provided_data": {"test_cases": {
            "type": "stdin_stdout", "input": ["1 2", "3 4"], "output": ["3", "7"],
            "fn_name": None}}},
    }),
]:
    started = time.monotonic()
    response = client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="retry-me")
    answers[name] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "type": response.get("Content-Type"),
        "body": response.json() if response.get("Content-Type", "").startswith(
            "application/json") else response.content.decode()[:500],
        "seconds": round(time.monotonic() - started, 2),
    }
answers["left"] = [Submission.objects.count(), Judging.objects.count()]
print(json.dumps(answers))
"""


SUBMIT_ONE_SCRIPT = r"""
import json, sys
import django
django.setup()
from rest_framework.test import APIClient
client = APIClient()
client.credentials(HTTP_AUTHORIZATION="Token " + sys.argv[1])
body = {"problem": "alone", "language": "python", "source": "print(2 * int(input()))\n"}
response = client.post("/api/v1/submissions/", body, format="json")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def test_a_single_batch_judging_needs_no_result_backend(sweeping_worker: StartWorker) -> None:
    """A judging of one batch is one task that finishes the judging itself: the result
    backend being out of reach neither refuses it nor keeps it from its verdict."""
    sweeping_worker("serves@reconcile")
    _double("alone", 2)
    token = Token.objects.create(user=make_user("alice")).key
    env = worker_env()
    env["CELERY_RESULT_BACKEND"] = f"redis://127.0.0.1:{_free_port()}/0"
    env.pop("SCALEBOX_RESULT_BACKEND_RETRIES", None)
    answer = _script_answers(SUBMIT_ONE_SCRIPT, token, env)
    assert answer["status"] == 201, answer
    judging = judging_wait(judging_id=answer["body"]["judging"]["id"], timeout_s=120)
    assert (judging.status, judging.verdict) == (JudgingStatus.DONE, "AC")
    assert _one_result_per_case(judging) == ["AC", "AC"]


def _script_answers(script: str, token: str, env: dict[str, str]) -> Any:
    """Run ``script`` (a web side of its own, with ``env``) and read the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-c", script, token],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "scalebox_site.settings"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("down", ["broker", "result_backend"])
def test_submit_while_the_broker_is_down_answers_503_and_keeps_nothing(
    sweeping_worker: StartWorker, down: str
) -> None:
    sweeping_worker("serves@reconcile")  # python is served: the refusal is the broker's
    _double("down", 2)
    token = Token.objects.create(user=make_user("alice")).key
    env = worker_env()
    dead = _free_port()  # nothing listens there
    if down == "broker":
        env["CELERY_BROKER_URL"] = f"amqp://guest:guest@127.0.0.1:{dead}//"
    else:
        env["CELERY_RESULT_BACKEND"] = f"redis://127.0.0.1:{dead}/0"
    env.pop("SCALEBOX_RESULT_BACKEND_RETRIES", None)
    # One case a batch: every judging here is a chord, which needs the result backend
    # (a judging of one batch needs none: test_a_single_batch_judging_needs_no_result_backend).
    env["SCALEBOX_BATCH_SIZE"] = "1"
    answers = _script_answers(SUBMIT_SCRIPT, token, env)
    print(json.dumps(answers, indent=1))
    for name in ("submit", "batch", "run_code", "evaluate"):
        answer = answers[name]
        assert answer["status"] == 503, answer
        assert answer["type"].startswith("application/json"), answer
        assert answer["body"]["error"]["code"] == "unavailable", answer
        assert int(answer["retry_after"]) > 0, answer
    assert answers["left"] == [0, 0]
    assert not Submission.objects.exists()
