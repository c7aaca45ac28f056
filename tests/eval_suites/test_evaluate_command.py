"""manage.py evaluate as a user runs it: outputs, errors, exit status."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from eval_suites.models import EvalRun
from tests.eval_suites.conftest import FIXTURES
from tests.factories import make_user
from verification import services_judging
from verification.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)
MakeSamples = Callable[[list[dict[str, Any]]], Path]


def write_suite(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(body)
    return path


def humaneval_suite(tmp_path: Path, extra: str = "") -> Path:
    return write_suite(
        tmp_path,
        "name: mini\ndataset:\n  loader: humaneval\n  source:\n"
        f"    path: {FIXTURES / 'humaneval_mini.jsonl.gz'}\n" + extra,
    )


def evaluate(*args: str) -> str:
    out = StringIO()
    call_command("evaluate", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_writes_metrics_results_and_summary(tmp_path: Path, samples_file: MakeSamples) -> None:
    samples = samples_file(
        [
            {"task_id": "Mini/0", "completion": "    return a + b\n"},
            {"task_id": "Mini/1", "completion": "    return word\n"},
            {
                "task_id": "Mini/2",
                "completion": "```python\ndef evens(xs):\n"
                "    return [x for x in xs if not x % 2]\n```",
            },
        ]
    )
    out_dir = tmp_path / "out"
    printed = evaluate(
        str(humaneval_suite(tmp_path)), "--samples", str(samples), "--output", str(out_dir)
    )
    assert json.loads((out_dir / "metrics.json").read_text()) == {"pass@1": 66.666667}
    assert {p.name for p in out_dir.iterdir()} == {
        "metrics.json",
        "metrics.csv",
        "results.jsonl",
        "livecodebench.json",
        "manifest.json",
    }
    assert "pass@1 = 66.666667" in printed
    assert "verdicts: AC 2, WA 1; excluded: 0" in printed
    lines = printed.splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("scope"))) + 1]
    assert table.split() == ["all", "3", "3", "66.67"]


@pytest.mark.parametrize(
    ("samples", "message"),
    [
        ('{"task_id": "Mini/0", "completion": "x"}\n{oops\n', ":2: not valid JSON"),
        ('{"task_id": "HumanEval/7", "completion": "x"}\n', "tasks the dataset does not have"),
    ],
)
def test_bad_samples_stop_before_anything_is_judged(
    tmp_path: Path, samples: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(samples)
    with pytest.raises(CommandError, match=message):
        evaluate(str(humaneval_suite(tmp_path)), "--samples", str(path))
    assert Submission.objects.count() == 0


def test_missing_dataset_and_bad_config_are_clear_errors(tmp_path: Path) -> None:
    missing = write_suite(
        tmp_path, "name: x\ndataset:\n  loader: jsonl\n  source:\n    path: nowhere.jsonl\n"
    )
    with pytest.raises(CommandError, match=r"dataset file .*nowhere\.jsonl does not exist"):
        evaluate(str(missing))
    typo = write_suite(tmp_path, "name: x\ndataset:\n  loader: humaneval\njudgeing: {}\n")
    with pytest.raises(CommandError, match="judgeing: unknown key"):
        evaluate(str(typo))
    with pytest.raises(CommandError, match="give a suite config"):
        evaluate()


def test_an_incomplete_run_exits_non_zero_after_writing_its_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("no sandbox")

    monkeypatch.setattr(services_judging, "testdata_read", broken)
    suite_path = humaneval_suite(tmp_path, "judging:\n  sandbox_retries: 0\n")
    with pytest.raises(CommandError) as caught:
        evaluate(str(suite_path), "--output", str(tmp_path / "out"))
    assert caught.value.returncode == 3
    assert "incomplete: 3 sample(s) excluded" in str(caught.value)
    assert "--resume" in str(caught.value)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["status"] == "INCOMPLETE" and len(manifest["excluded"]) == 3
    assert json.loads((tmp_path / "out" / "metrics.json").read_text()) == {}


def test_resume_and_rerun_from_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = services_judging.testdata_read

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("no sandbox")

    monkeypatch.setattr(services_judging, "testdata_read", broken)
    suite_path = humaneval_suite(tmp_path, "judging:\n  sandbox_retries: 0\n")
    with pytest.raises(CommandError):
        evaluate(str(suite_path))
    run = EvalRun.objects.get()
    monkeypatch.setattr(services_judging, "testdata_read", real)
    printed = evaluate("--resume", str(run.id), "--output", str(tmp_path / "resumed"))
    assert "pass@1 = 100.0" in printed
    run.refresh_from_db()
    assert run.status == "COMPLETE" and run.excluded == []
    with pytest.raises(CommandError, match="is complete; use --rerun"):
        evaluate("--resume", str(run.id))
    printed = evaluate("--rerun", str(run.id))
    assert f"rerun of run {run.id}: metrics identical" in printed


def test_owner_and_model_label_the_run(tmp_path: Path, samples_file: MakeSamples) -> None:
    samples = samples_file([{"task_id": "Mini/0", "completion": "    return a + b\n"}])
    suite = humaneval_suite(tmp_path)
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        evaluate(str(suite), "--samples", str(samples), "--owner", "nobody")
    assert not EvalRun.objects.exists()
    alice = make_user("alice")
    evaluate(
        str(suite),
        "--samples",
        str(samples),
        "--owner",
        "alice",
        "--model",
        "m-7b",
        "--output",
        str(tmp_path / "out"),
    )
    run = EvalRun.objects.get()
    assert (run.owner_id, run.model_name) == (alice.id, "m-7b")
