"""Judges: versioned checkers that decide a case from the program's output.

A judge row is never edited once a case result refers to it; a change is a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JudgeKind(models.TextChoices):
    BUILTIN = "builtin", "built-in checker"
    KATTIS = "kattis", "Kattis output validator"
    TESTLIB = "testlib", "testlib checker"
    PYTHON = "python", "native Python checker"


class JudgeState(models.TextChoices):
    DRAFT = "draft"
    VALIDATED = "validated"
    APPROVED = "approved"
    ACTIVE = "active"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class Judge(models.Model):
    key = models.SlugField(max_length=200, help_text="Names the judge across its versions.")
    version = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=16, choices=JudgeKind.choices, default=JudgeKind.BUILTIN)
    builtin_name = models.CharField(
        max_length=64, blank=True, default="", help_text="Checker name for kind=builtin."
    )
    args = models.JSONField(default=list, blank=True, help_text="Flags passed to the checker.")
    language = models.CharField(max_length=32, blank=True, default="")
    files = models.JSONField(
        default=dict, blank=True, help_text="Source files of a custom judge: path -> text."
    )
    entry = models.CharField(max_length=255, blank=True, default="")
    state = models.CharField(max_length=16, choices=JudgeState.choices, default=JudgeState.APPROVED)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="judge_key_version_unique")
        ]
        ordering = ["key", "-version"]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
