"""The judging pipeline on real PostgreSQL, RabbitMQ, Redis and celery worker processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import make_problem
from tests.integration.conftest import worker_env
from verification.errors import LanguageUnavailable
from verification.models import CaseResult, Judging, JudgingStatus, WorkerHost
from verification.selectors import judging_wait
from verification.services import submission_create

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]

# Reads n, sleeps a little so that cases overlap across workers, prints 2n.
DOUBLE = "import time\nn = int(input())\ntime.sleep({delay})\nprint(2 * n)\n"


def _double_problem(slug: str, n: int):
    return make_problem(slug, [(f"{i}\n", f"{2 * i}\n") for i in range(n)])


def _judge(
    problem, source: str, *, stop: bool = False, timeout: float = 240, language: str = "python"
) -> Judging:
    submission = submission_create(
        problem=problem, language=language, source=source, stop_on_first_failure=stop
    )
    judging = submission.judgings.get()
    return judging_wait(judging_id=judging.id, timeout_s=timeout)


def _assert_one_result_per_case(judging: Judging) -> None:
    rows = list(CaseResult.objects.filter(judging=judging).values_list("test_case_id", flat=True))
    assert sorted(rows) == sorted(judging.case_ids)
    assert len(rows) == len(set(rows)) == len(judging.case_ids)


@override_settings(SCALEBOX_BATCH_SIZE=5)
def test_forty_cases_spread_over_two_workers(start_worker) -> None:
    w1 = start_worker("w1@itest")
    w2 = start_worker("w2@itest")
    problem = _double_problem("forty", 40)
    judging = _judge(problem, DOUBLE.format(delay=0.05))
    assert judging.status == JudgingStatus.DONE
    assert judging.verdict == "AC"
    _assert_one_result_per_case(judging)
    workers = set(CaseResult.objects.filter(judging=judging).values_list("worker", flat=True))
    assert workers == {w1.name, w2.name}


@override_settings(SCALEBOX_BATCH_SIZE=4)
def test_wrong_answer_is_found_by_the_pipeline(start_worker) -> None:
    start_worker("w1@itest")
    problem = _double_problem("wrong", 12)
    # Case 7 (input 7) gets a wrong answer; everything before it is right.
    source = "n = int(input())\nprint(2 * n + (n == 7))\n"
    judging = _judge(problem, source)
    verdicts = list(judging.case_results.order_by("order").values_list("verdict", flat=True))
    assert verdicts == ["AC"] * 7 + ["WA"] + ["AC"] * 4
    assert judging.verdict == "WA"


@override_settings(SCALEBOX_BATCH_SIZE=5)
def test_pool_child_killed_mid_batch_is_redelivered(start_worker) -> None:
    w1 = start_worker("w1@itest")
    problem = _double_problem("childkill", 20)
    submission = submission_create(
        problem=problem, language="python", source=DOUBLE.format(delay=0.3)
    )
    judging = submission.judgings.get()
    _wait_until_running(judging.id)
    time.sleep(0.5)  # inside the first batch's cases
    children = w1.pool_children()
    assert children, "the worker has no pool child to kill"
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    judging = judging_wait(judging_id=judging.id, timeout_s=240)
    assert judging.status == JudgingStatus.DONE
    assert judging.verdict == "AC"
    _assert_one_result_per_case(judging)
    log = w1.log.read_text(errors="replace")
    assert "WorkerLostError" in log, "the kill did not hit a running task"


@override_settings(SCALEBOX_BATCH_SIZE=5)
def test_worker_main_process_lost_under_rabbitmq(start_worker) -> None:
    assert settings.CELERY_BROKER_URL.startswith("amqp")
    w1 = start_worker("w1@itest", concurrency=2)
    problem = _double_problem("hostloss", 20)
    submission = submission_create(
        problem=problem, language="python", source=DOUBLE.format(delay=0.3)
    )
    judging = submission.judgings.get()
    _wait_until_running(judging.id)
    time.sleep(0.5)
    w1.kill_all()  # the whole host is gone: its broker connection drops
    assert Judging.objects.get(id=judging.id).status != JudgingStatus.DONE
    w2 = start_worker("w2@itest")
    judging = judging_wait(judging_id=judging.id, timeout_s=240)
    assert judging.status == JudgingStatus.DONE
    assert judging.verdict == "AC"
    _assert_one_result_per_case(judging)
    assert w2.name in set(judging.case_results.values_list("worker", flat=True))


@override_settings(SCALEBOX_BATCH_SIZE=25)
def test_stop_on_first_failure_skips_the_rest(start_worker) -> None:
    start_worker("w1@itest")
    start_worker("w2@itest")
    problem = _double_problem("earlystop", 50)
    # Every case takes 0.4 s; the second case (input 1) is wrong.
    source = "import time\nn = int(input())\ntime.sleep(0.4)\nprint(2 * n + (n == 1))\n"
    judging = _judge(problem, source, stop=True)
    assert judging.verdict == "WA"
    counts = Counter(judging.case_results.values_list("verdict", flat=True))
    # Batch one stops after its 2nd case; batch two runs at most a couple of cases
    # before it sees the failure. A full run would have 0 skipped.
    assert counts["SKIPPED"] >= 44, counts
    first_failure = judging.case_results.exclude(verdict__in=["AC", "SKIPPED"]).order_by("order")
    first = first_failure.first()
    assert first is not None and first.order == 1
    _assert_one_result_per_case(judging)


PROGRAMS = {
    "ac": "n = int(input())\nprint(2 * n)\n",
    "wa": "n = int(input())\nprint(2 * n + 1)\n",
    "re": "n = int(input())\nraise SystemExit(3)\n",
    "tle": "while True:\n    pass\n",
    "ce": "def broken(:\n",
}


@override_settings(SCALEBOX_BATCH_SIZE=3)
def test_embedded_and_distributed_agree(start_worker) -> None:
    start_worker("w1@itest", concurrency=2)
    problem = make_problem("agree", [(f"{i}\n", f"{2 * i}\n") for i in range(6)], time_limit_s=0.5)
    distributed = {}
    for name, source in PROGRAMS.items():
        judging = _judge(problem, source)
        distributed[name] = [
            judging.verdict,
            *judging.case_results.order_by("order").values_list("verdict", flat=True),
        ]
    embedded = {}
    with override_settings(SCALEBOX_EMBEDDED=True):
        for name, source in PROGRAMS.items():
            judging = _judge(problem, source)
            embedded[name] = [
                judging.verdict,
                *judging.case_results.order_by("order").values_list("verdict", flat=True),
            ]
    assert distributed == embedded
    assert [v[0] for v in distributed.values()] == ["AC", "WA", "RE", "TLE", "CE"]


def test_redis_as_broker_through_the_judge_command(start_worker, tmp_path: Path) -> None:
    redis_broker = settings.CELERY_RESULT_BACKEND.rsplit("/", 1)[0] + "/3"
    worker = start_worker("wr@itest", broker_url=redis_broker)
    problem = _double_problem("viaredis", 6)
    source = tmp_path / "double.py"
    source.write_text(PROGRAMS["ac"])
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "judge",
            "--problem",
            problem.slug,
            "--language",
            "python",
            str(source),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=worker_env(redis_broker),
        capture_output=True,
        check=False,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["verdict"] == "AC"
    assert {c["worker"] for c in out["cases"]} == {worker.name}


def test_language_without_a_worker_is_refused(start_worker) -> None:
    worker = start_worker("w1@itest")
    host = WorkerHost.objects.get(name=worker.name)
    assert set(host.languages) == {"python", "cpp"}
    assert host.isolation == "full"
    assert host.languages["python"].strip()
    problem = _double_problem("nolang", 2)
    with pytest.raises(LanguageUnavailable, match="no online worker offers language 'c'"):
        submission_create(problem=problem, language="c", source="int main(){return 0;}\n")
    judging = _judge(
        problem,
        '#include <cstdio>\nint main(){int n;scanf("%d",&n);printf("%d\\n",2*n);}\n',
        language="cpp",
    )
    assert judging.verdict == "AC"


def _wait_until_running(judging_id: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Judging.objects.get(id=judging_id).status == JudgingStatus.RUNNING:
            return
        time.sleep(0.05)
    raise AssertionError("the judging never started running")
