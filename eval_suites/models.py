"""Evaluation runs: what was evaluated, how, and what every sample got.

A run records enough to repeat it exactly: the resolved config and its hash, the
dataset's content hash, the judges, limits and code version, and the interpreter and
compiler versions of the workers that judged it. Samples keep their completion and the
program extracted from it, so a rerun judges the very same programs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class RunStatus(models.TextChoices):
    CREATED = "CREATED"
    RUNNING = "RUNNING"
    COMPLETE = "COMPLETE", "complete: every sample judged"
    INCOMPLETE = "INCOMPLETE", "incomplete: some samples excluded (sandbox or endpoint failure)"


class EvalRun(models.Model):
    name = models.CharField(max_length=200)
    suite_path = models.CharField(max_length=1000, blank=True, default="")
    config = models.JSONField(help_text="The resolved config, every default filled in.")
    config_hash = models.CharField(max_length=64)
    dataset = models.JSONField(default=dict, help_text="Loader, source, task count.")
    dataset_hash = models.CharField(max_length=64)
    samples_info = models.JSONField(default=dict, help_text="Where samples came from.")
    samples_hash = models.CharField(max_length=64, blank=True, default="")
    judges = models.JSONField(default=list)
    limits = models.JSONField(default=dict)
    code_version = models.CharField(max_length=200, blank=True, default="")
    environment = models.JSONField(
        default=dict, help_text="Mode, workers, isolation, interpreter and compiler versions."
    )
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.CREATED)
    metrics = models.JSONField(default=dict, blank=True)
    metrics_detail = models.JSONField(default=dict, blank=True)
    excluded = models.JSONField(default=list, blank=True)
    output_dir = models.CharField(max_length=1000, blank=True, default="")
    rerun_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="eval_runs",
        help_text="Who started the run; runs without one are seen by staff (or when shared).",
    )
    shared = models.BooleanField(default=False, help_text="Visible to every signed-in user.")
    model_name = models.CharField(
        max_length=200,
        blank=True,
        default="",
        db_index=True,
        help_text="The model whose samples were judged (the endpoint's model), for filtering.",
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.name}): {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.model_name:
            self.model_name = model_name_from_config(self.config)
        super().save(*args, **kwargs)


def model_name_from_config(config: Any) -> str:
    """The endpoint's model when the samples came from one; empty otherwise."""
    samples = (config or {}).get("samples") if isinstance(config, dict) else None
    if not isinstance(samples, dict):
        return ""
    return str(samples.get("model") or "")[:200]


class EvalTask(models.Model):
    run = models.ForeignKey(EvalRun, on_delete=models.CASCADE, related_name="tasks")
    task_id = models.CharField(max_length=300)
    order = models.PositiveIntegerField()
    problem = models.ForeignKey("verification.Problem", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16)
    difficulty = models.CharField(max_length=50, blank=True, default="")
    task_hash = models.CharField(max_length=64)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "order"]
        constraints = [
            models.UniqueConstraint(fields=["run", "task_id"], name="eval_task_unique_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.task_id}"


class SampleStatus(models.TextChoices):
    PENDING = "PENDING", "not yet submitted"
    SUBMITTED = "SUBMITTED", "submitted; its judging is the latest one"
    DONE = "DONE", "judged"
    EXCLUDED = "EXCLUDED", "not scored: the sandbox or the endpoint failed"


class EvalSample(models.Model):
    run = models.ForeignKey(EvalRun, on_delete=models.CASCADE, related_name="samples")
    task = models.ForeignKey(EvalTask, on_delete=models.CASCADE, related_name="samples")
    index = models.PositiveIntegerField(help_text="Position among the task's samples.")
    completion = models.TextField(blank=True, default="")
    extra = models.JSONField(default=dict, blank=True, help_text="Other keys of the sample.")
    language = models.CharField(max_length=32)
    program = models.TextField(blank=True, default="")
    extraction = models.CharField(max_length=32, blank=True, default="")
    status = models.CharField(
        max_length=10, choices=SampleStatus.choices, default=SampleStatus.PENDING
    )
    submission = models.ForeignKey(
        "verification.Submission",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    judging = models.ForeignKey(
        "verification.Judging", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Judgings created.")
    verdict = models.CharField(max_length=8, blank=True, default="")
    passed = models.BooleanField(null=True, blank=True)
    cases = models.JSONField(default=dict, blank=True, help_text="Per-case summary.")
    error = models.TextField(blank=True, default="")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "task__order", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "task", "index"], name="eval_sample_unique_per_task"
            )
        ]
        indexes = [models.Index(fields=["run", "status"])]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.task_id}#{self.index} {self.status}"
