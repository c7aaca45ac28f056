"""Dashboard pages of problems, submissions and the live status of the workers."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from verification import selectors
from verification.dashboard import selectors as sel
from verification.dashboard.charts import Bar, bar_chart
from verification.dashboard.forms import PackageUploadForm
from verification.dashboard.statements import statement_html
from verification.errors import ScaleBoxError
from verification.models import Judging, JudgingStatus, Problem, ProblemKind, ReferenceSolution
from verification.problem_package import PackageError, load_package
from verification.services_import import problem_import
from verification.services_verify import problem_verify_settle, problem_verify_start
from verification.workers import language_queue

CASES_PER_PAGE = 200


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def problem_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    problems = sel.problems_listed(search=search).filter(
        id__in=selectors.problems_visible_to(_user(request))
    )
    page = Paginator(problems, settings.SCALEBOX_DASHBOARD_PAGE_SIZE)
    return render(
        request,
        "verification/problem_list.html",
        {"page": page.get_page(request.GET.get("page")), "search": search},
    )


@login_required
def problem_detail(request: HttpRequest, slug: str) -> HttpResponse:
    problem = get_object_or_404(
        selectors.problems_visible_to(_user(request)).select_related("judge", "owner"), slug=slug
    )
    verifying = problem_verify_settle(problem=problem)
    solutions = ReferenceSolution.objects.filter(problem=problem).defer("source").order_by("path")
    context = {
        "problem": problem,
        "statement_html": statement_html(problem.statement),
        "verifying": verifying,
        "groups": sel.problem_test_groups(problem=problem),
        "solutions": solutions,
        "special_judges": problem.special_judges.order_by("-version").only(
            "id", "key", "version", "state", "kind", "origin", "created_at", "problem_id"
        )[:20],
    }
    return render(request, "verification/problem_detail.html", context)


@login_required
@require_POST
def problem_verify(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff judge the problem's reference solutions again ("verify now")."""
    problem = get_object_or_404(selectors.problems_visible_to(_user(request)), slug=slug)
    if not _user(request).is_staff:
        raise PermissionDenied("only staff may verify reference solutions")
    try:
        sent = problem_verify_start(problem=problem, user=_user(request))
    except ScaleBoxError as exc:
        messages.error(request, exc.message)
    else:
        if sent:
            messages.success(
                request,
                f"Judging {sent} reference solution{pluralize(sent)}; "
                "the table shows each outcome once its judging is done.",
            )
        else:
            messages.warning(request, "This problem has no reference solutions to verify.")
    return redirect("dashboard:problem-detail", slug=problem.slug)


def _import_package(
    request: HttpRequest, form: PackageUploadForm
) -> tuple[Problem, tuple[str, ...]] | None:
    """The imported problem and the package's warnings, or None with the form's errors set."""
    upload = form.cleaned_data["package"]
    user = _user(request)
    with tempfile.TemporaryDirectory(prefix="scalebox-upload-") as tmp:
        path = Path(tmp) / f"{Path(upload.name or 'package.zip').stem or 'package'}.zip"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            package = load_package(path)
        except PackageError as exc:
            form.add_error("package", str(exc))
            return None
        slug = form.cleaned_data.get("slug") or slugify(package.short_name)
        try:
            problem = problem_import(package=package, slug=slug, actor=user)
        except ScaleBoxError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return None
        return problem, package.warnings


@login_required
def problem_upload(request: HttpRequest) -> HttpResponse:
    form = PackageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        imported = _import_package(request, form)
        if imported is not None:
            problem, warnings = imported
            messages.success(request, f"Imported {problem.slug}.")
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("dashboard:problem-detail", slug=problem.slug)
    return render(request, "verification/problem_upload.html", {"form": form})


def _highlighted(source: str, language: str) -> SafeString:
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = TextLexer()
    formatter = HtmlFormatter(noclasses=True, linenos="table", cssclass="source")
    return mark_safe(highlight(source, lexer, formatter))  # Pygments escapes the source


def _chosen_judging(request: HttpRequest, judgings: list[Judging]) -> Judging | None:
    wanted = request.GET.get("judging", "")
    for judging in judgings:
        if str(judging.id) == wanted:
            return judging
    return judgings[0] if judgings else None


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    judgings_qs = Judging.objects.order_by("-id").defer("case_ids")
    submission = get_object_or_404(
        selectors.submissions_visible_to(_user(request))
        .select_related("problem", "owner", "source")
        .prefetch_related(Prefetch("judgings", queryset=judgings_qs, to_attr="judging_list")),
        pk=pk,
    )
    judgings: list[Judging] = submission.judging_list  # type: ignore[attr-defined]
    judging = _chosen_judging(request, judgings)
    cases_page = None
    diffs: dict[int, sel.OutputDiff] = {}
    if judging is not None and judging.status == JudgingStatus.DONE:
        cases_page = Paginator(sel.judging_case_results(judging=judging), CASES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        if submission.problem.kind == ProblemKind.STDIN_STDOUT:
            # A harnessed run's output is the harness's report, not the program's: the
            # checker's message says what went wrong instead.
            diffs = sel.case_diffs(cases=list(cases_page))
    source = getattr(submission, "source", None)
    sample = sel.submission_sample(submission_id=submission.id)
    context = {
        "submission": submission,
        "judgings": judgings,
        "judging": judging,
        "sample": sample,
        "cases": cases_page,
        "case_rows": [(case, diffs.get(case.id)) for case in cases_page or []],
        "diff_count": len(diffs),
        "source_html": _highlighted(source.text if source else "", submission.language),
        "poll_ms": int(settings.SCALEBOX_DASHBOARD_POLL_S * 1000),
    }
    return render(request, "verification/submission_detail.html", context)


@login_required
def submission_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A fragment the submission page polls while its judging runs."""
    submission = get_object_or_404(selectors.submissions_visible_to(_user(request)), pk=pk)
    judging = (
        Judging.objects.filter(submission=submission)
        .order_by("-id")
        .only("id", "status", "verdict", "case_ids", "first_failure_order", "created_at")
        .first()
    )
    return render(
        request,
        "verification/submission_progress.html",
        {"judging": judging, "total": len(judging.case_ids) if judging else 0},
    )


@login_required
def status(request: HttpRequest) -> HttpResponse:
    workers = sel.workers_listed()
    live = [w for w in workers if sel.worker_is_live(w)]
    languages = sorted({lang for w in live for lang in w.languages})
    queues = [settings.CELERY_TASK_DEFAULT_QUEUE, *(language_queue(lang) for lang in languages)]
    throughput = sel.throughput_recent()
    chart = bar_chart(
        [Bar(minute, judgings) for minute, judgings in throughput.per_minute],
        title="judgings finished per minute, last hour",
        width=720,
        height=180,
    )
    context = {
        "workers": [(w, w in live) for w in workers],
        "live_count": len(live),
        "queues": sel.queue_depths(queues=queues),
        "throughput": throughput,
        "chart": chart,
        # Embedded mode has no broker, so no Flower to open.
        "flower_url": "" if settings.SCALEBOX_EMBEDDED else settings.SCALEBOX_FLOWER_URL,
    }
    return render(request, "verification/status.html", context)
