"""Refuse oversized requests before anything reads their body."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.SCALEBOX_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            body = {
                "error": {
                    "code": "too_large",
                    "message": f"request body is {length} bytes; the limit is {limit} bytes",
                }
            }
            return HttpResponse(json.dumps(body), status=413, content_type="application/json")
        return self.get_response(request)
