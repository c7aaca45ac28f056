"""The submissions page (/submissions/): a user's own submissions, everyone's for staff,
filtered as the API's list is (``verification.api.filters.SubmissionFilter``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from verification import selectors
from verification.api.filters import SubmissionFilter
from verification.executors import known_languages
from verification.models import Submission

# The page's filters: the API's, with dates picked as days (created_after and
# created_before stay the API's own).
PAGE_FILTERS = ("problem", "language", "verdict", "date_from", "date_to")


def submissions_listed(*, user: Any) -> QuerySet[Submission]:
    """The submissions the page lists for ``user``: their own; staff, everyone's."""
    submissions = selectors.submissions_visible_to(user)
    if not user.is_staff:
        submissions = submissions.filter(owner_id=user.id)
    return (
        submissions.select_related("problem", "owner")
        .only(
            "id",
            "language",
            "created_at",
            "problem__slug",
            "problem__title",
            "problem__inline",
            "owner__username",
        )
        .order_by("-id")
    )


def _page_form(filters: SubmissionFilter) -> forms.Form:
    form = filters.form
    for name in list(form.fields):
        if name not in PAGE_FILTERS:
            del form.fields[name]
    form.fields["problem"].widget.attrs["placeholder"] = "slug"
    form.fields["language"].widget = forms.Select(
        choices=[("", "any"), *((name, name) for name in known_languages())]
    )
    for name in ("date_from", "date_to"):
        form.fields[name].widget.input_type = "date"
    return form


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filters = SubmissionFilter(request.GET or None, queryset=submissions_listed(user=user))
    form = _page_form(filters)
    if filters.is_bound and not form.is_valid():
        submissions = Submission.objects.none()
    else:
        submissions = filters.qs
    page = Paginator(submissions, settings.SCALEBOX_DASHBOARD_PAGE_SIZE)
    return render(
        request,
        "verification/submission_list.html",
        {"form": form, "page": page.get_page(request.GET.get("page")), "all_users": user.is_staff},
    )
