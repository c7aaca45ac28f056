"""Resuming an interrupted run: no sample judged twice, none lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eval_suites import judging as judging_module
from eval_suites.models import EvalSample, RunStatus, SampleStatus
from eval_suites.services import run_create, run_execute, run_prepare, run_resume_prepare
from tests.eval_suites.conftest import FIXTURES, suite, write_samples
from verification.models import Judging, JudgingStatus, Submission

ROOT = Path(__file__).resolve().parents[2]
MakeSamples = Callable[[list[dict[str, Any]]], Path]


def square_samples(count: int, *, sleep_s: float = 0.0) -> list[dict[str, Any]]:
    pause = f"import time\ntime.sleep({sleep_s})\n" if sleep_s else ""
    right = pause + "n = int(input())\nprint(n * n)\n"
    wrong = pause + "n = int(input())\nprint(n + n)\n"
    return [{"task_id": "square", "completion": right if i % 3 else wrong} for i in range(count)]


@pytest.mark.django_db(transaction=True)
def test_resume_after_an_interrupted_run(
    monkeypatch: pytest.MonkeyPatch, samples_file: MakeSamples
) -> None:
    config = suite(
        "jsonl",
        FIXTURES / "generic_mini.jsonl",
        filters={"task_ids": ["square"]},
        judging={"concurrency": 1},
        metrics={"pass_at_k": [1, 5], "by_difficulty": False},
    )
    run = run_create(
        prepared=run_prepare(config=config, samples_path=samples_file(square_samples(9)))
    )
    # Interrupted when the fifth sample's judging has run but is not yet recorded; the
    # samples after it were submitted with it (one block) but never started.
    real = judging_module._settle
    calls = [0]

    def interrupted(*args: Any) -> str:
        calls[0] += 1
        if calls[0] > 4:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(judging_module, "_settle", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_execute(run=run)
    done_before = dict(
        EvalSample.objects.filter(run=run, status=SampleStatus.DONE).values_list("id", "judging_id")
    )
    assert len(done_before) == 4
    assert EvalSample.objects.filter(run=run, status=SampleStatus.SUBMITTED).count() == 5
    assert Judging.objects.filter(status=JudgingStatus.QUEUED).count() == 4
    monkeypatch.setattr(judging_module, "_settle", real)

    run = run_execute(run=run_resume_prepare(run_id=run.id))
    assert run.status == RunStatus.COMPLETE
    samples = EvalSample.objects.filter(run=run)
    assert samples.count() == 9 and not samples.exclude(status=SampleStatus.DONE).exists()
    for sample_id, judging_id in done_before.items():
        assert samples.get(id=sample_id).judging_id == judging_id, "a finished sample was rejudged"
    assert Submission.objects.count() == 9
    assert Judging.objects.count() == 9
    # 6 of 9 right: pass@1 = 2/3; pass@5 = 1 - C(3,5)/C(9,5) = 1.
    assert run.metrics == {"pass@1": 66.666667, "pass@5": 100.0}


def _env(var_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    env["SCALEBOX_VAR_DIR"] = str(var_dir)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.slow
def test_resume_after_the_process_is_killed(tmp_path: Path) -> None:
    """SIGKILL mid-run, then --resume: every sample judged exactly once to the end."""
    env = _env(tmp_path / "var")
    assert _manage(env, "migrate", "--noinput").returncode == 0
    samples = write_samples(tmp_path / "samples.jsonl", square_samples(12, sleep_s=0.3))
    suite_file = tmp_path / "suite.yaml"
    suite_file.write_text(
        "name: killed\ndataset:\n  loader: jsonl\n  source:\n"
        f"    path: {FIXTURES / 'generic_mini.jsonl'}\n"
        "  filters:\n    task_ids: [square]\n"
        f"samples:\n  source: file\n  path: {samples}\n"
        "judging:\n  concurrency: 1\nmetrics:\n  by_difficulty: false\n"
    )
    db = tmp_path / "var" / "scalebox.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "evaluate", str(suite_file), "--no-progress"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            done = _rows(db, "select count(*) from eval_suites_evalsample where status='DONE'")[0][
                0
            ]
        except sqlite3.OperationalError:
            done = 0
        if done >= 3:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished = dict(
        _rows(db, "select id, judging_id from eval_suites_evalsample where status='DONE'")
    )
    assert 3 <= len(finished) < 12, "the run should have been killed part-way"

    resumed = _manage(
        env, "evaluate", "--resume", "1", "--no-progress", "--output", str(tmp_path / "out")
    )
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads((tmp_path / "out" / "metrics.json").read_text()) == {"pass@1": 66.666667}
    after = dict(_rows(db, "select id, judging_id from eval_suites_evalsample where status='DONE'"))
    assert len(after) == 12, "a sample was lost"
    for sample_id, judging_id in finished.items():
        assert after[sample_id] == judging_id, "a finished sample was judged again"
    per_sample = _rows(
        db,
        "select s.id, count(j.id) from eval_suites_evalsample s "
        "join verification_judging j on j.submission_id = s.submission_id "
        f"where j.status = '{JudgingStatus.DONE}' group by s.id",
    )
    assert len(per_sample) == 12
    assert all(count == 1 for _, count in per_sample), per_sample
    submissions = _rows(db, "select count(*) from verification_submission")[0][0]
    assert submissions == 12
