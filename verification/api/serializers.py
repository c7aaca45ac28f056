"""Input and output serializers of the native API, side by side."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.conf import settings
from rest_framework import serializers

from judges.checkers import CheckerArgumentError
from judges.services import judge_builtin_args_validate
from verification import bounds
from verification.errors import InvalidInput
from verification.models import CaseResult, Judging, Problem, Submission
from verification.outcome import STORED_FIELDS

# --- strict input fields: JSON types are not coerced ---------------------------------


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


class Text(serializers.CharField):
    """A string, never a number or a boolean turned into one."""

    default_error_messages = {"type": "must be a string, got {kind}"}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("type", kind=_json_type(data))
        return str(super().to_internal_value(data))


class Slug(serializers.SlugField):
    """A slug given as a string."""

    default_error_messages = {"type": "must be a string, got {kind}"}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("type", kind=_json_type(data))
        return str(super().to_internal_value(data))


class Integer(serializers.IntegerField):
    """A JSON integer: not a string of digits, a boolean or a fraction."""

    default_error_messages = {"type": "must be an integer, got {kind}"}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("type", kind=_json_type(data))
        return int(super().to_internal_value(data))


class Number(serializers.FloatField):
    """A finite JSON number: not a string or a boolean."""

    default_error_messages = {"type": "must be a finite number, got {kind}"}

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("type", kind=_json_type(data))
        if isinstance(data, float) and not math.isfinite(data):
            self.fail("type", kind=repr(data))
        return float(super().to_internal_value(data))


class Boolean(serializers.BooleanField):
    """true or false, not "yes", 1 or "on"."""

    default_error_messages = {"type": "must be true or false, got {kind}"}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("type", kind=_json_type(data))
        return data


def _in_range(check: Callable[..., Any], value: Any, field: str) -> Any:
    """A limit inside the server's range, or the range in a validation error."""
    if value is None:
        return value
    try:
        return check(value, field=field)
    except InvalidInput as exc:
        raise serializers.ValidationError(exc.message) from None


def _checker_flags(
    flags: Sequence[str], where: str = "validator_flags", checker: str = "default"
) -> None:
    """Flags the checker understands (otherwise every case would end JE)."""
    try:
        judge_builtin_args_validate(name=checker, args=flags)
    except CheckerArgumentError as exc:
        raise serializers.ValidationError({where: f"{checker} checker: {exc}"}) from None


class StrictInput(serializers.Serializer):
    """A request body (or a part of one) whose keys are all fields of it: a key it does
    not know is refused with 400, naming it, instead of dropped without a word (a
    misspelt ``time_limit`` would leave the default limit in force)."""

    # What DRF's browsable API adds to the forms it posts: never a client's field.
    FORM_KEYS = frozenset({"csrfmiddlewaretoken"})
    # Keys a client reads back but may not set, and why: refused with that reason.
    NOT_SETTABLE: ClassVar[dict[str, str]] = {}

    def to_internal_value(self, data: Any) -> Any:
        # The fields' own errors (one missing, one of the wrong type) come first.
        value = super().to_internal_value(data)
        writable = {name for name, field in self.fields.items() if not field.read_only}
        unknown = sorted(set(data) - writable - self.FORM_KEYS)
        if unknown:
            name = unknown[0]
            known = ", ".join(sorted(writable))
            reason = self.NOT_SETTABLE.get(name, f"unknown field {name!r}; the fields are: {known}")
            raise serializers.ValidationError({name: [reason]})
        return value


class LimitsIn(StrictInput):
    """Validation of the run limits a request may set, against the server's ranges."""

    def validate_time_limit_s(self, value: float | None) -> float | None:
        return _in_range(bounds.time_limit_check, value, "time_limit_s")

    def validate_memory_limit_mb(self, value: int | None) -> int | None:
        return _in_range(bounds.memory_limit_check, value, "memory_limit_mb")

    def validate_output_limit_kb(self, value: int | None) -> int | None:
        return _in_range(bounds.output_limit_check, value, "output_limit_kb")


class TestCaseIn(StrictInput):
    name = Text(max_length=300, required=False)
    group = Text(max_length=200, default="secret")
    input = Text(allow_blank=True, trim_whitespace=False)
    answer = Text(allow_blank=True, trim_whitespace=False)
    validator_args = serializers.ListField(child=Text(), default=list)


class TestCasesIn(StrictInput):
    test_cases = TestCaseIn(many=True, allow_empty=False)

    def validate_test_cases(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > settings.SCALEBOX_MAX_CASES:
            raise serializers.ValidationError(
                f"{len(value)} test cases; the limit is {settings.SCALEBOX_MAX_CASES}"
            )
        return value


# How a problem is judged is its package's to say, never a client's: read-only.
PACKAGE_DECIDES = ("interactive", "validation_passes")


class ProblemIn(TestCasesIn, LimitsIn):
    NOT_SETTABLE: ClassVar[dict[str, str]] = {
        name: f"{name} is not set here: a problem package says it (upload the package)"
        for name in PACKAGE_DECIDES
    }

    slug = Slug(max_length=200)
    title = Text(max_length=500, required=False, default="")
    statement = Text(required=False, default="", allow_blank=True)
    time_limit_s = Number(required=False)
    memory_limit_mb = Integer(required=False)
    output_limit_kb = Integer(required=False)
    validator_flags = serializers.ListField(child=Text(), default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        flags = attrs.get("validator_flags") or []
        _checker_flags(flags)
        for i, case in enumerate(attrs.get("test_cases") or []):
            if case.get("validator_args"):
                _checker_flags([*flags, *case["validator_args"]], f"test_cases.{i}.validator_args")
        return attrs


class ProblemUploadIn(StrictInput):
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
            "interactive",
            "validation_passes",
            "test_case_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = list(PACKAGE_DECIDES)


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


class FunctionCallTestIn(StrictInput):
    """One call: the program's ``fn_name`` (or ``Solution().fn_name``) with ``args``; its
    return value must match ``expected`` (see verification/harness/typed.py)."""

    name = Text(max_length=300, required=False)
    fn_name = Text(max_length=200)
    args = serializers.ListField(child=serializers.JSONField(), default=list)
    expected = serializers.JSONField(allow_null=True)


class AssertTestIn(StrictInput):
    """Test code run against the program: HumanEval's ``check(candidate)`` with an
    ``entry_point``, or plain asserts that call the program's functions by name."""

    name = Text(max_length=300, required=False)
    test = Text(trim_whitespace=False)
    entry_point = Text(max_length=200, required=False, allow_null=True)


TEST_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    "stdin_stdout": TestCaseIn,
    "function_call": FunctionCallTestIn,
    "assert": AssertTestIn,
}


class SubmissionIn(LimitsIn):
    problem = Slug(required=False)
    kind = serializers.ChoiceField(choices=sorted(TEST_SERIALIZERS), default="stdin_stdout")
    tests = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        allow_empty=False,
        help_text="Inline tests, shaped by `kind`: stdin_stdout {input, answer}, "
        "function_call {fn_name, args, expected}, assert {test, entry_point}.",
    )
    language = Text(max_length=32)
    # A field named "source" shadows Field.source in the type stubs, not at run time.
    source = Text(trim_whitespace=False, allow_blank=True)  # type: ignore[assignment]
    stop_on_first_failure = Boolean(
        default=True,
        help_text="Stop at the first case that fails (the rest are SKIPPED): the verdict "
        "is the same, a failing program costs one case instead of all. false runs every "
        "case, for per-case results.",
    )
    priority = Integer(default=5, min_value=0, max_value=9)
    time_limit_s = Number(required=False)
    memory_limit_mb = Integer(required=False)
    output_limit_kb = Integer(
        required=False, help_text="With inline tests: their output limit (a problem has its own)."
    )
    validator_flags = serializers.ListField(child=Text(), default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("problem")) == bool(attrs.get("tests")):
            raise serializers.ValidationError("give either 'problem' or 'tests', not both")
        if attrs.get("problem") and attrs.get("output_limit_kb") is not None:
            raise serializers.ValidationError(
                {"output_limit_kb": "only with inline tests: a problem's output limit is its own"}
            )
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
        flags = attrs.get("validator_flags") or []
        if attrs["kind"] == "function_call":
            _checker_flags(flags, checker="function_call")  # float tolerances
        elif attrs["kind"] != "stdin_stdout":
            if flags:
                raise serializers.ValidationError(
                    {"validator_flags": f"{attrs['kind']} tests take no validator flags"}
                )
        elif tests:
            _checker_flags(flags)
            for i, test in enumerate(checked):
                if test.get("validator_args"):
                    _checker_flags([*flags, *test["validator_args"]], f"tests.{i}.validator_args")
        return attrs


class SubmissionBatchIn(StrictInput):
    submissions = SubmissionIn(many=True, allow_empty=False)

    def validate_submissions(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        limit = settings.SCALEBOX_MAX_BATCH_SUBMISSIONS
        if len(value) > limit:
            raise serializers.ValidationError(f"{len(value)} submissions; the limit is {limit}")
        return value


class CaseResultOut(serializers.ModelSerializer):
    """A stored case outcome (``verification.outcome.CaseOutcome``, every field in its
    order, the judge by name) after its place, name and group."""

    name: serializers.Field = serializers.CharField(source="test_case.name")
    group = serializers.CharField(source="test_case.group")
    judge: serializers.Field = serializers.StringRelatedField()

    class Meta:
        model = CaseResult
        fields = [
            "order",
            "name",
            "group",
            *("judge" if field == "judge_id" else field for field in STORED_FIELDS),
        ]


class JudgingOut(serializers.ModelSerializer):
    cases = serializers.SerializerMethodField()

    class Meta:
        model = Judging
        fields = [
            "id",
            "status",
            "verdict",
            "score",
            "group_scores",
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
        fields = ["id", "status", "verdict", "score", "created_at", "finished_at"]


class SubmissionOut(serializers.ModelSerializer):
    problem: serializers.Field = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner: serializers.Field = serializers.StringRelatedField()
    status = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField(
        help_text="The latest judging's score: scoring problems only, else null."
    )

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
            "score",
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

    def get_score(self, submission: Submission) -> float | None:
        latest = self._latest(submission)
        return latest.score if latest else None


class SubmissionDetailOut(SubmissionOut):
    source = serializers.CharField(source="source.text")  # type: ignore[assignment]
    judging = serializers.SerializerMethodField()
    judgings = JudgingBriefOut(many=True, read_only=True)

    class Meta(SubmissionOut.Meta):
        fields = [*SubmissionOut.Meta.fields, "source", "judging", "judgings"]

    def get_judging(self, submission: Submission) -> dict[str, Any] | None:
        latest = self._latest(submission)
        return JudgingOut(latest).data if latest else None


class TokenIn(StrictInput):
    username = Text(max_length=150)
    password = Text(max_length=4096, trim_whitespace=False)


class TokenOut(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as 'Authorization: Token <token>'.")
    username = serializers.CharField()
