"""Admin review of special judges: the review queue, the judge page, bulk actions, audit.

A judge page shows what a reviewer needs to decide: the problem statement, the checker
highlighted, its validation results and the diff against the version it would replace.
Approving, rejecting and activating go through ``services_review`` (which checks the
``judges.review_judge`` permission); saving an edited checker makes a new version that
is validated again before anyone may approve it.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import CppLexer, DiffLexer, PythonLexer, TextLexer

from judges import services_review as review
from judges.models import (
    GenerationAttempt,
    GenerationBatch,
    Judge,
    JudgeAction,
    JudgeEvent,
    JudgeGeneration,
    JudgeKind,
    JudgeState,
    ReviewJudge,
)
from verification.errors import Forbidden, ScaleBoxError
from verification.selectors import (
    generation_batches_visible_to,
    judge_generations_visible_to,
    judges_visible_to,
    problems_visible_to,
)

CHECKS_SHOWN = 200
REVIEW_BUTTONS = ("_approve", "_reject", "_activate", "_revalidate")


def _highlighted(text: str, lexer: Any) -> SafeString:
    formatter = HtmlFormatter(noclasses=True, linenos="inline", nobackground=False)
    return mark_safe(highlight(text, lexer, formatter))  # Pygments escapes the text


def _lexer_for(judge: Judge) -> Any:
    if judge.kind == JudgeKind.BUILTIN:
        return TextLexer()
    if judge.kind == JudgeKind.PYTHON or judge.language == "python":
        return PythonLexer()
    return CppLexer()


class JudgeForm(forms.ModelForm):
    source = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "cols": 110, "style": "font-family:monospace"}),
        help_text="The checker's entry file (custom judges). Saving a change makes a new "
        "version, validated again before it can be approved.",
    )
    args = forms.CharField(
        label="Arguments",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60, "style": "font-family:monospace"}),
        help_text="The checker's flags, one a line (e.g. float_tolerance, then 1e-6).",
    )
    edit_note = forms.CharField(
        required=False,
        help_text="Why: kept in the audit trail with an edit, approval or rejection.",
    )

    class Meta:
        model = Judge
        fields = ["problem", "kind", "builtin_name", "args", "language", "entry"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["args"] = "\n".join(str(a) for a in (self.instance.args or []))
        if self.instance.pk and self.instance.kind != JudgeKind.BUILTIN:
            self.fields["source"].initial = self.instance.source

    def clean_args(self) -> list[str]:
        """One flag a line; a JSON list of strings is read as such too."""
        text = self.cleaned_data.get("args") or ""
        if text.strip().startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                raise forms.ValidationError(
                    "arguments are one a line, or a JSON list of strings"
                ) from None
            if not isinstance(parsed, list) or not all(
                isinstance(a, str | int | float) for a in parsed
            ):
                raise forms.ValidationError("a JSON list of arguments holds strings only")
            return [str(a) for a in parsed]
        return [line.strip() for line in text.splitlines() if line.strip()]


class JudgeEventInline(admin.TabularInline):
    model = JudgeEvent
    extra = 0
    can_delete = False
    fields = ("when", "what", "note")
    readonly_fields = fields
    verbose_name_plural = "audit trail"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Whoever may read the judge reads its trail (no separate grant on the events).
        user: Any = request.user
        return bool(
            user.is_staff and (user.has_perm("judges.view_judge") or review.can_review(user))
        )

    @admin.display(description="when")
    def when(self, event: JudgeEvent) -> str:
        return format_html('<span style="white-space:nowrap">{}</span>', _when(event.at))

    @admin.display(description="what happened")
    def what(self, event: JudgeEvent) -> str:
        return event_in_words(event)


@admin.register(Judge)
class JudgeAdmin(admin.ModelAdmin):
    form = JudgeForm
    change_form_template = "admin/judges/judge_review_change_form.html"
    list_display = (
        "key",
        "version",
        "problem",
        "kind",
        "origin",
        "state",
        "auto_approved",
        "approved_by",
        "created_at",
    )
    list_filter = ("state", "kind", "origin", "auto_approved")
    search_fields = ("key", "problem__slug")
    list_select_related = ("problem", "approved_by")
    inlines = (JudgeEventInline,)
    actions = ("approve_selected", "reject_selected", "revalidate_selected")
    review_fields = (
        "review_summary",
        "validation_results",
        "arguments",
        "code",
        "diff_with_previous",
        "problem_statement",
        "generation_record",
    )
    version_fields = (
        "key",
        "version",
        "kind",
        "builtin_name",
        "language",
        "entry",
        "state",
        "origin",
        "problem",
        "previous",
        "auto_approved",
        "approved_by",
        "approved_at",
        "created_by",
        "created_at",
        "validated_at",
        "notes",
    )

    # -- permissions ---------------------------------------------------------------------

    def has_review_permission(self, request: HttpRequest) -> bool:
        return review.can_review(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # versions are kept: case results refer to them

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(id__in=judges_visible_to(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "problem":
            # No one reaches an inline problem by name, staff included.
            kwargs["queryset"] = problems_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # -- the page ------------------------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return [
                (
                    "A judge written by staff (approved on creation)",
                    {"fields": ("problem", "kind", "builtin_name", "args", "language", "entry")},
                ),
                ("Checker", {"fields": ("source",)}),
            ]
        return [
            ("Review", {"fields": self.review_fields}),
            (
                "Edit: saved as a new version and validated again",
                {"fields": ("source", "args", "edit_note")},
            ),
            ("Version", {"fields": self.version_fields, "classes": ("collapse",)}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return (*self.review_fields, *self.version_fields)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        judge = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if judge is not None:
            reviewer = review.can_review(request.user)
            context["review_actions"] = {
                "approve": reviewer and judge.state == JudgeState.VALIDATED,
                "activate": reviewer and judge.state == JudgeState.APPROVED,
                "reject": reviewer and judge.state in review.REVIEWABLE,
                "revalidate": judge.problem_id is not None,
            }
        return super().change_view(request, object_id, form_url, context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        pressed = [name for name in REVIEW_BUTTONS if name in request.POST]
        if request.method == "POST" and object_id and pressed:
            return self._review_button(request, object_id, pressed[0])
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _review_button(self, request: HttpRequest, object_id: str, button: str) -> HttpResponse:
        judge = self.get_object(request, object_id)
        if judge is None or not self.has_view_permission(request, judge):
            raise PermissionDenied
        note = request.POST.get("edit_note", "")
        try:
            if button == "_approve":
                review.judge_approve(judge=judge, user=request.user, note=note)
                self.message_user(request, f"Approved {judge}; it is now active.", messages.SUCCESS)
            elif button == "_reject":
                review.judge_reject(judge=judge, user=request.user, note=note)
                self.message_user(request, f"Rejected {judge}.", messages.SUCCESS)
            elif button == "_activate":
                review.judge_activate(judge=judge, user=request.user)
                self.message_user(request, f"Activated {judge}.", messages.SUCCESS)
            else:
                if not self.has_change_permission(request, judge):
                    raise PermissionDenied
                record = review.judge_validate(judge=judge, actor=request.user)
                level = messages.SUCCESS if record["ok"] else messages.WARNING
                self.message_user(request, f"Validated {judge} again: {_passed(record)}.", level)
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from None
        except ScaleBoxError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:judges_judge_change", args=[judge.pk]))

    def save_model(self, request: HttpRequest, obj: Judge, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            if obj.kind != JudgeKind.BUILTIN:
                obj.entry = obj.entry or ("checker.py" if obj.kind == JudgeKind.PYTHON else "")
                obj.files = {obj.entry or "validator.cpp": data.get("source") or ""}
            review.judge_create_by_staff(judge=obj, user=request.user)
            return
        original = Judge.objects.get(pk=obj.pk)
        source = data.get("source")
        new_source = (
            original.kind != JudgeKind.BUILTIN and bool(source) and source != original.source
        )
        new_args = list(data.get("args") or []) != list(original.args)
        if not (new_source or new_args):
            return
        edited = review.judge_edit(
            judge=original,
            user=request.user,
            source=source if new_source else None,
            args=list(data.get("args") or []) if new_args else None,
            note=data.get("edit_note", ""),
        )
        request._scalebox_edited = edited  # type: ignore[attr-defined]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        edited = getattr(request, "_scalebox_edited", None)
        return super().log_change(request, edited or obj, message)

    def response_change(self, request: HttpRequest, obj: Judge) -> HttpResponse:
        edited: Judge | None = getattr(request, "_scalebox_edited", None)
        if edited is None:
            return super().response_change(request, obj)
        record = edited.validation
        self.message_user(
            request,
            f"Saved as {edited} ({edited.state}); validation {_passed(record)}.",
            messages.SUCCESS if record.get("ok") else messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:judges_judge_change", args=[edited.pk]))

    # -- what a reviewer reads -------------------------------------------------------------

    @admin.display(description="summary")
    def review_summary(self, obj: Judge) -> str:
        record = obj.validation or {}
        checked = "summary" in record
        return format_html(
            "<strong>{}</strong> — {} judge for {}, {}; validation {}",
            obj.state,
            obj.get_kind_display(),
            obj.problem or "no problem",
            origin_in_words(obj),
            _passed(record) if checked else "not run",
        )

    @admin.display(description="arguments")
    def arguments(self, obj: Judge) -> str:
        if not obj.args:
            return "none"
        return format_html(
            '<ol style="margin:0;padding-left:1.5em">{}</ol>',
            format_html_join("", "<li><code>{}</code></li>", ((a,) for a in obj.args)),
        )

    @admin.display(description="problem statement")
    def problem_statement(self, obj: Judge) -> str:
        if obj.problem is None:
            return "—"
        return format_html(
            '<div style="white-space:pre-wrap;max-height:30em;overflow:auto">{}</div>',
            obj.problem.statement or "(no statement)",
        )

    @admin.display(description="checker")
    def code(self, obj: Judge) -> str:
        return _highlighted(obj.source, _lexer_for(obj))

    @admin.display(description="diff against the previous version")
    def diff_with_previous(self, obj: Judge) -> str:
        previous = obj.previous
        if previous is None:
            return "no previous version"
        lines = difflib.unified_diff(
            previous.source.splitlines(),
            obj.source.splitlines(),
            fromfile=str(previous),
            tofile=str(obj),
            lineterm="",
        )
        text = "\n".join(lines)
        return _highlighted(text, DiffLexer()) if text else "identical to " + str(previous)

    @admin.display(description="validation")
    def validation_results(self, obj: Judge) -> str:
        record = obj.validation or {}
        if "summary" not in record:
            return "not validated"
        summary = record["summary"]
        head = format_html(
            "<p>{}: {} checks ({} must accept, {} must reject), {} failed.</p>",
            _passed(record),
            summary["checks"],
            summary["must_accept"],
            summary["must_reject"],
            summary["failed"],
        )
        failures = format_html_join("", "<li>{}</li>", ((f,) for f in record.get("failures", [])))
        notes = format_html_join("", "<li>{}</li>", ((n,) for n in record.get("notes", [])))
        checks = record.get("checks", [])
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="output">'
            "{}</td><td>{}</td></tr>",
            (
                (
                    "✔" if c["ok"] else "✘",
                    c["case"],
                    c["what"],
                    c["expect"],
                    c["got"],
                    c["output"],
                    c["message"],
                )
                for c in checks[:CHECKS_SHOWN]
            ),
        )
        failed = sum(1 for c in checks if not c["ok"])
        return format_html(
            "{}<ul>{}</ul><ul>{}</ul>"
            '<details class="validation-checks"{}><summary>{} check{} ({} failed){}</summary>'
            '<table class="validation-table"><colgroup><col style="width:2em">'
            '<col style="width:12%"><col style="width:18%"><col style="width:6em">'
            '<col style="width:6em"><col><col style="width:22%"></colgroup>'
            "<thead><tr><th></th><th>test</th><th>check</th><th>expect</th><th>got</th>"
            "<th>output</th><th>checker message</th></tr></thead><tbody>{}</tbody></table>"
            "</details>",
            head,
            failures,
            notes,
            mark_safe(" open") if failed and len(checks) <= 20 else "",
            len(checks),
            pluralize(len(checks)),
            failed,
            f"; the first {CHECKS_SHOWN} shown" if len(checks) > CHECKS_SHOWN else "",
            rows,
        )

    @admin.display(description="generation")
    def generation_record(self, obj: Judge) -> str:
        made_by = GenerationAttempt.objects.filter(judge=obj).select_related("generation").first()
        if made_by is None:
            return "not generated"
        generation = made_by.generation
        url = reverse("admin:judges_judgegeneration_change", args=[generation.pk])
        rows = format_html_join(
            "",
            "<li>#{} {} — model {}, tokens {}, {} {}</li>",
            (
                (
                    a.number,
                    a.purpose,
                    a.model or "none (built-in)",
                    a.total_tokens if a.total_tokens is not None else "—",
                    "passed" if a.ok else "failed:",
                    "" if a.ok else a.error[:300],
                )
                for a in generation.attempt_records.all()
            ),
        )
        return format_html(
            '<a href="{}">generation {}</a>: kinds {}, classified by {}<ul>{}</ul>',
            url,
            generation.pk,
            ", ".join(generation.kinds),
            generation.classified_by or "—",
            rows,
        )

    # -- bulk actions --------------------------------------------------------------------

    @admin.action(description="Approve and activate selected judges", permissions=["review"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Judge]) -> None:
        self._bulk(
            request,
            queryset,
            "approved",
            lambda j: review.judge_approve(judge=j, user=request.user),
        )

    @admin.action(description="Reject selected judges", permissions=["review"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Judge]) -> None:
        self._bulk(
            request, queryset, "rejected", lambda j: review.judge_reject(judge=j, user=request.user)
        )

    @admin.action(description="Validate selected judges again", permissions=["change"])
    def revalidate_selected(self, request: HttpRequest, queryset: QuerySet[Judge]) -> None:
        self._bulk(
            request,
            queryset,
            "validated",
            lambda j: review.judge_validate(judge=j, actor=request.user),
        )

    def _bulk(self, request: HttpRequest, queryset: QuerySet[Judge], verb: str, act: Any) -> None:
        done = 0
        for judge in queryset:
            try:
                act(judge)
                done += 1
            except ScaleBoxError as exc:
                self.message_user(request, f"Judge {judge}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} judge{pluralize(done)} {verb}.", messages.SUCCESS)


def _passed(record: dict[str, Any]) -> str:
    return "passed" if record.get("ok") else "FAILED"


def _when(at: Any) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else "—"


def origin_in_words(judge: Judge) -> str:
    """Where this version came from: an edit says who made it, from which version."""
    if judge.previous_id is not None and judge.created_by_id is not None:
        previous = judge.previous
        return format_html(
            "edited by {} from {} on {} (first {})",
            judge.created_by,
            previous,
            _when(judge.created_at),
            previous.get_origin_display() if previous else judge.get_origin_display(),
        )
    return str(judge.get_origin_display())


# What each audit action reads as: "{actor} approved it", ...
_ACTIONS: dict[str, str] = {
    JudgeAction.CREATED: "created it",
    JudgeAction.VALIDATED: "validated it against the problem's tests: passed",
    JudgeAction.VALIDATION_FAILED: "validated it against the problem's tests: failed",
    JudgeAction.EDITED: "edited it (a new version)",
    JudgeAction.APPROVED: "approved it",
    JudgeAction.AUTO_APPROVED: "approved it without review (auto-approve)",
    JudgeAction.REJECTED: "rejected it",
    JudgeAction.ACTIVATED: "made it the active judge",
    JudgeAction.SUPERSEDED: "retired it (superseded)",
}


def event_in_words(event: JudgeEvent) -> str:
    """An audit event as a sentence: who did what."""
    who = event.actor.get_username() if event.actor is not None else "ScaleBox"
    return f"{who} {_ACTIONS.get(event.action, event.action)}"


@admin.register(ReviewJudge)
class ReviewJudgeAdmin(JudgeAdmin):
    """The queue: validated judges, oldest first. Visible to staff who may see judges."""

    ordering = ("validated_at", "id")

    def get_list_display(self, request: HttpRequest) -> Any:
        return ("key", "version", "problem", "kind", "validated_at", "created_at")

    def get_list_filter(self, request: HttpRequest) -> Any:
        return ("kind", "origin")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(state=JudgeState.VALIDATED)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user: Any = request.user
        return bool(
            user.is_staff
            and (user.has_perm("judges.view_judge") or self.has_review_permission(request))
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_staff and request.user.has_perm("judges.change_judge"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


class GenerationAttemptInline(admin.StackedInline):
    model = GenerationAttempt
    extra = 0
    can_delete = False
    fields = (
        "number",
        "purpose",
        "model",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
        "ok",
        "error",
        "candidate",
        "prompt",
        "response",
        "validation_log",
        "judge",
        "duration_s",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: readable by staff who may see judges, never edited."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user: Any = request.user
        return bool(
            user.is_staff and (user.has_perm("judges.view_judge") or review.can_review(user))
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JudgeGeneration)
class JudgeGenerationAdmin(ReadOnlyAdmin):
    list_display = ("problem", "status", "needs_special_judge", "kinds", "attempts", "created_at")
    list_filter = ("status", "classified_by")
    search_fields = ("problem__slug",)
    inlines = (GenerationAttemptInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = judge_generations_visible_to(request.user)
        return super().get_queryset(request).filter(id__in=visible)


@admin.register(GenerationBatch)
class GenerationBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "status", "done", "failed", "total", "concurrency", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = generation_batches_visible_to(request.user)
        return super().get_queryset(request).filter(id__in=visible)


@admin.register(JudgeEvent)
class JudgeEventAdmin(ReadOnlyAdmin):
    """The audit trail: who approved, rejected, edited or activated what, and when."""

    list_display = ("when", "judge", "what", "note")
    list_filter = ("action",)

    @admin.display(description="when", ordering="at")
    def when(self, event: JudgeEvent) -> str:
        return format_html('<span style="white-space:nowrap">{}</span>', _when(event.at))

    @admin.display(description="what happened", ordering="action")
    def what(self, event: JudgeEvent) -> str:
        return event_in_words(event)

    search_fields = ("judge__key", "actor__username", "note")
