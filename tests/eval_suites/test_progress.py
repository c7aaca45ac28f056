"""evaluate's progress: a line at a steady interval where stderr is not a terminal (a log,
nohup), a tqdm bar with the running pass rate where it is."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from eval_suites.progress import RunProgress, Snapshot
from tests.eval_suites.conftest import FIXTURES, write_samples
from tests.eval_suites.test_resume import ROOT, _env, _manage, square_samples

LINE = re.compile(
    r"^(generating|judging): \d+/\d+ samples( \(\d+\.\d%\))?, \d+\.\d samples/s, "
    r"pass rate (\d+\.\d%|—) of \d+ judged, "
    r"(ETA (\d+ s|\d+ min \d\d s|\d+ h \d\d min|unknown)|done)$"
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_line_says_done_total_rate_pass_rate_and_eta() -> None:
    snap = Snapshot(
        phase="judging", done=120, total=164, phase_done=100, elapsed_s=25.0, judged=120, passed=105
    )
    # 100 samples in 25 s: 4 a second, 44 left: 11 s.
    assert snap.line() == (
        "judging: 120/164 samples (73.2%), 4.0 samples/s, pass rate 87.5% of 120 judged, ETA 11 s"
    )
    slow = Snapshot("judging", 10, 5000, 10, 100.0, 10, 0)
    # 0.1 a second, 4990 left: 49,900 s.
    assert slow.line().endswith("0.1 samples/s, pass rate 0.0% of 10 judged, ETA 13 h 51 min")
    start = Snapshot("generating", 0, 8, 0, 0.0, 0, 0)
    assert start.line() == (
        "generating: 0/8 samples (0.0%), 0.0 samples/s, pass rate — of 0 judged, ETA unknown"
    )
    assert Snapshot("judging", 8, 8, 8, 4.0, 8, 8).line().endswith("100.0% of 8 judged, done")
    for line in (snap.line(), slow.line(), start.line()):
        assert LINE.match(line), line


def test_each_phase_and_the_end_get_a_line() -> None:
    out = io.StringIO()
    clock = Clock()
    tally = [(0, 0)]
    progress = RunProgress(
        stream=out,
        terminal=False,
        tally=lambda: tally[0],
        every_s=3600,
        phases=("generating", "judging"),
        clock=clock,
    )
    progress.total(4, 0)
    clock.now += 2
    progress(2)
    progress(2)
    progress.total(4, 0)  # the generated samples now get judged
    clock.now += 8
    tally[0] = (4, 3)
    progress(4)
    progress.close()
    assert out.getvalue().splitlines() == [
        "generating: 0/4 samples (0.0%), 0.0 samples/s, pass rate — of 0 judged, ETA unknown",
        "judging: 0/4 samples (0.0%), 0.0 samples/s, pass rate — of 0 judged, ETA unknown",
        "judging: 4/4 samples (100.0%), 0.5 samples/s, pass rate 75.0% of 4 judged, done",
    ]


def test_a_resumed_run_counts_its_rate_from_what_it_judges_now() -> None:
    out = io.StringIO()
    clock = Clock()
    progress = RunProgress(
        stream=out, terminal=False, tally=lambda: (60, 30), every_s=3600, clock=clock
    )
    progress.total(100, 50)  # half judged before the interruption
    clock.now += 10
    progress(10)
    assert progress.snapshot().line() == (
        "judging: 60/100 samples (60.0%), 1.0 samples/s, pass rate 50.0% of 60 judged, ETA 40 s"
    )
    progress.close()


def test_lines_keep_coming_while_nothing_finishes() -> None:
    out = io.StringIO()
    progress = RunProgress(stream=out, terminal=False, tally=lambda: (0, 0), every_s=0.01)
    progress.total(3, 0)
    deadline = time.monotonic() + 60
    while out.getvalue().count("\n") < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    progress.close()
    lines = out.getvalue().splitlines()
    assert len(lines) >= 5  # the first, at least three ticks, the last
    assert all(line.startswith("judging: 0/3 samples") for line in lines)


def test_the_bar_shows_the_running_pass_rate() -> None:
    out = io.StringIO()
    progress = RunProgress(stream=out, terminal=True, tally=lambda: (4, 1), every_s=3600)
    progress.total(4, 0)
    progress(4)
    progress.close()
    text = out.getvalue()
    assert "judging: 100%" in text
    assert "4/4" in text
    assert "pass 25.0% of 4" in text
    assert "samples/s," not in text  # no log lines on a terminal


@pytest.mark.django_db(transaction=True)
def test_bad_intervals_are_refused_and_no_progress_prints_nothing(tmp_path: Path) -> None:
    suite_file = tmp_path / "suite.yaml"
    suite_file.write_text(
        "name: quiet\ndataset:\n  loader: humaneval\n  source:\n"
        f"    path: {FIXTURES / 'humaneval_mini.jsonl.gz'}\n"
    )
    samples = write_samples(
        tmp_path / "s.jsonl", [{"task_id": "Mini/0", "completion": "    return a + b\n"}]
    )
    for bad in ("0", "-1", "nan"):
        with pytest.raises(CommandError, match="--progress-every must be"):
            call_command("evaluate", str(suite_file), "--progress-every", bad)
    err = io.StringIO()
    call_command(
        "evaluate",
        str(suite_file),
        "--samples",
        str(samples),
        "--no-progress",
        "--output",
        str(tmp_path / "out"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert err.getvalue() == ""


@pytest.mark.slow
def test_a_real_run_logs_progress_lines_to_a_file(tmp_path: Path) -> None:
    """manage.py evaluate with its stderr sent to a file, as under nohup."""
    env = _env(tmp_path / "var")
    assert _manage(env, "migrate", "--noinput").returncode == 0
    samples = write_samples(tmp_path / "samples.jsonl", square_samples(6, sleep_s=0.2))
    suite_file = tmp_path / "suite.yaml"
    suite_file.write_text(
        "name: logged\ndataset:\n  loader: jsonl\n  source:\n"
        f"    path: {FIXTURES / 'generic_mini.jsonl'}\n"
        "  filters:\n    task_ids: [square]\n"
        f"samples:\n  source: file\n  path: {samples}\n"
        "judging:\n  concurrency: 1\nmetrics:\n  by_difficulty: false\n"
    )
    log = tmp_path / "evaluate.log"
    with log.open("w") as stderr:
        finished = subprocess.run(
            [sys.executable, "manage.py", "evaluate", str(suite_file), "--progress-every", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            timeout=300,
            check=False,
        )
    assert finished.returncode == 0, log.read_text()
    assert "pass@1 = 66.666667" in finished.stdout
    lines = log.read_text().splitlines()
    assert lines[0] == (
        "judging: 0/6 samples (0.0%), 0.0 samples/s, pass rate — of 0 judged, ETA unknown"
    )
    assert re.fullmatch(
        r"judging: 6/6 samples \(100\.0%\), \d+\.\d samples/s, pass rate 66\.7% of 6 judged, done",
        lines[-1],
    ), lines[-1]
    assert all(LINE.match(line) for line in lines), lines
    # No tqdm bar in a file: no carriage returns.
    assert "\r" not in log.read_text()
