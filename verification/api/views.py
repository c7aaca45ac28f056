"""The native REST API (/api/v1/). Views validate input and call services; nothing more."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.authtoken.models import Token
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verification import selectors, services, services_judging
from verification.api import schema as docs
from verification.api import serializers as s
from verification.api.filters import SubmissionFilter
from verification.api.schema import error_responses
from verification.errors import Conflict, Forbidden, InvalidInput, NotFound
from verification.harness.tests_json import assert_test, function_call_test
from verification.models import Judging, Problem, Submission, sha256_hex
from verification.problem_package import PackageError, load_package
from verification.services import CaseSpec
from verification.services_import import (
    INLINE_SLUG_PREFIX,
    case_args_check,
    problem_claim_confirm,
    problem_import,
    problem_slug_claim_check,
)

JSON = "application/json"
WAIT_PARAM = OpenApiParameter(
    "wait",
    {"type": "number", "minimum": 0},
    description="Seconds to block until the judging is done (capped).",
)


def _case_specs(rows: list[dict[str, Any]], kind: str = "stdin_stdout") -> list[CaseSpec]:
    specs = []
    for i, row in enumerate(rows, 1):
        if kind == "function_call":
            payload, answer = function_call_test(row["fn_name"], row["args"], row["expected"])
        elif kind == "assert":
            payload, answer = assert_test(row["test"], row.get("entry_point"))
        else:
            payload, answer = row["input"].encode(), row["answer"].encode()
        specs.append(
            CaseSpec(
                name=row.get("name") or f"{row.get('group', 'secret')}/{i:03d}",
                group=row.get("group", "secret"),
                input=payload,
                answer=answer,
                validator_args=tuple(row.get("validator_args") or ()),
            )
        )
    return specs


def _wait_seconds(request: Request) -> float:
    raw = request.query_params.get("wait")
    if raw is None:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(f"wait must be a number of seconds, got {raw!r}", field="wait") from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(
            f"wait must be a finite number of seconds, not negative; got {raw!r}", field="wait"
        )
    return min(value, settings.SCALEBOX_MAX_WAIT_S)


def _with_counts(problems: QuerySet[Problem]) -> QuerySet[Problem]:
    return problems.select_related("judge").annotate(
        test_case_count=Count("test_cases", filter=Q(test_cases__active=True))
    )


class ProblemListCreate(generics.GenericAPIView):
    serializer_class = s.ProblemOut

    @extend_schema(responses={200: s.ProblemOut(many=True), **error_responses(404)})
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(
            _with_counts(selectors.problems_visible_to(request.user)).order_by("slug")
        )
        return self.get_paginated_response(s.ProblemOut(page, many=True).data)

    @extend_schema(
        request={JSON: s.ProblemIn},
        responses={201: s.ProblemDetailOut, **error_responses()},
        examples=docs.PROBLEM_EXAMPLES,
    )
    def post(self, request: Request) -> Response:
        data = s.ProblemIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        slug = v["slug"]
        if not slug.startswith(INLINE_SLUG_PREFIX) and Problem.objects.filter(slug=slug).exists():
            raise InvalidInput(f"a problem with slug {slug!r} exists", field="slug")
        with transaction.atomic():
            problem_slug_claim_check(slug=slug, actor=request.user)
            problem = services.problem_upsert(
                slug=slug,
                title=v["title"] or slug,
                statement=v["statement"],
                cases=_case_specs(v["test_cases"]),
                time_limit_s=v.get("time_limit_s"),
                memory_limit_mb=v.get("memory_limit_mb"),
                output_limit_kb=v.get("output_limit_kb"),
                validator_flags=v["validator_flags"],
                owner=request.user,
            )
            problem_claim_confirm(problem=problem, actor=request.user)
        out = s.ProblemDetailOut(_with_counts(Problem.objects.all()).get(id=problem.id))
        return Response(out.data, status=status.HTTP_201_CREATED)


class ProblemDetail(APIView):
    @extend_schema(
        responses={200: s.ProblemDetailOut, **error_responses(404)}, parameters=[docs.SLUG_PATH]
    )
    def get(self, request: Request, slug: str) -> Response:
        problem = selectors.problem_visible_get(slug=slug, user=request.user)
        return Response(
            s.ProblemDetailOut(_with_counts(Problem.objects.all()).get(id=problem.id)).data
        )


class ProblemTestCases(APIView):
    """Replace a problem's tests in bulk (old cases are retired, not rewritten)."""

    @extend_schema(
        request={JSON: s.TestCasesIn},
        responses={200: s.ProblemDetailOut, **error_responses(404)},
        parameters=[docs.SLUG_PATH],
        examples=docs.TEST_CASES_EXAMPLES,
    )
    def put(self, request: Request, slug: str) -> Response:
        problem = selectors.problem_editable_get(slug=slug, user=request.user)
        data = s.TestCasesIn(data=request.data)
        data.is_valid(raise_exception=True)
        cases = _case_specs(data.validated_data["test_cases"])
        case_args_check(judge=problem.judge, case_args=[case.validator_args for case in cases])
        with transaction.atomic():
            services.problem_tests_replace(problem=problem, cases=cases)
        return Response(
            s.ProblemDetailOut(_with_counts(Problem.objects.all()).get(id=problem.id)).data
        )


class ProblemUpload(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": s.ProblemUploadIn},
        responses={201: s.ProblemUploadOut, **error_responses(404)},
    )
    def post(self, request: Request) -> Response:
        data = s.ProblemUploadIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["package"]
        with tempfile.TemporaryDirectory(prefix="scalebox-upload-") as tmp:
            stem = Path(upload.name or "package.zip").stem or "package"
            path = Path(tmp) / f"{stem}.zip"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                package = load_package(path)
            except PackageError as exc:
                raise InvalidInput(str(exc), field="package") from None
            problem = problem_import(
                package=package, slug=data.validated_data.get("slug"), actor=request.user
            )
        out = s.ProblemUploadOut(
            _with_counts(Problem.objects.all()).get(id=problem.id),
            context={"warnings": package.warnings},
        )
        return Response(out.data, status=status.HTTP_201_CREATED)


def _create_submission(
    request: Request, v: dict[str, Any], *, idempotency_key: str = ""
) -> Submission:
    """Store the submission; the caller starts its judging once it has committed."""
    options: dict[str, Any] = {}
    if v.get("problem"):
        problem = selectors.problem_visible_get(slug=v["problem"], user=request.user)
        for key in ("time_limit_s", "memory_limit_mb"):
            if v.get(key) is not None:
                options[key] = v[key]
    else:
        problem = services.problem_create_inline(
            cases=_case_specs(v["tests"], v["kind"]),
            kind=v["kind"],
            time_limit_s=v.get("time_limit_s"),
            memory_limit_mb=v.get("memory_limit_mb"),
            output_limit_kb=v.get("output_limit_kb"),
            validator_flags=v["validator_flags"],
            owner=request.user,
        )
    return services.submission_create(
        problem=problem,
        language=v["language"],
        source=v["source"],
        owner=request.user,
        stop_on_first_failure=v["stop_on_first_failure"],
        priority=v["priority"],
        options=options,
        idempotency_key=idempotency_key,
        enqueue=False,
    )


IDEMPOTENCY_KEY_CHARS = 200


IDEMPOTENCY_PARAM = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    description=(
        f"1 to {IDEMPOTENCY_KEY_CHARS} printable ASCII characters. A retried request with "
        "the same key (same user) answers 200 with what the first one made; the same key "
        "with a different request is a 409."
    ),
)


def _idempotency_key(request: Request) -> str:
    key = request.headers.get("Idempotency-Key", "")
    if key and not (
        len(key) <= IDEMPOTENCY_KEY_CHARS and key.isascii() and key.isprintable() and key.strip()
    ):
        raise InvalidInput(
            f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_CHARS} printable ASCII characters",
            field="Idempotency-Key",
        )
    return key


def _batch_item_key(key: str, index: int) -> str:
    """The key stored on item ``index`` of a batch sent with ``key`` (fits the column)."""
    return f"batch:{sha256_hex(key.encode())[:40]}:{index}" if key else ""


def _same_request(earlier: Submission, v: dict[str, Any]) -> bool:
    """Whether ``v`` asks for what ``earlier`` was made from: same language, same source,
    same problem (or inline tests both times)."""
    source = v["source"]
    if isinstance(source, str):
        source = source.encode("utf-8", errors="surrogatepass")
    return (
        earlier.language == v["language"]
        and earlier.source.sha256 == sha256_hex(source)
        and (earlier.problem.slug == v["problem"] if v.get("problem") else earlier.problem.inline)
    )


def _replayed(earlier: Submission, v: dict[str, Any]) -> Submission:
    if not _same_request(earlier, v):
        raise Conflict(
            f"this Idempotency-Key was used for submission {earlier.id}, made from a "
            "different request (language, source or problem); use a new key for new work",
            field="Idempotency-Key",
        )
    return earlier


def _visible_submissions(request: Request) -> QuerySet[Submission]:
    return (
        selectors.submissions_visible_to(request.user)
        .select_related("problem", "owner")
        .prefetch_related("judgings")
    )


def _detail(request: Request, submission_id: int, wait_s: float) -> dict[str, Any]:
    if wait_s > 0:
        latest = Judging.objects.filter(submission_id=submission_id).order_by("-id").first()
        if latest is not None:
            selectors.judging_wait(judging_id=latest.id, timeout_s=wait_s)
    submission = _visible_submissions(request).select_related("source").get(id=submission_id)
    return dict(s.SubmissionDetailOut(submission).data)


class SubmissionListCreate(generics.GenericAPIView):
    serializer_class = s.SubmissionOut
    filterset_class = SubmissionFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self) -> QuerySet[Submission]:
        return _visible_submissions(self.request).order_by("-id")

    @extend_schema(responses={200: s.SubmissionOut(many=True), **error_responses(404)})
    def get(self, request: Request) -> Response:
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.SubmissionOut(page, many=True).data)

    @extend_schema(
        request={JSON: s.SubmissionIn},
        responses={
            201: s.SubmissionDetailOut,
            200: OpenApiResponse(
                s.SubmissionDetailOut, description="A retry: the submission its key made."
            ),
            **error_responses(404, 409, 422, 503),
        },
        parameters=[WAIT_PARAM, IDEMPOTENCY_PARAM],
        examples=docs.SUBMISSION_EXAMPLES,
    )
    def post(self, request: Request) -> Response:
        """With an ``Idempotency-Key`` header, a retried submit (same user, same key)
        answers 200 with the submission the first one made instead of making another."""
        wait_s = _wait_seconds(request)
        key = _idempotency_key(request)
        data = s.SubmissionIn(data=request.data)
        data.is_valid(raise_exception=True)
        mine = _visible_submissions(request).filter(owner_id=request.user.id)
        earlier = mine.filter(idempotency_key=key).first() if key else None
        if earlier is None:
            try:
                with transaction.atomic():
                    submission = _create_submission(
                        request, data.validated_data, idempotency_key=key
                    )
            except IntegrityError:
                earlier = mine.filter(idempotency_key=key).first() if key else None
                if earlier is None:
                    raise
        if earlier is not None:
            _replayed(earlier, data.validated_data)
            return Response(_detail(request, earlier.id, wait_s), status=status.HTTP_200_OK)
        services_judging.submissions_start(submission_ids=[submission.id])
        return Response(_detail(request, submission.id, wait_s), status=status.HTTP_201_CREATED)


class SubmissionBatchCreate(APIView):
    @extend_schema(
        request={JSON: s.SubmissionBatchIn},
        responses={
            201: s.SubmissionDetailOut(many=True),
            200: OpenApiResponse(
                s.SubmissionDetailOut(many=True), description="A retry: what its key made."
            ),
            **error_responses(404, 409, 422, 503),
        },
        parameters=[WAIT_PARAM, IDEMPOTENCY_PARAM],
        examples=docs.SUBMISSION_BATCH_EXAMPLES,
    )
    def post(self, request: Request) -> Response:
        """With an ``Idempotency-Key`` header, a retried batch (same user, same key, same
        submissions) answers 200 with the submissions the first one made."""
        wait_s = _wait_seconds(request)
        key = _idempotency_key(request)
        data = s.SubmissionBatchIn(data=request.data)
        data.is_valid(raise_exception=True)
        items = data.validated_data["submissions"]
        keys = [_batch_item_key(key, i) for i in range(len(items))]
        earlier = self._earlier(request, keys, items)
        if earlier is None:
            try:
                with transaction.atomic():
                    created = [
                        _create_submission(request, v, idempotency_key=k)
                        for v, k in zip(items, keys, strict=True)
                    ]
            except IntegrityError:
                earlier = self._earlier(request, keys, items)
                if earlier is None:
                    raise
        if earlier is not None:
            out = [_detail(request, sub.id, wait_s) for sub in earlier]
            return Response(out, status=status.HTTP_200_OK)
        services_judging.submissions_start(submission_ids=[sub.id for sub in created])
        out = [_detail(request, sub.id, wait_s) for sub in created]
        return Response(out, status=status.HTTP_201_CREATED)

    @staticmethod
    def _earlier(
        request: Request, keys: list[str], items: list[dict[str, Any]]
    ) -> list[Submission] | None:
        """The submissions an earlier batch with the same key made, in order, or None."""
        if not keys or not keys[0]:
            return None
        mine = _visible_submissions(request).filter(owner_id=request.user.id)
        prefix = keys[0].rsplit(":", 1)[0] + ":"
        found = {
            sub.idempotency_key: sub for sub in mine.filter(idempotency_key__startswith=prefix)
        }
        if not found:
            return None
        if set(found) != set(keys):
            raise Conflict(
                "this Idempotency-Key was used for a batch of another size; "
                "use a new key for new work",
                field="Idempotency-Key",
            )
        return [_replayed(found[k], v) for k, v in zip(keys, items, strict=True)]


class SubmissionDetail(APIView):
    @extend_schema(
        responses={200: s.SubmissionDetailOut, **error_responses(404)},
        parameters=[docs.SUBMISSION_ID_PATH, WAIT_PARAM],
    )
    def get(self, request: Request, pk: int) -> Response:
        if not _visible_submissions(request).filter(id=pk).exists():
            raise NotFound(f"no submission {pk}")
        return Response(_detail(request, pk, _wait_seconds(request)))


class SubmissionRejudge(APIView):
    @extend_schema(
        request=None,
        responses={201: s.SubmissionDetailOut, **error_responses(404, 422, 503)},
        parameters=[docs.SUBMISSION_ID_PATH, WAIT_PARAM],
    )
    def post(self, request: Request, pk: int) -> Response:
        wait_s = _wait_seconds(request)
        submission = _visible_submissions(request).filter(id=pk).first()
        if submission is None:
            raise NotFound(f"no submission {pk}")
        if not selectors.submissions_editable_by(request.user).filter(id=pk).exists():
            raise Forbidden(f"submission {pk} is not yours: only its owner or staff may rejudge it")
        with transaction.atomic():
            services.judging_create(submission=submission)
        return Response(_detail(request, pk, wait_s), status=status.HTTP_201_CREATED)


class TokenObtain(APIView):
    """A user's API token for their username and password (the same token every time,
    made on first use); no other credentials needed."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request={JSON: s.TokenIn, "application/x-www-form-urlencoded": s.TokenIn},
        responses={
            200: s.TokenOut,
            **error_responses(),
            400: OpenApiResponse(
                docs.ErrorOut,
                description="A field is missing, or the username and password do not match "
                "an active user.",
            ),
        },
        auth=[],
        examples=docs.TOKEN_EXAMPLES,
    )
    def post(self, request: Request) -> Response:
        data = s.TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            raise InvalidInput("wrong username or password (or the user is not active)")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "username": user.get_username()})
