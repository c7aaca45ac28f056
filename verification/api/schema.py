"""What the OpenAPI schema (/api/v1/schema/) says beyond what the views declare.

- One error shape for every 4xx/5xx answer (``ErrorOut``), named per status code by
  ``error_responses(...)`` so each operation lists the errors it can give.
- The compatibility endpoints' bodies are pydantic models: a request is described as
  pydantic validates it (aliases such as ``memory_limit_MB``), an answer as the peers'
  clients read it. Their components are named ``Compat<Model>``: a pydantic model may
  share its name with a native serializer (``TestCasesIn`` is both).
- ``/v1/ping`` is a plain Django view; a postprocessing hook adds it to the schema.
- The native API's request bodies refuse keys they do not list (``StrictInput``): a
  postprocessing hook gives their components ``additionalProperties: false``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from drf_spectacular.contrib.pydantic import PydanticExtension
from drf_spectacular.drainage import set_override
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from pydantic import BaseModel, Field
from pydantic.json_schema import model_json_schema
from rest_framework import serializers

from verification.api.serializers import StrictInput

# --- errors -------------------------------------------------------------------------------


class ErrorDetailOut(serializers.Serializer):
    code = serializers.CharField(
        help_text="What went wrong, for programs: invalid, not_found, forbidden, "
        "not_authenticated, authentication_failed, too_large, throttled, "
        "language_unavailable, sandbox_error, ..."
    )
    message = serializers.CharField(help_text="What went wrong, for people.")
    field = serializers.CharField(
        required=False, help_text="The request field at fault, dotted (tests.0.input)."
    )


class ErrorOut(serializers.Serializer):
    error = ErrorDetailOut()
    detail = serializers.CharField(
        required=False,
        help_text="Compatibility endpoints only: the message again, where the peers' "
        "clients look for it.",
    )


ERROR_MEANINGS = {
    400: "The request is invalid; the error names the field and what is allowed.",
    401: "No credentials, or credentials that are not valid ('Authorization: Token <key>').",
    403: "Authenticated, but not allowed to do this.",
    404: "No such object visible to the caller (or no such page of a list).",
    409: "The Idempotency-Key was used before for a different request.",
    413: "The request body, or a part of it, is over its size limit.",
    422: "The language is not served by any worker.",
    429: "Too many requests from this client; retry later.",
    503: "The service cannot take the work now (queue full, broker down); retry later.",
    504: "The sandbox failed on every attempt, or the request's deadline could not be met.",
}

# Any request can be refused for its input, its credentials or its size.
COMMON_ERRORS = (400, 401, 403, 413)


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The error answers of an operation: the common ones and ``codes``, one shape."""
    return {
        code: OpenApiResponse(ErrorOut, description=ERROR_MEANINGS[code])
        for code in sorted({*COMMON_ERRORS, *codes})
    }


# --- examples (the documentation shows them; schemathesis sends them first) -------------

A_PROBLEM = "aplusb"
A_PROGRAM = "print(sum(map(int, input().split())))\n"
A_CASE = {"input": "1 2\n", "answer": "3\n"}


def _request(name: str, value: Any) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


PROBLEM_EXAMPLES = [
    _request(
        "Sum of two",
        {"slug": "sum-of-two", "title": "Sum of two", "test_cases": [A_CASE], "time_limit_s": 2},
    )
]
TEST_CASES_EXAMPLES = [
    _request("Two cases", {"test_cases": [A_CASE, {"input": "-5 5\n", "answer": "0\n"}]})
]
_BY_PROBLEM = {"problem": A_PROBLEM, "language": "python", "source": A_PROGRAM}
_INLINE = {"language": "python", "source": A_PROGRAM, "tests": [A_CASE]}
SUBMISSION_EXAMPLES = [
    _request("A stored problem", _BY_PROBLEM),
    _request("Inline tests", _INLINE),
    _request(
        "Every case run, even after a failure", {**_BY_PROBLEM, "stop_on_first_failure": False}
    ),
    _request(
        "A function call",
        {
            "kind": "function_call",
            "language": "python",
            "source": "def add(a, b):\n    return a + b\n",
            "tests": [{"fn_name": "add", "args": [1, 2], "expected": 3}],
        },
    ),
]
TOKEN_EXAMPLES = [_request("A user's password", {"username": "alice", "password": "..."})]
SUBMISSION_BATCH_EXAMPLES = [_request("Two programs", {"submissions": [_BY_PROBLEM, _INLINE]})]
JUDGE_EXAMPLES = [
    _request(
        "A built-in checker",
        {"problem": A_PROBLEM, "kind": "builtin", "builtin_name": "tokens", "activate": False},
    )
]
RUN_CODE_EXAMPLES = [
    _request(
        "Python",
        {"code": "print(input()[::-1])", "language": "python", "stdin": "olleh\n"},
    )
]
EVALUATE_BATCH_EXAMPLES = [
    _request(
        "stdin/stdout tests",
        {
            "id": 1,
            "completion": "```python\n" + A_PROGRAM + "```\n",
            "config": {
                "language": "python",
                "provided_data": {
                    "test_cases": {"type": "stdin_stdout", "input": ["1 2\n"], "output": ["3\n"]}
                },
            },
        },
    )
]
COMMON_EVALUATE_EXAMPLES = [
    _request(
        "Function calls",
        {
            "id": 1,
            "completion": "```python\ndef add(a, b):\n    return a + b\n```\n",
            "config": {
                "language": "python",
                "provided_data": {
                    "test_cases": [
                        {"type": "function_call", "fn_name": "add", "input": [1, 2], "output": [3]}
                    ]
                },
                "extra": {"run_all_cases": True, "total_timeout": 60},
            },
        },
    ),
    _request(
        "stdin/stdout tests",
        {
            "id": 2,
            "completion": "```python\n" + A_PROGRAM + "```\n",
            "config": {
                "language": "python",
                "provided_data": {
                    "test": [{"input": {"stdin": "1 2\n"}, "output": {"stdout": "3\n"}}]
                },
            },
        },
    ),
]
SLUG_PATH = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, examples=[OpenApiExample("A problem", value=A_PROBLEM)]
)
SUBMISSION_ID_PATH = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, examples=[OpenApiExample("A submission", value=1)]
)


# --- pydantic bodies ----------------------------------------------------------------------

COMPAT_PREFIX = "Compat"


def _openapi_30(node: Any) -> Any:
    """Pydantic's JSON Schema (2020-12) in OpenAPI 3.0 terms: ``X | None`` is written
    ``anyOf: [X, {type: null}]`` there and ``nullable: true`` here; ``const`` is a
    one-value ``enum``; an exclusive bound is a bound with a flag."""
    if isinstance(node, list):
        return [_openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _openapi_30(value) for key, value in node.items()}
    if "const" in node:
        node["enum"] = [node.pop("const")]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if not isinstance(node.get(bound, False), bool):
            node[limit] = node[bound]
            node[bound] = True
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [option for option in options if option != {"type": "null"}]
        del node["anyOf"]
        if len(rest) == 1 and "$ref" not in rest[0]:
            node.update(rest[0])
        elif len(rest) == 1:
            node["allOf"] = rest
        elif rest:
            node["anyOf"] = rest
        node["nullable"] = True
    return node


class CompatPydanticExtension(PydanticExtension):
    """drf-spectacular's pydantic support, with requests described in validation mode
    and every component named ``Compat<Model>``."""

    priority = 1

    def get_name(self, auto_schema: Any, direction: str) -> str:
        set_override(self.target, "suppress_collision_warning", True)
        return COMPAT_PREFIX + self.target.__name__

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = model_json_schema(
            self.target,
            ref_template="#/components/schemas/" + COMPAT_PREFIX + "{model}",
            mode="validation" if direction == "request" else "serialization",
        )
        for name, sub_schema in schema.pop("$defs", {}).items():
            component = ResolvedComponent(
                name=COMPAT_PREFIX + name,
                type=ResolvedComponent.SCHEMA,
                object=COMPAT_PREFIX + name,
                schema=_openapi_30(sub_schema),
            )
            auto_schema.registry.register_on_missing(component)
        return dict(_openapi_30(schema))


class CommandStatus(StrEnum):
    FINISHED = "Finished"
    ERROR = "Error"
    TIME_LIMIT_EXCEEDED = "TimeLimitExceeded"


class RunStatus(StrEnum):
    SUCCESS = "Success"
    FAILED = "Failed"
    SANDBOX_ERROR = "SandboxError"


class CommandRunResultOut(BaseModel):
    """SandboxFusion's CommandRunResult: one step (compile or run) of a program."""

    status: CommandStatus
    execution_time: float | None = Field(description="Wall time in seconds.")
    return_code: int | None
    stdout: str
    stderr: str
    cpu_time: float | None = None
    memory_kb: int | None = None
    stdout_truncated: bool = Field(
        False, description="/run_code only: stdout was cut at SCALEBOX_RUN_CODE_MAX_OUTPUT_BYTES."
    )
    stderr_truncated: bool = Field(False, description="/run_code only: stderr was cut likewise.")


class ExecInfoOut(BaseModel):
    """SandboxFusion's RunCodeResponse, as icip-cas/ScaleBox reports each test."""

    status: RunStatus
    message: str
    compile_result: CommandRunResultOut | None
    run_result: CommandRunResultOut | None
    executor_pod_name: str | None
    files: dict[str, str] = Field(description="Fetched files, base64.")


class RunCodeOut(ExecInfoOut):
    """/run_code's answer: SandboxFusion's RunCodeResponse and ScaleBox's own verdict."""

    verdict: str = Field(description="OK, CE, RE, TLE, MLE or OLE.")
    isolation: str = Field(description="How the program was isolated.")


class EvaluateTestOut(BaseModel):
    passed: bool
    exec_info: ExecInfoOut
    test_info: dict[str, Any] | None
    verdict: str = Field(description="AC, WA, TLE, MLE, OLE, RE, CE, JE or SE.")
    message: str


class EvaluateBatchOut(BaseModel):
    """/common_evaluate's and /common_evaluate_batch's answer, as icip-cas/ScaleBox gives
    it. A test the request's total_timeout ran out before has status SandboxError and
    message "Total Timeout" (verdict TLE)."""

    id: int | str
    accepted: bool
    extracted_code: str
    full_code: str | None
    test_code: str | None
    tests: list[EvaluateTestOut]
    extracted_type: str
    extra: Any
    verdict: str = Field(description="The first failing test's verdict, or AC.")
    submission_id: int | None = Field(
        None, description="The native submission the tests ran as, when there is one."
    )


# --- /v1/ping -----------------------------------------------------------------------------

PING_OPERATION = {
    "get": {
        "operationId": "ping",
        "description": "Health check, as the peers answer it.",
        "tags": ["compat"],
        "security": [{}],
        "responses": {
            "200": {
                "description": "The service is up.",
                "content": {"application/json": {"schema": {"type": "string", "enum": ["pong"]}}},
            }
        },
    }
}


def strict_request_bodies(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the components of the native API's request bodies refuse the
    keys they do not list (``serializers.StrictInput``), and say so."""
    strict: set[str] = set()
    found: list[type[StrictInput]] = [StrictInput]
    while found:
        for subclass in found.pop().__subclasses__():
            strict.add(subclass.__name__)
            found.append(subclass)
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name in strict and schema.get("type") == "object":
            schema["additionalProperties"] = False
    return result


def add_ping(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: /v1/ping (a plain Django view) in the schema."""
    result.setdefault("paths", {})["/v1/ping"] = PING_OPERATION
    return result
