"""Request bodies of the compatibility endpoints, as the peers' clients send them.

Unknown fields are ignored (the peers' servers ignore them too), so a client written for
a newer peer still gets an answer.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class RunCodeIn(_Lenient):
    """SandboxFusion's RunCodeRequest, plus its newer memory_limit_MB and our priority."""

    code: str
    language: str
    stdin: str | None = None
    compile_timeout: float = Field(10.0, gt=0, le=600)
    run_timeout: float = Field(10.0, gt=0, le=600)
    memory_limit_mb: int | None = Field(None, alias="memory_limit_MB")
    files: dict[str, str | None] = Field(default_factory=dict)
    fetch_files: list[str] = Field(default_factory=list)
    priority: int | None = Field(None, ge=0, le=9)

    @field_validator("memory_limit_mb", mode="before")
    @classmethod
    def _unset_is_default(cls, value: Any) -> Any:
        # SandboxFusion clients send -1 (or nothing) for "no explicit limit".
        if value is None or (isinstance(value, int | float) and value <= 0):
            return None
        return value


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


class EvaluateConfigIn(_Lenient):
    language: str | None = None
    compile_timeout: float | None = Field(None, gt=0, le=600)
    run_timeout: float | None = Field(None, gt=0, le=600)
    memory_limit_mb: int | None = Field(None, ge=16, le=65536)
    provided_data: ProvidedDataIn
    extra: dict[str, Any] = Field(default_factory=dict)


class EvaluateBatchIn(_Lenient):
    id: int | str = 0
    completion: str
    config: EvaluateConfigIn
    priority: int | None = Field(None, ge=0, le=9)
