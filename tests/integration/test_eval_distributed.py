"""An evaluation in distributed mode: samples judged by real celery workers."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from eval_suites.models import EvalRun, EvalSample
from tests.eval_suites.conftest import FIXTURES
from verification.models import CaseResult

pytestmark = pytest.mark.integration


def test_evaluate_through_workers_matches_expected_metrics(start_worker, tmp_path: Path) -> None:
    worker = start_worker("weval@itest", concurrency=2)
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        "name: mini-distributed\ndataset:\n  loader: humaneval\n  source:\n"
        f"    path: {FIXTURES / 'humaneval_mini.jsonl.gz'}\n"
        "metrics:\n  pass_at_k: [1, 2]\n"
    )
    rows = [
        {"task_id": "Mini/0", "completion": "    return a + b\n"},
        {"task_id": "Mini/0", "completion": "    return a - b\n"},
        {"task_id": "Mini/1", "completion": '    return word.upper() + "!"\n'},
        {"task_id": "Mini/1", "completion": "    import os\n    os._exit(0)\n"},
    ]
    samples = tmp_path / "samples.jsonl"
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out_dir = tmp_path / "out"
    printed = StringIO()
    call_command(
        "evaluate",
        str(suite),
        "--samples",
        str(samples),
        "--output",
        str(out_dir),
        "--no-progress",
        stdout=printed,
    )
    metrics = json.loads((out_dir / "metrics.json").read_text())
    judged = EvalSample.objects.filter(run=EvalRun.objects.get()).exclude(judging=None)
    workers = set(
        CaseResult.objects.filter(judging__in=judged.values("judging")).values_list(
            "worker", flat=True
        )
    )
    # Mini/2 has no samples here, so only the two tasks with samples count.
    assert metrics["pass@1"] == 50.0
    assert metrics["pass@2"] == 100.0
    assert workers == {worker.name}
    # The program that exits inside its function dies during the call: a run-time error.
    assert [s.verdict for s in judged.order_by("task__order", "index")] == [
        "AC",
        "WA",
        "AC",
        "RE",
    ]
