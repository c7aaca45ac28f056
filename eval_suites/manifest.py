"""What a run records to be repeatable: code version, judges, limits, environment."""

from __future__ import annotations

import platform
import subprocess
from functools import lru_cache
from typing import Any

from django.conf import settings

from eval_suites.models import EvalRun, EvalTask
from verification.executors import executor_for
from verification.models import CaseResult, Problem, WorkerHost


@lru_cache(maxsize=1)
def code_version() -> str:
    """The git commit of this checkout (``+dirty`` with local changes), when there is one."""
    base = str(settings.BASE_DIR)
    try:
        rev = subprocess.run(
            ["git", "-C", base, "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if rev.returncode != 0:
            return "unknown (not a git checkout)"
        status = subprocess.run(
            ["git", "-C", base, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown (git not available)"
    return rev.stdout.strip() + ("+dirty" if status.stdout.strip() else "")


def judges_describe(problem_ids: list[int]) -> list[dict[str, Any]]:
    rows = (
        Problem.objects.filter(id__in=problem_ids)
        .values(
            "judge__key",
            "judge__version",
            "judge__kind",
            "judge__builtin_name",
            "judge__args",
        )
        .distinct()
    )
    judges = {
        (r["judge__key"], r["judge__version"]): {
            "key": r["judge__key"],
            "version": r["judge__version"],
            "kind": r["judge__kind"],
            "builtin_name": r["judge__builtin_name"],
            "args": r["judge__args"],
        }
        for r in rows
    }
    return [judges[k] for k in sorted(judges, key=lambda k: (str(k[0]), k[1] or 0))]


def limits_describe(run: EvalRun) -> dict[str, Any]:
    judging = run.config["judging"]
    problems = Problem.objects.filter(
        id__in=EvalTask.objects.filter(run=run).values("problem_id")
    ).values_list("time_limit_s", "memory_limit_mb", "output_limit_kb")
    times, memories, outputs = (sorted({p[i] for p in problems}) for i in range(3))
    return {
        "time_limit_s": judging["time_limit_s"] or {"per_task": times},
        "memory_limit_mb": judging["memory_limit_mb"] or {"per_task": memories},
        "output_limit_kb": {"per_task": outputs},
        "stop_on_first_failure": judging["stop_on_first_failure"],
    }


def environment_describe(run: EvalRun, languages: list[str]) -> dict[str, Any]:
    """Where and with what the samples were judged: each worker's versions of the
    languages used and its isolation level (the local executors' in the embedded mode)."""
    case_rows = CaseResult.objects.filter(
        judging_id__in=run.samples.exclude(judging=None).values("judging_id")
    )
    workers = sorted(set(case_rows.values_list("worker", flat=True).distinct()) - {""})
    isolation = sorted(set(case_rows.values_list("isolation", flat=True).distinct()) - {""})
    hosts: dict[str, dict[str, Any]] = {
        h.name: {
            "hostname": h.hostname,
            "isolation": h.isolation,
            "languages": {lang: h.languages.get(lang, "") for lang in languages},
        }
        for h in WorkerHost.objects.filter(name__in=workers)
    }
    described: dict[str, Any] = {
        "mode": "embedded" if settings.SCALEBOX_EMBEDDED else "distributed",
        "evaluate_host": {"python": platform.python_version(), "platform": platform.platform()},
        "workers": {name: hosts.get(name, {}) for name in workers},
        "isolation": isolation,
    }
    if settings.SCALEBOX_EMBEDDED:
        described["languages"] = {lang: executor_for(lang).version() for lang in languages}
    else:
        described["languages"] = {
            lang: sorted({h["languages"][lang] for h in hosts.values() if h["languages"][lang]})
            for lang in languages
        }
    return described
