"""The filters of a submission list, one definition for the API (``GET /api/v1/submissions/``)
and the dashboard's submissions page (``/submissions/``).

A submission's verdict is its latest judging's: a rejudged submission is found by what it
got last, not by a verdict an earlier judging gave.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_filters.fields import IsoDateTimeField

from verification.executors import known_languages, language_named
from verification.models import Judging, Submission
from verification.verdicts import Verdict

# A submission ends with any verdict but SKIPPED (which only a case gets).
SUBMISSION_VERDICTS = [(v.value, f"{v.value} ({v.label})") for v in Verdict if v != Verdict.SKIPPED]


def with_latest_judging(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """``submissions`` with ``latest_status`` and ``latest_verdict`` annotated (empty
    verdict: not judged yet)."""
    latest = Judging.objects.filter(submission=OuterRef("pk")).order_by("-id")
    return submissions.annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_verdict=Subquery(latest.values("verdict")[:1]),
    )


class LanguageField(forms.CharField):
    """A language by our name or any alias (``python3``, ``c++``), as our name."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        name = language_named(text)
        if name is None:
            raise forms.ValidationError(
                f"unknown language {text!r}; known: {', '.join(known_languages())}"
            )
        return name


class LanguageFilter(django_filters.CharFilter):
    field_class = LanguageField


class DateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time that exists in UTC (0001-01-01T00:00:00+05:00 does not)."""

    def clean(self, value: Any) -> datetime | None:
        moment: datetime | None = super().clean(value)
        if moment is not None and moment.tzinfo is not None:
            try:
                moment.astimezone(UTC)
            except OverflowError:
                raise forms.ValidationError(
                    f"{value!r} is out of range: in UTC it falls before year 1 or after 9999"
                ) from None
        return moment


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = DateTimeField


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


class SubmissionFilter(django_filters.FilterSet):
    problem = django_filters.CharFilter(
        field_name="problem__slug", label="Problem", help_text="The problem's slug."
    )
    language = LanguageFilter(
        label="Language", help_text="A language name or alias (python3 is python)."
    )
    verdict = django_filters.ChoiceFilter(
        field_name="latest_verdict",
        choices=SUBMISSION_VERDICTS,
        label="Verdict",
        empty_label="any",
        help_text="The verdict of the submission's latest judging.",
    )
    created_after = DateTimeFilter(
        field_name="created_at",
        lookup_expr="gte",
        help_text="Made at or after this ISO 8601 date-time (2026-12-01T00:00:00Z).",
    )
    created_before = DateTimeFilter(
        field_name="created_at",
        lookup_expr="lt",
        help_text="Made before this ISO 8601 date-time.",
    )
    date_from = django_filters.DateFilter(
        method="_from_day", label="From", help_text="Made on this day (UTC) or later."
    )
    date_to = django_filters.DateFilter(
        method="_to_day", label="To", help_text="Made on this day (UTC) or earlier."
    )

    class Meta:
        model = Submission
        fields = ["problem", "language", "verdict"]

    def __init__(
        self, data: Any = None, queryset: QuerySet[Submission] | None = None, **kwargs: Any
    ) -> None:
        if queryset is None:
            queryset = Submission.objects.all()
        super().__init__(data, with_latest_judging(queryset), **kwargs)

    def _from_day(self, queryset: QuerySet[Submission], name: str, value: date) -> Any:
        return queryset.filter(created_at__gte=_day_start(value))

    def _to_day(self, queryset: QuerySet[Submission], name: str, value: date) -> Any:
        if value == date.max:  # the last day there is: no day after it to stop before
            return queryset
        return queryset.filter(created_at__lt=_day_start(value + timedelta(days=1)))
