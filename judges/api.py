"""REST endpoints (/api/v1/judges/): trigger generation, read a judge's or a batch's state."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from judges import selectors
from judges.models import GenerationBatch, Judge, JudgeGeneration
from judges.services_generation import generation_batch_create
from verification.errors import Forbidden


class GenerateIn(serializers.Serializer):
    problems = serializers.ListField(
        child=serializers.SlugField(), required=False, allow_empty=False, max_length=10_000
    )
    concurrency = serializers.IntegerField(required=False, min_value=1, max_value=64)


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

    def get_results(self, batch: GenerationBatch) -> list[dict[str, Any]]:
        rows = batch.generations.select_related("problem", "judge").order_by("id")
        return [GenerationOut(g).data for g in rows]


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


class GenerateJudges(APIView):
    """Start generating special judges for the named problems (staff only)."""

    @extend_schema(request=GenerateIn, responses={202: BatchOut})
    def post(self, request: Request) -> Response:
        if not request.user.is_staff:
            raise Forbidden("only staff may start judge generation")
        data = GenerateIn(data=request.data)
        data.is_valid(raise_exception=True)
        batch = generation_batch_create(
            slugs=data.validated_data.get("problems"),
            user=request.user,
            concurrency=data.validated_data.get("concurrency"),
        )
        batch.refresh_from_db()
        return Response(BatchOut(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetail(APIView):
    @extend_schema(responses=BatchOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(BatchOut(selectors.batch_get(batch_id=pk)).data)


class JudgeDetail(APIView):
    @extend_schema(responses=JudgeOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(JudgeOut(selectors.judge_get(judge_id=pk)).data)


class ProblemJudgeState(APIView):
    """The judge deciding a problem's verdicts now, and its latest generation."""

    @extend_schema(responses=dict)
    def get(self, request: Request, slug: str) -> Response:
        found = selectors.problem_judging_state(slug=slug)
        generation = found["generation"]
        return Response(
            {
                "problem": slug,
                "active_judge": JudgeOut(found["active"]).data if found["active"] else None,
                "latest_generation": GenerationOut(generation).data if generation else None,
            }
        )
