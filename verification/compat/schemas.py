"""Request bodies of the compatibility endpoints, as the peers' clients send them.

Unknown fields are ignored (the peers' servers ignore them too), so a client written for
a newer peer still gets an answer. Known fields are strictly typed: a number is not a
string, a boolean is not a number, and limits stay inside the server's ranges
(verification/bounds.py), so that a wrong request is a 400 saying what is wrong instead
of a program run under limits nobody asked for.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator
from pydantic_core import PydanticCustomError

from verification import bounds
from verification.errors import InvalidInput

# Ids are echoed back; keep them to what every JSON reader holds exactly.
_ID_BOUND = 2**53


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, strict=True)


def _bounded(check: Any, value: Any, name: str) -> Any:
    if value is None:
        return None
    try:
        return check(value, field=name)
    except InvalidInput as exc:
        raise PydanticCustomError("out_of_range", exc.message) from None


def _timeout(value: float | None, name: str) -> float | None:
    return _bounded(bounds.time_limit_check, value, name)


class RunCodeIn(_Lenient):
    """SandboxFusion's RunCodeRequest, plus its newer memory_limit_MB and our priority."""

    code: str
    language: str
    stdin: str | None = None
    compile_timeout: float = 10.0
    run_timeout: float = 10.0
    memory_limit_mb: int | None = Field(None, alias="memory_limit_MB")
    files: dict[str, str | None] = Field(default_factory=dict)
    fetch_files: list[str] = Field(default_factory=list)
    priority: int | None = Field(None, ge=0, le=9)

    @field_validator("memory_limit_mb", mode="before")
    @classmethod
    def _unset_is_default(cls, value: Any) -> Any:
        # SandboxFusion clients send -1 (or nothing) for "no explicit limit".
        if value is None or (
            isinstance(value, int | float) and not isinstance(value, bool) and value <= 0
        ):
            return None
        return value

    @field_validator("memory_limit_mb")
    @classmethod
    def _memory_in_range(cls, value: int | None) -> int | None:
        return _bounded(bounds.memory_limit_check, value, "memory_limit_MB")

    @field_validator("compile_timeout", "run_timeout")
    @classmethod
    def _timeout_in_range(cls, value: float, info: Any) -> float | None:
        return _timeout(value, info.field_name)


class TestCasesIn(_Lenient):
    """config.provided_data.test_cases of /common_evaluate_batch (one dict, lists inside)."""

    __test__ = False

    type: str | None = None
    input: list[Any] = Field(default_factory=list)
    output: list[Any] = Field(default_factory=list)
    fn_name: str | None = None
    json_input: bool = False
    test: str | None = None
    tests: str | None = None
    entry_point: str | None = None
    stop_tokens: list[str] = Field(default_factory=list)


class ProvidedDataIn(_Lenient):
    test_cases: TestCasesIn


class CaseIn(_Lenient):
    """One test of /common_evaluate's ``provided_data.test_cases`` list: a function call
    (``fn_name``, ``input`` the arguments, ``output`` ``[return value]``), a stdin/stdout
    pair, or an assert test (the fields of TestCasesIn's assert kind)."""

    type: str | None = None
    input: Any = None
    output: Any = None
    fn_name: str | None = None
    json_input: bool = False
    test: str | None = None
    tests: str | None = None
    entry_point: str | None = None
    stop_tokens: list[str] = Field(default_factory=list)


class StdioTestIn(_Lenient):
    """One test of /common_evaluate's ``provided_data.test`` list (SandboxFusion's
    GeneralStdioTest): ``input.stdin`` is the program's input, ``output.stdout`` the
    expected output; other file names are not supported."""

    input: dict[str, str]
    output: dict[str, str]


def _test_cases_shape(value: Any) -> str | None:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict | TestCasesIn):
        return "object"
    return None


# A list of cases, or the batch endpoint's one object of lists; an error names which.
TestCasesShape = Annotated[
    Annotated[list[CaseIn], Tag("list")] | Annotated[TestCasesIn, Tag("object")],
    Discriminator(
        _test_cases_shape,
        custom_error_type="test_cases_shape",
        custom_error_message="test_cases must be a list of cases or one object of lists",
    ),
]


class CommonProvidedDataIn(_Lenient):
    """/common_evaluate's tests: ``test_cases`` (a list of cases, or the batch endpoint's
    one dict of lists) or ``test`` (stdin/stdout pairs), exactly one of them."""

    test_cases: TestCasesShape | None = None
    test: list[StdioTestIn] | None = None


# The keys of config.extra ScaleBox reads, and the JSON type each must have.
EXTRA_TYPES: dict[str, tuple[type, str]] = {
    "special_judge_program": (str, "a string (the judge's source code)"),
    "special_judge_language": (str, "a string"),
    "run_all_cases": (bool, "true or false"),
}
# icip-cas/ScaleBox's budget for all of a request's tests, in seconds.
DEFAULT_TOTAL_TIMEOUT_S = 1000.0


def _total_timeout_valid(value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "extra_type", "total_timeout must be a number of seconds greater than 0"
        )
    if not math.isfinite(value) or value <= 0:
        raise PydanticCustomError(
            "extra_type",
            "total_timeout must be a number of seconds greater than 0, got {value}",
            {"value": value},
        )


class _EvaluateConfigIn(_Lenient):
    language: str | None = None
    compile_timeout: float | None = None
    run_timeout: float | None = None
    memory_limit_mb: int | None = None
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("compile_timeout", "run_timeout")
    @classmethod
    def _timeout_in_range(cls, value: float | None, info: Any) -> float | None:
        return _timeout(value, info.field_name)

    @field_validator("memory_limit_mb")
    @classmethod
    def _memory_in_range(cls, value: int | None) -> int | None:
        return _bounded(bounds.memory_limit_check, value, "memory_limit_mb")

    @field_validator("extra")
    @classmethod
    def _known_extra_typed(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key, (kind, described) in EXTRA_TYPES.items():
            item = value.get(key)
            if item is not None and (type(item) is not kind):
                raise PydanticCustomError(
                    "extra_type", "{key} must be {described}", {"key": key, "described": described}
                )
        _total_timeout_valid(value.get("total_timeout"))
        return value

    @property
    def total_timeout_s(self) -> float:
        """config.extra.total_timeout: the seconds all of the request's tests may take."""
        return float(self.extra.get("total_timeout") or DEFAULT_TOTAL_TIMEOUT_S)


class EvaluateConfigIn(_EvaluateConfigIn):
    provided_data: ProvidedDataIn


class CommonEvaluateConfigIn(_EvaluateConfigIn):
    provided_data: CommonProvidedDataIn


class _EvaluateIn(_Lenient):
    id: int | str = 0
    completion: str
    priority: int | None = Field(None, ge=0, le=9)

    @field_validator("id")
    @classmethod
    def _id_bounded(cls, value: int | str) -> int | str:
        if isinstance(value, int) and not -_ID_BOUND < value < _ID_BOUND:
            raise PydanticCustomError("id_range", "id must be an integer below 2**53 in size")
        if isinstance(value, str) and len(value) > 200:
            raise PydanticCustomError("id_length", "id must be at most 200 characters")
        return value


class EvaluateBatchIn(_EvaluateIn):
    """icip-cas/ScaleBox's SubmitRequest at /common_evaluate_batch."""

    config: EvaluateConfigIn


class CommonEvaluateIn(_EvaluateIn):
    """icip-cas/ScaleBox's SubmitRequest at /common_evaluate."""

    config: CommonEvaluateConfigIn
