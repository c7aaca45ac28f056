"""One JSON error shape for the whole API: {"error": {"code", "message", "field"}}."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from verification.errors import ScaleBoxError, ServiceUnavailable


def _first_message(detail: Any) -> tuple[str, str | None]:
    """The first human-readable message in a DRF error detail, and the field it is on."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            message, inner = _first_message(value)
            # The errors of a list (many=True, a ListField) are keyed by index, 0 too.
            field = None if key == "non_field_errors" else str(key)
            if field is None:
                return message, inner
            return message, (f"{field}.{inner}" if inner else field)
        return "invalid request", None
    if isinstance(detail, list):
        if not detail:
            return "invalid request", None
        return _first_message(detail[0])
    return str(detail), None


def error_response(code: str, message: str, http_status: int, field: str | None = None) -> Response:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if field:
        body["error"]["field"] = field
    return Response(body, status=http_status)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ScaleBoxError):
        answer = error_response(exc.code, exc.message, exc.http_status, exc.field)
        if isinstance(exc, ServiceUnavailable):
            answer["Retry-After"] = str(exc.retry_after)
        return answer
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        message, field = _first_message(exc.detail)
        response.data = {"error": {"code": "invalid", "message": message}}
        if field:
            response.data["error"]["field"] = field
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    if isinstance(exc, exceptions.APIException):
        message, _ = _first_message(exc.detail)
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = {"error": {"code": code, "message": message}}
    return response
