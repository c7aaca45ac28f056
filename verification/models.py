"""Problems, their test data, submissions, judgings and per-case results.

Test data is content-addressed (``TestData`` keyed by SHA-256), so re-importing a
problem never rewrites bytes an old case result refers to: changed cases become new
``TestCase`` rows and the old rows are retired, not edited.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from verification.verdicts import Verdict


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ProblemKind(models.TextChoices):
    STDIN_STDOUT = "stdin_stdout", "standard input / output"
    FUNCTION_CALL = "function_call", "function call"
    ASSERT = "assert", "assert-based tests"


class Problem(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=500)
    statement = models.TextField(blank=True, default="")
    kind = models.CharField(
        max_length=16, choices=ProblemKind.choices, default=ProblemKind.STDIN_STDOUT
    )
    time_limit_s = models.FloatField(default=2.0)
    time_limit_source = models.CharField(max_length=300, blank=True, default="")
    memory_limit_mb = models.PositiveIntegerField(default=512)
    output_limit_kb = models.PositiveIntegerField(default=64 * 1024)
    judge = models.ForeignKey(
        "judges.Judge", null=True, blank=True, on_delete=models.PROTECT, related_name="problems"
    )
    provenance = models.JSONField(default=dict, blank=True)
    format_version = models.CharField(max_length=16, blank=True, default="")
    interactive = models.BooleanField(
        default=False,
        help_text="The submission talks to the output validator (an interactor) over pipes.",
    )
    validation_passes = models.PositiveSmallIntegerField(
        default=1,
        help_text="The most passes of a multi-pass problem (the validator's nextpass.in); "
        "1 for a problem judged in one pass.",
    )
    scoring = models.JSONField(
        default=dict,
        blank=True,
        help_text="A scoring problem's test groups, points and aggregation (empty: pass-fail).",
    )
    inline = models.BooleanField(
        default=False, help_text="Holds the inline tests of one submission; not listed."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class TestData(models.Model):
    """Bytes of one test input or answer, stored once per distinct content."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    data = models.BinaryField()
    size = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.size} bytes)"


class TestCase(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="test_cases")
    name = models.CharField(max_length=300)
    group = models.CharField(max_length=200, default="secret")
    order = models.PositiveIntegerField()
    input = models.ForeignKey(TestData, on_delete=models.PROTECT, related_name="+")
    answer = models.ForeignKey(TestData, on_delete=models.PROTECT, related_name="+")
    validator_args = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["problem", "order"]
        indexes = [models.Index(fields=["problem", "active", "order"])]

    def __str__(self) -> str:
        return f"{self.problem_id}:{self.name}"

    @staticmethod
    def hash_content(
        input_sha: str, answer_sha: str, validator_args: list[str] | tuple[str, ...]
    ) -> str:
        joined = "\0".join([input_sha, answer_sha, *validator_args])
        return sha256_hex(joined.encode())


class Submission(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="submissions")
    language = models.CharField(max_length=32)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    stop_on_first_failure = models.BooleanField(default=False)
    priority = models.PositiveSmallIntegerField(default=5)
    options = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="The client's Idempotency-Key: a retried submit returns this submission.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="submission_idempotency_key_unique_per_owner",
            )
        ]

    def __str__(self) -> str:
        return f"submission {self.pk} ({self.language})"


class SubmissionSource(models.Model):
    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="source", primary_key=True
    )
    text = models.TextField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"source of submission {self.submission_id}"


class JudgingStatus(models.TextChoices):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"


class Judging(models.Model):
    """One judging of a submission. A rejudge is a new row; old rows stay."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="judgings")
    status = models.CharField(
        max_length=8, choices=JudgingStatus.choices, default=JudgingStatus.QUEUED
    )
    verdict = models.CharField(max_length=8, choices=Verdict.choices, blank=True, default="")
    judge = models.ForeignKey(
        "judges.Judge", null=True, on_delete=models.PROTECT, related_name="judgings"
    )
    case_ids = models.JSONField(default=list, help_text="Test case ids in test order.")
    first_failure_order = models.IntegerField(
        null=True, blank=True, help_text="Smallest failing case index seen (early stop)."
    )
    compile_info = models.JSONField(default=dict, blank=True)
    score = models.FloatField(
        null=True, blank=True, help_text="The submission's score (scoring problems only)."
    )
    group_scores = models.JSONField(
        default=dict, blank=True, help_text="Per test group: verdict, score, max_score."
    )
    error = models.TextField(
        blank=True, default="", help_text="Why the system failed this judging (verdict SE)."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Times its chord was sent to the broker (re-enqueues included)."
    )
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text="Last enqueue, or last batch started or ended."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"judging {self.pk} of submission {self.submission_id}: {self.status}"


class BatchClaim(models.Model):
    """A case batch being run now: which worker holds it, since when.

    Written when a batch starts and deleted when it ends, so a row that outlives its
    worker's heartbeat (or the task's hard time limit) marks a batch nobody will finish.
    """

    judging = models.ForeignKey(Judging, on_delete=models.CASCADE, related_name="claims")
    first_case_id = models.IntegerField()
    worker = models.CharField(max_length=255)
    claimed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["judging", "first_case_id"], name="batch_claim_unique_per_batch"
            )
        ]

    def __str__(self) -> str:
        return f"batch {self.judging_id}:{self.first_case_id} on {self.worker}"


class CaseResult(models.Model):
    judging = models.ForeignKey(Judging, on_delete=models.CASCADE, related_name="case_results")
    test_case = models.ForeignKey(TestCase, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField()
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    time_s = models.FloatField(null=True, blank=True, help_text="CPU seconds.")
    wall_time_s = models.FloatField(null=True, blank=True)
    memory_kb = models.PositiveIntegerField(null=True, blank=True)
    exit_code = models.IntegerField(null=True, blank=True)
    signal = models.IntegerField(null=True, blank=True)
    stdout_excerpt = models.TextField(blank=True, default="")
    stderr_excerpt = models.TextField(blank=True, default="")
    checker_message = models.TextField(blank=True, default="")
    score = models.FloatField(null=True, blank=True)
    judge = models.ForeignKey(
        "judges.Judge", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.CharField(max_length=255, blank=True, default="")
    isolation = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["judging", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["judging", "test_case"], name="case_result_unique_per_judging"
            )
        ]

    def __str__(self) -> str:
        return f"{self.judging_id}:{self.order} {self.verdict}"


class ReferenceSolution(models.Model):
    """A solution shipped with a problem package, with the verdict it is expected to get."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="reference_solutions"
    )
    path = models.CharField(max_length=500)
    language = models.CharField(max_length=32)
    source = models.TextField()
    expected = models.CharField(max_length=64)
    expected_verdicts = models.JSONField(default=list)
    permitted = models.JSONField(default=list, help_text="Case verdicts allowed (empty: any).")
    required = models.JSONField(
        default=list, help_text="Verdict sets: each must contain some case's verdict."
    )
    expected_score = models.JSONField(
        null=True, blank=True, help_text="[low, high] the package states (scoring problems)."
    )
    last_case_verdicts = models.JSONField(default=list, blank=True)
    last_score = models.FloatField(null=True, blank=True)
    last_verdict = models.CharField(max_length=8, blank=True, default="")
    last_verified_ok = models.BooleanField(null=True, blank=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["problem", "path"]
        constraints = [
            models.UniqueConstraint(fields=["problem", "path"], name="reference_solution_unique")
        ]

    def __str__(self) -> str:
        return f"{self.problem_id}:{self.path}"


class WorkerHost(models.Model):
    """A celery worker and what it can run, recorded by the worker when it starts."""

    name = models.CharField(max_length=255, unique=True)
    hostname = models.CharField(max_length=255)
    isolation = models.CharField(max_length=64)
    languages = models.JSONField(default=dict, help_text="language -> version, self-test passed")
    failed_languages = models.JSONField(default=dict, help_text="language -> why its test failed")
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField()
    online = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
