"""REST endpoints (/api/v1/judges/): trigger generation, read a judge's or a batch's state."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from judges.checkers import OUTPUT_CHECKERS, CheckerArgumentError
from judges.custom import JudgeBuildError, judge_build
from judges.models import GenerationBatch, Judge, JudgeGeneration, JudgeKind
from judges.services import judge_builtin_args_validate
from judges.services_generation import generation_batch_create
from judges.services_review import judge_activate, judge_create_by_staff
from verification.api import schema as docs
from verification.api.schema import error_responses
from verification.api.serializers import StrictInput
from verification.errors import Forbidden, InvalidInput, NotFound
from verification.selectors import (
    generation_batch_visible_get,
    judge_visible_get,
    problem_judging_state,
    problem_visible_get,
    problems_visible_to,
)


def _all_visible(slugs: list[str], user: Any) -> None:
    found = set(problems_visible_to(user).filter(slug__in=slugs).values_list("slug", flat=True))
    missing = [slug for slug in dict.fromkeys(slugs) if slug not in found]
    if missing:
        raise NotFound(f"no problem with slug {', '.join(map(repr, missing))}", field="problems")


class JsonSlugField(serializers.SlugField):
    """A slug sent as a JSON string (a number is not coerced into one)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class JsonIntegerField(serializers.IntegerField):
    """An integer sent as a JSON number: not a string, a fraction or a boolean."""

    default_error_messages = {"invalid": "must be an integer (a JSON number)."}

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class JsonBooleanField(serializers.BooleanField):
    """true or false, nothing that merely looks like them ("yes", 1)."""

    default_error_messages = {"invalid": "must be true or false."}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class GenerateIn(StrictInput):
    """Either ``problems``, the slugs to generate judges for, or ``"all": true``: every
    listed stdin/stdout problem still judged by a built-in checker and with no generated
    judge waiting for review. Never both, never neither: an empty, unknown or mistyped body
    is refused with 400 and starts nothing. ``concurrency`` (1-64) is optional."""

    problems = serializers.ListField(
        child=JsonSlugField(), required=False, allow_empty=False, max_length=10_000
    )
    all = JsonBooleanField(required=False, default=False)
    concurrency = JsonIntegerField(required=False, min_value=1, max_value=64)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": ["the request body must be a JSON object"]}
            )
        return super().to_internal_value(data)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["all"] and "problems" in attrs:
            raise serializers.ValidationError("send 'problems' or \"all\": true, not both")
        if not attrs["all"] and "problems" not in attrs:
            raise serializers.ValidationError(
                "name the problems in 'problems', or send \"all\": true for every problem "
                "that wants a judge"
            )
        return attrs


class GenerationOut(serializers.ModelSerializer):
    problem = serializers.CharField(source="problem.slug")
    state = serializers.CharField(source="status")
    judge = serializers.IntegerField(source="judge_id", allow_null=True)

    class Meta:
        model = JudgeGeneration
        fields = [
            "id",
            "problem",
            "needs_special_judge",
            "kinds",
            "state",
            "attempts",
            "judge",
            "classified_by",
            "error",
            "created_at",
            "finished_at",
        ]


class BatchOut(serializers.ModelSerializer):
    results = serializers.SerializerMethodField()

    class Meta:
        model = GenerationBatch
        fields = [
            "id",
            "status",
            "total",
            "done",
            "failed",
            "concurrency",
            "problems",
            "created_at",
            "finished_at",
            "results",
        ]

    @extend_schema_field(GenerationOut(many=True))
    def get_results(self, batch: GenerationBatch) -> list[dict[str, Any]]:
        rows = batch.generations.select_related("problem", "judge").order_by("id")
        return [GenerationOut(g).data for g in rows]


class JudgeOut(serializers.ModelSerializer):
    problem = serializers.SerializerMethodField()
    approved_by = serializers.CharField(source="approved_by.username", allow_null=True)
    validation = serializers.SerializerMethodField()
    decides_problem = serializers.SerializerMethodField()

    class Meta:
        model = Judge
        fields = [
            "id",
            "key",
            "version",
            "kind",
            "origin",
            "state",
            "decides_problem",
            "problem",
            "builtin_name",
            "args",
            "language",
            "entry",
            "auto_approved",
            "approved_by",
            "approved_at",
            "validated_at",
            "validation",
            "created_at",
        ]

    def get_problem(self, judge: Judge) -> str | None:
        return judge.problem.slug if judge.problem else None

    def get_decides_problem(self, judge: Judge) -> bool:
        return judge.problem is not None and judge.problem.judge_id == judge.id

    def get_validation(self, judge: Judge) -> dict[str, Any]:
        record = judge.validation or {}
        return {key: record[key] for key in ("ok", "summary", "failures") if key in record}


class ProblemJudgeStateOut(serializers.Serializer):
    problem = serializers.SlugField()
    active_judge = JudgeOut(allow_null=True)
    latest_generation = GenerationOut(allow_null=True)


JSON = "application/json"


class GenerateJudges(APIView):
    """Start generating special judges (staff only): for the problems named in
    ``{"problems": [SLUG, ...]}``, or for every problem that wants one with
    ``{"all": true}``. The body is a JSON object with exactly one of the two (and
    optionally ``concurrency``); anything else is a 400 that starts nothing. A slug that
    names no problem the caller can see (an inline problem's included) is a 404."""

    parser_classes = [JSONParser]

    @extend_schema(request={JSON: GenerateIn}, responses={202: BatchOut, **error_responses(404)})
    def post(self, request: Request) -> Response:
        if not request.user.is_staff:
            raise Forbidden("only staff may start judge generation")
        data = GenerateIn(data=request.data)
        data.is_valid(raise_exception=True)
        slugs = data.validated_data.get("problems")
        if slugs is not None:
            _all_visible(slugs, request.user)
        batch = generation_batch_create(
            slugs=slugs,
            user=request.user,
            concurrency=data.validated_data.get("concurrency"),
        )
        batch.refresh_from_db()
        return Response(BatchOut(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetail(APIView):
    @extend_schema(responses={200: BatchOut, **error_responses(404)})
    def get(self, request: Request, pk: int) -> Response:
        batch = generation_batch_visible_get(batch_id=pk, user=request.user)
        return Response(BatchOut(batch).data)


class JudgeDetail(APIView):
    @extend_schema(responses={200: JudgeOut, **error_responses(404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(JudgeOut(judge_visible_get(judge_id=pk, user=request.user)).data)


class ProblemJudgeState(APIView):
    """The judge deciding a problem's verdicts now, and its latest generation."""

    @extend_schema(
        responses={200: ProblemJudgeStateOut, **error_responses(404)},
        parameters=[docs.SLUG_PATH],
    )
    def get(self, request: Request, slug: str) -> Response:
        problem = problem_visible_get(slug=slug, user=request.user)
        found = problem_judging_state(problem=problem)
        generation = found["generation"]
        return Response(
            {
                "problem": slug,
                "active_judge": JudgeOut(found["active"]).data if found["active"] else None,
                "latest_generation": GenerationOut(generation).data if generation else None,
            }
        )


class JudgeIn(StrictInput):
    """A judge written by staff. ``kind`` is its protocol: builtin (a checker of the
    library with ``args``), kattis, testlib or python (source ``files`` and ``entry``)."""

    problem = serializers.SlugField()
    kind = serializers.ChoiceField(choices=JudgeKind.choices)
    builtin_name = serializers.CharField(required=False, default="")
    args = serializers.ListField(child=serializers.CharField(), default=list)
    language = serializers.ChoiceField(
        choices=["", "python", "cpp", "c", "script"], required=False, default=""
    )
    files = serializers.DictField(child=serializers.CharField(trim_whitespace=False), default=dict)
    entry = serializers.CharField(required=False, default="")
    activate = serializers.BooleanField(default=True)


class JudgeCreate(APIView):
    """Create a staff-written judge version (approved on creation) and, by default, make
    it the one that decides the problem's verdicts. Staff only."""

    @extend_schema(
        request={JSON: JudgeIn},
        responses={201: JudgeOut, **error_responses(404)},
        examples=docs.JUDGE_EXAMPLES,
    )
    def post(self, request: Request) -> Response:
        if not request.user.is_staff:
            raise Forbidden("only staff may write judges")
        data = JudgeIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        problem = problem_visible_get(slug=v["problem"], user=request.user)
        if v["kind"] == JudgeKind.BUILTIN:
            if v["builtin_name"] not in OUTPUT_CHECKERS:
                known = ", ".join(sorted(OUTPUT_CHECKERS))
                raise InvalidInput(
                    f"unknown built-in checker {v['builtin_name']!r}; known: {known}",
                    field="builtin_name",
                )
            # A case is judged with the judge's args followed by its own validator_args.
            with_cases: dict[tuple[str, ...], str] = {(): ""}
            cases = problem.test_cases.filter(active=True).order_by("order")
            for name, case_args in cases.values_list("name", "validator_args"):
                with_cases.setdefault(tuple(case_args), f", with test case {name}'s {case_args}")
            for case_args, where in with_cases.items():
                try:
                    judge_builtin_args_validate(
                        name=v["builtin_name"], args=[*v["args"], *case_args]
                    )
                except CheckerArgumentError as exc:
                    raise InvalidInput(
                        f"the {v['builtin_name']} checker refuses args {v['args']!r}{where}: {exc}",
                        field="args",
                    ) from None
        elif not v["files"] or not v["entry"] or v["entry"] not in v["files"]:
            raise InvalidInput(
                "a custom judge needs its source files and an entry that is one of them",
                field="files",
            )
        judge = Judge(
            problem=problem,
            kind=v["kind"],
            builtin_name=v["builtin_name"] if v["kind"] == JudgeKind.BUILTIN else "",
            args=v["args"],
            language=v["language"] or ("python" if v["kind"] == JudgeKind.PYTHON else ""),
            files=v["files"] if v["kind"] != JudgeKind.BUILTIN else {},
            entry=v["entry"] if v["kind"] != JudgeKind.BUILTIN else "",
        )
        if judge.kind != JudgeKind.BUILTIN:
            try:
                judge_build(judge)
            except JudgeBuildError as exc:
                raise InvalidInput(str(exc), field="files") from None
        with transaction.atomic():
            judge = judge_create_by_staff(judge=judge, user=request.user)
            if v["activate"]:
                judge = judge_activate(judge=judge, user=request.user)
        return Response(JudgeOut(judge).data, status=status.HTTP_201_CREATED)
