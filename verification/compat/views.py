"""The compatibility endpoints. Views parse the peer's request and call one service."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
from typing import Any, NoReturn

from django.conf import settings
from django.db import connection
from drf_spectacular.utils import extend_schema
from pydantic import BaseModel, ValidationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rest_framework import exceptions, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from verification.api import schema as docs
from verification.api.errors import api_exception_handler
from verification.api.schema import EvaluateBatchOut, RunCodeOut, error_responses
from verification.compat.evaluate import evaluate_batch, evaluate_one
from verification.compat.run_code import code_run_execute
from verification.compat.schemas import CommonEvaluateIn, EvaluateBatchIn, RunCodeIn
from verification.errors import InvalidInput, ServiceUnavailable


class CompatAccess(BasePermission):
    """The API token, or anyone when the operator opened the endpoints to anonymous callers."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if settings.SCALEBOX_COMPAT_ALLOW_ANONYMOUS:
            return True
        return bool(request.user and request.user.is_authenticated)


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(spec: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _trusted(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request) -> str:
    """The address a request came from, as far as it can be believed.

    ``X-Forwarded-For`` is anyone's to write: it is read only when the connection comes
    from a proxy listed in SCALEBOX_TRUSTED_PROXIES, and then the right-most address in
    it that is not such a proxy is the client (what is left of it was written by the
    client itself). Otherwise the client is the connection's own address.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    networks = _networks(tuple(settings.SCALEBOX_TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else remote


class CompatClientThrottle(SimpleRateThrottle):
    """A per-client request rate: per user with a token, per address without one.

    Counted in Django's cache, which is Redis when SCALEBOX_CACHE_URL is set, so every web
    process and host draws on one budget per client. The window slides: the requests of
    the current fixed window plus those of the previous one weighted by how much of it
    still lies within the last ``duration`` seconds (as if they were spread evenly).
    Each request is one atomic increment, so concurrent processes lose no count; a
    refused request is taken back out.
    """

    scope = "compat"

    def get_rate(self) -> str | None:
        return None  # decided per request in allow_request

    def allow_request(self, request: Request, view: Any) -> bool:
        anonymous = not (request.user and request.user.is_authenticated)
        rate = (
            settings.SCALEBOX_COMPAT_ANON_RATE if anonymous else settings.SCALEBOX_COMPAT_USER_RATE
        )
        if not rate:
            return True
        self.rate = rate
        limit, duration = self.parse_rate(rate)
        self.num_requests, self.duration = limit, duration
        key = self.get_cache_key(request, view)
        if key is None or limit is None or duration is None:
            return True
        try:
            return self._count(key, limit, duration)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            raise ServiceUnavailable(
                f"the rate limit cannot reach its Redis (SCALEBOX_CACHE_URL): {exc}",
                retry_after=settings.SCALEBOX_RETRY_AFTER_S,
            ) from exc

    def _count(self, key: str, limit: int, duration: int) -> bool:
        window, into = divmod(self.timer(), duration)
        current, previous = f"{key}_{int(window)}", f"{key}_{int(window) - 1}"
        self.cache.add(current, 0, timeout=2 * duration)
        try:
            count = self.cache.incr(current)
        except ValueError:  # evicted between add and incr
            self.cache.set(current, 1, timeout=2 * duration)
            count = 1
        before = int(self.cache.get(previous, 0))
        share = 1.0 - into / duration  # of the previous window still inside the last duration
        if before * share + count <= limit:
            return True
        with contextlib.suppress(ValueError):
            self.cache.decr(current)
        self._wait_s = _seconds_until_room(before, count - 1, limit, into / duration) * duration
        return False

    def wait(self) -> float | None:
        return getattr(self, "_wait_s", None)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{client_address(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


def _seconds_until_room(before: int, count: int, limit: int, elapsed: float) -> float:
    """In windows: when one more request fits, ``count`` being counted in the current
    window, ``before`` in the previous one and ``elapsed`` of the current one gone."""
    if count + 1 <= limit and before > 0:
        # Within this window, once enough of the previous one has slid out.
        return max(0.0, 1.0 - (limit - count - 1) / before - elapsed)
    # In the next window, where this one's count is the one sliding out.
    later = 1.0 - (limit - 1) / count if count > 0 else 0.0
    return (1.0 - elapsed) + max(0.0, later)


def _parse(model: type[BaseModel], data: Any) -> Any:
    if not isinstance(data, dict):
        raise InvalidInput("the request body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise InvalidInput(f"{where}: {first.get('msg', 'invalid')}", field=where or None) from None


def compat_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Our error shape, plus the ``detail`` string FastAPI clients of the peers look for."""
    response = api_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "error" in response.data:
        response.data["detail"] = response.data["error"].get("message", "")
    return response


def release_db_connection() -> None:
    """Close this thread's database connection, unless a transaction holds it.

    /run_code needs the database only to authenticate, and then waits (for admission and
    for its run) up to its deadline. Kept open, the connection of every waiting thread
    would count against PostgreSQL's max_connections: gunicorn's threads are as many as
    admission may hold (scalebox_site/gunicorn_conf.py), many more than that allows.
    """
    if not connection.in_atomic_block:
        connection.close()


class CompatView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [CompatAccess]
    throttle_classes = [CompatClientThrottle]

    def get_exception_handler(self) -> Any:
        return compat_exception_handler

    def permission_denied(
        self, request: Request, message: str | None = None, code: str | None = None
    ) -> NoReturn:
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated("send 'Authorization: Token <key>'")
        super().permission_denied(request, message=message, code=code)

    def get_authenticate_header(self, request: Request) -> str:
        return "Token"


class RunCode(CompatView):
    """SandboxFusion's /run_code, as verl's sandbox_fusion reward calls it."""

    @extend_schema(
        request={"application/json": RunCodeIn},
        responses={200: RunCodeOut, **error_responses(422, 429, 503, 504)},
        examples=docs.RUN_CODE_EXAMPLES,
        tags=["compat"],
    )
    def post(self, request: Request) -> Response:
        body = _parse(RunCodeIn, request.data)
        release_db_connection()
        return Response(code_run_execute(body), status=status.HTTP_200_OK)


class CommonEvaluate(CompatView):
    """icip-cas/ScaleBox's /common_evaluate: one completion, its tests as a list."""

    @extend_schema(
        request={"application/json": CommonEvaluateIn},
        responses={200: EvaluateBatchOut, **error_responses(422, 429, 503, 504)},
        examples=docs.COMMON_EVALUATE_EXAMPLES,
        tags=["compat"],
    )
    def post(self, request: Request) -> Response:
        body = _parse(CommonEvaluateIn, request.data)
        owner = request.user if request.user and request.user.is_authenticated else None
        return Response(evaluate_one(body, owner=owner), status=status.HTTP_200_OK)


class CommonEvaluateBatch(CompatView):
    """icip-cas/ScaleBox's /common_evaluate_batch."""

    @extend_schema(
        request={"application/json": EvaluateBatchIn},
        responses={200: EvaluateBatchOut, **error_responses(422, 429, 503, 504)},
        examples=docs.EVALUATE_BATCH_EXAMPLES,
        tags=["compat"],
    )
    def post(self, request: Request) -> Response:
        body = _parse(EvaluateBatchIn, request.data)
        owner = request.user if request.user and request.user.is_authenticated else None
        return Response(evaluate_batch(body, owner=owner), status=status.HTTP_200_OK)
