"""Read-only dashboard pages of judges: their versions, validation logs and audit trail.
Who sees a judge follows ``verification.selectors.judges_visible_to``.

Reviewing happens in the admin's review queue; staff get links there.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from judges.models import Judge, JudgeEvent, JudgeState
from verification.selectors import judges_visible_to

CHECKS_SHOWN = 500


@login_required
def judge_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    keys = judges_visible_to(request.user).values("key")
    if search:
        keys = keys.filter(key__icontains=search)
    keys = keys.annotate(
        versions=Count("id"),
        latest=Max("version"),
        active=Max("version", filter=Q(state=JudgeState.ACTIVE)),
        waiting=Count("id", filter=Q(state=JudgeState.VALIDATED)),
    ).order_by("key")
    page = Paginator(keys, settings.SCALEBOX_DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "judges/judge_list.html", {"page": page, "search": search})


@login_required
def judge_detail(request: HttpRequest, key: str) -> HttpResponse:
    visible = judges_visible_to(request.user).filter(key=key)
    versions = list(
        visible.select_related("problem", "approved_by", "created_by")
        .defer("files", "problem__statement", "problem__provenance")
        .order_by("-version")
    )
    if not versions:
        raise Http404(f"no judge {key!r}")
    wanted = request.GET.get("version", "")
    shown = next((j for j in versions if str(j.version) == wanted), versions[0])
    shown = Judge.objects.select_related("problem").get(id=shown.id)
    events = (
        JudgeEvent.objects.filter(judge__in=visible)
        .select_related("actor", "judge")
        .only("id", "action", "note", "at", "actor__username", "judge__version", "judge__key")
        .order_by("-at", "-id")[:200]
    )
    record = shown.validation or {}
    context = {
        "key": key,
        "versions": versions,
        "shown": shown,
        "validation": record,
        "checks": (record.get("checks") or [])[:CHECKS_SHOWN],
        "checks_total": len(record.get("checks") or []),
        "events": events,
        "review_waiting": [j for j in versions if j.state == JudgeState.VALIDATED],
    }
    return render(request, "judges/judge_detail.html", context)
