"""Dashboard pages of evaluation runs: list, run, task, compare, exports, sharing."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from eval_suites import dashboard_selectors as sel
from eval_suites import exports
from eval_suites.forms import RunFilterForm
from eval_suites.models import EvalRun, RunStatus
from verification.dashboard.charts import Bar, bar_chart

TASKS_PER_PAGE = 100
FLIPS_PER_PAGE = 50
EXPORT_WRITERS = {
    "metrics.csv": (exports.metrics_csv, "text/csv"),
    "results.jsonl": (exports.results_jsonl, "application/jsonl"),
    "livecodebench.json": (exports.livecodebench_json, "application/json"),
}
EXPORT_NAMES = ["metrics.json", *EXPORT_WRITERS, "manifest.json"]


def _user(request: HttpRequest) -> Any:
    return request.user


def _visible_run(request: HttpRequest, pk: int) -> EvalRun:
    return get_object_or_404(sel.runs_visible(user=_user(request)), pk=pk)


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    choices = sel.run_filter_choices(user=_user(request))
    form = RunFilterForm(request.GET or None, suites=choices["suites"], models=choices["models"])
    runs = sel.run_list(user=_user(request), filters=form.filters())
    page = Paginator(runs, settings.SCALEBOX_DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "eval_suites/run_list.html", {"form": form, "page": page})


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def _graded(tallies: list[sel.DifficultyTally]) -> bool:
    """Whether the dataset has difficulties at all (else no row or chart for them)."""
    return any(t.difficulty for t in tallies)


def _difficulty_rows(run: EvalRun, tallies: list[sel.DifficultyTally]) -> list[dict[str, Any]]:
    if not _graded(tallies):
        return []
    by_level = (run.metrics or {}).get("by_difficulty") or {}
    return [{"tally": t, "metrics": by_level.get(t.difficulty, {})} for t in tallies]


def _charts(
    tallies: list[sel.DifficultyTally], verdicts: dict[str, int], stats: sel.CaseStats
) -> dict[str, Any]:
    difficulty = (
        bar_chart(
            [
                Bar(t.difficulty or "no difficulty", t.pass_rate or 0.0, f"{t.pass_rate or 0:.1f}%")
                for t in tallies
            ],
            title="pass rate by difficulty (% of judged samples)",
            max_value=100.0,
            unit="%",
        )
        if _graded(tallies)
        else None
    )
    order = [*sel.SAMPLE_VERDICTS, "-", "EXCLUDED", "PENDING"]
    distribution = bar_chart(
        [Bar(v, verdicts[v], css=f"verdict-{v}") for v in order if verdicts.get(v)],
        title="samples by verdict",
    )
    histogram = bar_chart(
        [Bar(label, n) for label, n in stats.histogram],
        title="test cases by CPU time",
    )
    return {"difficulty": difficulty, "verdicts": distribution, "time": histogram}


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(sel.runs_visible(user=_user(request)).select_related("owner"), pk=pk)
    tallies = sel.run_difficulty_tallies(run=run)
    verdicts = sel.run_sample_verdicts(run=run)
    stats = sel.run_case_stats(run=run)
    sort = request.GET.get("sort", "order")
    search = request.GET.get("task", "").strip()
    tasks = Paginator(
        sel.run_task_rows(run=run, sort=sort, search=search), TASKS_PER_PAGE
    ).get_page(request.GET.get("page"))
    manifest = exports.manifest(run)
    config = manifest.pop("config")
    for key in ("metrics", "metrics_detail", "excluded"):
        manifest.pop(key, None)
    context = {
        "run": run,
        "metric_keys": sel.metric_keys(run),
        "difficulties": _difficulty_rows(run, tallies),
        "verdicts": verdicts,
        "stats": stats,
        "sandbox": {
            "samples_se": verdicts.get("SE", 0),
            "excluded": verdicts.get("EXCLUDED", 0),
            "cases_se": stats.system_errors,
        },
        "tasks": tasks,
        "task_rows": [(task, sel.task_verdict_mix(task)) for task in tasks],
        "sort": sort,
        "task_search": search,
        "charts": _charts(tallies, verdicts, stats),
        "config_json": _pretty(config),
        "manifest_json": _pretty(manifest),
        "excluded_json": _pretty(run.excluded[:200]),
        "exports": EXPORT_NAMES,
        "can_share": _can_change(request, run),
        "running": run.status in (RunStatus.CREATED, RunStatus.RUNNING),
    }
    return render(request, "eval_suites/run_detail.html", context)


@login_required
def run_task(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    task = get_object_or_404(run.tasks.select_related("problem"), pk=task_pk)
    samples = sel.task_samples(task=task)
    return render(
        request, "eval_suites/run_task.html", {"run": run, "task": task, "samples": samples}
    )


def _compare_choice(value: str, default: EvalRun | None) -> str:
    if value.isdigit():
        return value
    return str(default.id) if default is not None else ""


def _level_rows(a: EvalRun, b: EvalRun, keys: list[str]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Metric rows per difficulty level both runs' metrics name (none for a dataset
    without difficulties)."""
    by_a = (a.metrics or {}).get("by_difficulty") or {}
    by_b = (b.metrics or {}).get("by_difficulty") or {}
    levels = sorted(set(by_a) | set(by_b), key=sel.natural_key)
    if not any(levels):
        return []
    return [
        (
            level or "no difficulty",
            [_metric_row(k, by_a.get(level, {}), by_b.get(level, {})) for k in keys],
        )
        for level in levels
    ]


@login_required
def run_compare(request: HttpRequest) -> HttpResponse:
    visible = sel.runs_visible(user=_user(request))
    recent = list(visible.defer(*sel.LIST_DEFERRED).order_by("-id")[:200])
    # With nothing chosen yet: the newest run as B against the one before it as A.
    a_id = _compare_choice(request.GET.get("a", ""), recent[1] if len(recent) > 1 else None)
    b_id = _compare_choice(request.GET.get("b", ""), recent[0] if recent else None)
    context: dict[str, Any] = {"recent": recent, "a_id": a_id, "b_id": b_id}
    if "a" in request.GET and a_id == b_id:
        context["same_run"] = True
    elif a_id.isdigit() and b_id.isdigit():
        a = get_object_or_404(visible, pk=int(a_id))
        b = get_object_or_404(visible, pk=int(b_id))
        comparison = sel.runs_compare(a=a, b=b)
        keys = sel.metric_keys(a, b)
        context.update(
            a=a,
            b=b,
            comparison=comparison,
            gained=Paginator(comparison.gained, FLIPS_PER_PAGE).get_page(request.GET.get("gp")),
            lost=Paginator(comparison.lost, FLIPS_PER_PAGE).get_page(request.GET.get("lp")),
            metric_rows=[_metric_row(k, a.metrics, b.metrics) for k in keys],
            level_rows=_level_rows(a, b, keys),
        )
    return render(request, "eval_suites/run_compare.html", context)


def _metric_row(key: str, a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any]:
    va, vb = (a or {}).get(key), (b or {}).get(key)
    delta = vb - va if isinstance(va, int | float) and isinstance(vb, int | float) else None
    return {"key": key, "a": va, "b": vb, "delta": delta}


@login_required
def run_export(request: HttpRequest, pk: int, name: str) -> HttpResponseBase:
    run = _visible_run(request, pk)
    if name == "metrics.json":
        return JsonResponse(run.metrics, json_dumps_params={"indent": 1}, safe=False)
    if name == "manifest.json":
        return JsonResponse(exports.manifest(run), json_dumps_params={"indent": 1})
    if name not in EXPORT_WRITERS:
        raise Http404(f"no export named {name!r}")
    write, content_type = EXPORT_WRITERS[name]
    scratch = Path(tempfile.mkdtemp(prefix="scalebox-export-"))
    try:
        path = scratch / name
        write(run, path)
        handle = path.open("rb")
    finally:
        shutil.rmtree(scratch)
    return FileResponse(
        handle, as_attachment=True, filename=f"run-{run.id}-{name}", content_type=content_type
    )


def _can_change(request: HttpRequest, run: EvalRun) -> bool:
    user = _user(request)
    return bool(user.is_staff or (run.owner_id is not None and run.owner_id == user.id))


@login_required
@require_POST
def run_share(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    if not _can_change(request, run):
        raise PermissionDenied("only the run's owner or staff may share it")
    EvalRun.objects.filter(id=run.id).update(shared=request.POST.get("shared") == "1")
    return redirect("dashboard:run-detail", pk=run.id)
