"""Input and output serializers of the native API, side by side."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from verification.models import CaseResult, Judging, Problem, Submission


class TestCaseIn(serializers.Serializer):
    name = serializers.CharField(max_length=300, required=False)
    group = serializers.CharField(max_length=200, default="secret")
    input = serializers.CharField(allow_blank=True, trim_whitespace=False)
    answer = serializers.CharField(allow_blank=True, trim_whitespace=False)
    validator_args = serializers.ListField(child=serializers.CharField(), default=list)


class TestCasesIn(serializers.Serializer):
    test_cases = TestCaseIn(many=True, allow_empty=False)

    def validate_test_cases(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > settings.SCALEBOX_MAX_CASES:
            raise serializers.ValidationError(
                f"{len(value)} test cases; the limit is {settings.SCALEBOX_MAX_CASES}"
            )
        return value


class ProblemIn(TestCasesIn):
    slug = serializers.SlugField(max_length=200)
    title = serializers.CharField(max_length=500, required=False, default="")
    statement = serializers.CharField(required=False, default="", allow_blank=True)
    time_limit_s = serializers.FloatField(required=False, min_value=0.01, max_value=600)
    memory_limit_mb = serializers.IntegerField(required=False, min_value=16, max_value=65536)
    output_limit_kb = serializers.IntegerField(required=False, min_value=1)
    validator_flags = serializers.ListField(child=serializers.CharField(), default=list)


class ProblemUploadIn(serializers.Serializer):
    package = serializers.FileField()
    slug = serializers.SlugField(max_length=200, required=False)


class ProblemOut(serializers.ModelSerializer):
    judge: serializers.Field = serializers.StringRelatedField()
    test_case_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Problem
        fields = [
            "slug",
            "title",
            "kind",
            "time_limit_s",
            "time_limit_source",
            "memory_limit_mb",
            "output_limit_kb",
            "judge",
            "provenance",
            "format_version",
            "test_case_count",
            "created_at",
            "updated_at",
        ]


class ProblemDetailOut(ProblemOut):
    groups = serializers.SerializerMethodField()

    class Meta(ProblemOut.Meta):
        fields = [*ProblemOut.Meta.fields, "statement", "groups"]

    def get_groups(self, problem: Problem) -> list[dict[str, Any]]:
        groups: dict[str, dict[str, Any]] = {}
        for group, in_size, ans_size in problem.test_cases.filter(active=True).values_list(
            "group", "input__size", "answer__size"
        ):
            entry = groups.setdefault(group, {"group": group, "cases": 0, "bytes": 0})
            entry["cases"] += 1
            entry["bytes"] += in_size + ans_size
        return list(groups.values())


class ProblemUploadOut(ProblemDetailOut):
    """The imported problem, with what of the package was ignored (pass ``warnings`` in
    the serializer's context): e.g. a reference solution in an unknown language."""

    warnings = serializers.SerializerMethodField()

    class Meta(ProblemDetailOut.Meta):
        fields = [*ProblemDetailOut.Meta.fields, "warnings"]

    def get_warnings(self, problem: Problem) -> list[str]:
        return list(self.context.get("warnings", ()))


class FunctionCallTestIn(serializers.Serializer):
    """One call: the program's ``fn_name`` (or ``Solution().fn_name``) with ``args``; its
    return value must match ``expected`` (see verification/harness/typed.py)."""

    name = serializers.CharField(max_length=300, required=False)
    fn_name = serializers.CharField(max_length=200)
    args = serializers.ListField(child=serializers.JSONField(), default=list)
    expected = serializers.JSONField(allow_null=True)


class AssertTestIn(serializers.Serializer):
    """Test code run against the program: HumanEval's ``check(candidate)`` with an
    ``entry_point``, or plain asserts that call the program's functions by name."""

    name = serializers.CharField(max_length=300, required=False)
    test = serializers.CharField(trim_whitespace=False)
    entry_point = serializers.CharField(max_length=200, required=False, allow_null=True)


TEST_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    "stdin_stdout": TestCaseIn,
    "function_call": FunctionCallTestIn,
    "assert": AssertTestIn,
}


class SubmissionIn(serializers.Serializer):
    problem = serializers.SlugField(required=False)
    kind = serializers.ChoiceField(choices=sorted(TEST_SERIALIZERS), default="stdin_stdout")
    tests = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        allow_empty=False,
        help_text="Inline tests, shaped by `kind`: stdin_stdout {input, answer}, "
        "function_call {fn_name, args, expected}, assert {test, entry_point}.",
    )
    language = serializers.CharField(max_length=32)
    # A field named "source" shadows Field.source in the type stubs, not at run time.
    source = serializers.CharField(trim_whitespace=False, allow_blank=True)  # type: ignore[assignment]
    stop_on_first_failure = serializers.BooleanField(default=False)
    priority = serializers.IntegerField(default=5, min_value=0, max_value=9)
    time_limit_s = serializers.FloatField(required=False, min_value=0.01, max_value=600)
    memory_limit_mb = serializers.IntegerField(required=False, min_value=16, max_value=65536)
    validator_flags = serializers.ListField(child=serializers.CharField(), default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("problem")) == bool(attrs.get("tests")):
            raise serializers.ValidationError("give either 'problem' or 'tests', not both")
        tests = attrs.get("tests") or []
        if len(tests) > settings.SCALEBOX_MAX_CASES:
            raise serializers.ValidationError(
                {"tests": f"{len(tests)} test cases; the limit is {settings.SCALEBOX_MAX_CASES}"}
            )
        shape = TEST_SERIALIZERS[attrs["kind"]]
        checked = []
        for i, test in enumerate(tests):
            item = shape(data=test)
            if not item.is_valid():
                raise serializers.ValidationError({f"tests.{i}": item.errors})
            checked.append(dict(item.validated_data))
        attrs["tests"] = checked
        return attrs


class SubmissionBatchIn(serializers.Serializer):
    submissions = SubmissionIn(many=True, allow_empty=False)

    def validate_submissions(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        limit = settings.SCALEBOX_MAX_BATCH_SUBMISSIONS
        if len(value) > limit:
            raise serializers.ValidationError(f"{len(value)} submissions; the limit is {limit}")
        return value


class CaseResultOut(serializers.ModelSerializer):
    name: serializers.Field = serializers.CharField(source="test_case.name")
    group = serializers.CharField(source="test_case.group")
    judge: serializers.Field = serializers.StringRelatedField()

    class Meta:
        model = CaseResult
        fields = [
            "order",
            "name",
            "group",
            "verdict",
            "time_s",
            "wall_time_s",
            "memory_kb",
            "exit_code",
            "signal",
            "stdout_excerpt",
            "stderr_excerpt",
            "checker_message",
            "score",
            "judge",
            "worker",
            "isolation",
        ]


class JudgingOut(serializers.ModelSerializer):
    cases = serializers.SerializerMethodField()

    class Meta:
        model = Judging
        fields = [
            "id",
            "status",
            "verdict",
            "compile_info",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "cases",
        ]

    def get_cases(self, judging: Judging) -> list[dict[str, Any]]:
        rows = judging.case_results.select_related("test_case", "judge").order_by("order")
        return list(CaseResultOut(rows, many=True).data)


class JudgingBriefOut(serializers.ModelSerializer):
    class Meta:
        model = Judging
        fields = ["id", "status", "verdict", "created_at", "finished_at"]


class SubmissionOut(serializers.ModelSerializer):
    problem: serializers.Field = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner: serializers.Field = serializers.StringRelatedField()
    status = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "problem",
            "language",
            "owner",
            "stop_on_first_failure",
            "priority",
            "options",
            "created_at",
            "status",
            "verdict",
        ]

    def _latest(self, submission: Submission) -> Judging | None:
        judgings = list(submission.judgings.all())
        return max(judgings, key=lambda j: j.id) if judgings else None

    def get_status(self, submission: Submission) -> str | None:
        latest = self._latest(submission)
        return latest.status if latest else None

    def get_verdict(self, submission: Submission) -> str | None:
        latest = self._latest(submission)
        return (latest.verdict or None) if latest else None


class SubmissionDetailOut(SubmissionOut):
    source = serializers.CharField(source="source.text")  # type: ignore[assignment]
    judging = serializers.SerializerMethodField()
    judgings = JudgingBriefOut(many=True, read_only=True)

    class Meta(SubmissionOut.Meta):
        fields = [*SubmissionOut.Meta.fields, "source", "judging", "judgings"]

    def get_judging(self, submission: Submission) -> dict[str, Any] | None:
        latest = self._latest(submission)
        return JudgingOut(latest).data if latest else None
