"""Domain errors. Every entry point (API, commands, tasks) maps these in one place."""

from __future__ import annotations


class ScaleBoxError(Exception):
    """An error that carries a decision: its message is for the caller, and ``permanent``
    tells a task whether retrying could help."""

    code = "error"
    http_status = 400
    permanent = True

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(ScaleBoxError):
    code = "invalid"


class NotFound(ScaleBoxError):
    code = "not_found"
    http_status = 404


class LanguageUnavailable(ScaleBoxError):
    code = "language_unavailable"
    http_status = 422


class TooLarge(ScaleBoxError):
    code = "too_large"
    http_status = 413


class SandboxFailure(ScaleBoxError):
    code = "sandbox_error"
    http_status = 504
    permanent = False


class Forbidden(ScaleBoxError):
    code = "forbidden"
    http_status = 403


class Conflict(ScaleBoxError):
    """The request contradicts what is stored (an idempotency key reused for other work)."""

    code = "conflict"
    http_status = 409


class ServiceUnavailable(ScaleBoxError):
    """A service ScaleBox depends on (the broker) cannot take work now; nothing was kept,
    and the same request may succeed after ``retry_after`` seconds."""

    code = "unavailable"
    http_status = 503
    permanent = False

    def __init__(self, message: str, *, retry_after: int = 30, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after
